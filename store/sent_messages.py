"""The conversation side of outbox delivery: which conversation a row belongs to,
and the stored outbound message that shows what was sent (or that it failed).

A reply's outbox row names its stored message (`body["message_id"]`); a
proactive row has none until it is sent, and then gets one in the customer's
conversation, so transcripts show what the worker said. Functions take a
Session; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.store.conversations import (
    ConversationRecord,
    get_conversation,
    get_or_create_conversation,
    record_outbound,
)
from bookbot.store.customers import get_or_create_customer
from bookbot.store.models import ConversationRow, MessageRow
from bookbot.store.outbox import OutboxItem


def outbox_conversation(
    session: Session, *, item: OutboxItem, channel: str | None
) -> ConversationRecord:
    """The conversation an outbox row belongs to.

    A reply's is its stored message's. Otherwise the customer's conversation on
    `channel` (created if new), or with `channel` None the one the customer
    wrote in last (the chat page's, for someone trying bookbot locally).
    ValueError when the row's phone number cannot be a customer's.
    """
    message = _stored_message(session, item)
    if message is not None:
        return get_conversation(session, conversation_id=message.conversation_id)
    customer_id = item.customer_id or get_or_create_customer(session, phone=item.phone).id
    if channel is None:
        latest = session.scalar(
            select(ConversationRow.id)
            .where(ConversationRow.customer_id == customer_id)
            .order_by(
                ConversationRow.last_inbound_at.is_(None),
                ConversationRow.last_inbound_at.desc(),
                ConversationRow.id.desc(),
            )
            .limit(1)
        )
        if latest is not None:
            return get_conversation(session, conversation_id=latest)
    return get_or_create_conversation(
        session, customer_id=customer_id, channel=channel or "whatsapp"
    )


def record_sent(
    session: Session,
    *,
    item: OutboxItem,
    buttons: Sequence[tuple[str, str]],
    provider_id: str | None,
    now: datetime,
    channel: str | None,
) -> int:
    """Mark the row's stored outbound message sent, with the provider's id (recording
    the message now, with its reply buttons, if the row had none); its id."""
    row = _stored_message(session, item)
    if row is None:
        conversation = outbox_conversation(session, item=item, channel=channel)
        record = record_outbound(
            session,
            conversation_id=conversation.id,
            text=str(item.body.get("text", "")),
            at=now,
            status="sent",
            kind=item.kind,
        )
        row = session.get_one(MessageRow, record.id)
        if buttons:
            row.payload = {**(row.payload or {}), "buttons": [list(b) for b in buttons]}
    row.status = "sent"
    row.payload = {**(row.payload or {}), "outbox_id": item.id}
    if provider_id is not None:
        row.wa_message_id = provider_id
    session.flush()
    return row.id


def mark_message_failed(session: Session, *, item: OutboxItem, error: str) -> None:
    """A reply that could not be sent shows as failed on its stored message too."""
    row = _stored_message(session, item)
    if row is not None:
        row.status = "failed"
        row.payload = {**(row.payload or {}), "outbox_id": item.id, "error": error}
        session.flush()


def _stored_message(session: Session, item: OutboxItem) -> MessageRow | None:
    message_id = item.body.get("message_id")
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        return None
    return session.get(MessageRow, message_id)
