"""Conversation transcripts for the admin API: messages with the agent turn that
produced each reply (model, tokens, latency) and that turn's tool calls.

A reply and its turn are written in one transaction by the agent service
(`record_outbound` then `record_turn`), so within a conversation the n-th reply
(an outbound message whose payload kind is "reply") belongs to the n-th turn.
Proactive messages (reminders, outreach) are outbound messages of other kinds
and have no turn. Both functions take a `Session` and never write.

Each outbound message carries its delivery (`Delivery`): the status WhatsApp
reported last (sent, delivered, read, failed) with the time of each, or, while
the message waits in the outbox, "queued" with the next try and the last error
(a failed outbox row makes it "failed").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bookbot.store.customers import normalize_phone
from bookbot.store.lookup import conversation_with_customer
from bookbot.store.models import (
    ConversationRow,
    CustomerRow,
    MessageRow,
    OutboxRow,
    ToolCallRow,
    TurnRow,
)
from bookbot.store.records import CustomerRecord


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    id: int
    customer: CustomerRecord
    channel: str
    messages: int
    turns: int
    last_message_at: datetime | None


@dataclass(frozen=True, slots=True)
class ToolCallEntry:
    id: int
    name: str
    arguments: dict[str, Any]
    result: dict[str, Any] | None
    is_error: bool
    latency_ms: int | None


@dataclass(frozen=True, slots=True)
class TurnEntry:
    id: int
    started_at: datetime
    model: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_ms: int | None
    error: str | None
    tool_calls: tuple[ToolCallEntry, ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of an outbound message."""

    status: str
    """queued, sent, delivered, read or failed."""
    seen: dict[str, str]
    """{status: ISO time} of each status WhatsApp reported."""
    error: str | None = None
    attempts: int = 0
    next_try: datetime | None = None


@dataclass(frozen=True, slots=True)
class MessageEntry:
    id: int
    direction: str
    text: str
    at: datetime
    status: str | None
    kind: str | None
    """The outbound payload's kind ("reply", "reminder", ...); None for inbound."""
    turn: TurnEntry | None
    delivery: Delivery | None = None
    """Outbound messages only."""
    by: str | None = None
    """Who wrote it, for a message staff wrote (human handoff)."""


@dataclass(frozen=True, slots=True)
class Transcript:
    conversation: ConversationSummary
    messages: tuple[MessageEntry, ...]
    unmatched_turns: tuple[TurnEntry, ...]
    """Turns without a stored reply (none unless rows were edited by hand)."""


def _per_conversation(session: Session, query: Select[int, Any]) -> dict[int, Any]:
    return {key: value for key, value in session.execute(query)}


def _summaries(
    session: Session, rows: list[tuple[ConversationRow, CustomerRow]]
) -> list[ConversationSummary]:
    ids = [c.id for c, _ in rows]
    counts = _per_conversation(
        session,
        select(MessageRow.conversation_id, func.count())
        .where(MessageRow.conversation_id.in_(ids))
        .group_by(MessageRow.conversation_id),
    )
    lasts = _per_conversation(
        session,
        select(MessageRow.conversation_id, func.max(MessageRow.created_at))
        .where(MessageRow.conversation_id.in_(ids))
        .group_by(MessageRow.conversation_id),
    )
    turns = _per_conversation(
        session,
        select(TurnRow.conversation_id, func.count())
        .where(TurnRow.conversation_id.in_(ids))
        .group_by(TurnRow.conversation_id),
    )
    return [
        ConversationSummary(
            id=c.id,
            customer=CustomerRecord(id=p.id, phone=p.phone, name=p.name),
            channel=c.channel,
            messages=counts.get(c.id, 0),
            turns=turns.get(c.id, 0),
            last_message_at=lasts.get(c.id),
        )
        for c, p in rows
    ]


