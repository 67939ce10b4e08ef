"""The WhatsApp webhook end to end: Meta's payloads in, replies out through a mocked Graph API.

Deliveries are posted in the shapes Meta documents, signed and unsigned,
duplicated and out of order. Turns run inline (`process_inline=True`), so each
check sees the outcome when the POST returns; the queue's threading is tested
on its own at the end with events, not sleeps.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
import respx
from fastapi.testclient import TestClient
from sqlalchemy import select

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.service.queue import InboundQueue
from bookbot.store.db import write_session
from bookbot.store.inbound import store_message
from bookbot.store.models import (
    BookingRow,
    ConversationRow,
    CustomerRow,
    MessageRow,
    OutboxRow,
    ProposalRow,
    TurnRow,
)
from tests.api.service_testkit import (
    MARIE,
    MARIE_WA,
    NOW,
    SECRET,
    VERIFY_TOKEN,
    Clock,
    button_reply,
    count,
    delivery,
    post_webhook,
    sent_bodies,
    service_settings,
    status_update,
    text_message,
)

IMPLANT = "I need a dental implant"
WHEN = "March 10th at 2pm"


def inbound(runtime: Runtime) -> list[MessageRow]:
    with runtime.session_factory() as session:
        query = select(MessageRow).where(MessageRow.direction == "inbound").order_by(MessageRow.id)
        return list(session.scalars(query))


def outbound(runtime: Runtime) -> list[MessageRow]:
    with runtime.session_factory() as session:
        query = select(MessageRow).where(MessageRow.direction == "outbound").order_by(MessageRow.id)
        return list(session.scalars(query))


def nothing_stored(runtime: Runtime) -> bool:
    return all(count(runtime, model) == 0 for model in (MessageRow, CustomerRow, OutboxRow))


# --- the GET handshake ---


def test_handshake_echoes_the_challenge(client: TestClient) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    response = client.get("/webhooks/whatsapp", params=params)
    assert response.status_code == 200
    assert response.text == "1158201444"
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {},
    ],
)
def test_handshake_refuses_a_wrong_token_or_mode(
    client: TestClient, params: dict[str, str]
) -> None:
    response = client.get("/webhooks/whatsapp", params=params)
    assert response.status_code == 403
    assert "1" != response.text


# --- forged deliveries ---


@pytest.mark.parametrize(
    "how",
    ["unsigned", "wrong secret", "tampered body", "not hex", "no prefix"],
)
def test_forged_delivery_is_refused_with_nothing_stored(
    client: TestClient, runtime: Runtime, graph: respx.Router, how: str
) -> None:
    payload = delivery(messages=[text_message("wamid.forged", IMPLANT)])
    raw = json.dumps(payload).encode()
    from bookbot.api.whatsapp import sign

    signature = {
        "unsigned": None,
        "wrong secret": sign(raw, "not-the-secret"),
        "tampered body": sign(raw.replace(b"implant", b"crown!!"), SECRET),
        "not hex": "sha256=" + "z" * 64,
        "no prefix": sign(raw, SECRET).removeprefix("sha256="),
    }[how]
    response = post_webhook(client, raw, secret=None, signature=signature)
    assert response.status_code == 403
    assert nothing_stored(runtime)
    assert count(runtime, TurnRow) == 0
    assert not graph["messages"].called


def test_without_an_app_secret_every_delivery_is_refused(
    make_client: Callable[[Runtime], TestClient], db_url: str
) -> None:
    with open_runtime(service_settings(db_url, whatsapp_app_secret=None)) as runtime:
        client = make_client(runtime)
        payload = delivery(messages=[text_message("wamid.1", IMPLANT)])
        response = post_webhook(client, payload, secret="")
        assert response.status_code == 403
        assert "BOOKBOT_WHATSAPP_APP_SECRET" in response.json()["detail"]
        assert nothing_stored(runtime)


# --- genuine deliveries ---


def test_text_message_is_stored_answered_and_the_reply_sent_once(
    client: TestClient, runtime: Runtime, graph: respx.Router
) -> None:
    response = post_webhook(client, delivery(messages=[text_message("wamid.in.1", IMPLANT)]))
    assert response.status_code == 200
    assert response.json() == {
        "received": 1,
        "duplicates": 0,
        "statuses": 0,
        "unreadable": 0,
        "other_number": 0,
    }

    (message,) = inbound(runtime)
    assert (message.text, message.wa_message_id, message.status) == (
        IMPLANT,
        "wamid.in.1",
        "answered",
    )
    assert message.payload is not None and message.payload["raw"]["id"] == "wamid.in.1"
    (reply,) = outbound(runtime)
    assert "3 sessions" in reply.text
    assert (reply.status, reply.wa_message_id) == ("sent", "wamid.out.1")

    (sent,) = sent_bodies(graph)
    assert sent == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": MARIE_WA,
        "type": "text",
        "text": {"preview_url": False, "body": reply.text},
    }
    assert graph["messages"].calls.last.request.headers["Authorization"] == "Bearer test-token"
    with runtime.session_factory() as session:
        customer = session.scalars(select(CustomerRow)).one()
    assert (customer.phone, customer.name) == (MARIE, "Marie")


def test_duplicate_delivery_runs_one_turn_and_sends_one_reply(
    any_db_url: str, make_client: Callable[[Runtime], TestClient], graph: respx.Router
) -> None:
    with open_runtime(service_settings(any_db_url)) as runtime:
        client = make_client(runtime)
        payload = delivery(messages=[text_message("wamid.dup", IMPLANT)])
        first = post_webhook(client, payload)
        again = post_webhook(client, payload)
        both = post_webhook(
            client,
            delivery(
                messages=[text_message("wamid.dup", IMPLANT), text_message("wamid.dup", IMPLANT)]
            ),
        )
        assert first.json()["received"] == 1
        assert again.json() == {
            "received": 0,
            "duplicates": 1,
            "statuses": 0,
            "unreadable": 0,
            "other_number": 0,
        }
        assert both.json()["duplicates"] == 2
        assert count(runtime, MessageRow, MessageRow.direction == "inbound") == 1
        assert count(runtime, TurnRow) == 1
        assert count(runtime, OutboxRow) == 1
        assert graph["messages"].call_count == 1


def test_messages_delivered_out_of_order_are_answered_in_the_order_written(
    client: TestClient, runtime: Runtime, graph: respx.Router, clock: Clock
) -> None:
    later = NOW.replace(minute=1)
    payload = delivery(
        messages=[
            text_message("wamid.second", WHEN, at=later),
            text_message("wamid.first", IMPLANT, at=NOW),
        ]
    )
    assert post_webhook(client, payload).json()["received"] == 2

    # Answered as written: the service first, then the date, which gives a proposal.
    assert [m.text for m in outbound(runtime)][1].startswith("Here's your schedule")
    assert count(runtime, ProposalRow) == 1
    bodies = sent_bodies(graph)
    assert [b["type"] for b in bodies] == ["text", "interactive"]
    with runtime.session_factory() as session:
        keys = session.scalars(select(OutboxRow.dedupe_key).order_by(OutboxRow.id)).all()
        first_id = session.scalar(
            select(MessageRow.id).where(MessageRow.wa_message_id == "wamid.first")
        )
    assert keys[0] == f"reply:message:{first_id}"


def test_a_late_delivered_old_message_does_not_shorten_the_window(
    client: TestClient, runtime: Runtime
) -> None:
    post_webhook(client, delivery(messages=[text_message("wamid.new", IMPLANT, at=NOW)]))
    old = text_message("wamid.old", "hello?", at=NOW - timedelta(days=2))
    assert post_webhook(client, delivery(messages=[old])).json()["received"] == 1
    with runtime.session_factory() as session:
        conversation = session.scalars(select(ConversationRow)).one()
    assert conversation.last_inbound_at == NOW


def test_booking_a_plan_over_whatsapp_with_reply_buttons(
    client: TestClient, runtime: Runtime, graph: respx.Router
) -> None:
    post_webhook(client, delivery(messages=[text_message("wamid.1", IMPLANT)]))
    post_webhook(client, delivery(messages=[text_message("wamid.2", WHEN)]))
    proposal = sent_bodies(graph)[-1]
    assert proposal["type"] == "interactive"
    buttons = proposal["interactive"]["action"]["buttons"]
    assert 1 <= len(buttons) <= 3
    assert all(len(b["reply"]["title"]) <= 20 for b in buttons)
    yes = next(b["reply"] for b in buttons if b["reply"]["id"].startswith("yes:"))
    assert count(runtime, BookingRow) == 0

    tap = button_reply("wamid.3", yes["id"], yes["title"], context="wamid.out.2")
    assert post_webhook(client, delivery(messages=[tap])).status_code == 200

    assert count(runtime, BookingRow, BookingRow.status == "confirmed") == 3
    confirmation = sent_bodies(graph)[-1]
    assert confirmation["type"] == "text"
    assert "confirmed" in confirmation["text"]["body"].lower()
    assert graph["messages"].call_count == 3


def test_a_tapped_list_row_reads_as_its_title(client: TestClient, runtime: Runtime) -> None:
    row = {"id": "svc-implant", "title": "Dental implant", "description": "3 sessions"}
    message = {
        "from": MARIE_WA,
        "id": "wamid.list",
        "timestamp": "1772438400",
        "type": "interactive",
        "interactive": {"type": "list_reply", "list_reply": row},
    }
    assert post_webhook(client, delivery(messages=[message])).json()["received"] == 1
    (stored,) = inbound(runtime)
    assert stored.text == "Dental implant"
    assert stored.payload is not None and stored.payload["kind"] == "list"
    assert "3 sessions" in outbound(runtime)[0].text  # the agent read "Dental implant"


@pytest.mark.parametrize(
    "kind, content",
    [
        ("image", {"mime_type": "image/jpeg", "sha256": "abc", "id": "1003383421387256"}),
        ("audio", {"mime_type": "audio/ogg; codecs=opus", "id": "1003383421387257", "voice": True}),
        ("location", {"latitude": 47.37, "longitude": 8.54, "name": "Praxis"}),
    ],
)
def test_other_message_types_get_a_polite_text_only_reply(
    client: TestClient, runtime: Runtime, graph: respx.Router, kind: str, content: dict[str, object]
) -> None:
    message = {
        "from": MARIE_WA,
        "id": "wamid.media",
        "timestamp": "1772438400",
        "type": kind,
        kind: content,
    }
    assert post_webhook(client, delivery(messages=[message])).status_code == 200
    (body,) = sent_bodies(graph)
    assert "only read text" in body["text"]["body"]
    assert count(runtime, TurnRow) == 0
    (stored,) = inbound(runtime)
    assert stored.status == "answered"
    assert stored.payload is not None and stored.payload["raw"][kind] == content


# --- statuses ---


def test_statuses_update_the_sent_message_only_forward(
    client: TestClient, runtime: Runtime, graph: respx.Router
) -> None:
    post_webhook(client, delivery(messages=[text_message("wamid.in", IMPLANT)]))
    (reply,) = outbound(runtime)
    assert reply.wa_message_id == "wamid.out.1"

    def post_statuses(*states: str) -> None:
        statuses = [status_update("wamid.out.1", s) for s in states]
        assert post_webhook(client, delivery(statuses=statuses)).json()["statuses"] == len(states)

    post_statuses("read")
    post_statuses("delivered", "sent")  # late and duplicated
    (reply,) = outbound(runtime)
    assert reply.status == "read"
    assert reply.payload is not None and set(reply.payload["statuses"]) == {
        "sent",
        "delivered",
        "read",
    }

    unknown = post_webhook(client, delivery(statuses=[status_update("wamid.unknown", "read")]))
    assert unknown.status_code == 200 and unknown.json()["statuses"] == 0


def test_failed_status_leaves_a_visible_failed_row(
    client: TestClient, runtime: Runtime, graph: respx.Router
) -> None:
    post_webhook(client, delivery(messages=[text_message("wamid.in", IMPLANT)]))
    error = {
        "code": 131026,
        "title": "Message undeliverable",
        "message": "Message undeliverable",
        "error_data": {"details": "Receiver is incapable of receiving this message"},
    }
    failed = status_update("wamid.out.1", "failed", errors=[error])
    post_webhook(client, delivery(statuses=[failed]))
    post_webhook(client, delivery(statuses=[status_update("wamid.out.1", "read")]))

    (reply,) = outbound(runtime)
    assert reply.status == "failed"
    with runtime.session_factory() as session:
        row = session.scalars(select(OutboxRow)).one()
    assert row.status == "failed"
    assert row.last_error is not None and "131026" in row.last_error


# --- malformed but signed ---


def test_unreadable_body_is_logged_and_acknowledged(
    client: TestClient, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bookbot.api.webhook"):
        response = post_webhook(client, b'{"object": "whatsapp_business_account", "entry": [')
    assert response.status_code == 200
    assert response.json()["unreadable"] == 1
    assert nothing_stored(runtime)
    assert '"entry": [' in caplog.text  # the raw body is in the log


def test_a_malformed_message_does_not_lose_the_rest_of_the_delivery(
    client: TestClient, runtime: Runtime, graph: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    broken_text = {
        "from": MARIE_WA,
        "id": "wamid.broken",
        "timestamp": "1772438400",
        "type": "text",
    }
    no_sender = {
        "id": "wamid.nobody",
        "timestamp": "1772438400",
        "type": "text",
        "text": {"body": "hi"},
    }
    payload = delivery(messages=[text_message("wamid.good", IMPLANT), broken_text, no_sender])
    with caplog.at_level(logging.ERROR, logger="bookbot.api.webhook"):
        response = post_webhook(client, payload)
    assert response.status_code == 200
    assert response.json() == {
        "received": 2,
        "duplicates": 0,
        "statuses": 0,
        "unreadable": 1,
        "other_number": 0,
    }
    assert "wamid.nobody" in caplog.text

    good, broken = inbound(runtime)
    assert (good.wa_message_id, good.status) == ("wamid.good", "answered")
    assert (broken.wa_message_id, broken.status) == ("wamid.broken", "answered")
    assert broken.payload is not None and broken.payload["raw"] == broken_text
    replies = [b["text"]["body"] for b in sent_bodies(graph)]
    assert "3 sessions" in replies[0] and "only read text" in replies[1]


# --- the acknowledgement comes before the turn; a crash loses nothing ---


def test_pending_messages_left_by_a_crash_are_answered_on_startup(
    runtime: Runtime, make_client: Callable[[Runtime], TestClient], graph: respx.Router
) -> None:
    with runtime.session_factory.begin() as session:
        store_message(
            session, phone=MARIE, text=IMPLANT, at=NOW, channel="whatsapp", wa_message_id="wamid.x"
        )
    assert graph["messages"].call_count == 0

    make_client(runtime)

    (message,) = inbound(runtime)
    assert message.status == "answered"
    assert graph["messages"].call_count == 1


def test_the_webhook_is_acknowledged_before_the_turn_runs(
    runtime: Runtime, http_client: object, graph: respx.Router, clock: Clock
) -> None:
    import httpx

    assert isinstance(http_client, httpx.Client)
    app = create_app(runtime, clock=clock, http_client=http_client, process_inline=False)
    release, started = threading.Event(), threading.Event()
    state = app.state.bookbot
    real_answer = state.answer

    def slow_answer(message_id: int) -> None:
        started.set()
        assert release.wait(10), "the test never released the turn"
        real_answer(message_id)

    state.queue = InboundQueue(runtime.session_factory, slow_answer)
    with TestClient(app) as client:
        response = post_webhook(client, delivery(messages=[text_message("wamid.slow", IMPLANT)]))
        assert response.status_code == 200
        assert started.wait(10)
        (message,) = inbound(runtime)
        assert message.status == "processing"  # stored, acknowledged, turn still running
        assert graph["messages"].call_count == 0
        release.set()
    # leaving the client shuts the queue down after the running turn
    (message,) = inbound(runtime)
    assert message.status == "answered"
    assert graph["messages"].call_count == 1


def test_queue_answers_one_customer_in_order_and_customers_in_parallel(runtime: Runtime) -> None:
    """Marie's first turn blocks; Otto is answered meanwhile; Marie's second waits its turn."""
    marie_blocked, release_marie, otto_done = (
        threading.Event(),
        threading.Event(),
        threading.Event(),
    )
    order: list[str] = []
    lock = threading.Lock()

    def answer(message_id: int) -> None:
        with runtime.session_factory() as session:
            text = session.get_one(MessageRow, message_id).text
        if text == "marie 1":
            marie_blocked.set()
            assert release_marie.wait(10)
        with lock:
            order.append(text)
        with write_session(runtime.session_factory) as session:
            session.get_one(MessageRow, message_id).status = "answered"
        if text == "otto 1":
            otto_done.set()

    def store(phone: str, text: str) -> int:
        with runtime.session_factory.begin() as session:
            stored = store_message(session, phone=phone, text=text, at=NOW, channel="whatsapp")
            assert stored is not None
            return stored.customer_id

    # Two workers: Marie's blocked turn holds one, so a second drain of Marie's (a bug)
    # would take the other before Otto's and show up in `order` deterministically.
    queue = InboundQueue(runtime.session_factory, answer, workers=2)
    try:
        marie = store(MARIE, "marie 1")
        queue.notify(marie)
        assert marie_blocked.wait(10)
        queue.notify(store(MARIE, "marie 2"))  # arrives while marie 1 is being answered
        queue.notify(store("+41790000002", "otto 1"))
        assert otto_done.wait(10), "Otto waited for Marie"
        assert order == ["otto 1"]
        release_marie.set()
    finally:
        queue.shutdown(wait=True)
    assert order == ["otto 1", "marie 1", "marie 2"]
    assert {m.status for m in inbound(runtime)} == {"answered"}


def test_a_german_customer_s_photo_gets_the_text_only_reply_in_german(
    client: TestClient, runtime: Runtime, graph: respx.Router
) -> None:
    """The conversation's language (its last text) decides the text-only reply's."""
    german = text_message("wamid.de", "Hallo, ich hätte gern ein Implantat, bitte")
    assert post_webhook(client, delivery(messages=[german])).status_code == 200
    photo = {
        "from": MARIE_WA,
        "id": "wamid.photo",
        "timestamp": "1772438460",
        "type": "image",
        "image": {"mime_type": "image/jpeg", "sha256": "abc", "id": "1003383421387299"},
    }
    assert post_webhook(client, delivery(messages=[photo])).status_code == 200
    bodies = sent_bodies(graph)
    assert "nur Textnachrichten" in bodies[-1]["text"]["body"]
