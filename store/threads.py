"""A customer's conversation read as a message thread: what the local chat page shows.

A `ThreadMessage` is one message as a phone shows it: direction, text, status
(the ticks), time and payload (its kind and any reply buttons). `read_thread`
also says whether the bot is still answering (a message of the customer is
pending or processing in the inbound queue). Reads only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.store.conversations import find_conversation
from bookbot.store.customers import find_customer
from bookbot.store.models import MessageRow
from bookbot.store.turn_queue import has_unanswered


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    id: int
    direction: str
    text: str
    status: str | None
    created_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Thread:
    """Messages oldest first, and whether a message of the customer waits for its answer."""

    conversation_id: int
    messages: list[ThreadMessage]
    answering: bool


def _message(row: MessageRow) -> ThreadMessage:
    return ThreadMessage(
        row.id, row.direction, row.text, row.status, row.created_at, dict(row.payload or {})
    )


def read_thread(
    session: Session, *, phone: str, channel: str, after: int = 0, limit: int
) -> Thread | None:
    """The newest `limit` messages with an id above `after` of `phone`'s conversation on `channel`.

    None when no customer has this phone or they never wrote on `channel`.
    """
    customer = find_customer(session, phone=phone)
    if customer is None:
        return None
    conversation = find_conversation(session, customer_id=customer.id, channel=channel)
    if conversation is None:
        return None
    rows = session.scalars(
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation.id, MessageRow.id > after)
        .order_by(MessageRow.id.desc())
        .limit(limit)
    ).all()
    messages = [_message(r) for r in reversed(rows)]
    answering = has_unanswered(session, conversation_id=conversation.id)
    return Thread(conversation.id, messages, answering)


def message_by_wa_id(session: Session, *, wa_message_id: str) -> ThreadMessage:
    """The message stored under this WhatsApp (or chat page) id; raises NoResultFound if none."""
    row = session.scalars(select(MessageRow).where(MessageRow.wa_message_id == wa_message_id))
    return _message(row.one())
