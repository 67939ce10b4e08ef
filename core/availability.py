"""Free slots: opening hours, closures, notice, durations, capacity, the customer.

`Availability` answers, for one service at a frozen `now`, whether a start is
free (and if not, which rule says no) and which starts are free on a day. Slots
lie on a grid of `slot_step_minutes` from the start of each opening range, and a
session must end inside the range it starts in.

`tentative` intervals are sessions of the plan being built: they hold capacity
and keep the customer busy. `released` intervals are the customer's own bookings
that a reschedule is moving: they are in the calendar but no longer count.

`expires_at` is the package's expiry: no session may start at or after it
(`ConflictRule.AFTER_EXPIRY`), so no search looks past `last_day`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bookbot.core.calendar import Calendar, overlaps, ts
from bookbot.core.config import Business, Service, TimeRange
from bookbot.core.types import ConflictRule

Interval = tuple[datetime, datetime]
NO_INTERVALS: tuple[Interval, ...] = ()
DAY_SECONDS = 86_400
DST_SLACK_MINUTES = 120
"""The most a DST change adds to a day (it is an hour almost everywhere)."""


def local_minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def at_local(day: date, minutes: int, zone: ZoneInfo) -> datetime | None:
    """The aware datetime of a local wall-clock time, or None inside a DST gap."""
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return wall if exists(wall) else None


def after(start: datetime, minutes: int) -> datetime:
    """`minutes` of elapsed time after `start`, in start's timezone.

    Plain `start + timedelta` on a zoned datetime is wall-clock arithmetic: across a
    DST change it would make a 60-minute session last 0 or 120 real minutes.
    """
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


def fits(local: datetime, duration: int, opening: TimeRange) -> bool:
    """A session starting at `local` (business time, an existing wall time) lasting
    `duration` real minutes reads only wall times inside `opening` while it runs.

    On a steady day that is start + duration on the wall clock. Across a DST change
    the wall clock jumps: forward (the skipped hour is never read, so only the real
    end counts) or back (the clock reads the repeated hour twice, so the reading
    just before the change and the one just after it must both be inside too).
    """
    begin = local_minutes(local)
    if begin < opening.start_minutes:
        return False
    end = after(local, duration)
    if end.utcoffset() == local.utcoffset():
        return begin + duration <= opening.end_minutes
    change = _offset_change(local, duration)
    before = _wall_minutes(local, change, local.utcoffset())
    then = _wall_minutes(local, change, end.utcoffset())
    finish = _wall_minutes(local, end, end.utcoffset())
    low, high = opening.start_minutes, opening.end_minutes
    return before <= high and low <= then and finish <= high


def _offset_change(local: datetime, duration: int) -> datetime:
    """The first whole minute of a session at which its UTC offset is the end's
    (a session of at most a day crosses at most one DST change)."""
    final = after(local, duration).utcoffset()
    low, high = 0, duration
    while high - low > 1:
        middle = (low + high) // 2
        if after(local, middle).utcoffset() == final:
            high = middle
        else:
            low = middle
    return after(local, high)


def _wall_minutes(local: datetime, moment: datetime, offset: timedelta | None) -> int:
    """The wall-clock reading of `moment` under `offset`, in minutes from the start
    of `local`'s day (past midnight it reads 24:00 and more)."""
    assert offset is not None
    midnight = datetime.combine(local.date(), time(0), tzinfo=UTC)
    return int((ts(moment) + offset.total_seconds() - ts(midnight)) // 60)


def exists(local: datetime) -> bool:
    """Whether a local wall time is read on the clock at all (not skipped by a DST
    change). Only a time whose offset depends on `fold` can be skipped."""
    if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
        return True
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return (back.date(), back.hour, back.minute) == (local.date(), local.hour, local.minute)


def _offset_at(day: date, zone: ZoneInfo) -> timedelta | None:
    return datetime.combine(day, time(0), tzinfo=zone).utcoffset()


@lru_cache(maxsize=8192)
def steady_day(zone: ZoneInfo, day: date) -> bool:
    """Whether the UTC offset is the same all day (no DST change): then every wall
    time exists once and lasts as long as it reads (the usual, fast case)."""
    return _offset_at(day, zone) == _offset_at(day + timedelta(days=1), zone)


def closeness(start: datetime, preferred_minutes: int) -> tuple[int, int]:
    """Sort key: nearest the preferred time of day first; a tie goes to the earlier."""
    return abs(local_minutes(start) - preferred_minutes), local_minutes(start)


def closest_to(starts: Sequence[datetime], preferred_minutes: int) -> datetime:
    """The start nearest the preferred time of day; a tie goes to the earlier."""
    return min(starts, key=lambda s: closeness(s, preferred_minutes))


class BeyondHorizon(Exception):  # noqa: N818 - a signal, not an error
    """A slot check reached past `Availability.horizon`: the calendar does not know
    the bookings there. The caller retries with a calendar without a horizon."""


@dataclass(frozen=True, slots=True)
class Availability:
    """The free-slot rules for one service.

    `horizon`: the calendar holds the bookings that start before it (a caller
    loads a near window first, since most plans end within weeks); checking a
    slot that ends after it raises `BeyondHorizon`, never a wrong answer.
    """

    business: Business
    service: Service
    calendar: Calendar
    now: datetime
    customer_busy: tuple[Interval, ...] = NO_INTERVALS
    released: tuple[Interval, ...] = NO_INTERVALS
    horizon: datetime | None = None
    expires_at: datetime | None = None
    _now_ts: float = field(init=False, repr=False, compare=False)
    _notice_ts: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # notice is elapsed time: compared in epoch seconds, computed once
        now = ts(self.now)
        object.__setattr__(self, "_now_ts", now)
        object.__setattr__(self, "_notice_ts", now + self.business.min_notice_hours * 3600)

    @property
    def zone(self) -> ZoneInfo:
        return self.business.zone

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    @property
    def earliest_start(self) -> datetime:
        """`min_notice_hours` of elapsed time after now (not on the wall clock:
        `now` may carry the business timezone, and a DST night has 23 or 25 hours)."""
        notice = timedelta(hours=self.business.min_notice_hours)
        return (self.now.astimezone(UTC) + notice).astimezone(self.now.tzinfo)

    @property
    def last_day(self) -> date | None:
        """The last local day a session may start on before the package expires."""
        if self.expires_at is None:
            return None
        return self.local_day(self.expires_at - timedelta(microseconds=1))

    def expiry_text(self) -> str:
        """'the package expires on 2026-05-31 at 09:00' (local time)."""
        assert self.expires_at is not None
        return f"the package expires on {self.local(self.expires_at):%Y-%m-%d at %H:%M}"

    def before_expiry(self, moment: datetime) -> datetime:
        """`moment`, or its time of day on `last_day` when it falls on a later day:
        where searches for the nearest free start begin."""
        last = self.last_day
        local = self.local(moment)
        if last is None or local.date() <= last:
            return moment
        return local.replace(year=last.year, month=last.month, day=last.day)

    def expiry_reason(self, start: datetime) -> tuple[ConflictRule, str] | None:
        """AFTER_EXPIRY when a session at `start` would begin once the package expired."""
        if self.expires_at is None or ts(start) < ts(self.expires_at):
            return None
        when = f"{self.local(start):%Y-%m-%d %H:%M}"
        return ConflictRule.AFTER_EXPIRY, f"{self.expiry_text()}; {when} is after that"

    def end_of(self, start: datetime, number: int) -> datetime:
        return after(start, self.service.session_duration(number))

    def grid(self, day: date, number: int) -> Iterator[datetime]:
        """Every start on the day's grid where session `number` fits the hours."""
        duration = self.service.session_duration(number)
        step = self.business.slot_step_minutes
        ranges = self.business.opening(day)
        # On a day without a UTC offset change every wall time exists once and
        # lasts as long as it reads: no DST care needed (the usual, fast case).
        steady = bool(ranges) and steady_day(self.zone, day)
        for opening in ranges:
            minute = opening.start_minutes
            # on a fall-back night a range holds up to an hour more than it reads
            last = opening.end_minutes - duration + (0 if steady else DST_SLACK_MINUTES)
            while minute <= last and minute < opening.end_minutes:
                if steady:
                    yield datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)
                else:
                    start = at_local(day, minute, self.zone)
                    if start is not None and fits(start, duration, opening):
                        yield start
                minute += step

    def reason(
        self, start: datetime, number: int, tentative: Sequence[Interval] = NO_INTERVALS
    ) -> tuple[ConflictRule, str] | None:
        """Why session `number` cannot start at `start`, or None when it is free."""
        local = self.local(start)
        too_soon = self.notice_reason(start)
        if too_soon is not None:
            return too_soon
        expired = self.expiry_reason(start)
        if expired is not None:
            return expired
        shape = self._shape_reason(local, number)
        if shape is not None:
            return shape
        end = self.end_of(start, number)
        if self._occupied(start, end, tentative) >= self.service.capacity:
            return ConflictRule.FULL, f"{local:%Y-%m-%d %H:%M} is already fully booked"
        if self._customer_busy(start, end, tentative):
            return ConflictRule.CUSTOMER_BUSY, "the customer has another appointment then"
        return None

    def notice_reason(self, start: datetime) -> tuple[ConflictRule, str] | None:
        """PAST or MIN_NOTICE when `start` is too soon (in elapsed time), else None."""
        moment = ts(start)
        if moment < self._now_ts:
            return ConflictRule.PAST, f"{self.local(start):%Y-%m-%d %H:%M} is in the past"
        if moment < self._notice_ts:
            hours = self.business.min_notice_hours
            return ConflictRule.MIN_NOTICE, f"bookings need {hours:g} hours' notice"
        return None

    def _shape_reason(self, local: datetime, number: int) -> tuple[ConflictRule, str] | None:
        day = local.date()
        if not steady_day(self.zone, day) and not exists(local):
            return (
                ConflictRule.NO_SUCH_TIME,
                f"{local:%Y-%m-%d %H:%M} does not exist in {self.zone.key} "
                "(the clocks skip it at the change to summer time)",
            )
        if day in self.business.closed:
            return ConflictRule.CLOSED_DAY, f"closed on {day:%A %Y-%m-%d}"
        ranges = self.business.opening(day)
        if not ranges:
            return ConflictRule.CLOSED_DAY, f"closed on {day:%A}s"
        minute = local_minutes(local)
        duration = self.service.session_duration(number)
        for opening in ranges:
            if fits(local, duration, opening):
                offset = minute - opening.start_minutes
                if offset % self.business.slot_step_minutes or local.second or local.microsecond:
                    step = self.business.slot_step_minutes
                    return ConflictRule.OFF_GRID, f"appointments start every {step} minutes"
                return None
        hours = ", ".join(str(r) for r in ranges)
        return (
            ConflictRule.OUTSIDE_HOURS,
            f"a {duration}-minute session at {local:%H:%M} is outside opening hours ({hours})",
        )

    def _occupied(self, start: datetime, end: datetime, tentative: Sequence[Interval]) -> int:
        if self.horizon is not None and end > self.horizon:
            raise BeyondHorizon(f"{end.isoformat()} is past the calendar's horizon")
        count = self.calendar.overlapping(self.service.id, start, end)
        count -= sum(1 for s, e in self.released if overlaps(s, e, start, end))
        count += sum(1 for s, e in tentative if overlaps(s, e, start, end))
        return count

    def _customer_busy(self, start: datetime, end: datetime, tentative: Sequence[Interval]) -> bool:
        if any(overlaps(s, e, start, end) for s, e in tentative):
            return True
        return any(
            overlaps(s, e, start, end) and (s, e) not in self.released
            for s, e in self.customer_busy
        )

    def is_free(
        self, start: datetime, number: int, tentative: Sequence[Interval] = NO_INTERVALS
    ) -> bool:
        return self.reason(start, number, tentative) is None

    def free_starts(
        self, day: date, number: int, tentative: Sequence[Interval] = NO_INTERVALS
    ) -> list[datetime]:
        return [s for s in self.grid(day, number) if self.is_free(s, number, tentative)]

    def free_between(self, first: date, last: date, number: int, limit: int = 50) -> list[datetime]:
        """Free starts from `first` to `last` (local days, inclusive), earliest first."""
        found: list[datetime] = []
        day = max(first, self.local_day(self.now))
        last = min(last, self.last_day) if self.last_day is not None else last
        while day <= last and len(found) < limit:
            found.extend(self.free_starts(day, number)[: limit - len(found)])
            day += timedelta(days=1)
        return found

    def nearest_free(
        self,
        around: datetime,
        number: int,
        count: int = 3,
        within_days: int = 21,
        tentative: Sequence[Interval] = NO_INTERVALS,
    ) -> tuple[datetime, ...]:
        """The `count` free starts closest in time to `around` (either side)."""
        around = self.before_expiry(around)
        center = self.local_day(around)
        found: list[datetime] = []
        for ring in range(within_days + 1):
            days = {center - timedelta(days=ring), center + timedelta(days=ring)}
            for day in days:
                if self.last_day is None or day <= self.last_day:
                    found.extend(self.free_starts(day, number, tentative))
            if len(found) >= count:
                found.sort(key=lambda s: (abs(s.timestamp() - around.timestamp()), s))
                worst = abs(found[count - 1].timestamp() - around.timestamp())
                if (ring - 1) * DAY_SECONDS > worst:
                    break
        found.sort(key=lambda s: (abs(s.timestamp() - around.timestamp()), s))
        return tuple(found[:count])