def list_conversations(
    session: Session, *, phone: str | None = None, limit: int = 100
) -> list[ConversationSummary]:
    """Conversations with a message, the most recently created first; a bad phone
    raises ValueError. (Acting for a customer opens a conversation for its proposals
    before anything is said in it.)"""
    said = select(MessageRow.id).where(MessageRow.conversation_id == ConversationRow.id)
    query = (
        select(ConversationRow, CustomerRow)
        .join(CustomerRow, CustomerRow.id == ConversationRow.customer_id)
        .where(said.exists())
    )
    if phone is not None:
        query = query.where(CustomerRow.phone == normalize_phone(phone))
    query = query.order_by(ConversationRow.id.desc()).limit(limit)
    return _summaries(session, [(c, p) for c, p in session.execute(query)])


def _turns(session: Session, conversation_id: int) -> list[TurnEntry]:
    calls: dict[int, list[ToolCallEntry]] = {}
    for row in session.scalars(
        select(ToolCallRow)
        .where(ToolCallRow.conversation_id == conversation_id)
        .order_by(ToolCallRow.id)
    ):
        if row.turn_id is not None:
            calls.setdefault(row.turn_id, []).append(
                ToolCallEntry(
                    row.id, row.name, row.arguments, row.result, row.is_error, row.latency_ms
                )
            )
    return [
        TurnEntry(
            id=t.id,
            started_at=t.started_at,
            model=t.model,
            prompt_tokens=t.prompt_tokens,
            completion_tokens=t.completion_tokens,
            latency_ms=t.latency_ms,
            error=t.error,
            tool_calls=tuple(calls.get(t.id, ())),
        )
        for t in session.scalars(
            select(TurnRow).where(TurnRow.conversation_id == conversation_id).order_by(TurnRow.id)
        )
    ]


def _outbox_by_message(session: Session, customer: CustomerRow) -> dict[int, OutboxRow]:
    """The customer's outbox rows by the stored message they send (replies name it)."""
    rows = session.scalars(
        select(OutboxRow).where(
            (OutboxRow.customer_id == customer.id) | (OutboxRow.phone == customer.phone)
        )
    )
    found: dict[int, OutboxRow] = {}
    for row in rows:
        message_id = (row.body or {}).get("message_id")
        if isinstance(message_id, int) and not isinstance(message_id, bool):
            found[message_id] = row
    return found


def delivery(message: MessageRow, outbox_row: OutboxRow | None) -> Delivery:
    payload = message.payload or {}
    seen = {str(k): str(v) for k, v in (payload.get("statuses") or {}).items()}
    status = message.status or "queued"
    error = payload.get("error")
    if outbox_row is None or status not in ("queued", "sent"):
        return Delivery(status, seen, error)
    if outbox_row.status == "failed":
        return Delivery("failed", seen, outbox_row.last_error, outbox_row.attempts)
    if outbox_row.status == "pending":
        return Delivery(
            "queued",
            seen,
            outbox_row.last_error,
            outbox_row.attempts,
            outbox_row.send_after,
        )
    return Delivery("sent" if status == "queued" else status, seen, error, outbox_row.attempts)


def transcript(session: Session, *, conversation_id: int) -> Transcript:
    row = conversation_with_customer(session, conversation_id)
    summary = _summaries(session, [row])[0]
    outbox_rows = _outbox_by_message(session, row[1])
    pending = _turns(session, conversation_id)
    pending.reverse()
    entries = []
    for message in session.scalars(
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation_id)
        .order_by(MessageRow.id)
    ):
        kind = (message.payload or {}).get("kind") if message.direction == "outbound" else None
        turn = pending.pop() if kind == "reply" and pending else None
        sent = None
        if message.direction == "outbound":
            sent = delivery(message, outbox_rows.get(message.id))
        entries.append(
            MessageEntry(
                message.id,
                message.direction,
                message.text,
                message.created_at,
                message.status if sent is None else sent.status,
                kind,
                turn,
                sent,
                (message.payload or {}).get("by") if kind == "staff" else None,
            )
        )
    pending.reverse()
    return Transcript(summary, tuple(entries), tuple(pending))
