"""The reads of the proactive-message worker: every customer's plans and the recent
completion events, as the notification policy's inputs (`core.notification_model`).

    group_states        the active groups of some services (and some others by id),
                        each with its customer and its sessions that are not cancelled
    soon_sessions       the confirmed sessions starting within the reminder lead
    due_group_ids       the groups an expiry warning or a nudge may be due for
                        (`core.notification_windows`), found by index: plans
                        expiring soon, open plans whose last session happened recently
    groups_by_id        `group_states` of those groups only
    recent_completions  the completion and no-show events recorded after a moment

Both take a Session and only read. Long id lists go to the database in chunks
of CHUNK; events are paged by id (EVENT_PAGE per page), newest first, so a pass
reads the recent events only, never the whole audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from bookbot.core.config import Strategy
from bookbot.core.notification_model import Completion, GroupSession, GroupState, Recipient
from bookbot.core.notification_windows import DueWindows
from bookbot.core.types import BookingStatus
from bookbot.store.columns import utc
from bookbot.store.models import (
    BookingEventRow,
    BookingRow,
    ConversationRow,
    CustomerRow,
    SessionGroupRow,
)

CHUNK = 500
"""Ids per `IN (...)` list."""
EVENT_PAGE = 500
"""Events per page when reading back through the audit trail."""
ANNOUNCED = (BookingStatus.COMPLETED.value, BookingStatus.NO_SHOW.value)
NUDGED = (Strategy.SEQUENTIAL.value, Strategy.FLEXIBLE.value)
"""The strategies whose idle plans get a nudge (overdue, check-in)."""

T = TypeVar("T")


class GroupRow(NamedTuple):
    """The columns of a session group the policy reads."""

    id: uuid.UUID
    service_id: int
    strategy: str
    total_sessions: int
    status: str
    customer_id: int
    package_expires_at: datetime | None


_GROUP_COLUMNS = (
    SessionGroupRow.id,
    SessionGroupRow.service_id,
    SessionGroupRow.strategy,
    SessionGroupRow.total_sessions,
    SessionGroupRow.status,
    SessionGroupRow.customer_id,
    SessionGroupRow.package_expires_at,
)


def group_states(
    session: Session,
    *,
    services: Mapping[int, str],
    also: Collection[uuid.UUID] = (),
) -> list[GroupState]:
    """The active groups of `services` ({database id: service slug}) and those in `also`
    (of the same services, any status: e.g. just completed), with their sessions."""
    rows = _groups(session, list(services), also)
    inactive = [row.id for row, _, _ in rows if row.status != "active"]
    sessions = _sessions(session, list(services), inactive)
    return [_state(row, phone, name, services, sessions) for row, phone, name in rows]


def _state(
    row: GroupRow,
    phone: str,
    name: str | None,
    services: Mapping[int, str],
    sessions: Mapping[uuid.UUID, list[GroupSession]],
) -> GroupState:
    return GroupState(
        group_id=str(row.id),
        service_id=services[row.service_id],
        strategy=Strategy(row.strategy),
        total=row.total_sessions,
        active=row.status == "active",
        customer=Recipient(row.customer_id, phone, name),
        sessions=tuple(sessions.get(row.id, ())),
        expires_at=row.package_expires_at,
    )


def groups_by_id(
    session: Session, *, services: Mapping[int, str], ids: Collection[uuid.UUID]
) -> list[GroupState]:
    """`group_states` of the groups `ids` (any status) of `services` only: the
    worker's pass reads the plans something may be due for, not every active one."""
    rows = _groups(session, list(services), ids, active=False)
    sessions = _sessions(session, list(services), [row.id for row, _, _ in rows], active=False)
    return [_state(row, phone, name, services, sessions) for row, phone, name in rows]


