"""The ingest role's webhook on PostgreSQL (`webhook.IngestFastPath`): a message stored in
one statement on the event loop, with the NOTIFY naming its customer, and the same
answers as the route for everything else. On SQLite the route answers, with the same
outcomes (the checks that count statements run on PostgreSQL only)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.service.delivery import LocalTransport
from bookbot.store import wakeups
from bookbot.store.db import write_session
from bookbot.store.inbound import store_message
from bookbot.store.ingest import AsyncStore, Inbound
from bookbot.store.models import ConversationRow, CustomerRow, MessageRow
from tests.api.service_testkit import (
    MARIE,
    NOW,
    Clock,
    delivery,
    post_webhook,
    service_settings,
    status_update,
    text_message,
)
from tests.service.test_turn_statements import counting

STATEMENTS_PER_MESSAGE = 1
"""A webhook message on PostgreSQL in the ingest role: one statement, no BEGIN or COMMIT
(autocommit: it is its own transaction). Before, a known customer's message cost 6
(the pool's ping, the read, the message with its window's move, a savepoint and its
release, the NOTIFY) with BEGIN and COMMIT; a new customer's two more. The NOTIFY naming
the customer follows as a statement of its own, not waited for by the answer
(`AsyncStore._wake_soon`)."""


@pytest.fixture
def runtime(any_db_url: str) -> Iterator[Runtime]:
    with open_runtime(service_settings(any_db_url)) as opened:
        yield opened


def postgres(runtime: Runtime) -> bool:
    return runtime.engine.dialect.name == "postgresql"


class CountedCursor(psycopg.AsyncCursor[Any]):
    async def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        Counted.statements.append(str(query))
        return await super().execute(query, *args, **kwargs)


class Counted(psycopg.AsyncConnection[Any]):
    """Records every statement it executes, on any of its cursors (class-wide, for the
    test): the store keeps a cursor per connection."""

    statements: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_factory = CountedCursor


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    app = create_app(runtime, clock=Clock(), transport=LocalTransport(), turns_here=False)
    store = app.state.ingest_store
    assert (store is not None) == postgres(runtime)
    if store is not None:
        store.connection_class = Counted
    Counted.statements = []
    with TestClient(app) as test_client:
        yield test_client


def rows(runtime: Runtime, model: type) -> int:
    with runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_message_is_one_statement_and_wakes_the_turn_workers_once(
    runtime: Runtime, client: TestClient
) -> None:
    listener = wakeups.open_listener(runtime.engine, [wakeups.INBOX])
    try:
        first = delivery(messages=[text_message("wamid.F1", "I need a dental implant")])
        response = post_webhook(client, first)
        assert response.status_code == 200
        assert response.json() == {
            "received": 1,
            "duplicates": 0,
            "statuses": 0,
            "unreadable": 0,
            "other_number": 0,
        }
        woken = listener.wait(10.0)
        later = NOW + timedelta(minutes=5)
        second = delivery(messages=[text_message("wamid.F2", "next tuesday", at=later)])
        assert post_webhook(client, second).json()["received"] == 1
        woken += listener.wait(10.0)
        again = post_webhook(client, first)  # a redelivery: nothing stored, no one woken
        assert again.json()["duplicates"] == 1
        assert listener.wait(0.3) == []
    finally:
        listener.close()
    assert (rows(runtime, CustomerRow), rows(runtime, ConversationRow)) == (1, 1)
    with runtime.session_factory() as session:
        messages = session.execute(select(MessageRow.status, MessageRow.payload)).all()
        conversation = session.scalars(select(ConversationRow)).one()
        customer = session.scalars(select(CustomerRow)).one()
    assert [m.status for m in messages] == ["pending", "pending"]
    assert messages[0].payload["kind"] == "text"
    assert messages[0].payload["raw"]["id"] == "wamid.F1"
    assert conversation.last_inbound_at == later  # the window moved with the second
    assert (customer.phone, customer.name) == (MARIE, "Marie")
    if postgres(runtime):
        assert wakeups.parse_customers(woken) == [customer.id]
        stores = [q for q in Counted.statements if not q.startswith("SELECT pg_notify")]
        assert 0 < len(stores) <= 3 * STATEMENTS_PER_MESSAGE
        assert len(Counted.statements) - len(stores) == 2  # a NOTIFY per new message, after it


def test_refusals_are_the_routes(runtime: Runtime, client: TestClient) -> None:
    body = delivery(messages=[text_message("wamid.R1", "hi")])
    unsigned = post_webhook(client, body, secret=None)
    assert unsigned.status_code == 403
    assert "X-Hub-Signature-256" in unsigned.json()["detail"]
    wrong = post_webhook(client, body, secret="not-the-secret")
    assert wrong.status_code == 403
    huge = delivery(messages=[text_message("wamid.R2", "x" * 2_000_000)])
    assert post_webhook(client, huge).status_code == 413
    assert rows(runtime, MessageRow) == 0
    assert client.get("/healthz").status_code == 200  # the rest of the app is untouched


def test_a_part_that_cannot_be_stored_loses_nothing_else(
    runtime: Runtime, client: TestClient
) -> None:
    bad_phone = text_message("wamid.B1", "hi", sender="0")  # no E.164 number
    good = text_message("wamid.B2", "I need a dental implant")
    response = post_webhook(client, delivery(messages=[bad_phone, good]))
    assert response.status_code == 200
    assert response.json()["received"] == 1
    assert response.json()["unreadable"] == 1
    with runtime.session_factory() as session:
        assert session.scalars(select(MessageRow.wa_message_id)).all() == ["wamid.B2"]
    not_json = post_webhook(client, b"{not json")
    assert not_json.status_code == 200
    assert not_json.json()["unreadable"] == 1


def test_statuses_are_applied_on_the_routes_way(runtime: Runtime, client: TestClient) -> None:
    body = delivery(
        messages=[text_message("wamid.S1", "hi")],
        statuses=[status_update("wamid.unknown", "delivered")],
    )
    response = post_webhook(client, body)
    assert response.status_code == 200
    assert response.json()["received"] == 1
    assert response.json()["statuses"] == 0  # not a message of ours: ignored
    assert rows(runtime, MessageRow) == 1


def test_an_unreachable_database_gets_503(runtime: Runtime, client: TestClient) -> None:
    store = client.app.state.ingest_store  # type: ignore[attr-defined]
    if store is None:
        pytest.skip("SQLite: the route answers (tests/api/test_webhook_routes.py)")
    store.connect_kwargs = {**store.connect_kwargs, "port": 1, "connect_timeout": 2}
    response = post_webhook(client, delivery(messages=[text_message("wamid.U1", "hi")]))
    assert response.status_code == 503
    assert rows(runtime, MessageRow) == 0


def test_connections_that_died_idle_are_replaced(runtime: Runtime, client: TestClient) -> None:
    store = client.app.state.ingest_store  # type: ignore[attr-defined]
    if store is None:
        pytest.skip("SQLite: the route answers")
    first = post_webhook(client, delivery(messages=[text_message("wamid.D1", "hi")]))
    assert first.status_code == 200
    deadline = time.monotonic() + 10  # the NOTIFY after the answer gives its connection back
    while (not store._idle or store._waking is None or not store._waking.done()) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.01)
    pids = [connection.info.backend_pid for connection in store._idle]
    assert pids
    with runtime.engine.connect() as admin:  # as a server restart would
        for pid in pids:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    second = post_webhook(client, delivery(messages=[text_message("wamid.D2", "hi")]))
    assert second.status_code == 200
    assert second.json()["received"] == 1
    assert rows(runtime, MessageRow) == 2


# --- the store's statement, on PostgreSQL -----------------------------------------------


@pytest.fixture
def pg(runtime: Runtime) -> Runtime:
    if not postgres(runtime):
        pytest.skip("the one-statement store is PostgreSQL's")
    return runtime


def async_store(runtime: Runtime) -> AsyncStore:
    engine = runtime.engine
    _, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)
    return AsyncStore("", size=4, **kwargs)


def message(wamid: str, at_minutes: int = 0, name: str | None = "Marie") -> Inbound:
    at = NOW + timedelta(minutes=at_minutes)
    return Inbound(MARIE, "hi", at, "whatsapp", name, wamid, {"kind": "text"})


def test_store_message_is_one_statement_on_postgresql(pg: Runtime) -> None:
    engine: Engine = pg.engine
    for wamid in ("wamid.P1", "wamid.P2"):  # a new customer, then a known one
        with counting(engine) as statements, write_session(pg.session_factory) as session:
            stored = store_message(
                session, phone=MARIE, text="hi", at=NOW, channel="whatsapp", wa_message_id=wamid
            )
        assert stored is not None
        assert [s for s in statements if s != "COMMIT"] == [statements[0]]
        assert statements[0].lstrip().startswith("WITH found AS")


def test_first_messages_at_once_give_one_customer_and_conversation(pg: Runtime) -> None:
    async def both() -> list[Any]:
        store = async_store(pg)
        await store.open()
        try:
            return list(await asyncio.gather(*(store(message(f"wamid.C{i}", i)) for i in range(6))))
        finally:
            await store.close()

    stored = asyncio.run(both())
    assert len({s.customer_id for s in stored}) == 1
    assert len({s.conversation_id for s in stored}) == 1
    assert sum(s.new_conversation for s in stored) == 1
    assert (rows(pg, CustomerRow), rows(pg, ConversationRow), rows(pg, MessageRow)) == (1, 1, 6)


@pytest.mark.parametrize("table", ["customers", "conversations"])
def test_a_row_created_while_the_statement_runs_is_taken(pg: Runtime, table: str) -> None:
    """Another transaction inserts the customer (or conversation) before the statement
    and commits while the statement waits on its key: the statement stores nothing,
    runs again, and takes the committed row."""
    with write_session(pg.session_factory) as session:  # the customer exists for the second
        if table == "conversations":
            store_message(session, phone=MARIE, text="x", at=NOW, channel="sms")
    with pg.engine.connect() as other:
        other.execute(text("SET lock_timeout = '20s'"))
        if table == "customers":
            other.execute(
                text("INSERT INTO customers (phone, created_at) VALUES (:p, now())"), {"p": MARIE}
            )
        else:
            other.execute(
                text(
                    "INSERT INTO conversations (customer_id, channel, state, created_at) "
                    "SELECT id, 'whatsapp', '{}', now() FROM customers WHERE phone = :p"
                ),
                {"p": MARIE},
            )
        threading.Timer(0.5, other.commit).start()
        started = time.monotonic()
        with write_session(pg.session_factory) as session:
            stored = store_message(
                session, phone=MARIE, text="hi", at=NOW, channel="whatsapp", wa_message_id="w.1"
            )
        assert time.monotonic() - started >= 0.4  # it waited for the other transaction
    assert stored is not None
    assert stored.new_conversation is (table == "customers")
    with Session(pg.engine) as session:
        assert session.scalar(select(func.count()).select_from(CustomerRow)) == 1
        assert (
            session.scalar(select(func.count()).where(ConversationRow.channel == "whatsapp")) == 1
        )
        assert (
            session.scalar(
                select(MessageRow.conversation_id).where(MessageRow.wa_message_id == "w.1")
            )
            == stored.conversation_id
        )
