"""Writing a booked plan in few statements: the service's lock, the capacity check, the rows.

`book_plan` runs these inside `write_session`. They write with Core statements on
the session's connection (write-only rows: nothing is read back but the new
bookings' ids):

- `locked_service`: the service's row with its write lock (`lock_services`), on
  PostgreSQL in one statement;
- `new_group`: a new session group, its id made here (`insert_plan` writes it);
- `ensure_plan_free`: one read of the service's slot-holding bookings that
  overlap any session of the plan, counted per session in Python; under the
  service's lock this is the count `ensure_free` makes after each insert, made
  once before them (a session also counts the plan's earlier sessions it overlaps,
  as the one-by-one inserts did);
- `insert_plan`: the new group, every session and their audit rows: on PostgreSQL
  one statement, elsewhere a multi-row INSERT ... RETURNING of the sessions and one
  INSERT of their audit rows (and the group's before them).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    cast,
    func,
    insert,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from bookbot.core.config import Business, Service
from bookbot.core.errors import NotFoundError, SlotTakenError
from bookbot.core.types import BookingStatus, PlannedSession
from bookbot.store.db import ADVISORY_LOCK_CLASS, is_sqlite
from bookbot.store.lookup import service_row
from bookbot.store.models import (
    MAX_SESSION,
    SLOT_STATUSES,
    BookingEventRow,
    BookingRow,
    BusinessRow,
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


def new_group(spec: Service, service: ServiceRow, customer_id: int, at: datetime) -> GroupRecord:
    """The customer's new active group for `service` (its package expiry from `at`),
    its id made here; `insert_plan(..., new_group=True)` writes it."""
    expiry = spec.package_expiry_days
    return GroupRecord(
        id=uuid.uuid4(),
        customer_id=customer_id,
        service_id=service.slug,
        strategy=spec.multi_session_strategy.value,
        total_sessions=spec.total_sessions,
        status="active",
        created_at=at,
        package_expires_at=at + timedelta(days=expiry) if expiry else None,
    )


def _group_values(group: GroupRecord, service: ServiceRow) -> dict[str, Any]:
    return {
        "id": group.id,
        "customer_id": group.customer_id,
        "service_id": service.id,
        "strategy": group.strategy,
        "total_sessions": group.total_sessions,
        "status": group.status,
        "created_at": group.created_at,
        "package_expires_at": group.package_expires_at,
    }


def locked_service(session: Session, *, business: Business, service_id: str) -> ServiceRow:
    """The active service `service_id` of the business, its write lock held until the
    transaction ends (`lock_services`). PostgreSQL: one statement, the advisory lock
    taken in the read's select list (evaluated for the one row found)."""
    if is_sqlite(session):
        return service_row(session, business=business, service_id=service_id)
    lock = func.pg_advisory_xact_lock(
        cast(literal(ADVISORY_LOCK_CLASS), Integer), cast(ServiceRow.id, Integer)
    )
    found = session.execute(
        select(ServiceRow, lock)
        .join(BusinessRow, BusinessRow.id == ServiceRow.business_id)
        .where(BusinessRow.name == business.name, ServiceRow.slug == service_id, ServiceRow.active)
    ).first()
    if found is None:
        raise NotFoundError(
            f"no service {service_id!r} of business {business.name!r} in the database "
            "(was the business imported?)"
        )
    row: ServiceRow = found[0]
    return row


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


def insert_plan(
    session: Session,
    group: GroupRecord,
    service: ServiceRow,
    planned: list[PlannedSession],
    *,
    new_group: bool,
    at: datetime,
    actor: str,
) -> tuple[BookingRecord, ...]:
    """The plan's sessions as confirmed bookings of `group` (inserted first when
    `new_group`), with their "booked" audit rows. PostgreSQL: one statement (the
    group's and the bookings' INSERTs and the audit rows' INSERT ... SELECT as CTEs of
    a read of the new bookings' ids); elsewhere one INSERT each."""
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
    if connection.dialect.name == "postgresql":
        ids = _insert_in_one(connection, group, service, rows, new_group, at=at, actor=actor)
    else:
        if new_group:
            connection.execute(_INSERT_GROUP, _group_values(group, service))
        ids = {n: key for key, n in connection.execute(_INSERT_BOOKINGS, rows)}
        connection.execute(_INSERT_EVENTS, [_event(ids[p.number], at, actor) for p in planned])
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


def _event(booking_id: int, at: datetime, actor: str) -> dict[str, Any]:
    return {
        "booking_id": booking_id,
        "from_status": None,
        "to_status": BookingStatus.CONFIRMED.value,
        "at": at,
        "actor": actor,
        "note": "booked",
    }


def _insert_in_one(
    connection: Connection,
    group: GroupRecord,
    service: ServiceRow,
    rows: list[dict[str, Any]],
    new_group: bool,
    *,
    at: datetime,
    actor: str,
) -> dict[int, int]:
    """PostgreSQL: {session number: booking id} of the rows inserted, the group, the
    bookings and their audit rows in one statement (foreign keys are checked at its
    end, when every row of it is there)."""
    bookings = (
        insert(BookingRow)
        .values(rows)
        .returning(BookingRow.id, BookingRow.session_number, BookingRow.status)
        .cte("new_bookings")
    )
    events = (
        insert(BookingEventRow)
        .from_select(
            ["booking_id", "from_status", "to_status", "at", "actor", "note"],
            select(
                bookings.c.id,
                null(),
                bookings.c.status,
                bindparam("event_at", at, type_=BookingEventRow.__table__.c.at.type),
                bindparam("event_actor", actor, type_=String),
                bindparam("event_note", "booked", type_=Text),
            ),
        )
        .cte("new_events")
    )
    statement = select(bookings.c.id, bookings.c.session_number).add_cte(events)
    if new_group:
        group_insert = insert(SessionGroupRow).values(**_group_values(group, service))
        statement = statement.add_cte(group_insert.cte("new_group"))
    return {number: key for key, number in connection.execute(statement)}
