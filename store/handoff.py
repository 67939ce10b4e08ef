"""Human handoff in the store: which conversations wait for a person or were taken
over by one, and the customer messages the bot holds for them meanwhile.

A conversation's `handoff_status` is None while the bot answers, "requested" once
the customer asked for a person, "taken" once staff took it over (or replied);
`handoff_since` is when that happened or staff last acted, `handoff_by` who. A
customer message that arrives while a thread is handed off is stored `held`: it
is in the history the bot reads when the thread comes back, and never answered
by the bot. Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bookbot.store.columns import db_now, utc
from bookbot.store.conversations import STAFF_KIND
from bookbot.store.lookup import conversation_with_customer
from bookbot.store.models import ConversationRow, CustomerRow, MessageRow
from bookbot.store.turn_queue import PROCESSING, ClaimLost

REQUESTED, TAKEN = "requested", "taken"
HELD = "held"
"""The status of a customer message the bot keeps for staff (not answered by it)."""
STAFF = STAFF_KIND
"""The payload kind of a message staff wrote from the admin (`{"kind": "staff", "by": ...}`)."""


@dataclass(frozen=True, slots=True)
class HandoffState:
    """A conversation's handoff as the admin sees it."""

    conversation_id: int
    customer_id: int
    phone: str
    name: str | None
    channel: str
    status: str | None
    since: datetime | None
    by: str | None
    last_inbound_at: datetime | None


@dataclass(frozen=True, slots=True)
class Waiting:
    """One thread of the inbox: its handoff, how many customer messages are held
    since staff last wrote, and since when the customer waits (None: staff wrote last)."""

    thread: HandoffState
    held: int
    waiting_since: datetime | None
    last_text: str | None


def _state(row: Any) -> HandoffState:
    conversation, customer = row
    return HandoffState(
        conversation.id,
        customer.id,
        customer.phone,
        customer.name,
        conversation.channel,
        conversation.handoff_status,
        conversation.handoff_since,
        conversation.handoff_by,
        conversation.last_inbound_at,
    )


def thread_state(session: Session, *, conversation_id: int) -> HandoffState:
    """The conversation's handoff; NotFoundError for an unknown id."""
    return _state(conversation_with_customer(session, conversation_id))


def _set(session: Session, conversation_id: int, **values: Any) -> None:
    session.execute(
        update(ConversationRow)
        .where(ConversationRow.id == conversation_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def request(session: Session, *, conversation_id: int, now: datetime) -> None:
    """The customer asked for a person: the thread waits for staff (a thread staff
    took over already stays theirs)."""
    session.execute(
        update(ConversationRow)
        .where(ConversationRow.id == conversation_id, ConversationRow.handoff_status.is_(None))
        .values(handoff_status=REQUESTED, handoff_since=utc(now), handoff_by=None)
        .execution_options(synchronize_session=False)
    )


def take_over(session: Session, *, conversation_id: int, by: str, now: datetime) -> None:
    """Staff member `by` answers this thread from now on (also a thread the bot had)."""
    _set(session, conversation_id, handoff_status=TAKEN, handoff_since=utc(now), handoff_by=by)


def hand_back(session: Session, *, conversation_id: int) -> None:
    """The bot answers the thread again (held messages stay in its history)."""
    _set(session, conversation_id, handoff_status=None, handoff_since=None, handoff_by=None)


def hold(session: Session, *, message_id: int, owner: str | None = None) -> None:
    """Keep the customer's message for staff: stored `held`, never answered by the bot.

    With `owner` (the queue that claimed it), only while that claim holds
    (`ClaimLost` otherwise, as for a reply)."""
    query = update(MessageRow).where(MessageRow.id == message_id)
    if owner is not None:
        query = query.where(MessageRow.status == PROCESSING, MessageRow.claimed_by == owner)
    result = session.connection().execute(query.values(status=HELD, closed_at=db_now()))
    if owner is not None and result.rowcount != 1:
        raise ClaimLost(f"message {message_id}: the claim of {owner} was lost")


def inbox(session: Session) -> list[Waiting]:
    """Every thread handed off or taken over; the ones whose customer waits first,
    the longest waiting first, then the others by when they were handed off."""
    rows = session.execute(
        select(ConversationRow, CustomerRow)
        .join(CustomerRow, CustomerRow.id == ConversationRow.customer_id)
        .where(ConversationRow.handoff_status.is_not(None))
        .order_by(ConversationRow.handoff_since, ConversationRow.id)
    ).all()
    threads = [_state(row) for row in rows]
    ids = [t.conversation_id for t in threads]
    if not ids:
        return []
    last_staff = dict(
        session.execute(
            select(MessageRow.conversation_id, func.max(MessageRow.id))
            .where(
                MessageRow.conversation_id.in_(ids),
                MessageRow.direction == "outbound",
                MessageRow.payload["kind"].as_string() == STAFF,
            )
            .group_by(MessageRow.conversation_id)
        ).all()
    )
    held: dict[int, list[tuple[int, datetime, str]]] = {}
    for conversation_id, message_id, at, text in session.execute(
        select(MessageRow.conversation_id, MessageRow.id, MessageRow.created_at, MessageRow.text)
        .where(MessageRow.conversation_id.in_(ids), MessageRow.status == HELD)
        .order_by(MessageRow.id)
    ):
        if message_id > last_staff.get(conversation_id, 0):
            held.setdefault(conversation_id, []).append((message_id, at, text))
    waiting = [_waiting(t, held.get(t.conversation_id, [])) for t in threads]
    return sorted(waiting, key=_inbox_order)


def _waiting(thread: HandoffState, held: list[tuple[int, datetime, str]]) -> Waiting:
    """A requested thread waits since the request (or an earlier held message); a
    taken one since the first message held after staff last wrote (None: none)."""
    starts = [held[0][1]] if held else []
    if thread.status == REQUESTED and thread.since is not None:
        starts.append(thread.since)
    since = min(starts, default=None)
    return Waiting(thread, len(held), since, held[-1][2] if held else None)


def _inbox_order(item: Waiting) -> tuple[bool, datetime, int]:
    moment = item.waiting_since or item.thread.since
    earliest = datetime.min.replace(tzinfo=UTC)
    return (item.waiting_since is None, moment or earliest, item.thread.conversation_id)
