"""Inside a booking transaction: counting a slot, numbering sessions, the audit row.

These run after `lock_services`, inside `write_session`; they flush, never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.core.errors import SlotTakenError
from bookbot.core.types import Plan, PlannedSession
from bookbot.store.columns import utc
from bookbot.store.models import (
    MAX_SESSION,
    NUMBERED_STATUSES,
    SLOT_STATUSES,
    BookingEventRow,
    BookingRow,
    ServiceRow,
    SessionGroupRow,
)

RENUMBER_OFFSET = 1000
"""Parking numbers while renumbering (plans have at most 100 sessions)."""


def overlapping_count(
    session: Session, *, service_pk: int, start: datetime, end: datetime, exclude_id: int = 0
) -> int:
    """Slot-holding bookings of the service (database id) overlapping [start, end)."""
    query = select(func.count()).where(
        BookingRow.service_id == service_pk,
        BookingRow.start_at < end,
        BookingRow.start_at > start - MAX_SESSION,
        BookingRow.end_at > start,
        BookingRow.status.in_(SLOT_STATUSES),
        BookingRow.id != exclude_id,
    )
    return session.scalar(query) or 0


def local_text(business: Business, moment: datetime) -> str:
    local = moment.astimezone(business.zone)
    return f"{local:%a %Y-%m-%d %H:%M} ({business.timezone})"


def checked_sessions(plan: Plan, total: int) -> list[PlannedSession]:
    """The plan's sessions by number, times in UTC. Plans come from the core, so a
    malformed one is a bug (ValueError), not a race."""
    numbers = [s.number for s in plan.sessions]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"the plan names a session twice: {sorted(numbers)}")
    out = []
    for planned in sorted(plan.sessions, key=lambda s: s.number):
        start, end = utc(planned.start), utc(planned.end)
        if not 1 <= planned.number <= total:
            raise ValueError(f"session {planned.number} is outside a {total}-session plan")
        if not start < end <= start + MAX_SESSION:
            raise ValueError(f"session {planned.number} must last more than 0 and at most 24 h")
        out.append(PlannedSession(planned.number, start, end, planned.name))
    return out


def ensure_free(session: Session, business: Business, service: ServiceRow, row: BookingRow) -> None:
    """SlotTakenError unless the flushed `row` fits the service's capacity."""
    taken = overlapping_count(
        session, service_pk=service.id, start=row.start_at, end=row.end_at, exclude_id=row.id
    )
    if taken >= service.capacity:
        raise SlotTakenError(
            f"session {row.session_number} on {local_text(business, row.start_at)} is no "
            "longer free; nothing was booked"
        )


def add_event(
    session: Session,
    row: BookingRow,
    *,
    before: str | None,
    at: datetime,
    actor: str,
    note: str | None,
) -> BookingEventRow:
    event = BookingEventRow(
        booking_id=row.id, from_status=before, to_status=row.status, at=at, actor=actor, note=note
    )
    session.add(event)
    return event


def numbered(session: Session, group: SessionGroupRow) -> dict[int, BookingRow]:
    """The group's bookings that hold a session number, by number."""
    rows = session.scalars(
        select(BookingRow).where(
            BookingRow.session_group_id == group.id, BookingRow.status.in_(NUMBERED_STATUSES)
        )
    )
    return {r.session_number: r for r in rows}


def renumber(
    session: Session,
    group: SessionGroupRow,
    pairs: tuple[tuple[int, int], ...],
    *,
    at: datetime,
    actor: str,
) -> None:
    """Give confirmed sessions their new numbers, in two steps so that the unique
    index on (group, number) holds after every row."""
    if not pairs:
        return
    rows = numbered(session, group)
    moving: list[tuple[BookingRow, int]] = []
    for old, new in pairs:
        row = rows.get(old)
        if row is None or row.status != "confirmed":
            raise SlotTakenError(
                f"session {old} changed since the plan was made; nothing was booked"
            )
        moving.append((row, new))
    for row, _new in moving:
        row.session_number += RENUMBER_OFFSET
    session.flush()
    for row, new in moving:
        old = row.session_number - RENUMBER_OFFSET
        row.session_number, row.updated_at = new, at
        note = f"renumbered from {old}"
        add_event(session, row, before=row.status, at=at, actor=actor, note=note)
    session.flush()
