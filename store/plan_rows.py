"""Writing a booked plan in few statements: the group, the capacity check, the rows.

`book_plan` runs these after `lock_services` and the proposal's claim, inside
`write_session`. They write with Core statements on the session's connection
(write-only rows: nothing is read back but the new bookings' ids):

- `insert_group`: the new session group, its id made here (no read-back);
- `ensure_plan_free`: one read of the service's slot-holding bookings that
  overlap any session of the plan, counted per session in Python; under the
  service's lock this is the count `ensure_free` makes after each insert, made
  once before them (a session also counts the plan's earlier sessions it overlaps,
  as the one-by-one inserts did);
- `insert_bookings`: every session in one multi-row INSERT ... RETURNING, then
  their audit rows in one more.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.orm import Session

from bookbot.core.config import Business, Service
from bookbot.core.errors import SlotTakenError
from bookbot.core.types import BookingStatus, PlannedSession
from bookbot.store.models import (
    MAX_SESSION,
    SLOT_STATUSES,
    BookingEventRow,
    BookingRow,
    ServiceRow,
    SessionGroupRow,
)
from bookbot.store.records import BookingRecord, GroupRecord
from bookbot.store.slots import local_text

_INSERT_GROUP = insert(SessionGroupRow)
_INSERT_BOOKINGS = insert(BookingRow).returning(
    BookingRow.id, BookingRow.session_number, sort_by_parameter_order=True
)
_INSERT_EVENTS = insert(BookingEventRow)


def insert_group(
    session: Session, spec: Service, service: ServiceRow, customer_id: int, at: datetime
) -> GroupRecord:
    """A new active group of the customer for `service` (its package expiry from `at`).

    The customers row's foreign key refuses an unknown customer (IntegrityError)."""
    expiry = spec.package_expiry_days
    group = GroupRecord(
        id=uuid.uuid4(),
        customer_id=customer_id,
        service_id=service.slug,
        strategy=spec.multi_session_strategy.value,
        total_sessions=spec.total_sessions,
        status="active",
        created_at=at,
        package_expires_at=at + timedelta(days=expiry) if expiry else None,
    )
    values = {
        "id": group.id,
        "customer_id": customer_id,
        "service_id": service.id,
        "strategy": group.strategy,
        "total_sessions": group.total_sessions,
        "status": group.status,
        "created_at": at,
        "package_expires_at": group.package_expires_at,
    }
    session.connection().execute(_INSERT_GROUP, values)
    return group


def ensure_plan_free(
    session: Session, business: Business, service: ServiceRow, planned: list[PlannedSession]
) -> None:
    """SlotTakenError naming the first session (by number) the service's capacity
    cannot take; one read. Call it under the service's lock."""
    overlaps = [
        and_(
            BookingRow.start_at < p.end,
            BookingRow.start_at > p.start - MAX_SESSION,
            BookingRow.end_at > p.start,
        )
        for p in planned
    ]
    held = session.connection().execute(
        select(BookingRow.start_at, BookingRow.end_at).where(
            BookingRow.service_id == service.id,
            BookingRow.status.in_(SLOT_STATUSES),
            or_(*overlaps),
        )
    )
    intervals = [(start, end) for start, end in held]
    for index, p in enumerate(planned):
        earlier = [(s.start, s.end) for s in planned[:index]]
        taken = sum(1 for start, end in intervals + earlier if start < p.end and end > p.start)
        if taken >= service.capacity:
            raise SlotTakenError(
                f"session {p.number} on {local_text(business, p.start)} is no "
                "longer free; nothing was booked"
            )


def insert_bookings(
    session: Session,
    group: GroupRecord,
    service: ServiceRow,
    planned: list[PlannedSession],
    *,
    at: datetime,
    actor: str,
) -> tuple[BookingRecord, ...]:
    """The plan's sessions as confirmed bookings of `group`, with their "booked"
    audit rows: two statements."""
    status = BookingStatus.CONFIRMED
    rows = [
        {
            "session_group_id": group.id,
            "service_id": service.id,
            "customer_id": group.customer_id,
            "session_number": p.number,
            "total_sessions": group.total_sessions,
            "is_part_of_multi_session": group.total_sessions > 1,
            "start_at": p.start,
            "end_at": p.end,
            "status": status.value,
            "created_at": at,
            "updated_at": at,
        }
        for p in planned
    ]
    connection = session.connection()
    ids = {number: key for key, number in connection.execute(_INSERT_BOOKINGS, rows)}
    events = [
        {
            "booking_id": ids[p.number],
            "from_status": None,
            "to_status": status.value,
            "at": at,
            "actor": actor,
            "note": "booked",
        }
        for p in planned
    ]
    connection.execute(_INSERT_EVENTS, events)
    return tuple(
        BookingRecord(
            id=ids[p.number],
            group_id=group.id,
            customer_id=group.customer_id,
            service_id=service.slug,
            session_number=p.number,
            total_sessions=group.total_sessions,
            start=p.start,
            end=p.end,
            status=status,
        )
        for p in planned
    )
