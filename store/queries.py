"""Reads: a customer's groups, sessions and bookings, and the calendar the core
plans on.

Customer data is always read for one `customer_id`, which every such function
requires and filters by. `calendar_intervals` / `calendar_timestamps` /
`calendar_occupancy` and `bookings_starting_between`
read all customers (the core's capacity, the worker's reminders).

`business` may be left out while the database holds one business (the usual
case); a service id that two businesses share then raises ConfigError.
All take a `Session` and never write.
"""

from __future__ import annotations

import sys
import uuid
from array import array
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    LargeBinary,
    Select,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by, psycopg
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.core.errors import ConfigError
from bookbot.core.types import BookingStatus, SessionState
from bookbot.store.columns import utc
from bookbot.store.db import PlainStatement, plain, plain_rows
from bookbot.store.lookup import (
    booking_record,
    customer_group,
    group_record,
    remember_service_id,
    service_ids_by_slug,
)
from bookbot.store.models import (
    MAX_SESSION,
    SLOT_STATUSES,
    BookingRow,
    BusinessRow,
    ServiceRow,
    SessionGroupRow,
)
from bookbot.store.records import BookingRecord, GroupRecord

Interval = tuple[datetime, datetime]
Occupancy = tuple[Sequence[float], Sequence[float]]
"""One service's bookings as the core's `Calendar.from_sorted` takes them: the
starts and the ends in epoch seconds, each sorted ascending on its own."""


def _group_rows(session: Session, group_id: uuid.UUID) -> list[BookingRow]:
    return list(
        session.scalars(
            select(BookingRow)
            .where(BookingRow.session_group_id == group_id)
            .order_by(BookingRow.session_number, BookingRow.start_at, BookingRow.id)
        )
    )


_GROUP_STATES = (
    select(BookingRow.session_number, BookingRow.start_at, BookingRow.end_at, BookingRow.status)
    .where(BookingRow.session_group_id == bindparam("group_id"))
    .order_by(BookingRow.session_number, BookingRow.start_at, BookingRow.id)
)


def _group_states(session: Session, group_id: uuid.UUID) -> list[SessionState]:
    rows = session.execute(_GROUP_STATES, {"group_id": group_id})
    return [SessionState(n, s, e, BookingStatus(status)) for n, s, e, status in rows]


def group_sessions(
    session: Session, *, customer_id: int, group_id: uuid.UUID
) -> list[SessionState]:
    """Every session of the customer's group (cancelled ones too), by number."""
    customer_group(session, group_id=group_id, customer_id=customer_id)
    return _group_states(session, group_id)


def group_bookings(
    session: Session, *, customer_id: int, group_id: uuid.UUID
) -> list[BookingRecord]:
    """The bookings of the customer's group with their ids, by session number."""
    group = customer_group(session, group_id=group_id, customer_id=customer_id)
    slug = group.service.slug
    return [booking_record(r, slug) for r in _group_rows(session, group_id)]


def customer_groups(
    session: Session,
    *,
    customer_id: int,
    business: Business | None = None,
    service_id: str | None = None,
    statuses: Iterable[str] | None = None,
) -> list[GroupRecord]:
    """The customer's session groups (of one service, or all), newest first."""
    query = (
        select(SessionGroupRow, ServiceRow.slug)
        .join(ServiceRow, ServiceRow.id == SessionGroupRow.service_id)
        .where(SessionGroupRow.customer_id == customer_id)
    )
    if business is not None or service_id is not None:
        wanted = None if service_id is None else [service_id]
        services = service_ids_by_slug(session, business=business, service_ids=wanted)
        query = query.where(SessionGroupRow.service_id.in_(list(services.values())))
    if statuses is not None:
        query = query.where(SessionGroupRow.status.in_(list(statuses)))
    query = query.order_by(SessionGroupRow.created_at.desc(), SessionGroupRow.id)
    return [group_record(row, slug) for row, slug in session.execute(query)]


_GROUP = (
    SessionGroupRow.id,
    SessionGroupRow.customer_id,
    SessionGroupRow.strategy,
    SessionGroupRow.total_sessions,
    SessionGroupRow.status,
    SessionGroupRow.created_at,
    SessionGroupRow.package_expires_at,
)
"""A group's columns, read with Core (`_group_of` makes its record)."""


def _group_of(values: Any, slug: str) -> GroupRecord:
    """The record of a group read as `_GROUP`'s columns (`values`, in that order)."""
    key, customer_id, strategy, total, status, created_at, expires_at = values
    return GroupRecord(key, customer_id, slug, strategy, total, status, created_at, expires_at)


