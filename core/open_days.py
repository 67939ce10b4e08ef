"""The day to suggest for the next sequential session: never one the business is closed.

The sequential window (`sequential.sequential_window`) runs from day(k) + minimum
to day(k) + maximum and names day(k) + target as the suggestion, whatever the
weekday (the rule as DESIGN.md states it). Whatever speaks to the customer (the
worker's outreach, the offline model, the tools' views) moves that suggestion
onto an open day with `suggested_open_day`: the first
day at or after the target, within the window, on which session k+1 fits the
opening hours (closed weekdays and closure dates have none). When no such day is
left before the window ends, it is the open day of the window nearest before
the target; when the window has no open day at all, None.

Opening hours only: whether a slot on that day is still free is for the
booking tools to say when the customer picks a time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bookbot.core.availability import Availability
from bookbot.core.plan_steps import OPEN_ENDED_SEARCH_DAYS
from bookbot.core.types import Window


def is_open_for(avail: Availability, day: date, number: int) -> bool:
    """Whether session `number` fits the opening hours of the local `day`."""
    return next(avail.grid(day, number), None) is not None


def suggested_open_day(
    avail: Availability, window: Window, *, not_before: date | None = None
) -> date | None:
    """The open day to suggest in `window`, from `not_before` on (e.g. today); None when
    no day of the window (from `not_before` on) is open."""
    return first_open_day(
        window, lambda day: is_open_for(avail, day, window.session), not_before=not_before
    )


def first_open_day(
    window: Window, is_open: Callable[[date], bool], *, not_before: date | None = None
) -> date | None:
    """`suggested_open_day` with any test of a day: the first open day from the
    target on, else the open day nearest before it, else None."""
    first = max(window.earliest, not_before or window.earliest)
    target = max(window.suggested, first)
    last = window.latest
    if last is None:
        last = target + timedelta(days=OPEN_ENDED_SEARCH_DAYS)
    if last < first:
        return None
    later = _days(target, last)
    earlier = _days(first, min(target - timedelta(days=1), last))[::-1]
    return next((day for day in later + earlier if is_open(day)), None)


def open_suggestion(
    suggested: date, earliest: date, latest: date | None, is_open: Callable[[date], bool]
) -> date:
    """`suggested`, moved onto an open day of [earliest, latest] by `first_open_day`;
    `suggested` itself when that window has no open day."""
    window = Window(session=0, earliest=earliest, latest=latest, suggested=suggested)
    return first_open_day(window, is_open) or suggested


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]
