"""A turn worker's database connection killed by the server (`pg_terminate_backend`):
between two turns, in the claim, and in the middle of a turn. The turn worker's
engine sends no ping at checkout (`store.db.make_engine(pre_ping=False)`): a
pooled connection the server closed is found by its socket, and one that dies in
use fails its transaction, which the inbound queue runs again on a new
connection. Every message is answered, by exactly one reply and one outbox row,
and none is marked failed. PostgreSQL only (SQLite has no server to lose)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.service.turn_worker import TurnWorker
from bookbot.settings import Settings
from bookbot.store import inbound, turn_queue
from bookbot.store.db import durable_commit, write_session
from bookbot.store.models import MessageRow, OutboxRow

PHONE = "+41790000001"


@pytest.fixture
def runtime(db_url: str) -> Iterator[Runtime]:
    if not db_url.startswith("postgresql"):
        pytest.skip("a server-side disconnect needs PostgreSQL")
    with open_runtime(Settings(database_url=db_url, turn_concurrency=1)) as runtime:
        yield runtime


class Backends:
    """The backend pids of an engine's open connections (no round trip to learn them)."""

    def __init__(self, engine: Engine) -> None:
        self.live: dict[int, Any] = {}
        event.listen(engine, "connect", self._connect)
        event.listen(engine, "close", self._gone)
        event.listen(engine, "invalidate", self._invalidated)

    def _connect(self, dbapi_connection: Any, _record: Any) -> None:
        self.live[id(dbapi_connection)] = dbapi_connection.info.backend_pid

    def _gone(self, dbapi_connection: Any, _record: Any) -> None:
        self.live.pop(id(dbapi_connection), None)

    def _invalidated(self, dbapi_connection: Any, _record: Any, _error: Any) -> None:
        self.live.pop(id(dbapi_connection), None)


def terminate(runtime: Runtime, pids: list[int]) -> None:
    """End these backends and wait until they are gone (the runtime's own engine)."""
    with runtime.engine.connect() as connection:
        for pid in pids:
            connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})


def store_pending(runtime: Runtime, words: str) -> inbound.Stored:
    with write_session(runtime.session_factory) as session:
        stored = inbound.store_message(
            session, phone=PHONE, text=words, at=datetime.now(UTC), channel="whatsapp"
        )
    assert stored is not None
    return stored


def answered_once(runtime: Runtime, stored: inbound.Stored) -> None:
    """The message is answered, with one reply after it and one outbox row for it."""
    with runtime.session_factory() as session:
        status = session.scalar(select(MessageRow.status).where(MessageRow.id == stored.message_id))
        keys = session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.dedupe_key == f"reply:message:{stored.message_id}")
        )
    assert (status, keys) == ("answered", 1)


def kill_on(worker: TurnWorker, runtime: Runtime, marker: str) -> list[str]:
    """Terminate the worker's connection as it is about to run the first statement
    containing `marker` (once; on either of its engines: the claim's and the tools'
    and the reply's autocommit one); the statements that saw it killed."""
    assert worker._engine is not None and worker._read_engine is not None
    killed: list[str] = []

    def before(connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if marker in statement and not killed:
            killed.append(statement)
            terminate(runtime, [connection.connection.dbapi_connection.info.backend_pid])

    for engine in (worker._engine, worker._read_engine):
        event.listen(engine, "before_cursor_execute", before)
    return killed


def test_a_connection_killed_between_turns_or_mid_turn_loses_and_doubles_nothing(
    runtime: Runtime,
) -> None:
    worker = TurnWorker(runtime, concurrency=1)
    assert worker._engine is not None
    backends = Backends(worker._engine)
    try:
        first = store_pending(runtime, "I need a dental implant")
        assert worker.queue.drain(first.customer_id) == 1
        answered_once(runtime, first)

        # between two turns: every pooled connection of the worker dies while idle
        assert backends.live
        terminate(runtime, list(backends.live.values()))
        second = store_pending(runtime, "next tuesday at 2pm")
        assert worker.queue.drain(second.customer_id) == 1
        answered_once(runtime, second)

        # in the claim: the claim's transaction rolls back and runs again
        killed = kill_on(worker, runtime, "pg_advisory_xact_lock")
        third = store_pending(runtime, "how far am I with my plan?")
        assert worker.queue.drain(third.customer_id) == 1
        assert killed
        answered_once(runtime, third)

        # mid-turn: the claim and the read committed, the tool ran, the reply's write dies
        killed = kill_on(worker, runtime, "outbox")
        fourth = store_pending(runtime, "thanks, and what do I owe?")
        assert worker.queue.drain(fourth.customer_id) == 1
        assert killed
        answered_once(runtime, fourth)
    finally:
        worker.queue.shutdown()
        worker.close_pools()
    with runtime.session_factory() as session:
        statuses = session.scalars(
            select(MessageRow.status).where(MessageRow.direction == "inbound")
        ).all()
        replies = session.scalar(
            select(func.count()).select_from(MessageRow).where(MessageRow.direction == "outbound")
        )
    assert statuses == ["answered"] * 4 and replies == 4


def test_a_claim_commits_without_waiting_for_the_wal_flush_but_a_reply_waits(
    runtime: Runtime,
) -> None:
    """The claim's transaction turns `synchronous_commit` off for itself alone (its loss
    in a database crash only puts the message back); a reply stored in it
    (`durable_commit`, the reply to a replaced offer) turns it on again."""
    stored = store_pending(runtime, "hello")
    setting = text("SELECT current_setting('synchronous_commit')")
    with write_session(runtime.session_factory) as session:
        claimed = turn_queue.claim_oldest(
            session,
            customer_id=stored.customer_id,
            owner="a",
            now=datetime.now(UTC),
            until=datetime.now(UTC) + timedelta(seconds=60),
            read=True,
        )
        assert claimed is not None and claimed.message_id == stored.message_id
        assert session.scalar(setting) == "off"
        durable_commit(session)
        assert session.scalar(setting) == "on"
    with runtime.session_factory() as session:
        assert session.scalar(setting) == "on"  # the next transaction's default
