"""Storing a customer's inbound message: the one way in for every channel.

`store_message` (a message given field by field) and `store_inbound_message` (an
`Inbound`) store a customer's message, creating the customer and their
conversation on the channel when new, and skip a WhatsApp message id seen before.
On PostgreSQL that is the ingest's one statement (`bookbot.store.ingest`); on
SQLite a few. WhatsApp and the chat page store a message `pending` for the turn
queue (`bookbot.store.turn_queue`, which claims and answers it); the terminal chat
and the evals store it `received` and answer it at once.

Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session

from bookbot.store.columns import utc
from bookbot.store.conversations import get_or_create_conversation, record_inbound
from bookbot.store.customers import get_or_create_customer, normalize_phone
from bookbot.store.db import insert_missing
from bookbot.store.ingest import Inbound, StoredInbound, store_inbound
from bookbot.store.models import ConversationRow, CustomerRow

PENDING = "pending"
"""A message stored for the turn queue, which answers it in order."""
RECEIVED = "received"
"""A message answered at once, outside the queue (the terminal chat, the evals)."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A customer's message just stored, with the customer and conversation it went to."""

    message_id: int
    customer_id: int
    conversation_id: int
    customer_name: str | None
    phone: str = ""
    """The customer's phone in E.164 form."""
    state: dict[str, Any] | None = None
    """The conversation's dialogue state when the message was stored."""
    new_conversation: bool = False
    """The message began its conversation (created in this transaction)."""
    handoff_status: str | None = None
    """The conversation's handoff ("requested", "taken"; None: the bot's)."""
    handoff_since: datetime | None = None


_WHO = (
    select(
        CustomerRow.id,
        CustomerRow.name,
        ConversationRow.id,
        ConversationRow.state,
        ConversationRow.handoff_status,
        ConversationRow.handoff_since,
    )
    .outerjoin(
        ConversationRow,
        and_(
            ConversationRow.customer_id == CustomerRow.id,
            ConversationRow.channel == bindparam("channel"),
        ),
    )
    .where(CustomerRow.phone == bindparam("phone"))
)
"""The customer with a phone and their conversation on a channel: one read."""


def store_message(
    session: Session,
    *,
    phone: str,
    text: str,
    at: datetime,
    channel: str,
    name: str | None = None,
    wa_message_id: str | None = None,
    payload: dict[str, Any] | None = None,
    status: str = PENDING,
) -> Stored | None:
    """`store_inbound_message` of a message given field by field (its phone normalised)."""
    message = Inbound(
        normalize_phone(phone), text, at, channel, name, wa_message_id, payload, status
    )
    return store_inbound_message(session, message)


def store_inbound_message(session: Session, message: Inbound) -> Stored | None:
    """Store a customer's message with its status; None when its WhatsApp id was seen
    before.

    The customer (by phone) and their conversation on `channel` are created when
    new (race-safe: `insert_missing`, then read again). The conversation's window
    (`last_inbound_at`) only moves forward, so a message delivered late does not
    shorten it. On PostgreSQL all of it is one statement (`bookbot.store.ingest`);
    on SQLite a known customer and conversation cost three: one read, the message's
    insert and the window's move.
    """
    number, name, at, channel = message.phone, message.name, message.at, message.channel
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _stored(store_inbound(connection, message), number)
    found = connection.execute(_WHO, {"phone": number, "channel": channel}).first()
    customer_id, customer_name, conversation_id, state, handoff, since = (
        found if found else (None,) * 6
    )
    if customer_id is None:
        values = {"phone": number, "name": name, "created_at": utc(at)}
        customer_id = insert_missing(session, CustomerRow, values, keys=["phone"])
        customer_name = name
        if customer_id is None:  # created meanwhile by a concurrent first message
            known = get_or_create_customer(session, phone=number, name=name)
            customer_id, customer_name = known.id, known.name
    elif name and not customer_name:
        session.execute(update(CustomerRow).where(CustomerRow.id == customer_id).values(name=name))
        customer_name = name
    new_conversation = False
    if conversation_id is None:
        conversation_id, new_conversation = _new_conversation(session, customer_id, channel, at)
    message_id = record_inbound(
        session,
        conversation_id=conversation_id,
        text=message.text,
        at=at,
        wa_message_id=message.wa_message_id,
        payload=message.payload,
        status=message.status,
        moves_window=not new_conversation,
    )
    if message_id is None:
        return None
    return Stored(
        message_id.id,
        customer_id,
        conversation_id,
        customer_name,
        number,
        dict(state or {}),
        new_conversation,
        handoff,
        since,
    )


def _stored(stored: StoredInbound, phone: str) -> Stored | None:
    if stored.message_id is None:
        return None
    return Stored(
        stored.message_id,
        stored.customer_id,
        stored.conversation_id,
        stored.customer_name,
        phone,
        stored.state,
        stored.new_conversation,
        stored.handoff_status,
        stored.handoff_since,
    )


def _new_conversation(
    session: Session, customer_id: int, channel: str, at: datetime
) -> tuple[int, bool]:
    """The customer's new conversation on `channel`, its window opened at `at` (the
    conversation a concurrent first message created, when one did), and whether
    this transaction created it."""
    values = {
        "customer_id": customer_id,
        "channel": channel,
        "state": {},
        "created_at": utc(at),
        "last_inbound_at": utc(at),
    }
    created = insert_missing(session, ConversationRow, values, keys=["customer_id", "channel"])
    if created is not None:
        return created, True
    return get_or_create_conversation(session, customer_id=customer_id, channel=channel).id, False