def soon_sessions(
    session: Session, *, service_pks: Sequence[int], windows: DueWindows
) -> list[tuple[uuid.UUID, int, datetime]]:
    """(group id, booking id, start) of the confirmed sessions of active groups of
    these services starting within the reminder lead (by index on status and start)."""
    query = (
        select(BookingRow.session_group_id, BookingRow.id, BookingRow.start_at)
        .join(SessionGroupRow, SessionGroupRow.id == BookingRow.session_group_id)
        .where(
            SessionGroupRow.status == "active",
            BookingRow.status == BookingStatus.CONFIRMED.value,
            BookingRow.start_at > utc(windows.now),
            BookingRow.start_at <= utc(windows.reminders_until),
            BookingRow.service_id.in_(service_pks),
        )
    )
    return [(g, b, start) for g, b, start in session.connection().execute(query)]


def due_group_ids(
    session: Session,
    *,
    service_pks: Sequence[int],
    nudged_pks: Sequence[int],
    windows: DueWindows,
) -> set[uuid.UUID]:
    """The groups of these services an expiry warning or a nudge may be due for in
    `windows` (two indexed reads; see `core.notification_windows`): active and
    expiring within the warning, or active, multi-session, of the `nudged_pks`
    services (sequential or flexible), with a session completed or missed, nothing
    booked and sessions left. With the groups of
    `soon_sessions` and of the recent completions, those are all a pass reads."""
    now = utc(windows.now)
    expiring = select(SessionGroupRow.id).where(
        SessionGroupRow.status == "active",
        SessionGroupRow.package_expires_at > now,
        SessionGroupRow.package_expires_at <= utc(windows.expiring_until),
        SessionGroupRow.service_id.in_(service_pks),
    )
    found: set[uuid.UUID] = set()
    connection = session.connection()
    queries = [expiring]
    if nudged_pks:
        queries.append(_idle_open(nudged_pks, now))
    for query in queries:
        found.update(connection.execute(query).scalars())
    return found


def _idle_open(service_pks: Sequence[int], now: datetime) -> Select[Any]:
    """Active multi-session sequential or flexible groups with a session completed or
    missed by `now`, nothing booked and fewer sessions completed than they hold: the
    happened sessions by index, then their groups' bookings counted."""
    recent = (
        select(BookingRow.session_group_id)
        .where(
            BookingRow.status.in_(ANNOUNCED),
            BookingRow.start_at <= now,
            BookingRow.service_id.in_(service_pks),
        )
        .distinct()
        .subquery()
    )
    counted = aliased(BookingRow)
    booked = func.sum(case((counted.status == BookingStatus.CONFIRMED.value, 1), else_=0))
    completed = func.sum(case((counted.status == BookingStatus.COMPLETED.value, 1), else_=0))
    return (
        select(SessionGroupRow.id)
        .join(recent, recent.c.session_group_id == SessionGroupRow.id)
        .join(counted, counted.session_group_id == SessionGroupRow.id)
        .where(
            SessionGroupRow.status == "active",
            SessionGroupRow.total_sessions > 1,
            SessionGroupRow.strategy.in_(NUDGED),
        )
        .group_by(SessionGroupRow.id, SessionGroupRow.total_sessions)
        .having(booked == 0, completed < SessionGroupRow.total_sessions)
    )


def recent_completions(
    session: Session,
    *,
    service_pks: Sequence[int],
    since: datetime,
    history_actors: Collection[str] = (),
) -> list[Completion]:
    """Completion and no-show events of these services recorded after `since`, newest
    first by id; events by an actor in `history_actors` are state, never announced.

    Pages back through the events by id (the primary key) and stops at the first
    page reaching back to `since`: ids follow the order events were recorded in.
    """
    query = (
        select(
            BookingEventRow.id,
            BookingEventRow.booking_id,
            BookingEventRow.to_status,
            BookingEventRow.at,
            BookingEventRow.actor,
            BookingRow.session_group_id,
            BookingRow.session_number,
        )
        .join(BookingRow, BookingRow.id == BookingEventRow.booking_id)
        .where(BookingEventRow.to_status.in_(ANNOUNCED), BookingRow.service_id.in_(service_pks))
        .order_by(BookingEventRow.id.desc())
        .limit(EVENT_PAGE)
    )
    found: list[Completion] = []
    before: int | None = None
    while True:
        page = session.execute(
            query if before is None else query.where(BookingEventRow.id < before)
        ).all()
        for event_id, booking_id, status, at, actor, group_id, number in page:
            if at > since:
                found.append(
                    Completion(
                        event_id=event_id,
                        group_id=str(group_id),
                        booking_id=booking_id,
                        session_number=number,
                        status=BookingStatus(status),
                        at=at,
                        announce=actor not in history_actors,
                    )
                )
        if len(page) < EVENT_PAGE or page[-1].at <= since:
            return found
        before = page[-1].id


