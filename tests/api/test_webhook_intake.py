"""Signed deliveries with one poison part, for another phone number, and reactions.

A poison part (a timestamp of 1e20, a lone surrogate, JSON nested 1,000 deep,
a NUL byte, a profile name or message id longer than its column, ...) sits
between two good messages; the good ones must be stored and answered, the
poison recorded, and the delivery acknowledged with 200, on SQLite and PostgreSQL
(where NUL and over-long values used to end in a 500).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api import intake
from bookbot.api.storable import CUSTOMER_NAME_LENGTH, MESSAGE_ID_LENGTH, storable_id
from bookbot.store.inbound import store_inbound_message
from bookbot.store.models import CustomerRow, MessageRow, TurnRow
from tests.api.service_testkit import (
    MARIE_WA,
    PHONE_ID,
    count,
    delivery,
    post_webhook,
    sent_bodies,
    service_settings,
    text_message,
)

IMPLANT = "I need a dental implant"
WHEN = "March 10th at 2pm"
OTTO_WA = "41790000002"
MARKER = "__POISON__"


@pytest.fixture
def any_runtime(any_db_url: str) -> Iterator[Runtime]:
    with open_runtime(service_settings(any_db_url)) as runtime:
        yield runtime


@pytest.fixture
def any_client(any_runtime: Runtime, make_client: Callable[[Runtime], TestClient]) -> TestClient:
    return make_client(any_runtime)


def inbound(runtime: Runtime) -> list[MessageRow]:
    with runtime.session_factory() as session:
        query = select(MessageRow).where(MessageRow.direction == "inbound").order_by(MessageRow.id)
        return list(session.scalars(query))


def sandwich(poison: str) -> bytes:
    """A signed-to-be body: Marie's good message, the poison part (raw JSON), Otto's."""
    otto = text_message("wamid.good.2", IMPLANT, sender=OTTO_WA)
    payload = delivery(messages=[text_message("wamid.good.1", IMPLANT), MARKER, otto])  # type: ignore[list-item]
    return json.dumps(payload).replace(json.dumps(MARKER), poison).encode()


def message_json(**changes: Any) -> str:
    """A text message from a third customer, with `changes` (raw JSON text per key)."""
    fields = {
        "from": json.dumps("41790000003"),
        "id": json.dumps("wamid.poison"),
        "timestamp": json.dumps("1772438400"),
        "type": json.dumps("text"),
        "text": json.dumps({"body": "hello"}),
    }
    fields.update(changes)
    return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in fields.items()) + "}"


DEEP = "[" * 1000 + "]" * 1000
POISONS: dict[str, tuple[str, str | None]] = {
    # name: (raw JSON of the part, what is stored for it: its text, or None when only logged)
    "timestamp 1e20 (number)": (message_json(timestamp="1e20"), None),
    "timestamp 10**20 (integer)": (message_json(timestamp=str(10**20)), None),
    "timestamp 10**20 (digits)": (message_json(timestamp=json.dumps(str(10**20))), None),
    "lone surrogate in the text": (
        message_json(text='{"body": "hi \\ud800 there"}'),
        "hi \ufffd there",
    ),
    "NUL in the text": (message_json(text='{"body": "hi \\u0000 there"}'), "hi \ufffd there"),
    "NUL in the message id": (message_json(id='"wamid.\\u0000nul"'), "hello"),
    "lone surrogate in a key": (message_json(extra='{"x\\udc00": 1}'), "hello"),
    "1,000-deep JSON inside the part": (message_json(extra=DEEP), "hello"),
    "1,000-deep JSON as the part": (DEEP, None),
    "1,000-deep JSON as the text": (message_json(text=DEEP), "[unreadable message]"),
    "5,000-digit number": (message_json(extra="9" * 5000), "hello"),
    "non-finite number": (message_json(extra="1e400"), "hello"),
    "message id of 5,000 characters": (message_json(id=json.dumps("w" * 5000)), "hello"),
    "invalid UTF-8": (message_json(text='{"body": "hi \xff there"}'), "hi \ufffd there"),
}


@pytest.mark.parametrize("poison", list(POISONS))
def test_one_poison_part_loses_nothing_else(
    any_client: TestClient,
    any_runtime: Runtime,
    graph: respx.Router,
    caplog: pytest.LogCaptureFixture,
    poison: str,
) -> None:
    raw, kept = POISONS[poison]
    body = sandwich(raw)
    if poison == "invalid UTF-8":
        body = body.replace("\xff".encode(), b"\xff")
    with caplog.at_level(logging.ERROR, logger="bookbot.api.webhook"):
        response = post_webhook(any_client, body)
    assert response.status_code == 200, response.text

    stored = {m.wa_message_id: m for m in inbound(any_runtime)}
    for good in ("wamid.good.1", "wamid.good.2"):
        assert stored[good].status == "answered"
        assert stored[good].text == IMPLANT
    replies = [b["text"]["body"] for b in sent_bodies(graph) if b["type"] == "text"]
    assert sum("3 sessions" in r for r in replies) == 2
    poisoned = [m for key, m in stored.items() if key not in ("wamid.good.1", "wamid.good.2")]
    if kept is None:
        assert poisoned == []
        assert response.json()["unreadable"] == 1
        assert "raw body" in caplog.text  # recorded with the body, for whoever investigates
    else:
        (message,) = poisoned
        assert response.json()["unreadable"] == 0  # stored, so not a problem
        assert message.text == kept
        assert message.payload is not None and "raw" in message.payload


def test_a_profile_name_longer_than_its_column_is_clipped(
    any_client: TestClient, any_runtime: Runtime
) -> None:
    payload = delivery(messages=[text_message("wamid.name", IMPLANT)], name="N" * 5000)
    assert post_webhook(any_client, payload).status_code == 200
    with any_runtime.session_factory() as session:
        customer = session.scalars(select(CustomerRow)).one()
    assert customer.name == "N" * CUSTOMER_NAME_LENGTH


def test_a_long_message_id_is_stored_hashed_and_still_deduplicated(
    any_client: TestClient, any_runtime: Runtime, graph: respx.Router
) -> None:
    long_id = "wamid." + "x" * 500
    payload = delivery(messages=[text_message(long_id, IMPLANT)])
    first = post_webhook(any_client, payload).json()
    again = post_webhook(any_client, payload).json()
    assert (first["received"], again["received"], again["duplicates"]) == (1, 0, 1)
    (message,) = inbound(any_runtime)
    assert message.wa_message_id == storable_id(long_id)
    assert len(message.wa_message_id) <= MESSAGE_ID_LENGTH
    assert message.payload is not None and message.payload["raw"]["id"] == long_id
    assert graph["messages"].call_count == 1


def test_a_part_the_database_refuses_is_rolled_back_alone(
    any_client: TestClient,
    any_runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Defence in depth: whatever the database still refuses costs only its own part."""
    real_store = store_inbound_message

    def refusing_store(session: Session, message: Any) -> Any:
        stored = real_store(session, message)
        if message.wa_message_id == "wamid.refused":
            session.add(MessageRow(conversation_id=10**6, direction="inbound"))  # no such FK
            session.flush()
        return stored

    monkeypatch.setattr(intake, "store_inbound_message", refusing_store)  # what intake calls
    refused = text_message("wamid.refused", IMPLANT, sender="41790000003")
    messages = [text_message("wamid.good.1", IMPLANT), refused]
    with caplog.at_level(logging.ERROR, logger="bookbot.api.webhook"):
        response = post_webhook(any_client, delivery(messages=messages))
    assert response.status_code == 200
    assert response.json()["received"] == 1 and response.json()["unreadable"] == 1
    assert [m.wa_message_id for m in inbound(any_runtime)] == ["wamid.good.1"]
    assert count(any_runtime, CustomerRow) == 1  # the refused part's customer rolled back too
    assert "wamid.refused" in caplog.text and "not stored" in caplog.text


