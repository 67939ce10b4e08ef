"""The turn and delivery roles: woken by PostgreSQL LISTEN/NOTIFY, by polling on SQLite.

On PostgreSQL the workers poll only every 60 s here, so a message answered (or a
row sent) within the bounded wait below can only have been woken by the NOTIFY;
on SQLite they poll every 50 ms, the only way there. Waits are on events, bounded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.service.senders import Senders
from bookbot.service.turn_worker import TurnWorker
from bookbot.settings import Settings
from bookbot.store import inbound, outbox, turn_queue, wakeups
from bookbot.store.db import write_session
from bookbot.store.outbox import OutboxItem
from bookbot.store.services_admin import save_service

WAIT = 15.0
"""Seconds an event may take: far below the 60 s poll on PostgreSQL."""


@pytest.fixture
def runtime(db_url: str) -> Iterator[Runtime]:
    poll = 60.0 if db_url.startswith("postgresql") else 0.05
    settings = Settings(database_url=db_url, poll_seconds=poll, turn_concurrency=2)
    with open_runtime(settings) as runtime:
        yield runtime


class Watched(TurnWorker):
    """A turn worker that says when it is listening and when it answered a message."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(runtime)
        self.answered_ids: list[int] = []
        self.done = threading.Event()

    def _done(self, message_id: int, started: float) -> None:  # after each turn
        super()._done(message_id, started)
        self.answered_ids.append(message_id)
        self.done.set()


def started(worker: TurnWorker | Senders) -> threading.Thread:
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    return thread


def store_pending(runtime: Runtime, phone: str, text: str, *, wake: bool) -> inbound.Stored:
    """What the ingest does: store the message pending and NOTIFY in the same transaction."""
    with write_session(runtime.session_factory) as session:
        stored = inbound.store_message(
            session, phone=phone, text=text, at=datetime.now(UTC), channel="whatsapp"
        )
        assert stored is not None
        if wake:
            payload = wakeups.customers_payload([stored.customer_id])
            wakeups.notify(session, wakeups.INBOX, payload)
    return stored


def test_a_turn_worker_answers_a_stored_message_when_woken(runtime: Runtime) -> None:
    worker = Watched(runtime)
    thread = started(worker)
    try:
        assert worker.ready.wait(WAIT)  # listening: a NOTIFY from now on is heard
        stored = store_pending(runtime, "+41790000001", "I need a dental implant", wake=True)
        assert worker.done.wait(WAIT), "the worker was not woken"
    finally:
        worker.stop()
        thread.join(WAIT)
    assert not thread.is_alive()
    assert worker.answered_ids == [stored.message_id]
    with runtime.session_factory() as session:
        assert turn_queue.customers_with_pending(session) == []
        [reply] = outbox.items(session)
    assert reply.dedupe_key == f"reply:message:{stored.message_id}"


def test_a_turn_workers_reply_wakes_the_senders_after_its_commit(runtime: Runtime) -> None:
    """The reply's own statement does not NOTIFY (its commit would take PostgreSQL's
    notify lock through the WAL flush); the worker's `wakeups.Waker` does, after it."""
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's senders poll")
    senders = wakeups.open_listener(runtime.engine, [wakeups.OUTBOX])
    worker = Watched(runtime)
    thread = started(worker)
    try:
        assert worker.ready.wait(WAIT)
        store_pending(runtime, "+41790000005", "I need a dental implant", wake=True)
        assert worker.done.wait(WAIT)
        assert senders.wait(WAIT) == [""], "the senders were not woken"
        with runtime.session_factory() as session:
            [reply] = outbox.items(session)
        assert reply.status == "pending"  # woken after the row was visible
    finally:
        worker.stop()
        thread.join(WAIT)
        senders.close()


def test_a_turn_worker_takes_only_its_shard_from_a_wakeup(runtime: Runtime) -> None:
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("wakeups carry customers on PostgreSQL only; SQLite polls everyone")
    worker = Watched(runtime)
    first = store_pending(runtime, "+41790000001", "hello", wake=False)
    worker.shard = (first.customer_id % 2, 2)
    other_phone = "+41790000002"
    thread = started(worker)
    try:
        assert worker.done.wait(WAIT)  # the first poll takes every pending message
        worker.done.clear()
        other = store_pending(runtime, other_phone, "hello", wake=True)
        assert other.customer_id % 2 != first.customer_id % 2
        mine = store_pending(runtime, "+41790000003", "hello", wake=True)
        assert mine.customer_id % 2 == first.customer_id % 2
        assert worker.done.wait(WAIT)
    finally:
        worker.stop()
        thread.join(WAIT)
    assert worker.answered_ids == [first.message_id, mine.message_id]  # not the other shard's


class Recording:
    channel = "whatsapp"

    def __init__(self) -> None:
        self.sent: list[OutboxItem] = []
        self.done = threading.Event()

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        self.sent.append(item)
        self.done.set()
        return f"wamid.{item.id}"


def test_the_senders_send_a_row_when_woken(runtime: Runtime) -> None:
    transport = Recording()
    senders = Senders(
        runtime.engine,
        runtime.session_factory,
        transport,
        concurrency=3,
        lease=timedelta(seconds=30),
        poll_seconds=runtime.settings.poll_seconds,
    )
    thread = started(senders)
    try:
        now = datetime.now(UTC)
        with write_session(runtime.session_factory) as session:
            item = outbox.enqueue(
                session,
                phone="+41790000001",
                kind="reply",
                dedupe_key="reply:test:1",
                body={"text": "hello"},
                now=now,
            )
            wakeups.notify(session, wakeups.OUTBOX)
        assert item is not None
        assert transport.done.wait(WAIT), "the senders were not woken"
    finally:
        senders.stop()
        thread.join(WAIT)
    assert not thread.is_alive()
    assert [s.id for s in transport.sent] == [item.id]
    with runtime.session_factory() as session:
        [row] = outbox.items(session)
    assert row.status == "sent" and row.provider_message_id == f"wamid.{item.id}"


def test_a_turn_worker_follows_an_admin_edit_made_in_another_process(runtime: Runtime) -> None:
    """The ingest process saves an admin's service edit; a turn worker (its own runtime,
    as in another process) books with it from its next poll on."""
    worker = TurnWorker(runtime)
    try:
        worker.follow_business_edits()  # the version it started with
        business = runtime.business
        service = business.service("dental-implant")
        changed = service.model_copy(update={"capacity": service.capacity + 3})
        edited = business.model_copy(
            update={"services": [changed if s.id == service.id else s for s in business.services]}
        )
        with write_session(runtime.session_factory) as session:
            save_service(session, business=edited, service_id=service.id, at=datetime.now(UTC))
        assert runtime.business.service("dental-implant").capacity == service.capacity
        worker.follow_business_edits()
        assert runtime.business.service("dental-implant").capacity == service.capacity + 3
    finally:
        worker.queue.shutdown()
        worker.close_pools()
