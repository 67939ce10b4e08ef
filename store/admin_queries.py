"""Reads for the admin API: bookings and plans of every customer, with filters,
and the facts the analytics are computed from.

Unlike `queries` (one customer at a time, for the bot), these read across
customers, so only the admin API calls them. Everything is scoped to the
services of one business. Filters combine with AND; `start`/`end` select
sessions starting in [start, end). All take a `Session` and never write.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from bookbot.core.analytics import PlanFacts, PlanStatus
from bookbot.core.config import Business, Strategy
from bookbot.core.errors import NotFoundError
from bookbot.core.types import SessionState
from bookbot.store.columns import utc
from bookbot.store.customers import normalize_phone
from bookbot.store.lookup import booking_record, group_record, service_ids_by_slug
from bookbot.store.models import BookingRow, CustomerRow, SessionGroupRow
from bookbot.store.records import BookingRecord, CustomerRecord, GroupRecord

MAX_ROWS = 500


@dataclass(frozen=True, slots=True)
class AdminBooking:
    booking: BookingRecord
    customer: CustomerRecord


@dataclass(frozen=True, slots=True)
class AdminPlan:
    """A session group with its customer and every booking (cancelled ones too)."""

    group: GroupRecord
    customer: CustomerRecord
    bookings: tuple[BookingRecord, ...]


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    customer: CustomerRecord
    plans: int
    active_plans: int


def _customer(row: CustomerRow) -> CustomerRecord:
    return CustomerRecord(id=row.id, phone=row.phone, name=row.name)


def _service_keys(session: Session, business: Business, service_id: str | None) -> dict[int, str]:
    """{database id: slug} of the business's services (or of the one named)."""
    wanted = None if service_id is None else [service_id]
    found = service_ids_by_slug(session, business=business, service_ids=wanted)
    if service_id is not None and not found:
        raise NotFoundError(f"unknown service {service_id!r}")
    return {key: slug for slug, key in found.items()}


def _phone_filter(phone: str | None) -> str | None:
    return None if phone is None else normalize_phone(phone)


