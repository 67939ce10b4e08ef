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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    bindparam,
    cast,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.orm import Session

from bookbot.core.config import Business, Service
from bookbot.core.errors import NotFoundError, SlotTakenError
from bookbot.core.types import BookingStatus, PlannedSession
from bookbot.store.columns import UTCDateTime, utc
from bookbot.store.db import ADVISORY_LOCK_CLASS, PlainStatement, is_sqlite, plain, plain_rows
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


def new_group(spec: Service, service: LockedService, customer_id: int, at: datetime) -> GroupRecord:
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


def _group_values(group: GroupRecord, service: LockedService) -> dict[str, Any]:
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


_LOCKED_SERVICE = (
    select(
        ServiceRow.id,
        ServiceRow.slug,
        ServiceRow.capacity,
        func.pg_advisory_xact_lock(
            cast(bindparam("lock_class"), Integer), cast(ServiceRow.id, Integer)
        ),
    )
    .join(BusinessRow, BusinessRow.id == ServiceRow.business_id)
    .where(
        BusinessRow.name == bindparam("business"),
        ServiceRow.slug == bindparam("slug"),
        ServiceRow.active,
    )
)
"""PostgreSQL: `locked_service`'s read, built once."""
_LOCKED_SERVICE_PG = str(_LOCKED_SERVICE.compile(dialect=psycopg.dialect()))  # type: ignore[no-untyped-call]
"""`_LOCKED_SERVICE` as PostgreSQL's text, for `plain_rows` (its columns need no types)."""


@dataclass(frozen=True, slots=True)
class LockedService:
    """What a booking writes with of the service's row: its key, its slug, its capacity."""

    id: int
    slug: str
    capacity: int


def locked_service(session: Session, *, business: Business, service_id: str) -> LockedService:
    """The active service `service_id` of the business, its write lock held until the
    transaction ends (`lock_services`). PostgreSQL: one statement, the advisory lock
    taken in the read's select list (evaluated for the one row found), its three
    columns read by `plain_rows` (no ORM object, no JSON of the service's config)."""
    if is_sqlite(session):
        row = service_row(session, business=business, service_id=service_id)
        return LockedService(row.id, row.slug, row.capacity)
    params = {"lock_class": ADVISORY_LOCK_CLASS, "business": business.name, "slug": service_id}
    found = plain_rows(session.connection(), _LOCKED_SERVICE_PG, params)
    if not found:
        raise NotFoundError(
            f"no service {service_id!r} of business {business.name!r} in the database "
            "(was the business imported?)"
        )
    key, slug, capacity, _lock = found[0]
    return LockedService(key, slug, capacity)


_HELD: dict[int, Any] = {}
"""`ensure_plan_free`'s read by the number of sessions, each built once."""
_HELD_POSTGRES: dict[int, PlainStatement] = {}
"""The same as PostgreSQL's text, for `plain_rows`."""


def _held(sessions: int) -> Any:
    """The service's slot-holding bookings that overlap any of `sessions` sessions
    (bound parameters `end_N`, `start_N` and `earliest_N`, N from 0)."""
    overlaps = [
        and_(
            BookingRow.start_at < bindparam(f"end_{n}", type_=UTCDateTime()),
            BookingRow.start_at > bindparam(f"earliest_{n}", type_=UTCDateTime()),
            BookingRow.end_at > bindparam(f"start_{n}", type_=UTCDateTime()),
        )
        for n in range(sessions)
    ]
    return select(BookingRow.start_at, BookingRow.end_at).where(
        BookingRow.service_id == bindparam("service_key"),
        BookingRow.status.in_(SLOT_STATUSES),
        or_(*overlaps),
    )


