"""Proactive messages: the store's state through core's notification policy into
the outbox (DESIGN.md, "Proactive messages"). `enqueue_due` is one pass of
`bookbot worker` and of the eval runner's `worker` step; `api.delivery` sends
what it enqueued.

A pass reads, in one transaction: the business's active session groups with
their (not cancelled) sessions, the completion and no-show events recorded
within `COMPLETION_LOOKBACK` (and their groups, also finished ones), and which
of the due messages' dedupe keys the outbox already holds. Events whose actor
is in HISTORY_ACTORS (the eval runner's setup) count as state but are never
announced. Each due message is enqueued under its dedupe key: a key seen before
gives None, so when two workers race, the second loses and nothing is sent
twice (PostgreSQL makes the loser wait for the winner's commit, then refuses
its insert). Keys are inserted in the policy's order, the same in every worker,
so two racing passes never deadlock.

A message due in quiet hours is not enqueued then: the policy gives it a
`send_after` at the end of the quiet hours, and the first pass from that moment
on checks it against the state of the morning (a reminder of a session
cancelled overnight is never sent).

The reads below use the store's tables directly because the store has no
all-customer reads of groups, recent events and outbox keys yet (see the
module's functions `_groups`, `_completions`, `_present_keys`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business, Strategy
from bookbot.core.notifications import (
    COMPLETION_LOOKBACK,
    Completion,
    DueMessage,
    GroupSession,
    GroupState,
    Recipient,
    due_messages,
)
from bookbot.core.types import BookingStatus
from bookbot.store import outbox
from bookbot.store.columns import utc
from bookbot.store.db import write_session
from bookbot.store.lookup import service_ids_by_slug
from bookbot.store.models import (
    BookingEventRow,
    BookingRow,
    CustomerRow,
    OutboxRow,
    SessionGroupRow,
)
from bookbot.store.outbox import OutboxItem

HISTORY_ACTORS = frozenset({"setup"})
"""Actors whose completions are history: counted, never announced."""
CHUNK = 500
"""Ids per `IN (...)` list."""
EVENT_PAGE = 500
ANNOUNCED = (BookingStatus.COMPLETED.value, BookingStatus.NO_SHOW.value)

T = TypeVar("T")


def enqueue_due(
    session_factory: sessionmaker[Session], business: Business, *, now: datetime
) -> list[OutboxItem]:
    """Enqueue every proactive message due at `now`; the items this pass added."""
    moment = utc(now)
    added: list[OutboxItem] = []
    with write_session(session_factory) as session:
        groups, completions = read_state(session, business, now=moment)
        candidates = due_messages(business, groups, completions, now=moment)
        present = _present_keys(session, [m.key for m in candidates])
        for message in candidates:
            if message.key in present or message.send_after > moment:
                continue  # sent before, or quiet hours: a later pass re-checks it
            item = outbox.enqueue(
                session,
                phone=message.customer.phone,
                kind=message.kind.value,
                dedupe_key=message.key,
                body=outbox_body(message),
                now=moment,
                customer_id=message.customer.customer_id,
                send_after=message.send_after,
            )
            if item is not None:
                added.append(item)
    return added


def outbox_body(message: DueMessage) -> dict[str, Any]:
    """The text, and the approved template to send instead outside the 24-hour window."""
    template = {"name": message.template, "language": message.language}
    return {"text": message.text, "template": {**template, "params": list(message.params)}}


def read_state(
    session: Session, business: Business, *, now: datetime
) -> tuple[list[GroupState], list[Completion]]:
    """What the policy needs: groups with sessions, and recent completion events."""
    services = service_ids_by_slug(session, business=business)
    slugs = {pk: slug for slug, pk in services.items()}
    if not slugs:
        return [], []
    completions = _completions(session, list(slugs), since=now - COMPLETION_LOOKBACK)
    event_groups = {uuid.UUID(c.group_id) for c in completions}
    groups = _groups(session, list(slugs), event_groups)
    sessions = _sessions(session, [row.id for row, _, _ in groups])
    states = [
        GroupState(
            group_id=str(row.id),
            service_id=slugs[row.service_id],
            strategy=Strategy(row.strategy),
            total=row.total_sessions,
            active=row.status == "active",
            customer=Recipient(row.customer_id, phone, name),
            sessions=tuple(sessions.get(row.id, ())),
            expires_at=row.package_expires_at,
        )
        for row, phone, name in groups
    ]
    return states, completions


def _groups(
    session: Session, service_pks: Sequence[int], also: set[uuid.UUID]
) -> list[tuple[SessionGroupRow, str, str | None]]:
    """The active groups of these services, and the groups in `also` (any status)."""
    base = select(SessionGroupRow, CustomerRow.phone, CustomerRow.name).join(
        CustomerRow, CustomerRow.id == SessionGroupRow.customer_id
    )
    found: dict[uuid.UUID, tuple[SessionGroupRow, str, str | None]] = {}
    active = base.where(
        SessionGroupRow.status == "active", SessionGroupRow.service_id.in_(service_pks)
    )
    queries = [active] + [base.where(SessionGroupRow.id.in_(c)) for c in _chunks(sorted(also))]
    for query in queries:
        for row, phone, name in session.execute(query.order_by(SessionGroupRow.id)):
            found[row.id] = (row, phone, name)
    return list(found.values())


def _sessions(
    session: Session, group_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[GroupSession]]:
    """The groups' bookings that are not cancelled, by group, in session order."""
    columns = (
        BookingRow.session_group_id,
        BookingRow.id,
        BookingRow.session_number,
        BookingRow.start_at,
        BookingRow.end_at,
        BookingRow.status,
    )
    out: dict[uuid.UUID, list[GroupSession]] = {}
    for chunk in _chunks(group_ids):
        rows = session.execute(
            select(*columns)
            .where(BookingRow.session_group_id.in_(chunk), BookingRow.status != "cancelled")
            .order_by(BookingRow.session_group_id, BookingRow.session_number, BookingRow.id)
        )
        for group_id, booking_id, number, start, end, status in rows:
            item = GroupSession(booking_id, number, start, end, BookingStatus(status))
            out.setdefault(group_id, []).append(item)
    return out


def _completions(
    session: Session, service_pks: Sequence[int], *, since: datetime
) -> list[Completion]:
    """Completion and no-show events recorded after `since`, newest first by id.

    Pages back through the events by id (the primary key) and stops at the first
    page reaching back to `since`: ids follow the order events were recorded in,
    so this reads the recent events only, not the whole audit trail.
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
                        announce=actor not in HISTORY_ACTORS,
                    )
                )
        if len(page) < EVENT_PAGE or page[-1].at <= since:
            return found
        before = page[-1].id


def _present_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of `keys` the outbox already holds (sent, pending or failed)."""
    present: set[str] = set()
    for chunk in _chunks(sorted(set(keys))):
        present.update(
            session.scalars(select(OutboxRow.dedupe_key).where(OutboxRow.dedupe_key.in_(chunk)))
        )
    return present


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
