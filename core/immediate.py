"""immediate: the whole plan from session 1's slot.

Session k+1 goes on the earliest day >= day(k) + target (and <= day(k) + maximum)
with a free slot, at the free start closest to the preferred time of day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bookbot.core.alternatives import clamp_day
from bookbot.core.availability import Availability, Interval, closeness, local_minutes
from bookbot.core.calendar import ts
from bookbot.core.plan_steps import (
    ALTERNATIVE_SEARCH_DAYS,
    ALTERNATIVES,
    OPEN_ENDED_SEARCH_DAYS,
    expiry_day,
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
    expiry_offset = None if avail.last_day is None else (avail.last_day - first_day).days
    stop = last_offset if expiry_offset is None else min(last_offset, expiry_offset)
    for offset in range(gap.target, stop + 1):
        day = first_day + timedelta(days=offset)
        found = closest_free(avail, day, number, preferred_minutes, tentative, previous)
        if found is not None:
            return found
    if expiry_offset is not None and expiry_offset < last_offset:
        return _after_expiry(avail, number, first_day + timedelta(days=gap.target))
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


def _after_expiry(avail: Availability, number: int, target: date) -> Conflict:
    """Session `number` finds no free slot before the package expires."""
    last = avail.last_day
    assert last is not None
    if target > last:
        where = f"its spacing puts it on {target} at the earliest"
    else:
        where = f"nothing is free for it from {target} to {last}"
    return Conflict(
        rule=ConflictRule.AFTER_EXPIRY,
        session=number,
        message=f"session {number} does not fit before {avail.expiry_text()}: {where}",
        latest=last,
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
        latest = expiry_day(avail, rule)
        found = Conflict(rule, 1, message, requested=first_start, latest=latest)
    return _with_plan_alternatives(avail, found, first_start)


def _with_plan_alternatives(avail: Availability, conflict: Conflict, around: datetime) -> Conflict:
    """Attach the session-1 starts nearest `around` from which the whole plan fits."""
    found: list[datetime] = []
    start_from = _latest_fitting(avail, around)
    candidates = avail.nearest_free(start_from, 1, count=60, within_days=ALTERNATIVE_SEARCH_DAYS)
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


def _latest_fitting(avail: Availability, around: datetime) -> datetime:
    """`around`, or its time of day on the last day from which the whole plan's
    target spacing still ends before the package expires, if that is earlier."""
    if avail.last_day is None:
        return around
    spacing = sum(avail.service.gap(k).target for k in range(1, avail.service.total_sessions))
    return clamp_day(avail, around, None, avail.last_day - timedelta(days=spacing))
