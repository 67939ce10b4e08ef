"""Immediate strategy: the whole plan from session 1, DESIGN.md's arithmetic,
the target day, the tie rule and the preferred time, the window conflict."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bookbot.core.availability import Availability
from bookbot.core.planner import plan_for, plan_immediate
from bookbot.core.types import Conflict, ConflictRule, Plan
from tests.core.core_testkit import (
    ZURICH,
    at,
    booking,
    demo_business,
    make_availability,
    make_business,
    schedule,
    service_data,
    state,
)

NOW = at(2026, 3, 2, 9, 0)


def demo(
    service_id: str = "dental-implant",
    bookings: list[tuple[datetime, datetime]] | None = None,
    now: datetime = NOW,
) -> Availability:
    return make_availability(demo_business(), service_id, now, bookings or [])


def plan(a: Availability, start: datetime) -> Plan:
    result = plan_immediate(a, start)
    assert isinstance(result, Plan), result
    return result


def conflict(a: Availability, start: datetime) -> Conflict:
    result = plan_immediate(a, start)
    assert isinstance(result, Conflict), result
    return result


def test_design_example_across_the_dst_change() -> None:
    """Tue 2026-03-10 14:00, buffers 14 and 30 -> 03-24 14:00 -> 04-23 14:00."""
    result = plan(demo(), at(2026, 3, 10, 14, 0))
    assert schedule(result.sessions) == [
        "1: 2026-03-10 14:00",
        "2: 2026-03-24 14:00",
        "3: 2026-04-23 14:00",  # not the guide's April 24: the configured days win
    ]
    first, second, third = result.sessions
    # the wall time stays 14:00 while the UTC offset changes on 2026-03-29
    assert [s.start.utcoffset() for s in result.sessions] == [
        timedelta(hours=1),
        timedelta(hours=1),
        timedelta(hours=2),
    ]
    assert third.start.astimezone(UTC) == datetime(2026, 4, 23, 12, 0, tzinfo=UTC)
    assert (second.start.date() - first.start.date()).days == 14
    assert (third.start.date() - second.start.date()).days == 30
    assert [s.duration_minutes for s in result.sessions] == [90, 30, 60]
    assert [s.name for s in result.sessions] == [
        "Implant placement",
        "Healing check",
        "Crown installation",
    ]
    assert result.moved == () and result.renumbered == ()


def test_start_given_in_utc_keeps_the_local_preferred_time() -> None:
    result = plan(demo(), datetime(2026, 3, 10, 13, 0, tzinfo=UTC))  # 14:00 in Zurich
    assert schedule(result.sessions)[1:] == ["2: 2026-03-24 14:00", "3: 2026-04-23 14:00"]


def test_plan_for_dispatches_immediate_and_refuses_a_second_plan() -> None:
    a = demo()
    start = at(2026, 3, 10, 14, 0)
    assert plan_for(a, [], [start]) == plan_immediate(a, start)
    implant = demo_business().service("dental-implant")
    again = plan_for(a, [state(implant, 1, start)], [at(2026, 5, 4, 9, 0)])
    assert isinstance(again, Conflict) and again.rule is ConflictRule.NO_SESSIONS_LEFT
    assert plan_for(a, [], []) == Plan(sessions=())


def test_tie_on_the_target_day_goes_to_the_earlier_time() -> None:
    taken = booking(at(2026, 3, 24, 14, 0), 30)  # someone has 14:00 on the target day
    result = plan(demo(bookings=[taken]), at(2026, 3, 10, 14, 0))
    # 13:30 and 14:30 are both 30 minutes from 14:00: the earlier wins; session 3
    # keeps the preferred 14:00, not the shifted 13:30
    assert schedule(result.sessions) == [
        "1: 2026-03-10 14:00",
        "2: 2026-03-24 13:30",
        "3: 2026-04-23 14:00",
    ]


def test_closest_time_when_the_target_day_has_shorter_hours() -> None:
    biz = make_business(
        service_data(
            id="course",
            requires_multiple_sessions=True,
            total_sessions_required=3,
            multi_session_strategy="immediate",
            session_buffer_config={"session_1_to_2_days": 1, "session_2_to_3_days": 2},
            sessions=[{"duration_minutes": 90}, {"duration_minutes": 30}, {}],
        )
    )
    a = make_availability(biz, "course", NOW)
    result = plan(a, at(2026, 3, 6, 16, 0))  # a Friday; Saturday is 09:00-13:00
    assert schedule(result.sessions) == [
        "1: 2026-03-06 16:00",
        "2: 2026-03-07 12:30",  # the latest 30-minute start, closest to 16:00
        "3: 2026-03-09 16:00",  # back to the preferred time, not 12:30
    ]


def test_closed_target_day_moves_to_the_next_open_day() -> None:
    # 2026-03-20 + 14 = Good Friday (closed) -> Saturday; +30 from there
    result = plan(demo(), at(2026, 3, 20, 10, 0))
    assert schedule(result.sessions) == [
        "1: 2026-03-20 10:00",
        "2: 2026-04-04 10:00",
        "3: 2026-05-04 10:00",
    ]


def test_capacity_two_on_the_target_day() -> None:
    target = at(2026, 4, 7, 14, 0)
    one = plan(demo("laser-hair-removal", [booking(target, 45)]), at(2026, 3, 10, 14, 0))
    assert schedule(one.sessions) == [
        "1: 2026-03-10 14:00",
        "2: 2026-04-07 14:00",  # one of two places taken: still free
        "3: 2026-05-05 14:00",
        "4: 2026-06-02 14:00",
    ]
    both = [booking(target, 45), booking(target, 45)]
    two = plan(demo("laser-hair-removal", both), at(2026, 3, 10, 14, 0))
    # 13:30 and 14:30 would overlap the 45-minute bookings; 13:00 and 15:00 tie
    assert schedule(two.sessions)[1:] == [
        "2: 2026-04-07 13:00",
        "3: 2026-05-05 14:00",
        "4: 2026-06-02 14:00",
    ]


def _course(**buffers: int) -> Availability:
    biz = make_business(
        service_data(
            id="course",
            requires_multiple_sessions=True,
            total_sessions_required=3,
            multi_session_strategy="immediate",
            session_buffer_config=buffers,
        ),
        closed=["2026-03-13", "2026-03-14", "2026-03-16", "2026-03-17"],
    )
    return make_availability(biz, "course", NOW)


def test_recommended_days_is_the_target() -> None:
    a = _course(minimum_days=2, maximum_days=7, recommended_days=3)
    result = plan(a, at(2026, 3, 3, 10, 0))
    # Tue 03-03 + 3 = Fri 03-06 (not the minimum, Thu 03-05); Fri + 3 = Mon 03-09
    assert schedule(result.sessions) == [
        "1: 2026-03-03 10:00",
        "2: 2026-03-06 10:00",
        "3: 2026-03-09 10:00",
    ]


def test_no_free_day_up_to_the_maximum_is_a_window_conflict() -> None:
    a = _course(minimum_days=2, maximum_days=7, recommended_days=3)
    # Tue 03-10 -> target Fri 03-13; 03-13..03-17 are closed (or Sunday)
    found = conflict(a, at(2026, 3, 10, 10, 0))
    assert found.rule is ConflictRule.NO_SLOT_IN_WINDOW
    assert found.session == 2
    assert (found.earliest, found.suggested, found.latest) == (
        date(2026, 3, 12),
        date(2026, 3, 13),
        date(2026, 3, 17),
    )
    assert found.requested == at(2026, 3, 10, 10, 0)
    # the session-1 starts nearest in time from which the whole plan fits: every
    # start on 03-10 fails the same way; Monday evening is closer than Wednesday 08:00
    assert [f"{s:%m-%d %H:%M}" for s in found.alternatives] == [
        "03-09 17:00",
        "03-09 16:30",
        "03-09 16:00",
    ]
    for alternative in found.alternatives:
        assert isinstance(plan_immediate(a, alternative), Plan)


def test_maximum_bounds_the_search() -> None:
    a = _course(minimum_days=1, maximum_days=2)
    # Thu 03-12 -> Fri 03-13 (closed), Sat 03-14 (closed): nothing inside 2 days
    found = conflict(a, at(2026, 3, 12, 10, 0))
    assert found.rule is ConflictRule.NO_SLOT_IN_WINDOW and found.latest == date(2026, 3, 14)
    open_ended = _course(minimum_days=1)
    result = plan(open_ended, at(2026, 3, 12, 10, 0))
    assert schedule(result.sessions)[1] == "2: 2026-03-18 10:00"


def test_session_one_not_free_offers_plan_alternatives() -> None:
    a = demo()
    sunday = conflict(a, at(2026, 3, 8, 14, 0))
    assert sunday.rule is ConflictRule.CLOSED_DAY and sunday.session == 1
    assert sunday.alternatives
    assert all(isinstance(plan_immediate(a, s), Plan) for s in sunday.alternatives)
    soon = conflict(a, at(2026, 3, 2, 10, 0))
    assert soon.rule is ConflictRule.MIN_NOTICE
    assert all(s >= NOW + timedelta(hours=2) for s in soon.alternatives)
    past = conflict(a, at(2026, 3, 1, 10, 0))
    assert past.rule is ConflictRule.PAST


def test_later_session_full_at_preferred_time_everywhere_else_free() -> None:
    # the crown's target day is fully booked: the next day, at the preferred time
    day = [booking(at(2026, 4, 23, 8, 0), 4 * 60), booking(at(2026, 4, 23, 13, 0), 6 * 60)]
    result = plan(demo(bookings=day), at(2026, 3, 10, 14, 0))
    assert schedule(result.sessions)[2] == "3: 2026-04-24 14:00"


def test_zero_day_gap_keeps_session_order_on_the_same_day() -> None:
    biz = make_business(
        service_data(
            id="combo",
            requires_multiple_sessions=True,
            total_sessions_required=3,
            multi_session_strategy="immediate",
            session_buffer_config={"minimum_days": 0},
            sessions=[{"duration_minutes": 90}, {"duration_minutes": 30}, {}],
        )
    )
    a = make_availability(biz, "combo", NOW)
    result = plan(a, at(2026, 3, 10, 14, 0))
    # 13:30 is closer to 14:00 but would put session 2 before session 1
    assert schedule(result.sessions) == [
        "1: 2026-03-10 14:00",
        "2: 2026-03-10 15:30",
        "3: 2026-03-10 16:00",
    ]
    late = plan(a, at(2026, 3, 10, 16, 30))  # nothing fits after 18:00 that day
    assert schedule(late.sessions) == [
        "1: 2026-03-10 16:30",
        "2: 2026-03-11 16:30",
        "3: 2026-03-11 17:00",
    ]


def test_plan_is_deterministic() -> None:
    a = demo()
    start = at(2026, 3, 10, 14, 0)
    assert plan_immediate(a, start) == plan_immediate(a, start)
    assert all(s.start.tzinfo is not None for s in plan(a, start).sessions)
    assert plan(a, start).sessions[1].start.tzinfo == ZURICH
