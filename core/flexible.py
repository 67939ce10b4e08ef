"""flexible: any number of the remaining sessions at once, each pair of
consecutive sessions at least the minimum apart; numbers follow date order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bookbot.core.availability import Availability, Interval
from bookbot.core.calendar import ts
from bookbot.core.plan_steps import (
    ALTERNATIVE_SEARCH_DAYS,
    ALTERNATIVES,
    counted_sessions,
    days_text,
    planned,
    slot_conflict,
)
from bookbot.core.types import (
    Conflict,
    ConflictRule,
    Plan,
    PlannedSession,
    PlanResult,
    SessionState,
)


def plan_flexible(
    avail: Availability, sessions: Sequence[SessionState], starts: Sequence[datetime]
) -> PlanResult:
    """Book any number of the remaining sessions; numbers follow date order."""
    service = avail.service
    counted = counted_sessions(sessions)
    remaining = service.total_sessions - len(counted)
    if not starts:
        return Plan(sessions=())
    if len(starts) > remaining:
        return Conflict(
            rule=ConflictRule.NO_SESSIONS_LEFT,
            session=0,
            message=(
                f"{remaining} of {service.total_sessions} sessions are left to book; "
                f"{len(starts)} were asked for"
            ),
        )
    ordered = sorted(starts)
    timeline: list[tuple[datetime, SessionState | None]] = sorted(
        [(s.start, s) for s in counted] + [(start, None) for start in ordered],
        key=lambda item: item[0],
    )
    # Check each new start as the session number it will have.
    tentative: list[Interval] = []
    for number, (start, existing) in enumerate(timeline, start=1):
        if existing is not None:
            continue
        conflict = slot_conflict(avail, start, number, tentative)
        if conflict is not None:
            return conflict
        tentative.append((start, avail.end_of(start, number)))
    gap_conflict = _flexible_gaps(avail, timeline)
    if gap_conflict is not None:
        return gap_conflict
    new_sessions: list[PlannedSession] = []
    renumbered: list[tuple[int, int]] = []
    for index, (start, existing) in enumerate(timeline, start=1):
        if existing is None:
            new_sessions.append(planned(avail, index, start))
        elif existing.number != index:
            renumbered.append((existing.number, index))
    return Plan(sessions=tuple(new_sessions), renumbered=tuple(renumbered))


def _flexible_gaps(
    avail: Availability, timeline: Sequence[tuple[datetime, SessionState | None]]
) -> Conflict | None:
    for index in range(1, len(timeline)):
        before, after = timeline[index - 1][0], timeline[index][0]
        minimum = avail.service.gap(index).minimum
        days = (avail.local_day(after) - avail.local_day(before)).days
        if days < minimum:
            earliest = avail.local_day(before) + timedelta(days=minimum)
            around = max(after, avail.local(before) + timedelta(days=minimum))
            return Conflict(
                rule=ConflictRule.BUFFER_MIN,
                session=index + 1,
                message=(
                    f"sessions {index} and {index + 1} must be at least {days_text(minimum)} apart "
                    f"({avail.local(before):%Y-%m-%d} and {avail.local(after):%Y-%m-%d} are "
                    f"{days_text(days)} apart)"
                ),
                requested=after,
                earliest=earliest,
                alternatives=_nearest_from(avail, earliest, around, index + 1),
            )
    return None


def _nearest_from(
    avail: Availability, earliest: date, around: datetime, number: int
) -> tuple[datetime, ...]:
    """The free starts nearest `around` (a time on the local day `earliest`) that
    are on `earliest` or later: the days before would break the minimum gap."""
    found: list[datetime] = []
    for offset in range(ALTERNATIVE_SEARCH_DAYS + 1):
        found.extend(avail.free_starts(earliest + timedelta(days=offset), number))
        if sum(1 for s in found if ts(s) >= ts(around)) >= ALTERNATIVES:
            break
    found.sort(key=lambda s: (abs(ts(s) - ts(around)), ts(s)))
    return tuple(found[:ALTERNATIVES])