def ensure_plan_free(
    session: Session, business: Business, service: LockedService, planned: list[PlannedSession]
) -> None:
    """SlotTakenError naming the first session (by number) the service's capacity
    cannot take; one read. Call it under the service's lock."""
    statement = _HELD.get(len(planned))
    if statement is None:
        statement = _HELD.setdefault(len(planned), _held(len(planned)))
    params: dict[str, Any] = {"service_key": service.id}
    for index, p in enumerate(planned):
        params |= {f"end_{index}": utc(p.end), f"start_{index}": utc(p.start)}
        params[f"earliest_{index}"] = utc(p.start - MAX_SESSION)
    connection = session.connection()
    held: Any
    if connection.dialect.name == "postgresql":
        text = _HELD_POSTGRES.get(len(planned))
        if text is None:
            text = _HELD_POSTGRES.setdefault(len(planned), plain(statement))
        held = text.rows(connection, params)
    else:
        held = connection.execute(statement, params)
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
    service: LockedService,
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


_PLAN_IN_ONE = sql_text(
    """
    WITH new_group AS (
        INSERT INTO session_groups (id, customer_id, service_id, strategy, total_sessions,
                                    status, created_at, package_expires_at)
        SELECT :group_id, :customer_id, :service_id, :strategy, :total_sessions,
               :group_status, :group_created_at, :package_expires_at
        WHERE :new_group
    ), new_bookings AS (
        INSERT INTO bookings (session_group_id, service_id, customer_id, session_number,
                              total_sessions, is_part_of_multi_session, start_at, end_at,
                              status, created_at, updated_at)
        SELECT :group_id, :service_id, :customer_id, planned.number, :total_sessions,
               :multi, planned.start_at, planned.end_at, :status, :at, :at
        FROM unnest(CAST(:numbers AS integer[]), CAST(:starts AS timestamptz[]),
                    CAST(:ends AS timestamptz[])) AS planned(number, start_at, end_at)
        ORDER BY planned.number
        RETURNING id, session_number, status
    ), new_events AS (
        INSERT INTO booking_events (booking_id, from_status, to_status, at, actor, note)
        SELECT id, NULL, status, :at, :actor, 'booked' FROM new_bookings
    )
    SELECT id, session_number FROM new_bookings
    """
).bindparams(
    *(
        bindparam(name, type_=UTCDateTime())
        for name in ("group_created_at", "package_expires_at", "at")
    ),
)
"""PostgreSQL: `insert_plan` in one statement whatever the number of sessions (their
numbers and times as arrays, unpacked by `unnest`), so it is compiled once (a
multi-row VALUES is never cached by SQLAlchemy)."""
_PLAN_IN_ONE_POSTGRES = plain(_PLAN_IN_ONE)
"""`_PLAN_IN_ONE` as PostgreSQL's text, for `plain_rows` (a text clause has no cache
key: SQLAlchemy would compile it again at every booking)."""


def _insert_in_one(
    connection: Connection,
    group: GroupRecord,
    service: LockedService,
    rows: list[dict[str, Any]],
    new_group: bool,
    *,
    at: datetime,
    actor: str,
) -> dict[int, int]:
    """PostgreSQL: {session number: booking id} of the rows inserted, the group, the
    bookings and their audit rows in one statement (foreign keys are checked at its
    end, when every row of it is there)."""
    values = _group_values(group, service)
    params = {
        "group_id": group.id,
        "customer_id": group.customer_id,
        "service_id": service.id,
        "strategy": values["strategy"],
        "total_sessions": group.total_sessions,
        "group_status": values["status"],
        "group_created_at": _utc_or_none(values["created_at"]),
        "package_expires_at": _utc_or_none(values["package_expires_at"]),
        "new_group": new_group,
        "multi": group.total_sessions > 1,
        "numbers": [row["session_number"] for row in rows],
        "starts": [utc(row["start_at"]) for row in rows],
        "ends": [utc(row["end_at"]) for row in rows],
        "status": BookingStatus.CONFIRMED.value,
        "at": utc(at),
        "actor": actor,
    }
    inserted = _PLAN_IN_ONE_POSTGRES.rows(connection, params)
    return {number: key for key, number in inserted}


def _utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)