_CUSTOMER_PLANS = (
    select(
        *_GROUP,
        ServiceRow.slug,
        BookingRow.session_number,
        BookingRow.start_at,
        BookingRow.end_at,
        BookingRow.status,
    )
    .join(ServiceRow, ServiceRow.id == SessionGroupRow.service_id)
    .outerjoin(
        BookingRow,
        and_(
            BookingRow.session_group_id == SessionGroupRow.id,
            BookingRow.customer_id == bindparam("customer_id"),
        ),
    )
    .where(SessionGroupRow.customer_id == bindparam("customer_id"))
    .order_by(
        SessionGroupRow.created_at.desc(),
        SessionGroupRow.id,
        BookingRow.session_number,
        BookingRow.start_at,
        BookingRow.id,
    )
)


def customer_plans(
    session: Session, *, customer_id: int
) -> list[tuple[GroupRecord, list[SessionState]]]:
    """The customer's session groups (newest first, as `customer_groups`), each with
    every session (cancelled ones too) by number: one read (Core, a module-level
    statement), the groups joined to their bookings. The bookings are also taken by
    their own `customer_id` (a group's bookings carry its customer), so the database
    reads them by `bookings (customer_id, start_at)` instead of hashing every
    booking against the groups (a sequential scan of `bookings` on PostgreSQL:
    0.8 ms of the server's CPU per progress read at 2,500 bookings, and growing
    with them)."""
    plans: dict[uuid.UUID, tuple[GroupRecord, list[SessionState]]] = {}
    connection = session.connection()
    params = {"customer_id": customer_id}
    found: Iterable[Sequence[Any]]
    if connection.dialect.name == "postgresql":  # the read of every progress question
        found = [_in_utc(row, _PLAN_TIMES) for row in plain_rows(connection, _PLANS_PG, params)]
    else:
        found = connection.execute(_CUSTOMER_PLANS, params)
    for row in found:
        group, (slug, number, start, end, status) = row[:7], row[7:]
        _, sessions = plans.setdefault(group[0], (_group_of(group, slug), []))
        if number is not None:
            sessions.append(SessionState(number, start, end, BookingStatus(status)))
    return list(plans.values())


_PLANS_PG = str(_CUSTOMER_PLANS.compile(dialect=psycopg.dialect()))  # type: ignore[no-untyped-call]
"""`_CUSTOMER_PLANS` as PostgreSQL's text, for `plain_rows`."""

_PLAN_TIMES = (5, 6, 9, 10)
"""`_CUSTOMER_PLANS`'s timestamp columns: created_at, package_expires_at, start_at, end_at."""


def _in_utc(row: tuple[Any, ...], times: tuple[int, ...]) -> list[Any]:
    """A row read by `plain_rows`: its timestamps (the columns at `times`) in UTC, as
    `UTCDateTime` reads them."""
    values = list(row)
    for index in times:
        if values[index] is not None:
            values[index] = utc(values[index])
    return values


def _active_group_query(*, of_business: bool) -> Any:
    query = (
        select(ServiceRow.id, *_GROUP)
        .outerjoin(
            SessionGroupRow,
            and_(
                SessionGroupRow.service_id == ServiceRow.id,
                SessionGroupRow.customer_id == bindparam("customer_id"),
                SessionGroupRow.status == bindparam("group_status"),
            ),
        )
        .where(ServiceRow.slug == bindparam("slug"))
        .order_by(SessionGroupRow.created_at.desc(), SessionGroupRow.id)
    )
    if of_business:
        query = query.join(BusinessRow, BusinessRow.id == ServiceRow.business_id).where(
            BusinessRow.name == bindparam("business")
        )
    return query


_ACTIVE_GROUP = _active_group_query(of_business=False)
_ACTIVE_GROUP_OF_BUSINESS = _active_group_query(of_business=True)
_ACTIVE_GROUP_PG = {
    of_business: str(query.compile(dialect=psycopg.dialect()))  # type: ignore[no-untyped-call]
    for of_business, query in ((False, _ACTIVE_GROUP), (True, _ACTIVE_GROUP_OF_BUSINESS))
}
"""`active_group`'s reads as PostgreSQL's text, for `plain_rows`, by whether the business
is named."""
_ACTIVE_GROUP_TIMES = (6, 7)
"""`_ACTIVE_GROUP`'s timestamp columns: the group's created_at and package_expires_at."""


