"""The reads of the proactive-message worker: every customer's plans and the recent
completion events, as the notification policy's inputs (`core.notification_model`).

    group_states        the active groups of some services (and some others by id),
                        each with its customer and its sessions that are not cancelled
    recent_completions  the completion and no-show events recorded after a moment

Both take a Session and only read. Long id lists go to the database in chunks
of CHUNK; events are paged by id (EVENT_PAGE per page), newest first, so a pass
reads the recent events only, never the whole audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.core.config import Strategy
from bookbot.core.notification_model import Completion, GroupSession, GroupState, Recipient
from bookbot.core.types import BookingStatus
from bookbot.store.models import BookingEventRow, BookingRow, CustomerRow, SessionGroupRow

CHUNK = 500
"""Ids per `IN (...)` list."""
EVENT_PAGE = 500
"""Events per page when reading back through the audit trail."""
ANNOUNCED = (BookingStatus.COMPLETED.value, BookingStatus.NO_SHOW.value)

T = TypeVar("T")


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
    return [
        GroupState(
            group_id=str(row.id),
            service_id=services[row.service_id],
            strategy=Strategy(row.strategy),
            total=row.total_sessions,
            active=row.status == "active",
            customer=Recipient(row.customer_id, phone, name),
            sessions=tuple(sessions.get(row.id, ())),
            expires_at=row.package_expires_at,
        )
        for row, phone, name in rows
    ]


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
    session: Session, service_pks: Sequence[int], also: Collection[uuid.UUID]
) -> list[tuple[SessionGroupRow, str, str | None]]:
    """The active groups of these services, and the groups in `also` (any status)."""
    base = (
        select(SessionGroupRow, CustomerRow.phone, CustomerRow.name)
        .join(CustomerRow, CustomerRow.id == SessionGroupRow.customer_id)
        .where(SessionGroupRow.service_id.in_(service_pks))
    )
    found: dict[uuid.UUID, tuple[SessionGroupRow, str, str | None]] = {}
    active = base.where(SessionGroupRow.status == "active")
    queries = [active] + [base.where(SessionGroupRow.id.in_(c)) for c in chunks(sorted(also))]
    for query in queries:
        for row, phone, name in session.execute(query.order_by(SessionGroupRow.id)):
            found[row.id] = (row, phone, name)
    return list(found.values())


def _sessions(
    session: Session, service_pks: Sequence[int], inactive: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[GroupSession]]:
    """The bookings that are not cancelled of the active groups of these services (one
    joined query) and of the `inactive` groups, by group, in session order."""
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
    active = base.join(SessionGroupRow, SessionGroupRow.id == BookingRow.session_group_id).where(
        SessionGroupRow.service_id.in_(service_pks), SessionGroupRow.status == "active"
    )
    queries = [active] + [base.where(BookingRow.session_group_id.in_(c)) for c in chunks(inactive)]
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