def _groups(
    session: Session,
    service_pks: Sequence[int],
    also: Collection[uuid.UUID],
    *,
    active: bool = True,
) -> list[tuple[GroupRow, str, str | None]]:
    """The active groups of these services (with `active`), and the groups in `also`
    (any status)."""
    base = (
        select(*_GROUP_COLUMNS, CustomerRow.phone, CustomerRow.name)
        .join(CustomerRow, CustomerRow.id == SessionGroupRow.customer_id)
        .where(SessionGroupRow.service_id.in_(service_pks))
    )
    found: dict[uuid.UUID, tuple[GroupRow, str, str | None]] = {}
    queries = [base.where(SessionGroupRow.status == "active")] if active else []
    queries += [base.where(SessionGroupRow.id.in_(c)) for c in chunks(sorted(also))]
    connection = session.connection()  # plain rows: no ORM loading
    for query in queries:
        for found_row in connection.execute(query.order_by(SessionGroupRow.id)):
            row = GroupRow._make(found_row[: len(_GROUP_COLUMNS)])
            found[row.id] = (row, found_row.phone, found_row.name)
    return list(found.values())


def _sessions(
    session: Session,
    service_pks: Sequence[int],
    inactive: Sequence[uuid.UUID],
    *,
    active: bool = True,
) -> dict[uuid.UUID, list[GroupSession]]:
    """The bookings that are not cancelled of the active groups of these services (one
    joined query, with `active`) and of the `inactive` groups, by group, in session
    order."""
    columns = (
        BookingRow.session_group_id,
        BookingRow.id,
        BookingRow.session_number,
        BookingRow.start_at,
        BookingRow.end_at,
        BookingRow.status,
    )
    order = (BookingRow.session_group_id, BookingRow.session_number, BookingRow.id)
    base = select(*columns).where(BookingRow.status != "cancelled").order_by(*order)
    joined = base.join(SessionGroupRow, SessionGroupRow.id == BookingRow.session_group_id).where(
        SessionGroupRow.service_id.in_(service_pks), SessionGroupRow.status == "active"
    )
    queries = [joined] if active else []
    queries += [base.where(BookingRow.session_group_id.in_(c)) for c in chunks(inactive)]
    out: dict[uuid.UUID, list[GroupSession]] = {}
    connection = session.connection()  # plain rows: no ORM loading for 100k sessions
    for query in queries:
        for group_id, booking_id, number, start, end, status in connection.execute(query):
            item = GroupSession(booking_id, number, start, end, BookingStatus(status))
            out.setdefault(group_id, []).append(item)
    return out


def chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """`items` in slices of CHUNK, for `IN (...)` lists."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def customer_languages(
    session: Session,
    customer_ids: Collection[int],
    language_of: Callable[[dict[str, Any] | None], str | None],
) -> dict[int, str]:
    """The language each customer last wrote in, read from their conversation's state by
    `language_of` (the latest conversation when they have several); customers who never
    wrote are left out (their messages go in the default language)."""
    if not customer_ids:
        return {}
    rows = session.execute(
        select(ConversationRow.customer_id, ConversationRow.state)
        .where(ConversationRow.customer_id.in_(sorted(customer_ids)))
        .order_by(ConversationRow.customer_id, ConversationRow.id)
    ).all()
    found: dict[int, str] = {}
    for customer_id, state in rows:
        lang = language_of(state if isinstance(state, dict) else None)
        if lang:
            found[customer_id] = lang
    return found
