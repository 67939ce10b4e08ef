"""Booking status changes: the state machine and its audit trail.

    confirmed ──> completed    (terminal)
              ├─> no_show      (terminal)
              └─> cancelled    (terminal)

Any other change raises `InvalidTransitionError` ("booking 12 is completed; it
cannot become cancelled"). Each change writes a `booking_events` row and returns
it as a `BookingEventRecord`, so the worker can react to completions
(`events_since`). When the last session of a group is completed the group is
completed too.

These take a `Session` and never commit. `customer_id` scopes a change to one
customer (the bot acting for them); None is for admins and the worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bookbot.core.errors import InvalidTransitionError, NotFoundError
from bookbot.core.types import BookingStatus
from bookbot.store.columns import utc
from bookbot.store.lookup import customer_group, event_record
from bookbot.store.models import NUMBERED_STATUSES, BookingEventRow, BookingRow, SessionGroupRow
from bookbot.store.records import BookingEventRecord

TRANSITIONS: Mapping[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.CONFIRMED: frozenset(
        {BookingStatus.COMPLETED, BookingStatus.NO_SHOW, BookingStatus.CANCELLED}
    ),
    BookingStatus.COMPLETED: frozenset(),
    BookingStatus.NO_SHOW: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
}


def can_transition(current: BookingStatus, target: BookingStatus) -> bool:
    return target in TRANSITIONS[current]


def _words(status: BookingStatus) -> str:
    return status.value.replace("_", " ")


def _transition(
    session: Session,
    row: BookingRow,
    target: BookingStatus,
    *,
    actor: str,
    at: datetime,
    note: str | None,
) -> BookingEventRecord:
    current = BookingStatus(row.status)
    if not can_transition(current, target):
        raise InvalidTransitionError(
            f"booking {row.id} is {_words(current)}; it cannot become {_words(target)}"
        )
    moment = utc(at)
    row.status, row.updated_at = target.value, moment
    event = BookingEventRow(
        booking_id=row.id,
        from_status=current.value,
        to_status=target.value,
        at=moment,
        actor=actor,
        note=note,
    )
    session.add(event)
    session.flush()
    if target is BookingStatus.COMPLETED:
        _complete_group_when_done(session, row.group)
    return event_record(event, row)


def _complete_group_when_done(session: Session, group: SessionGroupRow) -> None:
    done = session.scalar(
        select(func.count()).where(
            BookingRow.session_group_id == group.id, BookingRow.status == "completed"
        )
    )
    if (done or 0) >= group.total_sessions and group.status == "active":
        group.status = "completed"
        session.flush()


def _locked_booking(session: Session, booking_id: int) -> BookingRow | None:
    """The row, re-read under a row lock (PostgreSQL) so two changes queue up."""
    return session.scalar(
        select(BookingRow)
        .where(BookingRow.id == booking_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def set_status(
    session: Session,
    *,
    booking_id: int,
    status: BookingStatus | str,
    actor: str,
    at: datetime,
    note: str | None = None,
    customer_id: int | None = None,
) -> BookingEventRecord:
    """Move booking `booking_id` to `status`; returns the audit event."""
    target = BookingStatus(status)
    row = _locked_booking(session, booking_id)
    if row is None or (customer_id is not None and row.customer_id != customer_id):
        raise NotFoundError(f"no booking {booking_id}")
    return _transition(session, row, target, actor=actor, at=at, note=note)


def set_session_status(
    session: Session,
    *,
    group_id: uuid.UUID,
    session_number: int,
    status: BookingStatus | str,
    actor: str,
    at: datetime,
    note: str | None = None,
    customer_id: int | None = None,
) -> BookingEventRecord:
    """`set_status` for session `session_number` of a group.

    The booking that holds the number (confirmed or completed) is the one meant;
    failing that, the latest booking with that number, so the error explains why.
    """
    customer_group(session, group_id=group_id, customer_id=customer_id)
    candidates = session.scalars(
        select(BookingRow.id)
        .where(BookingRow.session_group_id == group_id, BookingRow.session_number == session_number)
        .order_by(BookingRow.status.in_(NUMBERED_STATUSES).desc(), BookingRow.id.desc())
        .limit(1)
    ).all()
    if not candidates:
        raise NotFoundError(f"plan {group_id} has no session {session_number}")
    return set_status(
        session, booking_id=candidates[0], status=status, actor=actor, at=at, note=note
    )


def complete_session(
    session: Session,
    *,
    group_id: uuid.UUID,
    session_number: int,
    actor: str,
    at: datetime,
    note: str | None = None,
    customer_id: int | None = None,
) -> BookingEventRecord:
    """Record that session `session_number` of the group took place."""
    return set_session_status(
        session,
        group_id=group_id,
        session_number=session_number,
        status=BookingStatus.COMPLETED,
        actor=actor,
        at=at,
        note=note,
        customer_id=customer_id,
    )


def cancel_group(
    session: Session,
    *,
    group_id: uuid.UUID,
    actor: str,
    at: datetime,
    note: str | None = None,
    customer_id: int | None = None,
) -> list[BookingEventRecord]:
    """Cancel every confirmed session of an active group, and the group itself."""
    group = customer_group(session, group_id=group_id, customer_id=customer_id)
    if group.status != "active":
        raise InvalidTransitionError(f"plan {group_id} is {group.status}; it cannot be cancelled")
    confirmed = session.scalars(
        select(BookingRow.id)
        .where(BookingRow.session_group_id == group_id, BookingRow.status == "confirmed")
        .order_by(BookingRow.session_number)
    ).all()
    events = [
        set_status(session, booking_id=b, status="cancelled", actor=actor, at=at, note=note)
        for b in confirmed
    ]
    group.status = "cancelled"
    session.flush()
    return events


def events_since(
    session: Session,
    *,
    after_id: int = 0,
    to_statuses: Iterable[BookingStatus | str] | None = None,
    limit: int = 500,
) -> list[BookingEventRecord]:
    """Audit events newer than `after_id`, oldest first (the worker's feed; all
    customers). `to_statuses` keeps only changes into those statuses."""
    query = (
        select(BookingEventRow, BookingRow)
        .join(BookingRow, BookingRow.id == BookingEventRow.booking_id)
        .where(BookingEventRow.id > after_id)
        .order_by(BookingEventRow.id)
        .limit(limit)
    )
    if to_statuses is not None:
        wanted = [BookingStatus(s).value for s in to_statuses]
        query = query.where(BookingEventRow.to_status.in_(wanted))
    return [event_record(event, booking) for event, booking in session.execute(query)]
