"""Moving a booked session, and the cascade through an immediate plan.

Nothing moves inside `reschedule_notice_hours` of the session's current start.
In an immediate plan, each later session stays where it is while its gap to the
session before it is still inside [minimum, maximum]; otherwise it moves with
the planning rule (earliest day >= target with a free slot), keeping its own
time of day as the preference. The result lists every confirmed session from
the moved one on, with `moved` naming the ones whose time changed; session
numbers in `sessions` are the current ones, and `renumbered` says how flexible
plans renumber by date afterwards. That result is what the store applies;
`plan_after_move` is the whole plan the customer sees before it is applied.

A refused move carries as alternatives only starts to which the same move would
succeed (within the gap to the session it follows, cascade and all; for a
flexible plan, keeping every gap with the sessions it lands between).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from bookbot.core.alternatives import clamp_day, nearest_valid
from bookbot.core.availability import Availability, Interval, local_minutes
from bookbot.core.calendar import ts
from bookbot.core.config import Strategy
from bookbot.core.plan_steps import counted_sessions, expiry_day, with_own_sessions
from bookbot.core.planner import (
    next_session_start,
    plan_flexible,
    planned,
    sequential_window,
)
from bookbot.core.types import (
    BookingStatus,
    Conflict,
    ConflictRule,
    Plan,
    PlannedSession,
    PlanResult,
    SessionState,
)

CASCADE_CHECKS = 60
"""How many free starts a refused move tries as alternatives (each may cascade)."""


def movable(avail: Availability, session: SessionState) -> Conflict | None:
    """Why a session may not be moved or cancelled by the bot now, or None."""
    if session.status is not BookingStatus.CONFIRMED:
        return Conflict(
            rule=ConflictRule.NOT_MOVABLE,
            session=session.number,
            message=f"session {session.number} is {session.status.value.replace('_', ' ')}",
        )
    notice = timedelta(hours=avail.business.reschedule_notice_hours)
    if ts(session.start) - ts(avail.now) < notice.total_seconds():  # elapsed, not wall time
        hours = avail.business.reschedule_notice_hours
        return Conflict(
            rule=ConflictRule.RESCHEDULE_NOTICE,
            session=session.number,
            message=(
                f"session {session.number} starts within {hours:g} hours; changes need "
                f"{hours:g} hours' notice, so please contact the business directly"
            ),
        )
    return None


def plan_reschedule(
    avail: Availability,
    sessions: Sequence[SessionState],
    number: int,
    new_start: datetime,
) -> PlanResult:
    """The group's new schedule when session `number` moves to `new_start`.

    A refusal's alternatives are starts to which the same move would succeed."""
    target = next((s for s in sessions if s.number == number and _active(s)), None)
    if target is None:
        return Conflict(
            rule=ConflictRule.NOT_MOVABLE,
            session=number,
            message=f"there is no booked session {number} to move",
        )
    blocked = movable(avail, target)
    if blocked is not None:
        return blocked
    own = replace(with_own_sessions(avail, sessions), released=((target.start, target.end),))
    others = [s for s in sessions if s is not target]
    if avail.service.booking_strategy is Strategy.FLEXIBLE:
        # the flexible rule checks the slot as the number the session will have,
        # and its alternatives already keep every gap
        return _flexible_move(own, others, target, new_start)
    result = _checked_move(own, others, target, new_start)
    if isinstance(result, Plan):
        return result
    return replace(result, alternatives=_move_alternatives(own, others, target, result))


def plan_after_move(
    sessions: Sequence[SessionState], plan: Plan
) -> tuple[tuple[SessionState, bool], ...]:
    """The group's whole plan once the move `plan` is applied: every confirmed or
    completed session at its new or unchanged time, under the number it will have
    (`plan.renumbered`), in date order, each with whether it moves."""
    new_times = {s.number: s for s in plan.sessions}
    numbers = dict(plan.renumbered)
    whole: list[tuple[SessionState, bool]] = []
    for session in counted_sessions(sessions):
        moved = session.status is BookingStatus.CONFIRMED and session.number in plan.moved
        new = new_times.get(session.number) if moved else None
        start, end = (new.start, new.end) if new is not None else (session.start, session.end)
        number = numbers.get(session.number, session.number)
        whole.append((SessionState(number, start, end, session.status), moved))
    return tuple(sorted(whole, key=lambda item: item[0].start.timestamp()))


def _checked_move(
    own: Availability,
    others: Sequence[SessionState],
    target: SessionState,
    new_start: datetime,
) -> PlanResult:
    """The move of an immediate or sequential session, refused without alternatives."""
    reason = own.reason(new_start, target.number)
    if reason is not None:
        rule, message = reason
        latest = expiry_day(own, rule)
        return Conflict(rule, target.number, message, requested=new_start, latest=latest)
    if own.service.booking_strategy is Strategy.IMMEDIATE:
        return _cascade(own, others, target, new_start)
    return _sequential_move(own, others, target, new_start)


def _move_alternatives(
    own: Availability,
    others: Sequence[SessionState],
    target: SessionState,
    refused: Conflict,
) -> tuple[datetime, ...]:
    """Free starts nearest the refused one (moved into the allowed days when it was
    outside them) to which the move succeeds, cascade and all."""
    requested = refused.requested
    if requested is None:
        return ()
    first, last = _allowed_days(own, others, target)

    def numbers_on(day: date) -> list[int]:
        inside = (first is None or day >= first) and (last is None or day <= last)
        return [target.number] if inside else []

    def fits(start: datetime) -> bool:
        if start == target.start:
            return False  # where it is now: not a move
        return isinstance(_checked_move(own, others, target, start), Plan)

    around = clamp_day(own, requested, first, last)
    return nearest_valid(own, around, numbers_on, fits, max_checks=CASCADE_CHECKS)


