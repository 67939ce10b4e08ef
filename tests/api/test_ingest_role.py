"""The ingest role (`bookbot serve --role ingest`): verify, store, acknowledge; no turn
runs in its process, and on PostgreSQL the turn workers are woken by a NOTIFY sent
with the transaction that stored the message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.service.delivery import LocalTransport
from bookbot.store import wakeups
from bookbot.store.models import ConversationRow, MessageRow
from tests.api.service_testkit import (
    Clock,
    delivery,
    post_webhook,
    service_settings,
    text_message,
)


@pytest.fixture
def ingest_runtime(any_db_url: str) -> Iterator[Runtime]:
    with open_runtime(service_settings(any_db_url)) as runtime:
        yield runtime


def statuses(runtime: Runtime) -> list[str | None]:
    with runtime.session_factory() as session:
        return list(session.scalars(select(MessageRow.status).order_by(MessageRow.id)))


def test_the_ingest_role_stores_acknowledges_and_wakes_the_turn_workers(
    ingest_runtime: Runtime,
) -> None:
    runtime = ingest_runtime
    app = create_app(runtime, clock=Clock(), transport=LocalTransport(), turns_here=False)
    listener = wakeups.open_listener(runtime.engine, [wakeups.INBOX])
    try:
        with TestClient(app) as client:
            first = delivery(messages=[text_message("wamid.A", "I need a dental implant")])
            response = post_webhook(client, first)
            assert response.status_code == 200
            assert response.json()["received"] == 1
            woken = listener.wait(10.0)
            again = post_webhook(client, first)  # a redelivery stores nothing, wakes no one
            assert again.json()["duplicates"] == 1
            assert listener.wait(0.2) == []
            with pytest.raises(RuntimeError, match="ingest role"):
                _ = app.state.bookbot.queue
    finally:
        listener.close()
    assert statuses(runtime) == ["pending"]  # answered by a turn worker, not here
    if wakeups.supported(runtime.engine):
        with runtime.session_factory() as session:
            customer_id = session.scalars(select(ConversationRow.customer_id)).one()
        assert wakeups.parse_customers(woken) == [customer_id]
    else:
        assert woken == []  # SQLite: the turn workers poll
