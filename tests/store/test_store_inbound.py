"""Storing a customer's message: its customer and conversation, once per WhatsApp id."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bookbot.store import inbound, turn_queue
from bookbot.store.conversations import find_conversation, get_conversation
from bookbot.store.customers import find_customer
from bookbot.store.models import MessageRow
from tests.store.store_testkit import ZURICH

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH)
MARIE = "+41790000001"


def put(
    factory: sessionmaker[Session],
    text: str,
    *,
    phone: str = MARIE,
    at: datetime = NOW,
    channel: str = "whatsapp",
    **kw: object,
) -> inbound.Stored | None:
    with factory.begin() as session:
        return inbound.store_message(
            session,
            phone=phone,
            text=text,
            at=at,
            channel=channel,
            **kw,  # type: ignore[arg-type]
        )


def stored(factory: sessionmaker[Session], text: str, **kw: Any) -> inbound.Stored:
    result = put(factory, text, **kw)
    assert result is not None
    return result


def status_of(factory: sessionmaker[Session], message_id: int) -> str | None:
    with factory() as session:
        return session.get_one(MessageRow, message_id).status


def test_a_message_is_stored_pending_with_its_customer_and_conversation(
    factory: sessionmaker[Session],
) -> None:
    first = stored(factory, "hi", name="Marie", wa_message_id="wamid.1", payload={"kind": "text"})
    assert first.customer_name == "Marie"
    with factory() as session:
        row = session.get_one(MessageRow, first.message_id)
        assert (row.direction, row.text, row.status, row.payload) == (
            "inbound",
            "hi",
            "pending",
            {"kind": "text"},
        )
        customer = find_customer(session, phone=MARIE)
        assert customer is not None and customer.id == first.customer_id
        conversation = find_conversation(session, customer_id=customer.id, channel="whatsapp")
        assert conversation is not None and conversation.id == first.conversation_id
        assert conversation.last_inbound_at == NOW
        assert find_conversation(session, customer_id=customer.id, channel="chat") is None


def test_a_whatsapp_id_seen_before_is_not_stored_again(factory: sessionmaker[Session]) -> None:
    first = stored(factory, "hi", wa_message_id="wamid.1")
    assert put(factory, "hi again", wa_message_id="wamid.1") is None
    second = stored(factory, "hi", wa_message_id="wamid.2")
    assert (second.customer_id, second.conversation_id) == (
        first.customer_id,
        first.conversation_id,
    )


def test_each_channel_has_its_own_conversation(factory: sessionmaker[Session]) -> None:
    whatsapp = stored(factory, "hi")
    chat = stored(factory, "hi", channel="chat")
    assert whatsapp.customer_id == chat.customer_id
    assert whatsapp.conversation_id != chat.conversation_id


def test_the_synchronous_path_stores_received(factory: sessionmaker[Session]) -> None:
    message = stored(factory, "hi", status=inbound.RECEIVED)
    assert status_of(factory, message.message_id) == "received"
    with factory() as session:
        assert turn_queue.next_pending(session, customer_id=message.customer_id) is None


def test_a_late_message_does_not_shorten_the_window(factory: sessionmaker[Session]) -> None:
    first = stored(factory, "newer", at=NOW)
    stored(factory, "delivered late", at=NOW - timedelta(hours=2))
    with factory() as session:
        conversation = get_conversation(session, conversation_id=first.conversation_id)
    assert conversation.last_inbound_at == NOW
    stored(factory, "later still", at=NOW + timedelta(hours=1))
    with factory() as session:
        conversation = get_conversation(session, conversation_id=first.conversation_id)
    assert conversation.last_inbound_at == NOW + timedelta(hours=1)
