"""What every strategy's planner shares: search limits, a planned session, the
conflict of one slot with its nearest free alternatives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from bookbot.core.availability import Availability, Interval
from bookbot.core.types import BookingStatus, Conflict, ConflictRule, PlannedSession, SessionState

OPEN_ENDED_SEARCH_DAYS = 366
"""How far past the target day a plan looks for a free day when no maximum is set."""

ALTERNATIVE_SEARCH_DAYS = 21
ALTERNATIVES = 3


def planned(avail: Availability, number: int, start: datetime) -> PlannedSession:
    return PlannedSession(
        number=number,
        start=start,
        end=avail.end_of(start, number),
        name=avail.service.session_name(number),
    )


def slot_conflict(
    avail: Availability,
    start: datetime,
    number: int,
    tentative: Sequence[Interval] = (),
) -> Conflict | None:
    """A Conflict with the nearest free starts when one session cannot go at `start`."""
    reason = avail.reason(start, number, tentative)
    if reason is None:
        return None
    rule, message = reason
    return Conflict(
        rule=rule,
        session=number,
        message=message,
        requested=start,
        alternatives=avail.nearest_free(start, number, ALTERNATIVES, tentative=tentative),
        latest=expiry_day(avail, rule),
    )


def expiry_day(avail: Availability, rule: ConflictRule) -> date | None:
    """The last day a session may take, for a refusal by the package's expiry."""
    return avail.last_day if rule is ConflictRule.AFTER_EXPIRY else None


def counted_sessions(sessions: Sequence[SessionState]) -> list[SessionState]:
    """Sessions that use up a place in the plan: completed and confirmed ones."""
    keep = (BookingStatus.COMPLETED, BookingStatus.CONFIRMED)
    return sorted((s for s in sessions if s.status in keep), key=lambda s: s.start)


def with_own_sessions(avail: Availability, sessions: Sequence[SessionState]) -> Availability:
    """`avail` with the group's own booked sessions as the customer's busy time: a
    customer is never in two sessions at once, whatever the caller passed as busy."""
    own = tuple((s.start, s.end) for s in counted_sessions(sessions))
    missing = tuple(i for i in own if i not in avail.customer_busy)
    if not missing:
        return avail
    return replace(avail, customer_busy=avail.customer_busy + missing)


def days_text(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
