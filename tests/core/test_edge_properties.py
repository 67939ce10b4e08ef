"""Properties at the edges (issue 19): DST nights and session order.

- On a DST night every offered start is a wall time the clock reads, its session
  lasts its real duration, and while it runs the clock reads only times inside
  the opening range (the oracle checks minute by minute); every such start on
  the grid is offered.
- In every plan, session k+1 starts once session k has ended, with any gap
  (also 0 days), whatever the strategy and the group's history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bookbot.core.availability import Availability
from bookbot.core.calendar import Calendar
from bookbot.core.config import WEEKDAYS, Strategy, parse_business
from bookbot.core.planner import plan_for
from bookbot.core.types import BookingStatus, Plan
from tests.core.core_testkit import inside_opening_hours
from tests.core.test_properties import (
    DST_DAYS,
    DURATIONS,
    STEPS,
    World,
    day_ranges,
    examples,
    histories,
    requests,
    worlds,
)

DST_ZONES = [
    "America/New_York",
    "Europe/Zurich",
    "Australia/Lord_Howe",  # a 30-minute change
    "America/Havana",  # at midnight
    "America/Santiago",  # at 24:00
    "America/St_Johns",
]
NIGHT_HOURS = [["00:00-04:00"], ["00:00-02:00"], ["01:00-03:30"], ["00:00-23:55"]]


@st.composite
def dst_nights(draw: st.DrawFn) -> tuple[Availability, date]:
    zone_name = draw(st.sampled_from(DST_ZONES))
    day = draw(st.sampled_from(DST_DAYS))
    hours = draw(st.one_of(st.sampled_from(NIGHT_HOURS), day_ranges()))
    business = parse_business(
        {
            "name": "Night",
            "timezone": zone_name,
            "slot_step_minutes": draw(st.sampled_from(STEPS)),
            "min_notice_hours": 0,
            "hours": {weekday: hours for weekday in WEEKDAYS},
            "services": [
                {
                    "id": "svc",
                    "name": "Service",
                    "duration_minutes": draw(st.sampled_from(DURATIONS)),
                }
            ],
        }
    )
    now = datetime.combine(day - timedelta(days=3), time(12), tzinfo=ZoneInfo(zone_name))
    service = business.services[0]
    return Availability(business, service, Calendar(), now), day


def _exists(local: datetime) -> bool:
    real = local.astimezone(UTC).astimezone(local.tzinfo)
    return real.replace(fold=0) == local.replace(fold=0) and real.date() == local.date()


@examples(300)
@given(night=dst_nights())
def test_every_start_offered_on_a_dst_night_exists_and_fits_in_real_time(
    night: tuple[Availability, date],
) -> None:
    avail, day = night
    business, minutes = avail.business, avail.service.duration_minutes
    offered = avail.free_starts(day, 1)
    for start in offered:
        assert _exists(start), start
        end = avail.end_of(start, 1)
        assert end.timestamp() - start.timestamp() == minutes * 60
        assert inside_opening_hours(business, start, minutes), start
        assert avail.is_free(start, 1)
    # and every existing wall time on the grid that fits is offered
    expected = []
    for opening in business.opening(day):
        for minute in range(opening.start_minutes, opening.end_minutes, business.slot_step_minutes):
            wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=avail.zone)
            if _exists(wall) and inside_opening_hours(business, wall, minutes):
                expected.append(wall)
    assert [s.timestamp() for s in offered] == [s.timestamp() for s in expected]


def _check_order(spans: list[tuple[datetime, datetime]]) -> None:
    spans.sort(key=lambda span: span[0].timestamp())
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start.timestamp() >= end.timestamp(), spans


@examples(150)
@given(world=worlds(Strategy.IMMEDIATE), data=st.data())
def test_an_immediate_plan_never_starts_a_session_before_the_last_ends(
    world: World, data: st.DataObject
) -> None:
    start = data.draw(requests(world, 14))
    result = plan_for(world.avail(), [], [start])
    if isinstance(result, Plan):
        _check_order([(s.start, s.end) for s in result.sessions])
        assert [s.number for s in result.sessions] == list(range(1, len(result.sessions) + 1))


@examples(150)
@given(world=worlds(Strategy.SEQUENTIAL), data=st.data())
def test_a_sequential_session_starts_after_the_last_one_ends(
    world: World, data: st.DataObject
) -> None:
    sessions = data.draw(histories(world), label="history")
    done = [s for s in sessions if s.status is BookingStatus.COMPLETED]
    avail = world.avail()
    early: bool = data.draw(st.booleans())
    if done and early:
        # the last session was marked completed before it ended; ask for its day
        hours = data.draw(st.integers(0, 3))
        avail = replace(avail, now=done[-1].start - timedelta(hours=hours))
        world = replace(world, now=avail.now)
        step = world.business.slot_step_minutes
        start = done[-1].start + timedelta(minutes=step * data.draw(st.integers(-8, 8)))
    else:
        start = data.draw(requests(world, 14, min(len(done) + 1, world.service.total_sessions)))
    result = plan_for(avail, sessions, [start])
    if isinstance(result, Plan) and done:
        assert result.sessions[0].start.timestamp() >= done[-1].end.timestamp()
    alternatives = getattr(result, "alternatives", ())
    for alternative in alternatives:
        assert not done or alternative.timestamp() >= done[-1].end.timestamp()


@examples(150)
@given(world=worlds(Strategy.FLEXIBLE), data=st.data())
def test_flexible_sessions_never_overlap_the_group_s_own(world: World, data: st.DataObject) -> None:
    sessions = data.draw(histories(world), label="history")
    starts = data.draw(st.lists(requests(world, 10), max_size=3), label="starts")
    result = plan_for(world.avail(), sessions, starts)
    if isinstance(result, Plan):
        kept = [(s.start, s.end) for s in sessions if s.status is not BookingStatus.CANCELLED]
        new = [(s.start, s.end) for s in result.sessions]
        _check_order(new)
        for start, end in new:  # the customer is never in two sessions at once
            for other_start, other_end in kept:
                assert end.timestamp() <= other_start.timestamp() or (
                    other_end.timestamp() <= start.timestamp()
                ), (start, other_start)
