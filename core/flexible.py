"""flexible: any number of the remaining sessions at once, each pair of
consecutive sessions at least the minimum apart; numbers follow date order.

`plan_flexible` applies the rule and adds, to a refusal, the free starts nearest
the refused one with which the whole request passes the same check (so each
alternative, put in place of the refused start beside the other requested ones,
books). When other requested starts break a rule of their own, the alternatives
are those that book beside the requested starts that still work (each refused
start gets its own when it is asked for again). A gap refusal names the
new start that breaks it (`requested`) and, when there is room, the days that
start may take between its neighbours (`earliest`..`latest`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bookbot.core.alternatives import nearest_valid
from bookbot.core.availability import Availability, Interval
from bookbot.core.calendar import ts
from bookbot.core.plan_steps import counted_sessions, days_text, expiry_day, planned
from bookbot.core.types import (
    Conflict,
    ConflictRule,
    Plan,
    PlannedSession,
    PlanResult,
    SessionState,
)

Timeline = Sequence[tuple[datetime, SessionState | None]]
"""Every session by date: (start, the existing session or None for a new start)."""


@dataclass(frozen=True, slots=True)
class _Refusal:
    """A refused request and the moment to look for alternatives around."""

    conflict: Conflict
    around: datetime


def plan_flexible(
    avail: Availability,
    sessions: Sequence[SessionState],
    starts: Sequence[datetime],
    *,
    avoid: Sequence[datetime] = (),
) -> PlanResult:
    """Book any number of the remaining sessions; numbers follow date order.
    A refusal's alternatives leave out the starts in `avoid` (a moved session's
    current start, which would change nothing)."""
    result = _check(avail, sessions, starts)
    if isinstance(result, Plan):
        return result
    conflict = result.conflict
    requested = conflict.requested
    if requested is None:
        return conflict
    span = (conflict.earliest, conflict.latest)
    found = flexible_alternatives(
        avail, sessions, starts, requested, result.around, avoid=avoid, span=span
    )
    if not found and conflict.rule is ConflictRule.BUFFER_MIN and span != (None, None):
        # nothing between its neighbours: starts elsewhere in the order, without the span
        found = flexible_alternatives(
            avail, sessions, starts, requested, result.around, avoid=avoid
        )
        if found:
            conflict = replace(conflict, earliest=None, latest=None, suggested=None)
    if not found:
        # other requested starts are refused too: alternatives beside those that work
        kept = _workable(avail, sessions, starts, requested)
        if len(kept) < len(starts):
            found = flexible_alternatives(
                avail, sessions, kept, requested, result.around, avoid=avoid
            )
    return replace(conflict, alternatives=found)


def _workable(
    avail: Availability,
    sessions: Sequence[SessionState],
    starts: Sequence[datetime],
    refused: datetime,
) -> list[datetime]:
    """`refused` and, in date order, each other requested start that still books
    beside the ones kept before it."""
    others = list(starts)
    others.remove(refused)
    kept: list[datetime] = []
    for start in sorted(others, key=ts):
        if isinstance(_check(avail, sessions, [*kept, start]), Plan):
            kept.append(start)
    return [*kept, refused]


def _check(
    avail: Availability, sessions: Sequence[SessionState], starts: Sequence[datetime]
) -> Plan | _Refusal:
    service = avail.service
    counted = counted_sessions(sessions)
    remaining = service.total_sessions - len(counted)
    if not starts:
        return Plan(sessions=())
    if len(starts) > remaining:
        conflict = Conflict(
            rule=ConflictRule.NO_SESSIONS_LEFT,
            session=0,
            message=(
                f"{remaining} of {service.total_sessions} sessions are left to book; "
                f"{len(starts)} were asked for"
            ),
        )
        return _Refusal(conflict, starts[0])
    timeline: list[tuple[datetime, SessionState | None]] = sorted(
        [(s.start, s) for s in counted] + [(start, None) for start in sorted(starts)],
        key=lambda item: ts(item[0]),
    )
    refusal = _slot_refusal(avail, timeline) or _gap_refusal(avail, timeline)
    if refusal is not None:
        return refusal
    new_sessions: list[PlannedSession] = []
    renumbered: list[tuple[int, int]] = []
    for index, (start, existing) in enumerate(timeline, start=1):
        if existing is None:
            new_sessions.append(planned(avail, index, start))
        elif existing.number != index:
            renumbered.append((existing.number, index))
    return Plan(sessions=tuple(new_sessions), renumbered=tuple(renumbered))


def _slot_refusal(avail: Availability, timeline: Timeline) -> _Refusal | None:
    """Each new start must be free as the session number it will have."""
    tentative: list[Interval] = []
    for number, (start, existing) in enumerate(timeline, start=1):
        if existing is not None:
            continue
        reason = avail.reason(start, number, tentative)
        if reason is not None:
            rule, message = reason
            latest = expiry_day(avail, rule)
            return _Refusal(Conflict(rule, number, message, start, latest=latest), start)
        tentative.append((start, avail.end_of(start, number)))
    return None


def _gap_refusal(avail: Availability, timeline: Timeline) -> _Refusal | None:
    for index in range(1, len(timeline)):
        before, after = timeline[index - 1][0], timeline[index][0]
        minimum = avail.service.gap(index).minimum
        days = (avail.local_day(after) - avail.local_day(before)).days
        if days >= minimum:
            continue
        message = (
            f"sessions {index} and {index + 1} must be at least {days_text(minimum)} apart "
            f"({avail.local(before):%Y-%m-%d} and {avail.local(after):%Y-%m-%d} are "
            f"{days_text(days)} apart)"
        )
        for position in (index, index - 1):
            if timeline[position][1] is None:  # a new start breaks the gap
                culprit = timeline[position][0]
                conflict = Conflict(ConflictRule.BUFFER_MIN, index + 1, message, requested=culprit)
                return _with_span(avail, timeline, conflict, position)
        # Two booked sessions that a new start before them renumbered into a pair
        # with a longer minimum: that new start has to go elsewhere. (Booked
        # sessions already too close together blame the first new start.)
        new = [start for start, existing in timeline if existing is None]
        culprit = next((s for s in reversed(new) if ts(s) < ts(before)), new[0])
        conflict = Conflict(ConflictRule.BUFFER_MIN, index + 1, message, requested=culprit)
        return _Refusal(conflict, culprit)
    return None


def _with_span(
    avail: Availability, timeline: Timeline, conflict: Conflict, position: int
) -> _Refusal:
    """Add the days the new start at `position` may take between its neighbours
    (when there is room) and the moment nearest it inside them, where alternatives
    are looked for."""
    culprit = timeline[position][0]
    number = position + 1
    lower = upper = None
    if position > 0:
        previous = avail.local(timeline[position - 1][0])
        lower = previous + timedelta(days=avail.service.gap(number - 1).minimum)
    if position + 1 < len(timeline):
        following = avail.local(timeline[position + 1][0])
        upper = following - timedelta(days=avail.service.gap(number).minimum)
    around = culprit
    if lower is not None and ts(around) < ts(lower):
        around = lower
    if upper is not None and ts(around) > ts(upper):
        around = upper
    first = None if lower is None else lower.date()
    last = None if upper is None else upper.date()
    if avail.last_day is not None:
        last = avail.last_day if last is None else min(last, avail.last_day)
    if first is not None and last is not None and first > last:
        return _Refusal(conflict, culprit)  # no room between its neighbours
    day = avail.local_day(culprit)
    suggested = max(first, day) if first is not None else day
    suggested = min(last, suggested) if last is not None else suggested
    spanned = replace(conflict, earliest=first, latest=last, suggested=suggested)
    return _Refusal(spanned, around)


def flexible_alternatives(
    avail: Availability,
    sessions: Sequence[SessionState],
    starts: Sequence[datetime],
    replaced: datetime,
    around: datetime,
    *,
    avoid: Sequence[datetime] = (),
    span: tuple[date | None, date | None] = (None, None),
) -> tuple[datetime, ...]:
    """The free starts nearest `around` (on the days of `span`, when given) that
    can take the place of `replaced` in `starts`: with any of them the whole
    request books, beside the other requested starts (so none when those break a
    rule that no replacement of this one mends)."""
    others = list(starts)
    others.remove(replaced)
    fixed = sorted([s.start for s in counted_sessions(sessions)] + others, key=ts)
    fixed_days = [avail.local_day(start) for start in fixed]
    first, last = span

    def numbers_on(day: date) -> list[int]:
        if (first is not None and day < first) or (last is not None and day > last):
            return []
        return _numbers_on(avail, fixed_days, day)

    def fits(start: datetime) -> bool:
        if start in avoid:
            return False
        return isinstance(_check(avail, sessions, [*others, start]), Plan)

    return nearest_valid(avail, around, numbers_on, fits)


def _numbers_on(avail: Availability, fixed_days: Sequence[date], day: date) -> list[int]:
    """The session numbers a new start on `day` could take beside sessions on
    `fixed_days` (in date order) with every consecutive pair far enough apart."""
    if len(fixed_days) >= avail.service.total_sessions:
        return []
    low = sum(1 for d in fixed_days if d < day)
    high = sum(1 for d in fixed_days if d <= day)
    numbers = []
    for position in range(low, high + 1):
        days = [*fixed_days[:position], day, *fixed_days[position:]]
        if all(
            (days[k] - days[k - 1]).days >= avail.service.gap(k).minimum
            for k in range(1, len(days))
        ):
            numbers.append(position + 1)
    return numbers
