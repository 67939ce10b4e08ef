"""Alternatives that work: the free starts nearest a refused wish that pass the
same rule that refused it.

A Conflict's alternatives are offered to the customer as choices, so each must
succeed if picked. `nearest_valid` searches day by day outwards from `around`,
asks `numbers_on(day)` which session numbers could go on that day at all (a
cheap day-level check; an empty list skips the day), and keeps a free start
only when `fits(start)` (the full rule, as the caller would run it) accepts it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from bookbot.core.availability import DAY_SECONDS, Availability
from bookbot.core.calendar import ts
from bookbot.core.plan_steps import ALTERNATIVES, OPEN_ENDED_SEARCH_DAYS

MAX_CHECKS = 400
"""How many free starts `fits` may judge in one search (it can be a whole plan)."""


def nearest_valid(
    avail: Availability,
    around: datetime,
    numbers_on: Callable[[date], Sequence[int]],
    fits: Callable[[datetime], bool],
    *,
    radius: int = OPEN_ENDED_SEARCH_DAYS,
    max_checks: int = MAX_CHECKS,
) -> tuple[datetime, ...]:
    """Up to ALTERNATIVES starts closest in time to `around` (moved before the
    package's expiry) that `fits` accepts."""
    around = avail.before_expiry(around)
    center = avail.local_day(around)
    first = avail.local_day(avail.earliest_start)
    last = avail.last_day
    found: list[datetime] = []
    checks = 0
    for ring in range(radius + 1):
        for day in sorted({center - timedelta(days=ring), center + timedelta(days=ring)}):
            if day < first or (last is not None and day > last):
                continue
            for start in _free_on(avail, day, numbers_on(day)):
                if checks >= max_checks:
                    return _closest(found, around)
                checks += 1
                if fits(start):
                    found.append(start)
        if len(found) >= ALTERNATIVES:
            worst = abs(ts(_closest(found, around)[-1]) - ts(around))
            if (ring - 1) * DAY_SECONDS > worst:
                break
    return _closest(found, around)


def _free_on(avail: Availability, day: date, numbers: Sequence[int]) -> list[datetime]:
    """The starts on `day` that are free for at least one of `numbers`, in time order."""
    starts: dict[datetime, None] = {}
    for number in numbers:
        for start in avail.grid(day, number):
            if start not in starts and avail.is_free(start, number):
                starts[start] = None
    return sorted(starts, key=ts)


def _closest(found: Sequence[datetime], around: datetime) -> tuple[datetime, ...]:
    ordered = sorted(found, key=lambda s: (abs(ts(s) - ts(around)), ts(s)))
    return tuple(ordered[:ALTERNATIVES])


def clamp_day(
    avail: Availability, moment: datetime, first: date | None, last: date | None
) -> datetime:
    """`moment` at the same local time of day, moved onto [first, last] if outside."""
    local = avail.local(moment)
    day = local.date()
    if first is not None and day < first:
        day = first
    elif last is not None and day > last:
        day = last
    return local.replace(year=day.year, month=day.month, day=day.day)
