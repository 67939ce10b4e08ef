"""Free slots: closures, opening hours, notice, the grid, capacity, per-session
durations, the customer's other appointments, and the nearest alternatives.

The test business (core_testkit.business_data): Europe/Zurich, 30-minute grid,
2 hours' notice, Mon-Fri 08:00-12:00 and 13:00-18:00, Saturday 09:00-13:00.
Monday 2026-03-09 is the usual test day; `now` is the Monday before, 09:00.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bookbot.core.availability import Availability, at_local, closest_to
from bookbot.core.calendar import Calendar, overlaps
from bookbot.core.planner import slot_conflict
from bookbot.core.types import ConflictRule
from tests.core.core_testkit import (
    ZURICH,
    at,
    booking,
    make_availability,
    make_business,
    service_data,
)

NOW = at(2026, 3, 2, 9, 0)
MONDAY = date(2026, 3, 9)

IMPLANT = service_data(
    id="implant",
    duration_minutes=60,
    requires_multiple_sessions=True,
    total_sessions_required=3,
    multi_session_strategy="immediate",
    sessions=[{"duration_minutes": 90}, {"duration_minutes": 30}, {}],
)


def avail(
    bookings: list[tuple[datetime, datetime]] | None = None,
    *,
    capacity: int = 1,
    now: datetime = NOW,
    busy: tuple[tuple[datetime, datetime], ...] = (),
    **business: object,
) -> Availability:
    biz = make_business(service_data(id="chair", capacity=capacity), IMPLANT, **business)
    return make_availability(biz, "chair", now, bookings or [], busy=busy)


def implant_avail(bookings: list[tuple[datetime, datetime]] | None = None) -> Availability:
    biz = make_business(IMPLANT)
    return make_availability(biz, "implant", NOW, bookings or [])


def rule(a: Availability, start: datetime, number: int = 1) -> ConflictRule | None:
    found = a.reason(start, number)
    return None if found is None else found[0]


def times(starts: list[datetime]) -> list[str]:
    return [f"{s.astimezone(ZURICH):%H:%M}" for s in starts]


def test_open_slot_is_free() -> None:
    assert avail().reason(at(2026, 3, 9, 10, 0), 1) is None


def test_closed_date_and_closed_weekday() -> None:
    a = avail(closed=["2026-03-10"])
    assert rule(a, at(2026, 3, 10, 10, 0)) is ConflictRule.CLOSED_DAY
    assert a.free_starts(date(2026, 3, 10), 1) == []
    sunday = at(2026, 3, 8, 10, 0)
    assert rule(a, sunday) is ConflictRule.CLOSED_DAY
    found = a.reason(sunday, 1)
    assert found is not None and "Sundays" in found[1]
    # a weekday missing from `hours` is closed too
    b = avail(hours={"mon": ["08:00-12:00"]})
    assert rule(b, at(2026, 3, 10, 10, 0)) is ConflictRule.CLOSED_DAY


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (7, 30, ConflictRule.OUTSIDE_HOURS),  # before opening
        (8, 0, None),  # at opening
        (11, 0, None),  # ends exactly at 12:00
        (11, 30, ConflictRule.OUTSIDE_HOURS),  # would run past the lunch closing
        (12, 0, ConflictRule.OUTSIDE_HOURS),  # lunch
        (12, 30, ConflictRule.OUTSIDE_HOURS),  # would straddle lunch
        (17, 0, None),  # ends exactly at closing
        (17, 30, ConflictRule.OUTSIDE_HOURS),  # would run past closing
        (18, 0, ConflictRule.OUTSIDE_HOURS),  # closed
    ],
)
def test_opening_hours(hour: int, minute: int, expected: ConflictRule | None) -> None:
    assert rule(avail(), at(2026, 3, 9, hour, minute)) is expected


def test_outside_hours_message_names_the_hours() -> None:
    found = avail().reason(at(2026, 3, 9, 17, 30), 1)
    assert found is not None
    assert "60-minute session at 17:30" in found[1]
    assert "08:00-12:00, 13:00-18:00" in found[1]


def test_minimum_notice_and_past() -> None:
    a = avail(now=at(2026, 3, 9, 8, 50))
    assert rule(a, at(2026, 3, 9, 8, 30)) is ConflictRule.PAST
    assert rule(a, at(2026, 3, 9, 10, 30)) is ConflictRule.MIN_NOTICE  # 1 h 40 min
    assert rule(a, at(2026, 3, 9, 11, 0)) is None  # 2 h 10 min
    b = avail(now=at(2026, 3, 9, 9, 0))
    assert rule(b, at(2026, 3, 9, 11, 0)) is None  # exactly the notice
    assert times(b.free_starts(MONDAY, 1)) == [
        "11:00",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
        "15:00",
        "15:30",
        "16:00",
        "16:30",
        "17:00",
    ]


def test_slot_grid_starts_at_each_range() -> None:
    a = avail()
    assert rule(a, at(2026, 3, 9, 10, 15)) is ConflictRule.OFF_GRID
    assert rule(a, at(2026, 3, 9, 10, 0).replace(second=30)) is ConflictRule.OFF_GRID
    b = avail(slot_step_minutes=45, hours={"mon": ["08:15-11:15", "13:00-15:00"]})
    assert times(b.free_starts(MONDAY, 1)) == ["08:15", "09:00", "09:45", "13:00", "13:45"]
    assert rule(b, at(2026, 3, 9, 8, 30)) is ConflictRule.OFF_GRID
    assert rule(b, at(2026, 3, 9, 14, 30)) is ConflictRule.OUTSIDE_HOURS


def test_capacity_one_with_an_existing_booking() -> None:
    a = avail([booking(at(2026, 3, 9, 10, 0))])
    assert rule(a, at(2026, 3, 9, 10, 0)) is ConflictRule.FULL
    assert rule(a, at(2026, 3, 9, 9, 30)) is ConflictRule.FULL  # would run into it
    assert rule(a, at(2026, 3, 9, 9, 0)) is None  # ends when it starts
    assert rule(a, at(2026, 3, 9, 11, 0)) is None  # starts when it ends
    assert times(a.free_starts(MONDAY, 1)) == ["08:00", "08:30", "09:00", "11:00"] + [
        f"{h}:{m}" for h in range(13, 18) for m in ("00", "30") if (h, m) != (17, "30")
    ]


def test_capacity_two_with_existing_bookings() -> None:
    ten = at(2026, 3, 9, 10, 0)
    one = avail([booking(ten)], capacity=2)
    assert rule(one, ten) is None
    two = avail([booking(ten), booking(ten + timedelta(minutes=60))], capacity=2)
    assert rule(two, ten) is None  # back to back: 10:00-11:00 overlaps one of them
    assert rule(two, ten + timedelta(minutes=30)) is ConflictRule.FULL  # overlaps both
    three = avail([booking(ten), booking(ten, 120)], capacity=2)
    assert rule(three, ten) is ConflictRule.FULL
    assert rule(three, ten + timedelta(minutes=60)) is None  # only the 2-hour one left


def test_capacity_counts_bookings_that_overlap_the_session() -> None:
    # DESIGN: "fewer than `capacity` bookings of that service overlap it" - counted
    # over the whole session, not at its busiest instant (conservative by design).
    ten = at(2026, 3, 9, 10, 0)
    a = avail([booking(ten, 30), booking(ten + timedelta(minutes=30), 30)], capacity=2)
    assert rule(a, ten) is ConflictRule.FULL


def test_overfull_calendar_still_counts_as_occupied() -> None:
    ten = at(2026, 3, 9, 10, 0)
    a = avail([booking(ten)] * 5, capacity=2)
    assert rule(a, ten) is ConflictRule.FULL


def test_capacity_counts_the_plans_own_sessions() -> None:
    ten = at(2026, 3, 9, 10, 0)
    a = avail([booking(ten)], capacity=2)
    assert a.reason(ten, 1, tentative=[booking(ten)]) is not None


def test_per_session_durations() -> None:
    a = implant_avail([booking(at(2026, 3, 9, 11, 0))])
    ten = at(2026, 3, 9, 10, 0)
    assert rule(a, ten, 1) is ConflictRule.FULL  # 90 minutes run into 11:00
    assert rule(a, ten, 2) is None  # 30 minutes end at 10:30
    assert rule(a, at(2026, 3, 9, 10, 30), 2) is None
    assert rule(a, at(2026, 3, 9, 16, 30), 1) is None  # 90 minutes end at 18:00
    assert rule(a, at(2026, 3, 9, 17, 0), 1) is ConflictRule.OUTSIDE_HOURS
    assert rule(a, at(2026, 3, 9, 17, 30), 2) is None
    assert rule(a, at(2026, 3, 9, 17, 30), 3) is ConflictRule.OUTSIDE_HOURS  # default 60
    assert a.end_of(ten, 1) - ten == timedelta(minutes=90)
    assert a.end_of(ten, 3) - ten == timedelta(minutes=60)


def test_customer_busy_with_another_booking() -> None:
    other = booking(at(2026, 3, 9, 14, 0))  # e.g. another service of the same customer
    a = avail(busy=(other,))
    assert rule(a, at(2026, 3, 9, 14, 0)) is ConflictRule.CUSTOMER_BUSY
    assert rule(a, at(2026, 3, 9, 13, 30)) is ConflictRule.CUSTOMER_BUSY
    assert rule(a, at(2026, 3, 9, 13, 0)) is None
    assert rule(a, at(2026, 3, 9, 15, 0)) is None
    assert rule(a, at(2026, 3, 9, 14, 0), 1) is not None
    roomy = avail(capacity=2)
    ten = at(2026, 3, 9, 10, 0)
    assert roomy.reason(ten, 1, tentative=[booking(ten + timedelta(minutes=30))]) == (
        ConflictRule.CUSTOMER_BUSY,
        "the customer has another appointment then",
    )


def test_alternatives_are_the_nearest_free_starts() -> None:
    a = avail([booking(at(2026, 3, 9, 10, 0))])
    ten = at(2026, 3, 9, 10, 0)
    # 09:00 and 11:00 are both an hour away: the earlier first; then 08:30
    assert times(list(a.nearest_free(ten, 1))) == ["09:00", "11:00", "08:30"]
    conflict = slot_conflict(a, ten, 1)
    assert conflict is not None
    assert conflict.rule is ConflictRule.FULL
    assert conflict.requested == ten
    assert times(list(conflict.alternatives)) == ["09:00", "11:00", "08:30"]
    assert all(a.is_free(s, 1) for s in conflict.alternatives)
    assert slot_conflict(a, at(2026, 3, 9, 11, 0), 1) is None


def test_alternatives_cross_days_and_skip_closures() -> None:
    a = avail(closed=["2026-03-09"])  # Monday closed; Sunday closed anyway
    conflict = slot_conflict(a, at(2026, 3, 9, 12, 0), 1)
    assert conflict is not None and conflict.rule is ConflictRule.CLOSED_DAY
    # Saturday 12:00 is 48 h before, Tuesday 08:00 20 h after
    assert [f"{s:%a %H:%M}" for s in conflict.alternatives] == [
        "Tue 08:00",
        "Tue 08:30",
        "Tue 09:00",
    ]


def test_free_between_lists_days_in_order() -> None:
    a = avail()
    found = a.free_between(date(2026, 3, 6), date(2026, 3, 9), 1, limit=30)
    days = [s.date() for s in found]
    assert days == sorted(days)
    assert {d.isoformat() for d in days} == {"2026-03-06", "2026-03-07", "2026-03-09"}
    assert len(found) == 30


def test_dst_gap_has_no_wall_time() -> None:
    assert at_local(date(2026, 3, 29), 2 * 60 + 30, ZURICH) is None
    assert at_local(date(2026, 3, 29), 3 * 60, ZURICH) == at(2026, 3, 29, 3, 0)
    a = avail(hours={"sun": ["01:00-04:00"]}, min_notice_hours=0)
    # 01:30 + 60 real minutes is 03:30 CEST; 02:00 and 02:30 do not exist
    assert times(a.free_starts(date(2026, 3, 29), 1)) == ["01:00", "01:30", "03:00"]


def test_dst_spring_forward_session_cannot_run_past_closing() -> None:
    a = avail(hours={"sun": ["01:00-03:00"]}, min_notice_hours=0)
    spring = date(2026, 3, 29)
    # 01:30 CET + 60 minutes is 03:30 CEST: half an hour after closing
    assert times(a.free_starts(spring, 1)) == ["01:00"]
    assert rule(a, at(2026, 3, 29, 1, 30)) is ConflictRule.OUTSIDE_HOURS
    assert a.end_of(at(2026, 3, 29, 1, 0), 1) == at(2026, 3, 29, 3, 0)


def test_dst_fall_back_session_occupies_its_own_duration() -> None:
    a = avail(hours={"sun": ["01:00-04:00"]}, min_notice_hours=0)
    fall = date(2026, 10, 25)
    two_cest = at(2026, 10, 25, 2, 0)
    end = a.end_of(two_cest, 1)
    assert end.timestamp() - two_cest.timestamp() == 3600  # not 7200
    assert (end.utcoffset(), f"{end:%H:%M}") == (timedelta(hours=1), "02:00")
    # a booking of the second 02:00-03:00 (CET) does not block 01:00-02:00 CEST
    second = datetime.fromtimestamp(end.timestamp(), ZURICH)
    b = avail([booking(second)], hours={"sun": ["01:00-04:00"]}, min_notice_hours=0)
    assert rule(b, at(2026, 10, 25, 1, 0)) is None
    assert rule(b, two_cest) is None  # ends at 02:00 CET, when the booking starts
    assert rule(b, at(2026, 10, 25, 2, 30)) is ConflictRule.FULL  # ends 02:30 CET
    assert "02:00" in times(a.free_starts(fall, 1))


def test_closest_to_ties_go_to_the_earlier_time() -> None:
    starts = [at(2026, 3, 9, h, m) for h, m in ((13, 0), (13, 30), (14, 30), (15, 0))]
    assert closest_to(starts, 14 * 60) == at(2026, 3, 9, 13, 30)
    assert closest_to(starts, 14 * 60 + 20) == at(2026, 3, 9, 14, 30)


def test_calendar_counts_overlaps_by_bisection() -> None:
    ten = at(2026, 3, 9, 10, 0)
    items = [booking(ten + timedelta(minutes=30 * k), 45) for k in range(6)]
    cal = Calendar.from_intervals({"chair": items})
    assert cal.size("chair") == 6 and cal.size("other") == 0
    for k in range(-2, 10):
        s = ten + timedelta(minutes=15 * k)
        e = s + timedelta(minutes=60)
        expected = sum(1 for b in items if overlaps(b[0], b[1], s, e))
        assert cal.overlapping("chair", s, e) == expected
    assert cal.overlapping("other", ten, ten + timedelta(hours=1)) == 0
