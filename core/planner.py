"""The three booking strategies, exactly as DESIGN.md's scheduling rules say.

- immediate: the whole plan from session 1's slot (`plan_immediate`)
- sequential: the next session inside its window after the last completed one
  (`sequential_window`, `plan_sequential`)
- flexible: any of the remaining sessions, at least the minimum apart, numbered
  by date (`plan_flexible`)

`plan_for` dispatches on the service's strategy. A request that cannot be met
comes back as a `Conflict` with the nearest alternatives, never as an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import assert_never

from bookbot.core.availability import (
    Availability,
    Interval,
    closeness,
    closest_to,
    local_minutes,
)
from bookbot.core.calendar import ts
from bookbot.core.config import Strategy
from bookbot.core.types import (
    BookingStatus,
    Conflict,
    ConflictRule,
    Plan,
    PlannedSession,
    PlanResult,
    SessionState,
    Window,
)

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
    )


# --- immediate -------------------------------------------------------------


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


# --- sequential ------------------------------------------------------------


def _counted(sessions: Sequence[SessionState]) -> list[SessionState]:
    """Sessions that use up a place in the plan: completed and confirmed ones."""
    keep = (BookingStatus.COMPLETED, BookingStatus.CONFIRMED)
    return sorted((s for s in sessions if s.status in keep), key=lambda s: s.start)


def sequential_window(avail: Availability, sessions: Sequence[SessionState]) -> Window | Conflict:
    """Where the next sequential session may go, or why none may be booked now."""
    service = avail.service
    counted = _counted(sessions)
    pending = [s for s in counted if s.status is BookingStatus.CONFIRMED]
    if pending:
        current = pending[0]
        return Conflict(
            rule=ConflictRule.NOT_COMPLETED,
            session=current.number + 1,
            message=(
                f"session {current.number} on {avail.local(current.start):%Y-%m-%d} must be "
                "completed before the next one can be booked"
            ),
        )
    done = len(counted)
    if done >= service.total_sessions:
        return Conflict(
            rule=ConflictRule.NO_SESSIONS_LEFT,
            session=0,
            message=f"all {service.total_sessions} sessions are completed",
        )
    number = done + 1
    if number == 1:
        today = avail.local_day(avail.earliest_start)
        return Window(session=1, earliest=today, latest=None, suggested=today)
    last_day = avail.local_day(counted[-1].start)
    gap = service.gap(number - 1)
    return Window(
        session=number,
        earliest=last_day + timedelta(days=gap.minimum),
        latest=last_day + timedelta(days=gap.maximum) if gap.maximum is not None else None,
        suggested=last_day + timedelta(days=gap.target),
    )


def plan_sequential(
    avail: Availability, sessions: Sequence[SessionState], start: datetime
) -> PlanResult:
    """The next sequential session at `start`, if its window and the slot allow."""
    window = sequential_window(avail, sessions)
    if isinstance(window, Conflict):
        return window
    day = avail.local_day(start)
    outside = _outside_window(window, day)
    if outside is not None:
        rule, message = outside
        around = _window_anchor(avail, window, start)
        return Conflict(
            rule=rule,
            session=window.session,
            message=message,
            requested=start,
            alternatives=_window_alternatives(avail, window, around),
            earliest=window.earliest,
            latest=window.latest,
            suggested=window.suggested,
        )
    conflict = slot_conflict(avail, start, window.session)
    if conflict is not None:
        alternatives = _window_alternatives(avail, window, start)
        return Conflict(
            rule=conflict.rule,
            session=conflict.session,
            message=conflict.message,
            requested=start,
            alternatives=alternatives,
            earliest=window.earliest,
            latest=window.latest,
            suggested=window.suggested,
        )
    return Plan(sessions=(planned(avail, window.session, start),))


def _outside_window(window: Window, day: date) -> tuple[ConflictRule, str] | None:
    if day < window.earliest:
        return (
            ConflictRule.BUFFER_MIN,
            f"session {window.session} can be booked from {window.earliest} "
            f"(suggested {window.suggested})",
        )
    if window.latest is not None and day > window.latest:
        return (
            ConflictRule.BUFFER_MAX,
            f"session {window.session} must be on or before {window.latest} "
            f"(suggested {window.suggested})",
        )
    return None


def _window_anchor(avail: Availability, window: Window, start: datetime) -> datetime:
    """The requested time of day moved onto the suggested day."""
    local = avail.local(start)
    return local.replace(
        year=window.suggested.year, month=window.suggested.month, day=window.suggested.day
    )


def _window_alternatives(
    avail: Availability, window: Window, around: datetime
) -> tuple[datetime, ...]:
    """One start per day, on the window's days nearest `around`'s day (a tie goes to
    the earlier day), each at the free time closest to `around`'s time of day."""
    center = avail.local_day(around)
    preferred = local_minutes(avail.local(around))
    last = window.latest or window.earliest + timedelta(days=ALTERNATIVE_SEARCH_DAYS)
    days = sorted(
        (window.earliest + timedelta(days=k) for k in range((last - window.earliest).days + 1)),
        key=lambda day: (abs((day - center).days), day),
    )
    found: list[datetime] = []
    for day in days:
        starts = avail.free_starts(day, window.session)
        if starts:
            found.append(closest_to(starts, preferred))
            if len(found) == ALTERNATIVES:
                break
    return tuple(found)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


# --- flexible --------------------------------------------------------------


def plan_flexible(
    avail: Availability, sessions: Sequence[SessionState], starts: Sequence[datetime]
) -> PlanResult:
    """Book any number of the remaining sessions; numbers follow date order."""
    service = avail.service
    counted = _counted(sessions)
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
                    f"sessions {index} and {index + 1} must be at least {_days(minimum)} apart "
                    f"({avail.local(before):%Y-%m-%d} and {avail.local(after):%Y-%m-%d} are "
                    f"{_days(days)} apart)"
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


# --- dispatch --------------------------------------------------------------


def plan_for(
    avail: Availability, sessions: Sequence[SessionState], starts: Sequence[datetime]
) -> PlanResult:
    """Plan a request by the service's strategy.

    immediate: `starts[0]` is session 1 (the whole plan follows);
    sequential: `starts[0]` is the next session; flexible: every start is booked.
    """
    strategy = avail.service.strategy
    if not starts:
        return Plan(sessions=())
    if not avail.service.requires_multiple_sessions or strategy is Strategy.FLEXIBLE:
        return plan_flexible(avail, sessions, starts)
    if strategy is Strategy.IMMEDIATE:
        if _counted(sessions):
            return Conflict(
                rule=ConflictRule.NO_SESSIONS_LEFT,
                session=0,
                message="this plan is already booked; reschedule a session instead",
            )
        return plan_immediate(avail, starts[0])
    if strategy is Strategy.SEQUENTIAL:
        return plan_sequential(avail, sessions, starts[0])
    assert_never(strategy)