def _allowed_days(
    own: Availability, others: Sequence[SessionState], target: SessionState
) -> tuple[date | None, date | None]:
    """The days the moved session may take by the gap to the session it follows."""
    if own.service.booking_strategy is Strategy.SEQUENTIAL:
        window = sequential_window(own, others)
        if isinstance(window, Conflict):
            return None, None
        return window.earliest, window.latest
    previous = next((s for s in others if s.number == target.number - 1 and _active(s)), None)
    if previous is None:
        return None, None
    gap = own.service.gap(target.number - 1)
    day = own.local_day(previous.start)
    last = None if gap.maximum is None else day + timedelta(days=gap.maximum)
    return day + timedelta(days=gap.minimum), last


def _active(session: SessionState) -> bool:
    return session.status in (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)


def _gap_conflict(
    avail: Availability, before: datetime, after: datetime, number: int
) -> Conflict | None:
    """Session `number` at `after` against the session before it at `before`."""
    gap = avail.service.gap(number - 1)
    first_day = avail.local_day(before)
    days = (avail.local_day(after) - first_day).days
    earliest = first_day + timedelta(days=gap.minimum)
    latest = first_day + timedelta(days=gap.maximum) if gap.maximum is not None else None
    in_order = after.timestamp() > before.timestamp()
    if in_order and days >= gap.minimum and (gap.maximum is None or days <= gap.maximum):
        return None
    too_early = days < gap.minimum or not in_order
    if days >= gap.minimum and not in_order:
        rule_text = f"start after session {number - 1}"
    else:
        rule_text = (
            f"be {'at least' if too_early else 'at most'} "
            f"{gap.minimum if too_early else gap.maximum} days after session {number - 1}"
        )
    return Conflict(
        rule=ConflictRule.BUFFER_MIN if too_early else ConflictRule.BUFFER_MAX,
        session=number,
        message=f"session {number} must {rule_text} ({first_day})",
        requested=after,
        earliest=earliest,
        latest=latest,
        suggested=first_day + timedelta(days=gap.target),
    )


def _cascade(
    avail: Availability,
    others: Sequence[SessionState],
    target: SessionState,
    new_start: datetime,
) -> PlanResult:
    by_number = {s.number: s for s in others if _active(s)}
    previous = by_number.get(target.number - 1)
    if previous is not None:
        conflict = _gap_conflict(avail, previous.start, new_start, target.number)
        if conflict is not None:
            return conflict
    schedule = [planned(avail, target.number, new_start)]
    moved = [target.number]
    released: list[Interval] = [(target.start, target.end)]
    for number in range(target.number + 1, avail.service.total_sessions + 1):
        current = by_number.get(number)
        if current is None or current.status is not BookingStatus.CONFIRMED:
            break
        prev_start = schedule[-1].start
        if _gap_conflict(avail, prev_start, current.start, number) is None:
            name = avail.service.session_name(number)
            schedule.append(PlannedSession(number, current.start, current.end, name))
            continue
        released.append((current.start, current.end))
        step = replace(avail, released=tuple(released))
        start = next_session_start(
            step,
            prev_start,
            number,
            local_minutes(avail.local(current.start)),
            [(s.start, s.end) for s in schedule],
        )
        if isinstance(start, Conflict):
            return replace(start, requested=new_start)  # the moved session's wish
        schedule.append(planned(avail, number, start))
        moved.append(number)
    return Plan(sessions=tuple(schedule), moved=tuple(moved))


def _sequential_move(
    avail: Availability,
    others: Sequence[SessionState],
    target: SessionState,
    new_start: datetime,
) -> PlanResult:
    window = sequential_window(avail, others)
    if isinstance(window, Conflict):
        return window
    day = avail.local_day(new_start)
    if day < window.earliest or (window.latest is not None and day > window.latest):
        return Conflict(
            rule=ConflictRule.BUFFER_MIN if day < window.earliest else ConflictRule.BUFFER_MAX,
            session=target.number,
            message=(
                f"session {target.number} must be between {window.earliest} and "
                f"{window.latest or 'any later day'}"
            ),
            requested=new_start,
            earliest=window.earliest,
            latest=window.latest,
            suggested=window.suggested,
        )
    return Plan(sessions=(planned(avail, target.number, new_start),), moved=(target.number,))


def _flexible_move(
    avail: Availability,
    others: Sequence[SessionState],
    target: SessionState,
    new_start: datetime,
) -> PlanResult:
    """Re-check the date order without the target, then place it at `new_start`."""
    result = plan_flexible(avail, others, [new_start], avoid=(target.start,))
    if isinstance(result, Conflict):
        return result
    new_number = result.sessions[0].number
    moved_session = PlannedSession(
        target.number, new_start, avail.end_of(new_start, new_number), result.sessions[0].name
    )
    renumbered = list(result.renumbered)
    if new_number != target.number:
        renumbered.append((target.number, new_number))
    return Plan(sessions=(moved_session,), moved=(target.number,), renumbered=tuple(renumbered))
