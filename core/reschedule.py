"""Moving a booked session, and the cascade through an immediate plan.

Nothing moves inside `reschedule_notice_hours` of the session's current start.
In an immediate plan, each later session stays where it is while its gap to the
session before it is still inside [minimum, maximum]; otherwise it moves with
the planning rule (earliest day >= target with a free slot), keeping its own
time of day as the preference. The result lists every confirmed session from
the moved one on, with `moved` naming the ones whose time changed; session
numbers in `sessions` are the current ones, and `renumbered` says how flexible
plans renumber by date afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bookbot.core.availability import Availability, Interval, local_minutes
from bookbot.core.config import Strategy
from bookbot.core.planner import (
    next_session_start,
    plan_flexible,
    planned,
    sequential_window,
    slot_conflict,
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


def movable(avail: Availability, session: SessionState) -> Conflict | None:
    """Why a session may not be moved or cancelled by the bot now, or None."""
    if session.status is not BookingStatus.CONFIRMED:
        return Conflict(
            rule=ConflictRule.NOT_MOVABLE,
            session=session.number,
            message=f"session {session.number} is {session.status.value.replace('_', ' ')}",
        )
    notice = timedelta(hours=avail.business.reschedule_notice_hours)
    if session.start - avail.now < notice:
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
    """The group's new schedule when session `number` moves to `new_start`."""
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
    own = replace(avail, released=((target.start, target.end),))
    conflict = slot_conflict(own, new_start, number)
    if conflict is not None:
        return conflict
    others = [s for s in sessions if s is not target]
    strategy = avail.service.strategy
    if strategy is Strategy.IMMEDIATE and avail.service.requires_multiple_sessions:
        return _cascade(avail, others, target, new_start)
    if strategy is Strategy.SEQUENTIAL and avail.service.requires_multiple_sessions:
        return _sequential_move(own, others, target, new_start)
    return _flexible_move(own, others, target, new_start)


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
            return start
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
                f"{window.latest or 'any later day'} (suggested {window.suggested})"
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
    result = plan_flexible(avail, others, [new_start])
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
