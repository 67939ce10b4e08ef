"""The conversation side of outbox delivery: which conversation a row belongs to,
and the stored outbound message that shows what was sent (or that it failed).

A reply's outbox row names its stored message (`body["message_id"]`); a
proactive row has none until it is sent, and then gets one in the customer's
conversation, so transcripts show what the worker said. Functions take a
Session; the caller owns the transaction.

The delivery's hot path reads and writes these for a whole batch of rows:
`send_contexts` reads every row's conversation (window, handoff, stored message)
in one query, `record_sent_many` and `mark_messages_failed_many` write the stored
messages in one or two statements (the JSON payload merged in SQL, not re-read).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CompoundSelect, bindparam, insert, literal, select, text, union_all
from sqlalchemy.orm import Session

from bookbot.store.columns import utc
from bookbot.store.conversations import (
    ConversationRecord,
    get_conversation,
    get_or_create_conversation,
    outbound_values,
)
from bookbot.store.customers import get_or_create_customer
from bookbot.store.models import BookingRow, ConversationRow, MessageRow
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


def _stored_message(session: Session, item: OutboxItem) -> MessageRow | None:
    message_id = item.body.get("message_id")
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        return None
    return session.get(MessageRow, message_id)


@dataclass(frozen=True, slots=True)
class SendContext:
    """What sending an outbox row needs from its conversation."""

    conversation_id: int
    last_inbound_at: datetime | None
    handoff_status: str | None
    message_id: int | None = None
    """The stored outbound message the row delivers (a reply's); None: recorded when sent."""


_CONVERSATION_COLUMNS = (
    ConversationRow.id.label("conversation_id"),
    ConversationRow.customer_id,
    ConversationRow.channel,
    ConversationRow.last_inbound_at,
    ConversationRow.handoff_status,
)
_CONTEXTS: CompoundSelect[Any] = union_all(
    select(MessageRow.id.label("message_id"), *_CONVERSATION_COLUMNS)
    .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
    .where(MessageRow.id.in_(bindparam("message_ids", expanding=True))),
    select(literal(None).label("message_id"), *_CONVERSATION_COLUMNS).where(
        ConversationRow.customer_id.in_(bindparam("customer_ids", expanding=True))
    ),
)


def send_contexts(
    session: Session, *, items: Sequence[OutboxItem], channel: str | None
) -> dict[int, SendContext | str]:
    """Each row's `SendContext` (by outbox id), as `outbox_conversation` finds it, or
    why it cannot be sent (a phone number nobody can have).

    One query reads the stored messages' conversations and the customers'
    conversations for the whole batch; a row whose customer or conversation does
    not exist yet (a proactive message to someone new) takes `outbox_conversation`,
    which creates them."""
    message_ids = {item.id: stored_message_id(item) for item in items}
    customer_ids = {
        item.customer_id
        for item in items
        if message_ids[item.id] is None and item.customer_id is not None
    }
    params = {
        "message_ids": sorted({m for m in message_ids.values() if m is not None}),
        "customer_ids": sorted(customer_ids),
    }
    by_message: dict[int, SendContext] = {}
    by_customer: dict[int, list[Any]] = {}
    if params["message_ids"] or params["customer_ids"]:
        for row in session.connection().execute(_CONTEXTS, params):
            message_id, conversation_id, customer_id, _, last_inbound, handoff = row
            if message_id is not None:
                by_message[message_id] = SendContext(
                    conversation_id, last_inbound, handoff, message_id
                )
            else:
                by_customer.setdefault(customer_id, []).append(row)
    contexts: dict[int, SendContext | str] = {}
    for item in items:
        message_id = message_ids[item.id]
        found = by_message.get(message_id) if message_id is not None else None
        if found is None and item.customer_id is not None:
            found = _customers_conversation(by_customer.get(item.customer_id, []), channel)
        contexts[item.id] = found if found is not None else _created(session, item, channel)
    return contexts


def _customers_conversation(rows: list[Any], channel: str | None) -> SendContext | None:
    """The conversation `outbox_conversation` picks among a customer's: the one on
    `channel`, or with `channel` None the one written in last."""
    if channel is not None:
        rows = [row for row in rows if row.channel == channel]
    if not rows:
        return None
    if channel is None:  # latest inbound first, never-written last, then the newest
        rows = sorted(
            rows,
            key=lambda r: (r.last_inbound_at is not None, r.last_inbound_at, r.conversation_id),
            reverse=True,
        )
    row = rows[0]
    return SendContext(row.conversation_id, row.last_inbound_at, row.handoff_status)


def _created(session: Session, item: OutboxItem, channel: str | None) -> SendContext | str:
    try:
        conversation = outbox_conversation(session, item=item, channel=channel)
    except ValueError as exc:  # a phone number nobody can have
        return f"recipient: {exc}"
    return SendContext(conversation.id, conversation.last_inbound_at, conversation.handoff_status)


@dataclass(frozen=True, slots=True)
class SentMessage:
    """An outbox row that went out, for `record_sent_many`."""

    item: OutboxItem
    context: SendContext
    provider_id: str | None
    buttons: Sequence[tuple[str, str]] = ()


_INSERT_SENT = insert(MessageRow)
_UPDATE_PG = text(
    """UPDATE messages SET status = v.status,
    wa_message_id = coalesce(v.pid, messages.wa_message_id),
    payload = (CASE WHEN jsonb_typeof(messages.payload) = 'object'
               THEN messages.payload ELSE '{}'::jsonb END) || CAST(v.extra AS jsonb)
FROM unnest(CAST(:ids AS integer[]), CAST(:statuses AS text[]),
            CAST(:pids AS text[]), CAST(:extras AS text[])) AS v(id, status, pid, extra)
WHERE messages.id = v.id"""
)
_UPDATE_SQLITE = text(
    """UPDATE messages SET status = :status,
    wa_message_id = coalesce(:pid, wa_message_id),
    payload = json_patch(CASE WHEN json_type(payload) = 'object' THEN payload ELSE '{}' END,
                         :extra)
WHERE id = :id"""
)


def record_sent_many(session: Session, *, sent: Sequence[SentMessage], now: datetime) -> None:
    """Mark each sent row's stored message sent, with the provider's id and its outbox
    row, in one statement; the messages of rows that had none (reminders, outreach)
    are inserted in one more, with their reply buttons."""
    updates = [
        (s.context.message_id, "sent", s.provider_id, {"outbox_id": s.item.id})
        for s in sent
        if s.context.message_id is not None
    ]
    _update_messages(session, updates)
    new = [_sent_values(s, now) for s in sent if s.context.message_id is None]
    if new:
        session.connection().execute(_INSERT_SENT, new)


def mark_messages_failed_many(session: Session, *, failed: Sequence[tuple[int, int, str]]) -> None:
    """Replies that could not be sent show as failed on their stored messages too,
    for a batch of `(message id, outbox id, error)`."""
    updates = [
        (message_id, "failed", None, {"outbox_id": outbox_id, "error": error})
        for message_id, outbox_id, error in failed
    ]
    _update_messages(session, updates)


def _sent_values(sent: SentMessage, now: datetime) -> dict[str, Any]:
    """The messages row of a sent proactive message."""
    values = outbound_values(
        conversation_id=sent.context.conversation_id,
        text=str(sent.item.body.get("text", "")),
        at=now,
        chat=None,
        status="sent",
        kind=sent.item.kind,
        buttons=sent.buttons,
        shown=(),
    )
    values["payload"]["outbox_id"] = sent.item.id
    values["wa_message_id"] = sent.provider_id
    return values


def _update_messages(
    session: Session, updates: Sequence[tuple[int | None, str, str | None, dict[str, Any]]]
) -> None:
    """Set each `(message id, status, provider id, payload additions)`: the provider
    id only when given, the additions merged into the payload in SQL."""
    if not updates:
        return
    if session.get_bind().dialect.name == "postgresql":
        params = {
            "ids": [u[0] for u in updates],
            "statuses": [u[1] for u in updates],
            "pids": [u[2] for u in updates],
            "extras": [json.dumps(u[3]) for u in updates],
        }
        session.connection().execute(_UPDATE_PG, params)
        return
    rows = [{"id": u[0], "status": u[1], "pid": u[2], "extra": json.dumps(u[3])} for u in updates]
    session.connection().execute(_UPDATE_SQLITE, rows)


def stored_message_id(item: OutboxItem) -> int | None:
    """The stored outbound message the row delivers (`body["message_id"]`), if any."""
    message_id = item.body.get("message_id")
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        return None
    return message_id


_CONFIRMED = select(BookingRow.id, BookingRow.start_at).where(
    BookingRow.id.in_(bindparam("ids", expanding=True)), BookingRow.status == "confirmed"
)


def confirmed_starts(session: Session, *, booking_ids: Sequence[int]) -> dict[int, datetime]:
    """The start of each of these bookings that is still confirmed (one query; the
    stale rule, for a batch of reminders)."""
    if not booking_ids:
        return {}
    rows = session.connection().execute(_CONFIRMED, {"ids": sorted(set(booking_ids))})
    return {booking_id: utc(start) for booking_id, start in rows}