@pytest.mark.parametrize(
    "poison",
    [
        {"id": "wamid.out.1\x00", "status": "read", "timestamp": "1772438400"},
        {"id": "wamid.out.1", "status": "read", "timestamp": str(10**20)},
        {"id": "w" * 5000, "status": "r" * 500, "timestamp": "1772438400"},
        {"id": ["not", "a", "string"], "status": "read"},
    ],
)
def test_a_poison_status_does_not_lose_the_good_one(
    any_client: TestClient, any_runtime: Runtime, poison: dict[str, Any]
) -> None:
    post_webhook(any_client, delivery(messages=[text_message("wamid.in", IMPLANT)]))
    poison = {"recipient_id": MARIE_WA, **poison}
    good = {"id": "wamid.out.1", "status": "delivered", "timestamp": "1772438400"}
    good["recipient_id"] = MARIE_WA
    response = post_webhook(any_client, delivery(statuses=[poison, good]))
    assert response.status_code == 200
    assert response.json()["statuses"] == 1
    with any_runtime.session_factory() as session:
        reply = session.scalars(select(MessageRow).where(MessageRow.direction == "outbound")).one()
    assert reply.status == "delivered"


def test_an_unreachable_database_asks_meta_to_redeliver(
    client: TestClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(session: Session, message: Any) -> Any:
        raise OperationalError("INSERT ...", {}, Exception("connection refused"))

    monkeypatch.setattr(intake, "store_inbound_message", unreachable)
    response = post_webhook(client, delivery(messages=[text_message("wamid.1", IMPLANT)]))
    assert response.status_code == 503  # not acknowledged: Meta delivers it again later
    assert inbound(runtime) == []


# --- another phone number of the same Meta app ---


def other_number(payload: dict[str, Any], phone_number_id: str = "999999999999999") -> None:
    payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = phone_number_id


def test_a_delivery_for_another_phone_number_id_is_acknowledged_not_answered(
    any_client: TestClient,
    any_runtime: Runtime,
    graph: respx.Router,
    caplog: pytest.LogCaptureFixture,
) -> None:
    payload = delivery(messages=[text_message("wamid.theirs", IMPLANT)])
    other_number(payload)
    with caplog.at_level(logging.WARNING, logger="bookbot.api.intake"):
        response = post_webhook(any_client, payload)
    assert response.status_code == 200
    assert response.json()["other_number"] == 1 and response.json()["received"] == 0
    assert inbound(any_runtime) == []
    assert count(any_runtime, TurnRow) == 0
    assert not graph["messages"].called
    assert "999999999999999" in caplog.text and "wamid.theirs" in caplog.text


def test_only_the_changes_for_our_number_are_stored(
    client: TestClient, runtime: Runtime, graph: respx.Router
) -> None:
    ours = delivery(messages=[text_message("wamid.ours", IMPLANT)])
    theirs = delivery(messages=[text_message("wamid.theirs", IMPLANT, sender=OTTO_WA)])
    other_number(theirs)
    ours["entry"].append(theirs["entry"][0])
    response = post_webhook(client, ours)
    assert (response.json()["received"], response.json()["other_number"]) == (1, 1)
    assert [m.wa_message_id for m in inbound(runtime)] == ["wamid.ours"]
    (sent,) = sent_bodies(graph)
    assert sent["to"] == MARIE_WA


def test_metadata_names_our_phone_number_id_in_the_samples() -> None:
    """The other tests rely on `delivery` addressing our number."""
    value = delivery(messages=[])["entry"][0]["changes"][0]["value"]
    assert value["metadata"]["phone_number_id"] == PHONE_ID


# --- reactions ---


def reaction(wamid: str, on: str, emoji: str | None) -> dict[str, Any]:
    content: dict[str, Any] = {"message_id": on}
    if emoji is not None:
        content["emoji"] = emoji
    return {
        "from": MARIE_WA,
        "id": wamid,
        "timestamp": "1772442000",
        "type": "reaction",
        "reaction": content,
    }


def test_a_reaction_that_is_no_yes_is_stored_without_a_turn_or_a_reply(
    any_client: TestClient, any_runtime: Runtime, graph: respx.Router
) -> None:
    post_webhook(any_client, delivery(messages=[text_message("wamid.1", IMPLANT)]))
    post_webhook(any_client, delivery(messages=[text_message("wamid.2", WHEN)]))
    turns, sends = count(any_runtime, TurnRow), graph["messages"].call_count
    offer = sent_bodies(graph)[-1]
    assert offer["type"] == "interactive"

    laughing = reaction("wamid.3", "wamid.out.2", "\U0001f602")  # a 👍 would book the offer
    response = post_webhook(any_client, delivery(messages=[laughing]))
    assert response.json()["received"] == 1
    removed = reaction("wamid.4", "wamid.out.2", None)
    assert post_webhook(any_client, delivery(messages=[removed])).json()["received"] == 1

    assert count(any_runtime, TurnRow) == turns
    assert graph["messages"].call_count == sends  # no "I can only read text messages"
    put, taken_off = inbound(any_runtime)[-2:]
    assert (put.text, put.status) == ("\U0001f602", "answered")
    assert (taken_off.text, taken_off.status) == ("", "answered")
    for stored in (put, taken_off):
        assert stored.payload is not None
        assert stored.payload["kind"] == "reaction"
        assert stored.payload["event"]["context_id"] == "wamid.out.2"

    # the conversation goes on as before the reaction
    post_webhook(any_client, delivery(messages=[text_message("wamid.5", "yes")]))
    assert count(any_runtime, TurnRow) == turns + 1
