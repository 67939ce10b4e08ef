"""immediate: the whole plan from session 1's slot.

Session k+1 goes on the earliest day >= day(k) + target (and <= day(k) + maximum)
with a free slot, at the free start closest to the preferred time of day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bookbot.core.availability import Availability, Interval, closeness, local_minutes
from bookbot.core.calendar import ts
from bookbot.core.plan_steps import (
    ALTERNATIVE_SEARCH_DAYS,
    ALTERNATIVES,
    OPEN_ENDED_SEARCH_DAYS,
    planned,
)
from bookbot.core.types import Conflict, ConflictRule, Plan, PlannedSession, PlanResult


def next_session_start(
    avail: Availability,
    previous: datetime,
    number: int,
    preferred_minutes: int,
    tentative: Sequence[Interval],
) -> datetime | Conflict:
    """Session `number` after the one at `previous`: the earliest day >= target
    (and <= maximum) with a free slot, at the start closest to the preferred time.
    With a 0-day gap the same day counts, but only after `previous`."""
    gap = avail.service.gap(number - 1)
    first_day = avail.local_day(previous)
    last_offset = gap.maximum if gap.maximum is not None else gap.target + OPEN_ENDED_SEARCH_DAYS
    for offset in range(gap.target, last_offset + 1):
        day = first_day + timedelta(days=offset)
        found = closest_free(avail, day, number, preferred_minutes, tentative, previous)
        if found is not None:
            return found
    latest = first_day + timedelta(days=gap.maximum) if gap.maximum is not None else None
    return Conflict(
        rule=ConflictRule.NO_SLOT_IN_WINDOW,
        session=number,
        message=(
            f"no free slot for session {number} between "
            f"{first_day + timedelta(days=gap.target)} and {latest or 'a year later'}"
        ),
        earliest=first_day + timedelta(days=gap.minimum),
        latest=latest,
        suggested=first_day + timedelta(days=gap.target),
    )


def closest_free(
    avail: Availability,
    day: date,
    number: int,
    preferred_minutes: int,
    tentative: Sequence[Interval],
    previous: datetime,
) -> datetime | None:
    """`closest_to(free starts after previous)` on `day`, trying the grid nearest
    the preferred time first and stopping at the first free start."""
    after = ts(previous)
    starts = sorted(avail.grid(day, number), key=lambda s: closeness(s, preferred_minutes))
    for start in starts:
        if ts(start) > after and avail.is_free(start, number, tentative):
            return start
    return None


def chain_from(
    avail: Availability,
    fixed: Sequence[PlannedSession],
    preferred_minutes: int,
) -> tuple[PlannedSession, ...] | Conflict:
    """Plan the sessions after `fixed` up to the plan's end with the planning rule."""
    sessions = list(fixed)
    for number in range(sessions[-1].number + 1, avail.service.total_sessions + 1):
        tentative = [(s.start, s.end) for s in sessions]
        start = next_session_start(avail, sessions[-1].start, number, preferred_minutes, tentative)
        if isinstance(start, Conflict):
            return start
        sessions.append(planned(avail, number, start))
    return tuple(sessions)


def plan_immediate(avail: Availability, first_start: datetime) -> PlanResult:
    """Every session of the plan, from session 1 at `first_start`."""
    conflict = avail.reason(first_start, 1)
    if conflict is None:
        first = planned(avail, 1, first_start)
        chained = chain_from(avail, [first], local_minutes(avail.local(first_start)))
        if not isinstance(chained, Conflict):
            return Plan(sessions=chained)
        found: Conflict = chained
    else:
        rule, message = conflict
        found = Conflict(rule=rule, session=1, message=message, requested=first_start)
    return _with_plan_alternatives(avail, found, first_start)


def _with_plan_alternatives(avail: Availability, conflict: Conflict, around: datetime) -> Conflict:
    """Attach the session-1 starts nearest `around` from which the whole plan fits."""
    found: list[datetime] = []
    candidates = avail.nearest_free(around, 1, count=60, within_days=ALTERNATIVE_SEARCH_DAYS)
    for candidate in candidates:
        first = planned(avail, 1, candidate)
        chained = chain_from(avail, [first], local_minutes(avail.local(candidate)))
        if not isinstance(chained, Conflict):
            found.append(candidate)
            if len(found) == ALTERNATIVES:
                break
    return Conflict(
        rule=conflict.rule,
        session=conflict.session,
        message=conflict.message,
        requested=around,
        alternatives=tuple(found),
        earliest=conflict.earliest,
        latest=conflict.latest,
        suggested=conflict.suggested,
    )
