"""The booking repository: book a plan, move it, cancel sessions, and (re-exported
from `status` and `queries`) change a status and read what is booked.

Transactions follow one rule across the store:

- A **use case** that is a transaction of its own (`book_plan`, `reschedule`,
  `cancel_sessions`) takes a session factory, opens the transaction, commits it,
  or raises and writes nothing. The capacity-checked ones must: on SQLite the
  transaction has to start with `BEGIN IMMEDIATE`, on PostgreSQL the service's
  advisory lock has to come before any booking is counted.
- Every **building block** (status changes, reads, customers, businesses) takes
  a `Session`, flushes, and leaves the commit to the caller
  (`with factory.begin() as session: ...`).

A plan that lost its slot (or whose group changed since it was planned) raises
`SlotTakenError` naming the session and its local time; nothing of it is written.
`at` is the moment recorded in the audit trail, from the caller's clock (the
frozen clock in evals): a repository never reads the clock itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PackageExpiredError,
    SlotTakenError,
)
from bookbot.core.types import Plan
from bookbot.store.columns import utc
from bookbot.store.db import lock_services, write_session
from bookbot.store.lookup import booking_record, customer_group, group_record
from bookbot.store.models import BookingRow, SessionGroupRow
from bookbot.store.plan_rows import (
    LockedService,
    ensure_plan_free,
    insert_plan,
    locked_service,
    new_group,
)
from bookbot.store.proposals import claim_for_booking
from bookbot.store.queries import (
    active_group,
    bookings_starting_between,
    calendar_intervals,
    calendar_timestamps,
    customer_bookings,
    customer_groups,
    customer_intervals,
    group_bookings,
    group_sessions,
    upcoming_bookings,
)
from bookbot.store.records import BookingEventRecord, BookingResult
from bookbot.store.slots import (
    add_event,
    checked_sessions,
    ensure_free,
    numbered,
    overlapping_count,
    renumber,
)
from bookbot.store.status import (
    cancel_group,
    complete_session,
    events_since,
    set_session_status,
    set_status,
)

__all__ = [
    "active_group",
    "book_plan",
    "bookings_starting_between",
    "calendar_intervals",
    "calendar_timestamps",
    "cancel_group",
    "cancel_sessions",
    "complete_session",
    "customer_bookings",
    "customer_groups",
    "customer_intervals",
    "events_since",
    "group_bookings",
    "group_sessions",
    "overlapping_count",
    "reschedule",
    "set_session_status",
    "set_status",
    "upcoming_bookings",
]


def _open_group(
    session: Session, group_id: uuid.UUID, customer_id: int, service: LockedService
) -> SessionGroupRow:
    group = customer_group(session, group_id=group_id, customer_id=customer_id)
    if group.service_id != service.id:
        raise NotFoundError(f"no plan {group_id} for this customer and {service.slug!r}")
    if group.status != "active":
        raise InvalidTransitionError(f"plan {group_id} is {group.status}; it takes no new sessions")
    return group


def _within_expiry(expires: datetime | None, starts: list[tuple[int, datetime]]) -> None:
    """PackageExpiredError when a session would start at or after the group's expiry
    `expires` (the tools plan within it; this keeps any other caller from booking past it)."""
    for number, start in starts:
        if expires is not None and utc(start) >= expires:
            raise PackageExpiredError(
                f"session {number} at {utc(start):%Y-%m-%d %H:%M} UTC is after the package "
                f"expires ({expires:%Y-%m-%d %H:%M} UTC); nothing was booked"
            )


def _claim(session: Session, proposal_id: uuid.UUID | None, at: datetime) -> None:
    if proposal_id is not None:
        claim_for_booking(session, proposal_id=proposal_id, now=at)


def book_plan(
    session_factory: sessionmaker[Session],
    *,
    business: Business,
    customer_id: int,
    service_id: str,
    plan: Plan,
    group_id: uuid.UUID | None = None,
    actor: str = "bot",
    at: datetime,
    proposal_id: uuid.UUID | None = None,
) -> BookingResult:
    """Book every session of `plan` for the customer, all or nothing.

    `group_id` None starts a new session group (its package expiry counted from
    `at`); otherwise the sessions join that active group of this customer and
    service, after `plan.renumbered` is applied in the same transaction.
    `proposal_id`: the proposal this applies, claimed in the same transaction
    (AlreadyBookedError, and nothing written, when it was booked before).

    Statements (PostgreSQL): the service with its lock, the claim, one capacity
    read, one write of the group, sessions and audit rows (`bookbot.store.plan_rows`).
    The customer is not read: the group's foreign key refuses an unknown one
    (IntegrityError, nothing written).
    """
    moment = utc(at)
    spec = business.service(service_id)
    if not plan.sessions:
        raise ValueError("the plan has no sessions to book")
    if group_id is None and plan.renumbered:
        raise ValueError("a plan that renumbers sessions needs the group they belong to")
    with write_session(session_factory) as session:
        service = locked_service(session, business=business, service_id=service_id)
        _claim(session, proposal_id, moment)
        if group_id is None:  # a new group holds no session yet
            group, taken = new_group(spec, service, customer_id, moment), set()
        else:
            row = _open_group(session, group_id, customer_id, service)
            renumber(session, row, plan.renumbered, at=moment, actor=actor)
            group, taken = group_record(row, service.slug), set(numbered(session, row))
        planned_sessions = checked_sessions(plan, group.total_sessions)
        _within_expiry(group.package_expires_at, [(p.number, p.start) for p in planned_sessions])
        for planned in planned_sessions:
            if planned.number in taken:
                raise SlotTakenError(
                    f"session {planned.number} of this plan is already booked; nothing was booked"
                )
        ensure_plan_free(session, business, service, planned_sessions)
        bookings = insert_plan(
            session,
            group,
            service,
            planned_sessions,
            new_group=group_id is None,
            at=moment,
            actor=actor,
        )
        return BookingResult(
            group=group,
            created_group=group_id is None,
            bookings=bookings,
            renumbered=plan.renumbered,
        )


def reschedule(
    session_factory: sessionmaker[Session],
    *,
    business: Business,
    customer_id: int,
    group_id: uuid.UUID,
    plan: Plan,
    actor: str = "bot",
    at: datetime,
    proposal_id: uuid.UUID | None = None,
) -> BookingResult:
    """Apply a new schedule to the customer's group, all or nothing.

    `plan.sessions` name confirmed sessions by their current numbers with their new
    times (unchanged ones are left alone); each moved session is re-counted against
    the service's capacity without its own old place. `plan.renumbered` follows.
    `proposal_id` is claimed as in `book_plan`.
    """
    moment = utc(at)
    with write_session(session_factory) as session:
        group = customer_group(session, group_id=group_id, customer_id=customer_id)
        service = group.service
        lock_services(session, [service.id])
        _claim(session, proposal_id, moment)
        if group.status != "active":
            raise InvalidTransitionError(f"plan {group_id} is {group.status}; nothing can move")
        current = numbered(session, group)
        moved: list[tuple[BookingRow, datetime]] = []
        for planned in checked_sessions(plan, group.total_sessions):
            row = current.get(planned.number)
            if row is None:
                raise NotFoundError(f"plan {group_id} has no booked session {planned.number}")
            if row.status != "confirmed":
                raise InvalidTransitionError(
                    f"booking {row.id} is {row.status}; only a confirmed session can move"
                )
            if (row.start_at, row.end_at) != (planned.start, planned.end):
                moved.append((row, row.start_at))
                row.start_at, row.end_at, row.updated_at = planned.start, planned.end, moment
        session.flush()
        starts = [(row.session_number, row.start_at) for row, _ in moved]
        _within_expiry(group.package_expires_at, starts)
        for row, old_start in moved:
            ensure_free(session, business, service, row)
            note = f"moved from {old_start.isoformat()} to {row.start_at.isoformat()}"
            add_event(session, row, before=row.status, at=moment, actor=actor, note=note)
        renumber(session, group, plan.renumbered, at=moment, actor=actor)
        session.flush()
        return BookingResult(
            group=group_record(group),
            created_group=False,
            bookings=tuple(booking_record(r, service.slug) for r, _ in moved),
            renumbered=plan.renumbered,
        )


def cancel_sessions(
    session_factory: sessionmaker[Session],
    *,
    customer_id: int,
    group_id: uuid.UUID,
    session_numbers: Iterable[int],
    actor: str = "bot",
    at: datetime,
    note: str | None = None,
    proposal_id: uuid.UUID | None = None,
) -> list[BookingEventRecord]:
    """Cancel the customer's confirmed sessions with these numbers, all or nothing.

    The group stays active (its sessions can be booked again); `cancel_group` ends it.
    `proposal_id` is claimed as in `book_plan`.
    """
    moment = utc(at)
    with write_session(session_factory) as session:
        _claim(session, proposal_id, moment)
        group = customer_group(session, group_id=group_id, customer_id=customer_id)
        current = numbered(session, group)
        events = []
        for number in sorted(set(session_numbers)):
            row = current.get(number)
            if row is None:
                raise NotFoundError(f"plan {group_id} has no booked session {number}")
            event = set_status(
                session, booking_id=row.id, status="cancelled", actor=actor, at=moment, note=note
            )
            events.append(event)
        return events
