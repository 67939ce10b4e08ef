"""Builders for the notification-policy tests: groups, sessions and events of the
demo business (evals/businesses/demo.yaml), with local Zurich times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bookbot.core.config import Business
from bookbot.core.notifications import (
    Completion,
    DueMessage,
    GroupSession,
    GroupState,
    Kind,
    Recipient,
    due_messages,
)
from bookbot.core.types import BookingStatus
from tests.core.core_testkit import ZURICH, demo_business

OK, DONE, MISSED = BookingStatus.CONFIRMED, BookingStatus.COMPLETED, BookingStatus.NO_SHOW
MARIE = Recipient(1, "+41790000001", "Marie")


def t(text: str) -> datetime:
    """An aware Zurich datetime from '2026-03-10 14:00'."""
    return datetime.fromisoformat(text).replace(tzinfo=ZURICH)


def sessions(
    *items: tuple[str, BookingStatus], minutes: int = 60, first_id: int = 1
) -> tuple[GroupSession, ...]:
    """Sessions numbered 1, 2, ... with booking ids from `first_id`."""
    return tuple(
        GroupSession(first_id + k, k + 1, t(start), t(start) + timedelta(minutes=minutes), status)
        for k, (start, status) in enumerate(items)
    )


def group(
    service_id: str,
    *items: tuple[str, BookingStatus],
    active: bool = True,
    expires_at: datetime | None = None,
    group_id: str = "g1",
    business: Business | None = None,
) -> GroupState:
    service = (business or demo_business()).service(service_id)
    return GroupState(
        group_id=group_id,
        service_id=service_id,
        strategy=service.strategy,
        total=service.total_sessions,
        active=active,
        customer=MARIE,
        sessions=sessions(*items),
        expires_at=expires_at,
    )


def event(
    g: GroupState,
    number: int,
    at: str,
    *,
    event_id: int | None = None,
    announce: bool = True,
) -> Completion:
    """The completion (or no-show, by the session's status) of session `number`."""
    session = next(s for s in g.sessions if s.number == number)
    return Completion(
        event_id=event_id if event_id is not None else 100 + number,
        group_id=g.group_id,
        booking_id=session.booking_id,
        session_number=number,
        status=session.status,
        at=t(at),
        announce=announce,
    )


def due(
    groups: Sequence[GroupState],
    events: Sequence[Completion] = (),
    *,
    now: str,
    sent: frozenset[str] = frozenset(),
    business: Business | None = None,
) -> list[DueMessage]:
    return due_messages(business or demo_business(), groups, events, now=t(now), sent=sent)


def of_kind(messages: Sequence[DueMessage], kind: Kind) -> list[DueMessage]:
    return [m for m in messages if m.kind is kind]
