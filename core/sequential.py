"""sequential: the next session inside its window, once the last one is completed.

The window runs from day(k) + minimum to day(k) + maximum; the bot suggests
day(k) + target. A request outside it is refused with the earliest allowed day,
the suggested day and free starts on the window's days nearest the request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from bookbot.core.availability import Availability, closest_to, local_minutes
from bookbot.core.plan_steps import (
    ALTERNATIVE_SEARCH_DAYS,
    ALTERNATIVES,
    counted_sessions,
    planned,
    slot_conflict,
)
from bookbot.core.types import (
    BookingStatus,
    Conflict,
    ConflictRule,
    Plan,
    PlanResult,
    SessionState,
    Window,
)


def sequential_window(avail: Availability, sessions: Sequence[SessionState]) -> Window | Conflict:
    """Where the next sequential session may go, or why none may be booked now."""
    service = avail.service
    counted = counted_sessions(sessions)
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
        first = Window(session=1, earliest=today, latest=None, suggested=today)
        return _before_expiry(avail, first)
    last_day = avail.local_day(counted[-1].start)
    gap = service.gap(number - 1)
    window = Window(
        session=number,
        earliest=last_day + timedelta(days=gap.minimum),
        latest=last_day + timedelta(days=gap.maximum) if gap.maximum is not None else None,
        suggested=last_day + timedelta(days=gap.target),
        not_before=counted[-1].end,
    )
    return _before_expiry(avail, window)


def _before_expiry(avail: Availability, window: Window) -> Window | Conflict:
    """The window cut at the package's last day, or why nothing is left of it."""
    last = avail.last_day
    if last is None:
        return window
    if window.earliest > last:
        return Conflict(
            rule=ConflictRule.AFTER_EXPIRY,
            session=window.session,
            message=(
                f"session {window.session} can be booked from {window.earliest}, "
                f"but {avail.expiry_text()}"
            ),
            earliest=window.earliest,
            latest=last,
        )
    latest = last if window.latest is None else min(window.latest, last)
    return replace(window, latest=latest, suggested=min(window.suggested, latest))


def plan_sequential(
    avail: Availability, sessions: Sequence[SessionState], start: datetime
) -> PlanResult:
    """The next sequential session at `start`, if its window and the slot allow."""
    window = sequential_window(avail, sessions)
    if isinstance(window, Conflict):
        return window
    day = avail.local_day(start)
    outside = (
        avail.notice_reason(start)
        or avail.expiry_reason(start)
        or _outside_window(window, day)
        or _before_previous_end(avail, window, start)
    )
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


def _before_previous_end(
    avail: Availability, window: Window, start: datetime
) -> tuple[ConflictRule, str] | None:
    if window.allows(start):
        return None
    assert window.not_before is not None
    previous = window.session - 1
    return (
        ConflictRule.BUFFER_MIN,
        f"session {window.session} must start after session {previous} ends "
        f"({avail.local(window.not_before):%Y-%m-%d %H:%M})",
    )


def _outside_window(window: Window, day: date) -> tuple[ConflictRule, str] | None:
    """Why `day` is outside the window; the suggested day travels as the Conflict's
    `suggested` field (which the views move onto an open day), not in the text."""
    if day < window.earliest:
        return (
            ConflictRule.BUFFER_MIN,
            f"session {window.session} can be booked from {window.earliest}",
        )
    if window.latest is not None and day > window.latest:
        return (
            ConflictRule.BUFFER_MAX,
            f"session {window.session} must be on or before {window.latest}",
        )
    return None


def _window_anchor(avail: Availability, window: Window, start: datetime) -> datetime:
    """The requested time of day moved onto the suggested day."""
    local = avail.local(start)
    return local.replace(
        year=window.suggested.year, month=window.suggested.month, day=window.suggested.day
    )


def window_starts(avail: Availability, window: Window, day: date) -> list[datetime]:
    """The free starts of the window's session on `day` (a day of the window) that
    the window allows: after the previous session ends."""
    return [s for s in avail.free_starts(day, window.session) if window.allows(s)]


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
        starts = window_starts(avail, window, day)
        if starts:
            found.append(closest_to(starts, preferred))
            if len(found) == ALTERNATIVES:
                break
    return tuple(found)
