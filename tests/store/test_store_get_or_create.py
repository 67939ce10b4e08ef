"""Get-or-create is race-safe across processes: a new customer's first two messages,
stored at once by two replicas, give one customer, one conversation, two messages.

PostgreSQL: the second creator is made to insert right after the first committed
the same row (a hook runs the first on another connection just before the second's
INSERT), the window in which a plain INSERT fails on the unique key. SQLite
serialises writers from BEGIN (`write_session`), so there the racers are threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.store.conversations import get_or_create_conversation
from bookbot.store.customers import get_or_create_customer
from bookbot.store.db import write_session
from bookbot.store.inbound import store_message
from bookbot.store.models import ConversationRow, CustomerRow, MessageRow
from tests.store.store_testkit import ZURICH

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH)
PHONE = "+41790000077"


@contextmanager
def just_before_insert(engine: Engine, table: str, other: Callable[[], object]) -> Iterator[None]:
    """Run `other` (on its own connection, committed) right before the first statement
    with an `INSERT INTO table` this engine sends; `other`'s own statements do not
    trigger it. (On PostgreSQL `store_message` is one statement, which then finds the
    row; `tests/store/test_store_ingest.py` races a concurrent insert inside it.)"""
    fired = threading.Event()

    def hook(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if not fired.is_set() and f"INSERT INTO {table} " in statement:
            fired.set()
            other()

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", hook)
    assert fired.is_set()


def store(factory: sessionmaker[Session], wa_id: str) -> int | None:
    with write_session(factory) as session:
        stored = store_message(
            session, phone=PHONE, text="hi", at=NOW, channel="whatsapp", wa_message_id=wa_id
        )
        return None if stored is None else stored.customer_id


def counts(factory: sessionmaker[Session]) -> tuple[int | None, ...]:
    with factory() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t))
            for t in (CustomerRow, ConversationRow, MessageRow)
        )


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


@pytest.mark.parametrize("table", ["customers", "conversations"])
def test_a_row_created_meanwhile_is_taken_not_refused(
    engine: Engine, factory: sessionmaker[Session], table: str
) -> None:
    if not is_postgres(engine):
        pytest.skip("SQLite: write_session holds the write lock from BEGIN; see the thread test")
    if table == "conversations":
        with write_session(factory) as session:
            get_or_create_customer(session, phone=PHONE)
    with just_before_insert(engine, table, lambda: store(factory, "wamid.first")):
        second = store(factory, "wamid.second")
    assert second is not None
    assert counts(factory) == (1, 1, 2)


def test_two_replicas_store_a_new_customers_first_two_messages(
    factory: sessionmaker[Session],
) -> None:
    barrier = threading.Barrier(2)

    def racer(wa_id: str) -> int | None:
        barrier.wait()
        return store(factory, wa_id)

    with ThreadPoolExecutor(2) as pool:
        ids = list(pool.map(racer, ["wamid.a", "wamid.b"]))
    assert ids[0] == ids[1] is not None
    assert counts(factory) == (1, 1, 2)


def test_a_conversation_race_gives_one_conversation(factory: sessionmaker[Session]) -> None:
    with write_session(factory) as session:
        customer_id = get_or_create_customer(session, phone=PHONE).id
    barrier = threading.Barrier(4)

    def racer(_n: int) -> int:
        barrier.wait()
        with write_session(factory) as session:
            return get_or_create_conversation(session, customer_id=customer_id).id

    with ThreadPoolExecutor(4) as pool:
        assert len(set(pool.map(racer, range(4)))) == 1