def active_group(
    session: Session, *, customer_id: int, service_id: str, business: Business | None = None
) -> GroupRecord | None:
    """The customer's newest active group for the service, if any.

    One read: the service (which a read session remembers, see `remember_services`,
    so the calendar read after it needs no lookup) with the customer's active groups
    of it outer-joined."""
    name = None if business is None else business.name
    query = _ACTIVE_GROUP if name is None else _ACTIVE_GROUP_OF_BUSINESS
    params = {
        "customer_id": customer_id,
        "slug": service_id,
        "business": name,
        "group_status": "active",
    }
    connection = session.connection()
    rows: Sequence[Sequence[Any]]
    if connection.dialect.name == "postgresql":  # the read of every proposal
        found = plain_rows(connection, _ACTIVE_GROUP_PG[name is not None], params)
        rows = [_in_utc(row, _ACTIVE_GROUP_TIMES) for row in found]
    else:
        rows = connection.execute(query, params).all()
    if len({row[0] for row in rows}) > 1:
        raise ConfigError(
            f"service {service_id!r} exists in several businesses; say which business is meant"
        )
    if rows:
        remember_service_id(session, name, service_id, rows[0][0])
    groups = [row[1:] for row in rows if row[1] is not None]
    return _group_of(groups[0], service_id) if groups else None


def active_group_sessions(
    session: Session, *, customer_id: int, service_id: str, business: Business | None = None
) -> tuple[GroupRecord | None, list[SessionState]]:
    """`active_group` and, when there is one, its `group_sessions`."""
    group = active_group(
        session, customer_id=customer_id, service_id=service_id, business=business
    )
    if group is None:
        return None, []
    return group, _group_states(session, group.id)  # the group is the customer's


def calendar_intervals(
    session: Session,
    *,
    service_ids: Iterable[str],
    start: datetime,
    end: datetime | None = None,
    business: Business | None = None,
) -> dict[str, list[Interval]]:
    """{service id: [(start, end), ...]} of the bookings that hold a slot and
    overlap [start, end) (`end` None: no upper bound), sorted by start. Every
    service asked for has a key.
    """
    return _calendar(
        session, None, service_ids=service_ids, start=start, end=end, business=business
    )


def calendar_timestamps(
    session: Session,
    *,
    service_ids: Iterable[str],
    start: datetime,
    end: datetime | None = None,
    business: Business | None = None,
) -> dict[str, list[tuple[float, float]]]:
    """`calendar_intervals` as epoch seconds, computed by the database.

    The hot read behind the core's `Calendar` (`Calendar.from_timestamps`): no
    datetime is built per row, which is most of the cost at 10k bookings.
    """
    dialect = session.get_bind().dialect.name
    return _calendar(
        session, dialect, service_ids=service_ids, start=start, end=end, business=business
    )


def calendar_occupancy(
    session: Session,
    *,
    service_ids: Iterable[str],
    start: datetime,
    end: datetime | None = None,
    business: Business | None = None,
) -> dict[str, Occupancy]:
    """`calendar_timestamps`'s bookings as {service id: (starts, ends)}, the starts
    sorted and the ends sorted, each on its own (`Calendar.from_sorted`). Every
    service asked for has a key.

    The hot read of every availability question. On PostgreSQL the database sorts
    and packs them (`_packed_sorted`): one row per service whose two columns hold
    the float8 values back to back as bytea (8 big-endian bytes each), unpacked here
    into an `array('d')` with no Python object per booking and no sort. Measured at
    5,000 bookings: 3.1 ms of client CPU as rows sorted in Python, 2.2 ms as two
    float8[] in text format, about 1 ms as bytea (a psycopg binary-format cursor
    would save a further ~0.1 ms, but leave SQLAlchemy: its statement events and
    the disconnect handling the turn worker relies on). Elsewhere (SQLite)
    `calendar_timestamps`'s rows, sorted here.
    """
    dialect = session.get_bind().dialect.name
    if dialect != "postgresql":
        stamps = _calendar(
            session, dialect, service_ids=service_ids, start=start, end=end, business=business
        )
        return {
            slug: (sorted(s for s, _ in rows), sorted(e for _, e in rows))
            for slug, rows in stamps.items()
        }
    wanted = list(dict.fromkeys(service_ids))
    out: dict[str, Occupancy] = {slug: ((), ()) for slug in wanted}
    slugs, rows = _calendar_rows(
        session, "packed", wanted, start=start, end=end, business=business
    )
    for service_pk, packed_starts, packed_ends in rows:
        out[slugs[service_pk]] = (_doubles(packed_starts), _doubles(packed_ends))
    return out


def _doubles(packed: bytes | None) -> array[float]:
    """float8send's big-endian doubles, back to back, as an array of floats."""
    values = array("d", packed or b"")
    if sys.byteorder == "little":
        values.byteswap()
    return values


