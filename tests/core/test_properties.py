"""Property tests: random businesses, services, calendars, clocks and requests.

Every property compares the core with `core_testkit`'s independent oracle (the
free-slot rule written from scratch) or with a naive reference planner built on
it, so a bug has to be made twice, the same way, to slip through.

Businesses: a timezone from TIMEZONES (DST at 02:00, a 30-minute DST, offsets of
:30 and :45), 0-3 opening ranges a day anywhere in 00:00-23:55, closed dates, a
slot step of 5/10/15/30/60 minutes and a minimum notice. Services: 1-12
sessions, any strategy, per-session durations, capacity 1-3 and a valid buffer
configuration in every form. Calendars: random bookings that may overfill a slot
(whatever is there counts as occupied), and the customer's other appointments.
Clocks cluster around the 2026 DST changes.

Settings come from the profile named by BOOKBOT_CORE_PROFILE (see conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bookbot.core.availability import Availability, Interval
from bookbot.core.calendar import Calendar
from bookbot.core.config import WEEKDAYS, Business, Service, Strategy, parse_business
from bookbot.core.planner import plan_flexible, plan_immediate, plan_sequential
from bookbot.core.reschedule import plan_after_move, plan_reschedule
from bookbot.core.types import (
    BookingStatus,
    Conflict,
    ConflictRule,
    Plan,
    PlannedSession,
    SessionState,
)
from tests.core.core_testkit import end_of, inside_opening_hours, oracle_free, overlap

PROFILE = settings.get_profile(os.environ.get("BOOKBOT_CORE_PROFILE", "core-ci"))


def examples(n: int) -> settings:
    """`n` examples under `core-ci` (100 per profile); scaled with the profile's count."""
    return settings(PROFILE, max_examples=max(1, n * PROFILE.max_examples // 100))


TIMEZONES = [
    "Europe/Zurich",
    "America/New_York",
    "Australia/Lord_Howe",
    "UTC",
    "Asia/Kathmandu",
    "America/St_Johns",
    "America/Havana",  # DST at midnight: 00:00 does not exist / happens twice
    "America/Santiago",  # DST at 24:00
]
STEPS = [5, 10, 15, 30, 60]
DURATIONS = [5, 15, 30, 45, 60, 90, 120]
# 2026 DST changes: US and Havana 03-08 / 11-01, EU 03-29 / 10-25, Lord Howe and
# Santiago 04-05, Lord Howe 10-04, Santiago 09-06
DST_DAYS = [
    date(2026, m, d) for m, d in ((3, 8), (3, 29), (4, 5), (9, 6), (10, 4), (10, 25), (11, 1))
]
OPEN_ENDED = 366  # planner.OPEN_ENDED_SEARCH_DAYS


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- strategies --------------------------------------------------------------


@st.composite
def day_ranges(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(0, 3))
    points = draw(
        st.lists(st.integers(0, 287), min_size=2 * count, max_size=2 * count, unique=True)
    )
    points = sorted(p * 5 for p in points)
    return [f"{hhmm(a)}-{hhmm(b)}" for a, b in zip(points[::2], points[1::2], strict=True)]


OFFICE = ["08:00-12:00", "13:00-18:00"]


@st.composite
def weekly_hours(draw: st.DrawFn) -> dict[str, list[str]]:
    # one template repeated on most days makes plans likely to fit; any day may differ
    template = draw(st.one_of(st.just(OFFICE), st.just(["00:00-23:55"]), day_ranges()))
    return {day: draw(st.one_of(st.just(template), day_ranges())) for day in WEEKDAYS}


@st.composite
def buffer_configs(draw: st.DrawFn, sessions: int) -> dict[str, Any]:
    """Every form of session_buffer_config, only valid combinations."""
    maximum = draw(st.none() | st.integers(0, 21))
    top = maximum if maximum is not None else 30
    config: dict[str, Any] = {}
    for key in ("minimum_days", "default_days"):
        value = draw(st.none() | st.integers(0, top))
        if value is not None:
            config[key] = value
    if maximum is not None:
        config["maximum_days"] = maximum
    if sessions > 1:
        pairs = draw(st.dictionaries(st.integers(1, sessions - 1), st.integers(0, top)))
        config.update({f"session_{k}_to_{k + 1}_days": v for k, v in pairs.items()})
    low = max(config.get("minimum_days", 0), config.get("default_days", 0))
    if low <= top and draw(st.booleans()):
        config["recommended_days"] = draw(st.integers(low, top))
    if draw(st.booleans()):
        config[draw(st.sampled_from(["suggested_frequency", "recommended_frequency"]))] = "weekly"
    return config


@st.composite
def services(draw: st.DrawFn, strategy: Strategy | None = None) -> dict[str, Any]:
    n = draw(st.integers(1, 12))
    chosen = strategy or draw(st.sampled_from(list(Strategy)))
    # a sessions list names every session or none
    size = draw(st.sampled_from([0, n]))
    specs = draw(
        st.lists(
            st.fixed_dictionaries({}, optional={"duration_minutes": st.sampled_from(DURATIONS)}),
            min_size=size,
            max_size=size,
        )
    )
    return {
        "id": "svc",
        "name": "Service",
        "capacity": draw(st.integers(1, 3)),
        "duration_minutes": draw(st.sampled_from(DURATIONS)),
        "requires_multiple_sessions": n > 1 or draw(st.booleans()),
        "total_sessions_required": n,
        "multi_session_strategy": chosen.value,
        "session_buffer_config": draw(buffer_configs(n)),
        "sessions": specs,
    }


@dataclass(frozen=True)
class World:
    """One random business with one service, its calendar and a frozen clock."""

    business: Business
    now: datetime
    bookings: tuple[Interval, ...]
    busy: tuple[Interval, ...]
    released: tuple[Interval, ...] = field(default=())

    @property
    def service(self) -> Service:
        return self.business.services[0]

    @property
    def zone(self) -> ZoneInfo:
        return self.business.zone

    def avail(self) -> Availability:
        return Availability(
            business=self.business,
            service=self.service,
            calendar=Calendar.from_intervals({self.service.id: list(self.bookings)}),
            now=self.now,
            customer_busy=self.busy,
            released=self.released,
        )

    def free(self, start: datetime, number: int, tentative: Sequence[Interval] = ()) -> bool:
        booked = list(self.bookings)
        for gone in self.released:
            booked.remove(gone)
        busy = [b for b in self.busy if b not in self.released]
        return oracle_free(
            self.business, self.service, self.now, booked, busy, start, number, tentative
        )

    def grid(self, day: date, number: int) -> list[datetime]:
        """Every start on the day's grid (first occurrence of a wall time) where
        session `number` fits the opening hours."""
        minutes = self.service.session_duration(number)
        starts = []
        for opening in self.business.opening(day):
            for minute in range(
                opening.start_minutes, opening.end_minutes, self.business.slot_step_minutes
            ):
                wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)
                real = wall.astimezone(UTC).astimezone(self.zone)
                if real.time() == wall.time() and inside_opening_hours(
                    self.business, wall, minutes
                ):
                    starts.append(wall)
        return starts

    def free_starts(
        self, day: date, number: int, tentative: Sequence[Interval] = ()
    ) -> list[datetime]:
        return [s for s in self.grid(day, number) if self.free(s, number, tentative)]

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def wall_minutes(self, moment: datetime) -> int:
        local = moment.astimezone(self.zone)
        return local.hour * 60 + local.minute


@st.composite
def local_times(draw: st.DrawFn, zone: ZoneInfo, first: date, days: int) -> datetime:
    day = first + timedelta(days=draw(st.integers(0, days)))
    minute = draw(st.integers(0, 287)) * 5
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    return wall.astimezone(UTC)


@st.composite
def intervals(draw: st.DrawFn, zone: ZoneInfo, first: date, days: int) -> Interval:
    start = draw(local_times(zone, first, days))
    return start, start + timedelta(minutes=draw(st.sampled_from([*DURATIONS, 240])))


@st.composite
def worlds(draw: st.DrawFn, strategy: Strategy | None = None) -> World:
    zone_name = draw(st.sampled_from(TIMEZONES))
    zone = ZoneInfo(zone_name)
    near_dst = draw(st.sampled_from(DST_DAYS)) - timedelta(days=draw(st.integers(0, 20)))
    today = draw(st.one_of(st.just(near_dst), st.dates(date(2026, 1, 1), date(2026, 12, 31))))
    now = draw(local_times(zone, today, 0))
    closed = draw(st.lists(st.integers(-2, 90).map(lambda d: today + timedelta(days=d))))
    business = parse_business(
        {
            "name": "Random",
            "timezone": zone_name,
            "slot_step_minutes": draw(st.sampled_from(STEPS)),
            "min_notice_hours": draw(st.sampled_from([0, 0.5, 1, 2, 24, 48])),
            "hours": draw(weekly_hours()),
            "closed": [d.isoformat() for d in closed],
            "services": [draw(services(strategy))],
        }
    )
    bookings = draw(st.lists(intervals(zone, today, 45), max_size=40))
    overfill: bool = draw(st.booleans())
    if bookings and overfill:  # book some slots beyond capacity
        bookings += draw(st.lists(st.sampled_from(bookings), max_size=6))
    busy = draw(st.lists(intervals(zone, today, 45), max_size=4))
    return World(business, now, tuple(bookings), tuple(busy))


@st.composite
def requests(draw: st.DrawFn, world: World, days: int = 30, number: int = 1) -> datetime:
    """A start: mostly on the business's own grid (so plans succeed), sometimes any
    5-minute time; in UTC or in the business's zone."""
    today = world.local_day(world.now)
    day = today + timedelta(days=draw(st.integers(0, days)))
    grid = world.grid(day, number)
    on_grid: bool = draw(st.integers(0, 3)) > 0
    if grid and on_grid:
        start = draw(st.sampled_from(grid))
    else:
        start = draw(local_times(world.zone, day, 0))
    return start.astimezone(draw(st.sampled_from([UTC, world.zone])))


# --- shared checks -------------------------------------------------------------


def check_session_placement(
    world: World, session: PlannedSession, others: Sequence[Interval]
) -> None:
    """A planned session is a free slot: inside opening hours on an open local day,
    on the grid, after the notice, under capacity with the calendar and the plan's
    other sessions, and clear of the customer's other appointments."""
    service = world.service
    minutes = service.session_duration(session.number)
    assert session.end.timestamp() - session.start.timestamp() == minutes * 60
    assert session.duration_minutes == minutes
    assert session.name == service.session_name(session.number)
    assert inside_opening_hours(world.business, session.start, minutes), session
    assert session.start >= world.now + timedelta(hours=world.business.min_notice_hours)
    mine = (session.start, session.end)
    taken = sum(1 for b in world.bookings if overlap(b, mine) and b not in world.released)
    taken += sum(1 for b in others if overlap(b, mine))
    assert taken < service.capacity, session
    assert not any(overlap(b, mine) for b in world.busy if b not in world.released)
    assert not any(overlap(b, mine) for b in others), "sessions of one plan overlap"


def check_in_date_order(world: World, starts: Sequence[datetime]) -> None:
    assert all(a.timestamp() < b.timestamp() for a, b in zip(starts, starts[1:], strict=False))


def days_between(world: World, before: datetime, after: datetime) -> int:
    return (world.local_day(after) - world.local_day(before)).days


def reference_next(
    world: World, previous: datetime, number: int, preferred: int, plan: list[Interval]
) -> datetime | None:
    """DESIGN.md's rule for session `number`: the earliest day >= target (<= maximum)
    with a free start, the start closest to the preferred time, ties to the earlier."""
    gap = world.service.gap(number - 1)
    first = world.local_day(previous)
    last = gap.maximum if gap.maximum is not None else gap.target + OPEN_ENDED
    for offset in range(gap.target, last + 1):
        starts = world.free_starts(first + timedelta(days=offset), number, plan)
        starts = [s for s in starts if s.timestamp() > previous.timestamp()]
        if starts:
            return min(
                starts,
                key=lambda s: (abs(world.wall_minutes(s) - preferred), world.wall_minutes(s)),
            )
    return None


def reference_immediate(world: World, first: datetime) -> list[datetime] | int:
    """The whole plan's starts, or the number of the session that cannot be placed."""
    if not world.free(first, 1):
        return 1
    preferred = world.wall_minutes(first)
    starts = [first]
    plan = [(first, end_of(first, world.service.session_duration(1)))]
    for number in range(2, world.service.total_sessions + 1):
        start = reference_next(world, starts[-1], number, preferred, plan)
        if start is None:
            return number
        starts.append(start)
        plan.append((start, end_of(start, world.service.session_duration(number))))
    return starts


# --- availability ----------------------------------------------------------------


@examples(200)
@given(world=worlds(), data=st.data())
def test_free_starts_match_the_oracle(world: World, data: st.DataObject) -> None:
    avail = world.avail()
    number = data.draw(st.integers(1, world.service.total_sessions), label="number")
    day = world.local_day(world.now) + timedelta(days=data.draw(st.integers(-1, 40)))
    assert avail.free_starts(day, number) == world.free_starts(day, number)
    for start in data.draw(st.lists(requests(world, 40, number), max_size=8), label="starts"):
        reason = avail.reason(start, number)
        assert (reason is None) == world.free(start, number), (start, reason)


@examples(100)
@given(world=worlds(), data=st.data())
def test_nearest_free_starts_are_free_and_nearest(world: World, data: st.DataObject) -> None:
    avail = world.avail()
    around = data.draw(requests(world, 20))
    found = avail.nearest_free(around, 1, count=3, within_days=3)
    distance = [abs(s.timestamp() - around.timestamp()) for s in found]
    assert distance == sorted(distance)
    assert all(world.free(s, 1) for s in found)
    if len(found) == 3:
        # no free start on the surrounding days is closer than the last one offered
        center = world.local_day(around)
        for offset in range(-1, 2):
            for start in world.free_starts(center + timedelta(days=offset), 1):
                if abs(start.timestamp() - around.timestamp()) < distance[-1]:
                    assert start in found


# --- immediate ---------------------------------------------------------------------


def instants(result: Plan | Conflict) -> object:
    """A plan or conflict with every datetime as epoch seconds."""
    if isinstance(result, Plan):
        return [(s.number, s.start.timestamp(), s.end.timestamp()) for s in result.sessions]
    requested = None if result.requested is None else result.requested.timestamp()
    rest = (result.earliest, result.latest, result.suggested)
    alternatives = [a.timestamp() for a in result.alternatives]
    return result.rule, result.session, result.message, requested, alternatives, rest


@examples(250)
@given(world=worlds(Strategy.IMMEDIATE), data=st.data())
def test_immediate_plan_follows_the_rules(world: World, data: st.DataObject) -> None:
    avail = world.avail()
    service = world.service
    start = data.draw(requests(world), label="start")
    result = plan_immediate(avail, start)

    # deterministic, also from a fresh Availability and another timezone (compared
    # as instants: Python never finds a time in a DST fold equal to one in UTC)
    assert plan_immediate(avail, start) == result
    assert instants(plan_immediate(world.avail(), start.astimezone(UTC))) == instants(result)

    expected = reference_immediate(world, start)
    if isinstance(result, Conflict):
        assert isinstance(result.rule, ConflictRule)
        assert expected == result.session, (expected, result)
        if result.session > 1:
            assert result.rule is ConflictRule.NO_SLOT_IN_WINDOW
        for alternative in result.alternatives:
            assert world.free(alternative, 1)
            assert isinstance(plan_immediate(avail, alternative), Plan)
        return

    sessions = result.sessions
    assert [s.number for s in sessions] == list(range(1, service.total_sessions + 1))
    assert [s.start for s in sessions] == expected
    check_in_date_order(world, [s.start for s in sessions])
    for session in sessions:
        others = [(s.start, s.end) for s in sessions if s is not session]
        check_session_placement(world, session, others)
    for before, after in zip(sessions, sessions[1:], strict=False):
        gap = service.gap(before.number)
        days = days_between(world, before.start, after.start)
        assert days >= gap.minimum
        assert gap.maximum is None or days <= gap.maximum


@examples(150)
@given(world=worlds(Strategy.IMMEDIATE), data=st.data())
def test_dst_never_shifts_a_free_preferred_time(world: World, data: st.DataObject) -> None:
    """When the preferred wall time is free on a later session's day, the session
    is at that wall time, whatever the UTC offset that day."""
    result = plan_immediate(world.avail(), data.draw(requests(world), label="start"))
    if not isinstance(result, Plan):
        return
    preferred = world.wall_minutes(result.sessions[0].start)
    placed: list[Interval] = [(result.sessions[0].start, result.sessions[0].end)]
    for session in result.sessions[1:]:
        day = world.local_day(session.start)
        wall = datetime.combine(day, time(preferred // 60, preferred % 60), tzinfo=world.zone)
        real = wall.astimezone(UTC).astimezone(world.zone)
        after_previous = wall.timestamp() > placed[-1][0].timestamp()
        if (
            real.time() == wall.time()
            and after_previous
            and world.free(wall, session.number, placed)
        ):
            assert world.wall_minutes(session.start) == preferred, session
        placed.append((session.start, session.end))


# --- sequential --------------------------------------------------------------------


@st.composite
def histories(draw: st.DrawFn, world: World) -> list[SessionState]:
    """Completed sessions in date order, maybe a pending one, maybe a cancelled one."""
    service = world.service
    done = draw(st.integers(0, service.total_sessions))
    start = world.now - timedelta(days=draw(st.integers(0, 40)))
    sessions = []
    for number in range(1, done + 1):
        end = end_of(start, service.session_duration(number))
        sessions.append(SessionState(number, start, end, BookingStatus.COMPLETED))
        start += timedelta(days=draw(st.integers(0, 6)), hours=draw(st.integers(1, 30)))
    if done < service.total_sessions and draw(st.booleans()):
        status = draw(st.sampled_from([BookingStatus.CONFIRMED, BookingStatus.CANCELLED]))
        end = end_of(start, service.session_duration(done + 1))
        sessions.append(SessionState(done + 1, start, end, status))
    return sessions


@examples(200)
@given(world=worlds(Strategy.SEQUENTIAL), data=st.data())
def test_sequential_booking_stays_in_its_window(world: World, data: st.DataObject) -> None:
    avail = world.avail()
    service = world.service
    sessions = data.draw(histories(world), label="history")
    completed = [s for s in sessions if s.status is BookingStatus.COMPLETED]
    pending = any(s.status is BookingStatus.CONFIRMED for s in sessions)
    number = len(completed) + 1
    start = data.draw(requests(world, 14, min(number, service.total_sessions)), label="start")
    result = plan_sequential(avail, sessions, start)
    assert plan_sequential(avail, sessions, start) == result

    if pending:
        assert isinstance(result, Conflict) and result.rule is ConflictRule.NOT_COMPLETED
        return
    if number > service.total_sessions:
        assert isinstance(result, Conflict) and result.rule is ConflictRule.NO_SESSIONS_LEFT
        return
    if completed:
        gap = service.gap(number - 1)
        last = world.local_day(completed[-1].start)
        earliest = last + timedelta(days=gap.minimum)
        latest = None if gap.maximum is None else last + timedelta(days=gap.maximum)
        suggested = last + timedelta(days=gap.target)
    else:
        earliest = world.local_day(world.now + timedelta(hours=world.business.min_notice_hours))
        latest, suggested = None, earliest
    day = world.local_day(start)
    inside = day >= earliest and (latest is None or day <= latest)
    # session k+1 starts once session k is over (a 0-day gap allows the same day)
    after_previous = not completed or start.timestamp() >= completed[-1].end.timestamp()
    notice = world.business.min_notice_hours * 3600
    too_soon = start.timestamp() < world.now.timestamp() + notice
    if inside and after_previous and world.free(start, number):
        assert isinstance(result, Plan), result
        assert [s.number for s in result.sessions] == [number]
        assert result.sessions[0].start == start
        check_session_placement(world, result.sessions[0], [])
        return
    assert isinstance(result, Conflict), (result, inside)
    if too_soon:  # notice before window, window before slot
        assert result.rule in (ConflictRule.PAST, ConflictRule.MIN_NOTICE)
    elif not inside or not after_previous:
        assert result.rule in (ConflictRule.BUFFER_MIN, ConflictRule.BUFFER_MAX)
    else:
        assert result.rule not in (ConflictRule.BUFFER_MIN, ConflictRule.BUFFER_MAX)
    assert (result.earliest, result.latest, result.suggested) == (earliest, latest, suggested)
    for alternative in result.alternatives:
        assert world.free(alternative, number)
        assert earliest <= world.local_day(alternative)
        assert latest is None or world.local_day(alternative) <= latest
        assert not completed or alternative.timestamp() >= completed[-1].end.timestamp()
        assert isinstance(plan_sequential(avail, sessions, alternative), Plan)


# --- flexible ----------------------------------------------------------------------


@examples(200)
@given(world=worlds(Strategy.FLEXIBLE), data=st.data())
def test_flexible_booking_numbers_by_date_and_keeps_gaps(world: World, data: st.DataObject) -> None:
    service = world.service
    existing = data.draw(st.lists(requests(world, 30), max_size=service.total_sessions))
    existing = sorted(set(existing), key=lambda s: s.timestamp())
    statuses = data.draw(
        st.lists(
            st.sampled_from(list(BookingStatus)), min_size=len(existing), max_size=len(existing)
        )
    )
    sessions = [
        SessionState(k, s, end_of(s, service.session_duration(k)), status)
        for k, (s, status) in enumerate(zip(existing, statuses, strict=True), start=1)
    ]
    active = [s for s in sessions if s.status is not BookingStatus.CANCELLED]
    world = replace(
        world,
        bookings=world.bookings + tuple((s.start, s.end) for s in active),
        busy=world.busy + tuple((s.start, s.end) for s in active),
    )
    avail = world.avail()
    counted = [
        s for s in sessions if s.status in (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)
    ]
    remaining = service.total_sessions - len(counted)
    starts = data.draw(st.lists(requests(world, 30), max_size=remaining + 1), label="starts")
    result = plan_flexible(avail, sessions, starts)
    assert plan_flexible(avail, sessions, starts) == result

    if len(starts) > remaining:
        assert isinstance(result, Conflict) and result.rule is ConflictRule.NO_SESSIONS_LEFT
        return
    if not starts:
        assert result == Plan(sessions=())
        return
    if isinstance(result, Conflict):
        assert isinstance(result.rule, ConflictRule)
        assert result.requested in starts
        # every alternative, put in place of the refused start beside the other
        # requested starts that work (all of them, unless some are refused too),
        # books; one the customer may pick is never a dead end
        others = list(starts)
        others.remove(result.requested)
        kept: list[datetime] = []
        for other in sorted(others, key=lambda s: s.timestamp()):
            if isinstance(plan_flexible(avail, sessions, [*kept, other]), Plan):
                kept.append(other)
        for alternative in result.alternatives:
            replaced = [*kept, alternative]
            picked = plan_flexible(avail, sessions, replaced)
            assert isinstance(picked, Plan), (result, alternative, picked)
            check_flexible_plan(world, counted, replaced, picked)
        # a gap refusal's days between the neighbours bound its alternatives
        if result.earliest is not None:
            assert all(world.local_day(a) >= result.earliest for a in result.alternatives)
        if result.latest is not None:
            assert all(world.local_day(a) <= result.latest for a in result.alternatives)
        if result.earliest is not None and result.latest is not None:
            assert result.earliest <= result.latest
        return
    check_flexible_plan(world, counted, starts, result)


def check_flexible_plan(
    world: World, counted: Sequence[SessionState], starts: Sequence[datetime], result: Plan
) -> None:
    """The new timeline: booked sessions under their new numbers plus the new ones,
    numbered by date, every new one in a free slot, every gap at least the minimum."""
    service = world.service
    new_number = dict(result.renumbered)
    timeline = {new_number.get(s.number, s.number): s.start for s in counted}
    for session in result.sessions:
        assert session.number not in timeline
        timeline[session.number] = session.start
    assert sorted(timeline) == list(range(1, len(counted) + len(starts) + 1))
    ordered = [timeline[k] for k in sorted(timeline)]
    check_in_date_order(world, ordered)
    assert sorted(s.timestamp() for s in starts) == sorted(
        s.start.timestamp() for s in result.sessions
    )
    new = [(s.start, s.end) for s in result.sessions]
    for session in result.sessions:
        check_session_placement(world, session, [i for i in new if i[0] != session.start])
    for k in range(1, len(ordered)):
        assert days_between(world, ordered[k - 1], ordered[k]) >= service.gap(k).minimum


# --- reschedule --------------------------------------------------------------------


@examples(150)
@given(world=worlds(Strategy.IMMEDIATE), data=st.data())
def test_immediate_reschedule_keeps_every_gap(world: World, data: st.DataObject) -> None:
    service = world.service
    planned = plan_immediate(world.avail(), data.draw(requests(world), label="start"))
    if not isinstance(planned, Plan) or not service.requires_multiple_sessions:
        return
    sessions = [
        SessionState(s.number, s.start, s.end, BookingStatus.CONFIRMED) for s in planned.sessions
    ]
    own = tuple((s.start, s.end) for s in sessions)
    booked = replace(world, bookings=world.bookings + own, busy=world.busy + own)
    number = data.draw(st.integers(1, len(sessions)), label="number")
    new_start = data.draw(requests(world, 45, number), label="new_start")
    result = plan_reschedule(booked.avail(), sessions, number, new_start)
    if isinstance(result, Conflict):
        assert isinstance(result.rule, ConflictRule)
        for alternative in result.alternatives:  # each one, if picked, moves
            assert isinstance(plan_reschedule(booked.avail(), sessions, number, alternative), Plan)
        return
    assert result.moved[0] == number
    schedule = {s.number: s for s in planned.sessions}
    for session in result.sessions:
        schedule[session.number] = session
    # unmoved sessions stay exactly where they were
    for session in result.sessions:
        if session.number not in result.moved:
            assert session.start == planned.sessions[session.number - 1].start
    ordered = [schedule[k] for k in sorted(schedule)]
    check_in_date_order(world, [s.start for s in ordered])
    for before, after in zip(ordered, ordered[1:], strict=False):
        gap = service.gap(before.number)
        days = days_between(world, before.start, after.start)
        assert days >= gap.minimum and (gap.maximum is None or days <= gap.maximum)
    # moved sessions are free once the group's old slots are released
    released = replace(booked, released=tuple((s.start, s.end) for s in sessions))
    for session in ordered:
        if session.number in result.moved:
            others = [(s.start, s.end) for s in ordered if s is not session]
            check_session_placement(released, session, others)


@st.composite
def flexible_groups(draw: st.DrawFn, world: World) -> list[SessionState]:
    """A booked flexible group that keeps every gap: some completed, the rest confirmed."""
    service = world.service
    count = draw(st.integers(min(2, service.total_sessions), service.total_sessions))
    first_day = world.local_day(world.now) + timedelta(days=draw(st.integers(3, 20)))
    grid = world.grid(first_day, 1)
    starts = [draw(st.sampled_from(grid)) if grid else draw(requests(world, 20))]
    for number in range(2, count + 1):
        day = world.local_day(starts[-1]) + timedelta(
            days=service.gap(number - 1).minimum + draw(st.integers(0, 6))
        )
        grid = [s for s in world.grid(day, number) if s.timestamp() > starts[-1].timestamp()]
        if not grid:
            break
        starts.append(draw(st.sampled_from(grid)))
    done = draw(st.integers(0, len(starts) - 1))
    return [
        SessionState(
            k,
            start,
            end_of(start, service.session_duration(k)),
            BookingStatus.COMPLETED if k <= done else BookingStatus.CONFIRMED,
        )
        for k, start in enumerate(starts, start=1)
    ]


@examples(150)
@given(world=worlds(Strategy.FLEXIBLE), data=st.data())
def test_flexible_move_and_every_alternative_keep_every_gap(
    world: World, data: st.DataObject
) -> None:
    """A flexible move, and each alternative offered for a refused one, if picked,
    yields a valid plan: numbered by date, every gap at least its minimum, the
    moved session in a free slot."""
    sessions = data.draw(flexible_groups(world), label="group")
    own = tuple((s.start, s.end) for s in sessions)
    booked = replace(world, bookings=world.bookings + own, busy=world.busy + own)
    movable = [s.number for s in sessions if s.status is BookingStatus.CONFIRMED]
    number = data.draw(st.sampled_from(movable), label="number")
    near = data.draw(st.sampled_from(sessions), label="near")
    day = world.local_day(near.start) + timedelta(days=data.draw(st.integers(-10, 10)))
    grid = world.grid(day, number)
    nearby = st.sampled_from(grid) if grid else requests(world, 60, number)
    new_start = data.draw(st.one_of(nearby, requests(world, 60, number)), label="new_start")
    avail = booked.avail()
    result = plan_reschedule(avail, sessions, number, new_start)
    if isinstance(result, Plan):
        check_flexible_move(booked, sessions, number, result)
        return
    for alternative in result.alternatives:
        picked = plan_reschedule(avail, sessions, number, alternative)
        assert isinstance(picked, Plan), (result, alternative, picked)
        check_flexible_move(booked, sessions, number, picked)


def check_flexible_move(
    world: World, sessions: Sequence[SessionState], number: int, plan: Plan
) -> None:
    service = world.service
    assert plan.moved == (number,) and [s.number for s in plan.sessions] == [number]
    whole = plan_after_move(sessions, plan)
    assert [s.number for s, _ in whole] == list(range(1, len(sessions) + 1))
    check_in_date_order(world, [s.start for s, _ in whole])
    for (before, _), (after, _) in zip(whole, whole[1:], strict=False):
        assert days_between(world, before.start, after.start) >= service.gap(before.number).minimum
    [(moved, _)] = [(s, m) for s, m in whole if m]
    assert moved.start == plan.sessions[0].start
    target = next(s for s in sessions if s.number == number)
    released = replace(world, released=((target.start, target.end),))
    placed = PlannedSession(
        moved.number, moved.start, moved.end, service.session_name(moved.number)
    )
    check_session_placement(released, placed, [])