def find_bookings(
    session: Session,
    *,
    business: Business,
    phone: str | None = None,
    service_id: str | None = None,
    statuses: Iterable[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = MAX_ROWS,
    offset: int = 0,
) -> list[AdminBooking]:
    """Bookings of every customer, earliest first. A bad phone raises ValueError."""
    number = _phone_filter(phone)
    services = _service_keys(session, business, service_id)
    query = (
        select(BookingRow, CustomerRow)
        .join(CustomerRow, CustomerRow.id == BookingRow.customer_id)
        .where(BookingRow.service_id.in_(list(services)))
    )
    if number is not None:
        query = query.where(CustomerRow.phone == number)
    if statuses is not None:
        query = query.where(BookingRow.status.in_(list(statuses)))
    if start is not None:
        query = query.where(BookingRow.start_at >= utc(start))
    if end is not None:
        query = query.where(BookingRow.start_at < utc(end))
    query = query.order_by(BookingRow.start_at, BookingRow.id)
    rows = session.execute(query.limit(min(limit, MAX_ROWS)).offset(offset))
    return [AdminBooking(booking_record(b, services[b.service_id]), _customer(c)) for b, c in rows]


def _plans(session: Session, groups: Sequence[SessionGroupRow]) -> list[AdminPlan]:
    ids = [g.id for g in groups]
    by_group: dict[uuid.UUID, list[BookingRecord]] = {i: [] for i in ids}
    if ids:
        rows = session.scalars(
            select(BookingRow)
            .where(BookingRow.session_group_id.in_(ids))
            .order_by(BookingRow.session_number, BookingRow.start_at, BookingRow.id)
        )
        slugs = {g.id: g.service.slug for g in groups}
        for row in rows:
            by_group[row.session_group_id].append(booking_record(row, slugs[row.session_group_id]))
    return [
        AdminPlan(group_record(g), _customer(g.customer), tuple(by_group[g.id])) for g in groups
    ]


def find_plans(
    session: Session,
    *,
    business: Business,
    phone: str | None = None,
    customer_id: int | None = None,
    service_id: str | None = None,
    statuses: Iterable[str] | None = None,
    strategy: Strategy | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = MAX_ROWS,
    offset: int = 0,
) -> list[AdminPlan]:
    """Session groups, newest first; `start`/`end` keep groups with a session
    starting in that window."""
    number = _phone_filter(phone)
    services = _service_keys(session, business, service_id)
    query = (
        select(SessionGroupRow)
        .join(CustomerRow, CustomerRow.id == SessionGroupRow.customer_id)
        .where(SessionGroupRow.service_id.in_(list(services)))
    )
    if number is not None:
        query = query.where(CustomerRow.phone == number)
    if customer_id is not None:
        query = query.where(SessionGroupRow.customer_id == customer_id)
    if statuses is not None:
        query = query.where(SessionGroupRow.status.in_(list(statuses)))
    if strategy is not None:
        query = query.where(SessionGroupRow.strategy == strategy.value)
    if start is not None or end is not None:
        inside = select(BookingRow.session_group_id)
        if start is not None:
            inside = inside.where(BookingRow.start_at >= utc(start))
        if end is not None:
            inside = inside.where(BookingRow.start_at < utc(end))
        query = query.where(SessionGroupRow.id.in_(inside))
    query = query.order_by(SessionGroupRow.created_at.desc(), SessionGroupRow.id).options(
        selectinload(SessionGroupRow.customer)
    )
    groups = session.scalars(query.limit(min(limit, MAX_ROWS)).offset(offset)).all()
    return _plans(session, groups)


def get_plan(session: Session, *, business: Business, group_id: uuid.UUID) -> AdminPlan:
    group = session.get(SessionGroupRow, group_id)
    if group is None or group.service_id not in _service_keys(session, business, None):
        raise NotFoundError(f"no plan {group_id}")
    return _plans(session, [group])[0]


def get_customer_record(session: Session, *, customer_id: int) -> CustomerRecord:
    row = session.get(CustomerRow, customer_id)
    if row is None:
        raise NotFoundError(f"no customer {customer_id}")
    return _customer(row)


def find_customers(
    session: Session, *, business: Business, text: str | None = None, limit: int = 100
) -> list[CustomerSummary]:
    """Customers with a plan at the business (matching `text` in name or phone),
    the most recent plan first."""
    services = list(_service_keys(session, business, None))
    active = func.sum(case((SessionGroupRow.status == "active", 1), else_=0))
    query = (
        select(CustomerRow, func.count(SessionGroupRow.id), active)
        .join(SessionGroupRow, SessionGroupRow.customer_id == CustomerRow.id)
        .where(SessionGroupRow.service_id.in_(services))
        .group_by(CustomerRow.id)
        .order_by(func.max(SessionGroupRow.created_at).desc(), CustomerRow.id)
    )
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(
            func.lower(func.coalesce(CustomerRow.name, "")).like(pattern)
            | CustomerRow.phone.like(pattern)
        )
    rows = session.execute(query.limit(min(limit, MAX_ROWS)))
    return [CustomerSummary(_customer(c), total, int(act or 0)) for c, total, act in rows]


def plan_facts(session: Session, *, business: Business) -> list[PlanFacts]:
    """Every plan of the business's services, as the analytics read them."""
    services = _service_keys(session, business, None)
    groups = session.scalars(
        select(SessionGroupRow)
        .where(SessionGroupRow.service_id.in_(list(services)))
        .options(selectinload(SessionGroupRow.customer))
    ).all()
    facts = []
    for plan in _plans(session, groups):
        group = plan.group
        facts.append(
            PlanFacts(
                service_id=group.service_id,
                strategy=Strategy(group.strategy),
                total_sessions=group.total_sessions,
                status=PlanStatus(group.status),
                expires_at=group.package_expires_at,
                sessions=tuple(
                    SessionState(b.session_number, b.start, b.end, b.status) for b in plan.bookings
                ),
            )
        )
    return facts