def _epoch_seconds(dialect: str) -> Callable[[Any], ColumnElement[Any]]:
    if dialect == "sqlite":
        # UTC text; julianday parses it, 2440587.5 is the Julian day of 1970-01-01.
        # Whole milliseconds, then seconds: round() without digits is SQLite's
        # fast path (with digits it formats and parses text per value).
        return lambda column: func.round((func.julianday(column) - 2440587.5) * 86400000.0) / 1000.0
    return lambda column: cast(func.extract("epoch", column), Float)


def _packed_sorted(column: Any) -> ColumnElement[Any]:
    """PostgreSQL: the column's epoch seconds in its order, packed into one bytea
    (`string_agg(float8send(date_part('epoch', c)), '' ORDER BY c)`).

    `date_part` computes the float8 itself (the microseconds since 1970 over 1e6,
    one correctly rounded division), so it is the double `calendar_timestamps`'s
    `CAST(EXTRACT(epoch ...) AS FLOAT)` rounds its exact numeric to, at a fraction
    of the server's CPU (a query of 5,000 bookings: about 6 ms of backend CPU, as
    the rows were, against 10 ms with EXTRACT and its numeric). Ordering by the
    column, not the value, sorts cheap integers; the value is non-decreasing in it.
    """
    epoch = func.date_part("epoch", column, type_=Float)
    empty = cast(literal_column("''"), LargeBinary)
    packed = func.float8send(epoch)
    return func.string_agg(packed, aggregate_order_by(empty, column), type_=LargeBinary)


_CALENDAR_READS: dict[tuple[str | None, bool], Select[Any]] = {}
"""The calendar reads, built once: by kind (None: datetimes; a dialect's name: its
epoch seconds; "packed": PostgreSQL's sorted packed epochs) and upper bound."""


def _calendar_read(kind: str | None, bounded: bool) -> Select[Any]:
    key = (kind, bounded)
    query = _CALENDAR_READS.get(key)
    if query is None:
        slot = (
            BookingRow.service_id.in_(bindparam("service_pks", expanding=True)),
            BookingRow.start_at > bindparam("earliest_start"),
            BookingRow.end_at > bindparam("low"),
            BookingRow.status.in_(SLOT_STATUSES),
        )
        columns: tuple[Any, Any]
        if kind == "packed":
            columns = (_packed_sorted(BookingRow.start_at), _packed_sorted(BookingRow.end_at))
        elif kind is None:
            columns = (BookingRow.start_at, BookingRow.end_at)
        else:
            epoch = _epoch_seconds(kind)
            columns = (epoch(BookingRow.start_at), epoch(BookingRow.end_at))
        query = select(BookingRow.service_id, *columns).where(*slot)
        if bounded:
            query = query.where(BookingRow.start_at < bindparam("high"))
        if kind == "packed":
            query = query.group_by(BookingRow.service_id)
        else:
            query = query.order_by(BookingRow.start_at)
        query = _CALENDAR_READS.setdefault(key, query)
    return query


def _calendar_rows(
    session: Session,
    kind: str | None,
    wanted: list[str],
    *,
    start: datetime,
    end: datetime | None,
    business: Business | None,
) -> tuple[dict[int, str], Iterable[Any]]:
    """One range of the (service_id, start_at) index per service: {service pk: its
    id} and the rows (service pk and the two columns of `kind`'s read). Core, not
    the ORM's row loading."""
    found = service_ids_by_slug(session, business=business, service_ids=wanted)
    if not found:
        return {}, ()
    slugs = {pk: slug for slug, pk in found.items()}
    low = utc(start)
    params: dict[str, Any] = {
        "service_pks": list(slugs),
        "earliest_start": low - MAX_SESSION,
        "low": low,
    }
    if end is not None:
        params["high"] = utc(end)
    connection = session.connection()
    if kind == "packed":  # PostgreSQL's, the hot read of every availability question
        bounded = end is not None
        text = _PACKED_POSTGRES.get(bounded)
        if text is None:
            text = _PACKED_POSTGRES.setdefault(bounded, plain(_calendar_read(kind, bounded)))
        return slugs, text.rows(connection, params)
    return slugs, connection.execute(_calendar_read(kind, end is not None), params)


_PACKED_POSTGRES: dict[bool, PlainStatement] = {}
"""The packed calendar reads as PostgreSQL's text for `plain_rows`, by upper bound."""


def _calendar(
    session: Session,
    epoch_dialect: str | None,
    *,
    service_ids: Iterable[str],
    start: datetime,
    end: datetime | None,
    business: Business | None,
) -> dict[str, list[Any]]:
    """{service id: [(start, end), ...]} by start: datetimes, or a dialect's epochs."""
    wanted = list(dict.fromkeys(service_ids))
    out: dict[str, list[Any]] = {slug: [] for slug in wanted}
    slugs, rows = _calendar_rows(
        session, epoch_dialect, wanted, start=start, end=end, business=business
    )
    for service_pk, booked_start, booked_end in rows:
        out[slugs[service_pk]].append((booked_start, booked_end))
    return out


def _customer_query(
    session: Session,
    *,
    customer_id: int,
    since: datetime | None,
    until: datetime | None,
    statuses: Iterable[str],
    business: Business | None,
) -> Select[BookingRow]:
    query = select(BookingRow).where(
        BookingRow.customer_id == customer_id, BookingRow.status.in_(list(statuses))
    )
    if business is not None:
        services = service_ids_by_slug(session, business=business)
        query = query.where(BookingRow.service_id.in_(list(services.values())))
    if since is not None:
        query = query.where(BookingRow.end_at > since)
    if until is not None:
        query = query.where(BookingRow.start_at < until)
    return query.order_by(BookingRow.start_at, BookingRow.id)


def customer_bookings(
    session: Session,
    *,
    customer_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    statuses: Iterable[BookingStatus | str] = SLOT_STATUSES,
    business: Business | None = None,
    limit: int | None = None,
) -> list[BookingRecord]:
    """The customer's bookings (not cancelled, by default) that end after `since`
    and start before `until`, earliest first."""
    query = _customer_query(
        session,
        customer_id=customer_id,
        since=since,
        until=until,
        statuses=[BookingStatus(s).value for s in statuses],
        business=business,
    )
    if limit is not None:
        query = query.limit(limit)
    return [booking_record(r) for r in session.scalars(query)]


def upcoming_bookings(
    session: Session,
    *,
    customer_id: int,
    start: datetime,
    end: datetime | None = None,
    business: Business | None = None,
    limit: int | None = None,
) -> list[BookingRecord]:
    """The customer's confirmed bookings not over by `start`, soonest first."""
    return customer_bookings(
        session,
        customer_id=customer_id,
        since=start,
        until=end,
        statuses=[BookingStatus.CONFIRMED],
        business=business,
        limit=limit,
    )


def customer_intervals(
    session: Session, *, customer_id: int, start: datetime, end: datetime | None = None
) -> list[Interval]:
    """When the customer is busy: their slot-holding bookings with every service
    and business, overlapping [start, end), sorted by start."""
    statement = _CUSTOMER_INTERVALS if end is None else _CUSTOMER_INTERVALS_UNTIL
    params = {"customer_id": customer_id, "since": utc(start)}
    if end is not None:
        params["until"] = utc(end)
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # a read of every plan's turn
        rows = _CUSTOMER_INTERVALS_POSTGRES[end is not None].rows(connection, params)
        return [(utc(s), utc(e)) for s, e in rows]
    return [(s, e) for s, e in connection.execute(statement, params)]


_CUSTOMER_INTERVALS = (
    select(BookingRow.start_at, BookingRow.end_at)
    .where(
        BookingRow.customer_id == bindparam("customer_id"),
        BookingRow.status.in_(list(SLOT_STATUSES)),
        BookingRow.end_at > bindparam("since"),
    )
    .order_by(BookingRow.start_at, BookingRow.id)
)
_CUSTOMER_INTERVALS_UNTIL = _CUSTOMER_INTERVALS.where(BookingRow.start_at < bindparam("until"))
"""`customer_intervals`'s reads (without an end, and with one), built once."""
_CUSTOMER_INTERVALS_POSTGRES = {
    False: plain(_CUSTOMER_INTERVALS),
    True: plain(_CUSTOMER_INTERVALS_UNTIL),
}
"""The same as PostgreSQL's text for `plain_rows`, by whether there is an end."""


def bookings_starting_between(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    statuses: Iterable[BookingStatus | str] = (BookingStatus.CONFIRMED,),
    business: Business | None = None,
) -> list[BookingRecord]:
    """Bookings of every customer that start in [start, end), for the worker."""
    query = select(BookingRow).where(
        BookingRow.start_at >= start,
        BookingRow.start_at < end,
        BookingRow.status.in_([BookingStatus(s).value for s in statuses]),
    )
    if business is not None:
        services = service_ids_by_slug(session, business=business)
        query = query.where(BookingRow.service_id.in_(list(services.values())))
    query = query.order_by(BookingRow.start_at, BookingRow.id)
    return [booking_record(r) for r in session.scalars(query)]
