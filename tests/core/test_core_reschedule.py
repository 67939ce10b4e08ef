"""Moving a booked session: the immediate cascade (only as far as the buffers
require), the reschedule notice, the gap to the previous session, and sequential
and flexible moves, the alternatives a refused move offers (each one moves if
picked) and the whole plan shown before a move. The store puts the group's own
sessions in the calendar and among the customer's busy intervals, and so do
these tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from bookbot.core.availability import Availability
from bookbot.core.config import Business
from bookbot.core.reschedule import movable, plan_after_move, plan_reschedule
from bookbot.core.types import BookingStatus, Conflict, ConflictRule, Plan, SessionState
from tests.core.core_testkit import (
    at,
    booking,
    demo_business,
    intervals_of,
    make_availability,
    make_business,
    schedule,
    service_data,
    state,
)

NOW = at(2026, 3, 2, 9, 0)
IMPLANT = demo_business().service("dental-implant")


def group(
    sessions: list[SessionState],
    service_id: str = "dental-implant",
    now: datetime = NOW,
    business: Business | None = None,
    others: list[tuple[datetime, datetime]] | None = None,
) -> Availability:
    own = intervals_of(sessions)
    biz = business or demo_business()
    return make_availability(biz, service_id, now, [*own, *(others or [])], busy=own)


def implant(*starts: datetime) -> list[SessionState]:
    return [state(IMPLANT, k, s) for k, s in enumerate(starts, start=1)]


DESIGN_PLAN = implant(at(2026, 3, 10, 14, 0), at(2026, 3, 24, 14, 0), at(2026, 4, 23, 14, 0))


def moved(result: object) -> Plan:
    assert isinstance(result, Plan), result
    return result


def refused(result: object) -> Conflict:
    assert isinstance(result, Conflict), result
    return result


def test_moving_session_one_later_cascades_through_the_buffers() -> None:
    result = moved(plan_reschedule(group(DESIGN_PLAN), DESIGN_PLAN, 1, at(2026, 3, 11, 14, 0)))
    assert schedule(result.sessions) == [
        "1: 2026-03-11 14:00",
        "2: 2026-03-25 14:00",  # 13 days would break the 14
        "3: 2026-04-24 14:00",  # 29 days would break the 30
    ]
    assert result.moved == (1, 2, 3)
    assert [s.duration_minutes for s in result.sessions] == [90, 30, 60]


def test_a_session_whose_gap_still_holds_stays_put() -> None:
    earlier = moved(plan_reschedule(group(DESIGN_PLAN), DESIGN_PLAN, 1, at(2026, 3, 9, 14, 0)))
    assert schedule(earlier.sessions) == [
        "1: 2026-03-09 14:00",
        "2: 2026-03-24 14:00",
        "3: 2026-04-23 14:00",
    ]
    assert earlier.moved == (1,)
    slack = implant(at(2026, 3, 10, 14, 0), at(2026, 3, 24, 14, 0), at(2026, 5, 5, 9, 0))
    result = moved(plan_reschedule(group(slack), slack, 1, at(2026, 3, 12, 14, 0)))
    assert schedule(result.sessions) == [
        "1: 2026-03-12 14:00",
        "2: 2026-03-26 14:00",
        "3: 2026-05-05 09:00",  # 40 days after the new session 2: no need to move
    ]
    assert result.moved == (1, 2)


def test_cascade_uses_the_planning_rule_and_each_sessions_own_time() -> None:
    plan = implant(at(2026, 3, 10, 14, 0), at(2026, 3, 24, 10, 0), at(2026, 4, 23, 16, 0))
    # 03-20 + 14 = Good Friday (closed) -> Saturday, 09:00-13:00: closest to 10:00
    result = moved(plan_reschedule(group(plan), plan, 1, at(2026, 3, 20, 14, 0)))
    assert schedule(result.sessions) == [
        "1: 2026-03-20 14:00",
        "2: 2026-04-04 10:00",
        "3: 2026-05-04 16:00",
    ]


def test_cascade_moves_earlier_when_a_maximum_would_break() -> None:
    laser = demo_business().service("laser-hair-removal")  # 28 days, at most 42
    starts = [at(2026, 3, 20, 14, 0), at(2026, 4, 30, 14, 0), at(2026, 5, 28, 14, 0)]
    sessions = [state(laser, k, s) for k, s in enumerate(starts, start=1)]
    a = group(sessions, "laser-hair-removal")
    result = moved(plan_reschedule(a, sessions, 1, at(2026, 3, 18, 14, 0)))
    # 03-18 -> 04-30 would be 43 days: session 2 goes to the target, 28 days on
    assert schedule(result.sessions) == [
        "1: 2026-03-18 14:00",
        "2: 2026-04-15 14:00",
        "3: 2026-05-13 14:00",  # 05-28 would be 43 days after 04-15: moves too
    ]
    assert result.moved == (1, 2, 3)
    too_late = refused(plan_reschedule(a, sessions, 2, at(2026, 5, 4, 14, 0)))
    assert too_late.rule is ConflictRule.BUFFER_MAX
    assert (too_late.earliest, too_late.latest) == (date(2026, 4, 17), date(2026, 5, 1))


def test_nothing_moves_inside_the_reschedule_notice() -> None:
    close = NOW.replace(day=9, hour=15)  # 23 hours before session 1
    found = refused(
        plan_reschedule(group(DESIGN_PLAN, now=close), DESIGN_PLAN, 1, at(2026, 3, 12, 14, 0))
    )
    assert found.rule is ConflictRule.RESCHEDULE_NOTICE and found.session == 1
    assert "48 hours" in found.message
    exactly = at(2026, 3, 8, 14, 0)  # 48 hours before: still allowed
    assert movable(group(DESIGN_PLAN, now=exactly), DESIGN_PLAN[0]) is None
    result = plan_reschedule(
        group(DESIGN_PLAN, now=exactly), DESIGN_PLAN, 1, at(2026, 3, 11, 14, 0)
    )
    assert isinstance(result, Plan)
    # a later session of the same plan is still movable
    assert isinstance(
        plan_reschedule(group(DESIGN_PLAN, now=close), DESIGN_PLAN, 2, at(2026, 3, 25, 14, 0)),
        Plan,
    )


def test_a_move_that_breaks_the_gap_to_the_previous_session_is_refused() -> None:
    a = group(DESIGN_PLAN)
    found = refused(plan_reschedule(a, DESIGN_PLAN, 2, at(2026, 3, 20, 14, 0)))
    assert found.rule is ConflictRule.BUFFER_MIN and found.session == 2
    assert found.earliest == date(2026, 3, 24) and found.suggested == date(2026, 3, 24)
    assert "at least 14 days after session 1" in found.message
    crown = refused(plan_reschedule(a, DESIGN_PLAN, 3, at(2026, 4, 22, 14, 0)))
    assert crown.rule is ConflictRule.BUFFER_MIN and crown.earliest == date(2026, 4, 23)
    ok = moved(plan_reschedule(a, DESIGN_PLAN, 2, at(2026, 3, 24, 10, 0)))
    assert schedule(ok.sessions) == ["2: 2026-03-24 10:00", "3: 2026-04-23 14:00"]
    assert ok.moved == (2,)


def test_move_to_a_slot_that_is_not_free() -> None:
    someone = booking(at(2026, 3, 12, 14, 0))
    a = group(DESIGN_PLAN, others=[someone])
    full = refused(plan_reschedule(a, DESIGN_PLAN, 1, at(2026, 3, 12, 14, 0)))
    assert full.rule is ConflictRule.FULL and full.alternatives
    assert all(a.is_free(s, 1) for s in full.alternatives)
    sunday = refused(plan_reschedule(a, DESIGN_PLAN, 1, at(2026, 3, 15, 14, 0)))
    assert sunday.rule is ConflictRule.CLOSED_DAY


def test_a_session_can_move_into_its_own_current_slot() -> None:
    # capacity 1: 14:30-16:00 overlaps the session's own 14:00-15:30, which it frees
    result = moved(plan_reschedule(group(DESIGN_PLAN), DESIGN_PLAN, 1, at(2026, 3, 10, 14, 30)))
    assert schedule(result.sessions)[0] == "1: 2026-03-10 14:30"
    assert result.moved == (1,)


def test_only_booked_confirmed_sessions_move() -> None:
    done = [state(IMPLANT, 1, at(2026, 3, 10, 14, 0), BookingStatus.COMPLETED), *DESIGN_PLAN[1:]]
    later = group(done, now=at(2026, 3, 11, 9, 0))
    completed = refused(plan_reschedule(later, done, 1, at(2026, 3, 12, 14, 0)))
    assert completed.rule is ConflictRule.NOT_MOVABLE and "completed" in completed.message
    missing = refused(plan_reschedule(later, done, 4, at(2026, 3, 12, 14, 0)))
    assert missing.rule is ConflictRule.NOT_MOVABLE


def _combo() -> Business:
    return make_business(
        service_data(
            id="combo",
            requires_multiple_sessions=True,
            total_sessions_required=3,
            multi_session_strategy="immediate",
            session_buffer_config={"minimum_days": 0},
            sessions=[{"duration_minutes": 90}, {"duration_minutes": 30}, {}],
        )
    )


def test_zero_day_gap_cascade_keeps_session_order() -> None:
    biz = _combo()
    combo = biz.service("combo")
    starts = [at(2026, 3, 10, 9, 0), at(2026, 3, 10, 11, 0), at(2026, 3, 11, 10, 0)]
    sessions = [state(combo, k, s) for k, s in enumerate(starts, start=1)]
    a = group(sessions, "combo", business=biz)
    # session 1 moves after session 2's time on the same day: session 2 follows it
    result = moved(plan_reschedule(a, sessions, 1, at(2026, 3, 10, 13, 0)))
    assert schedule(result.sessions) == [
        "1: 2026-03-10 13:00",
        "2: 2026-03-10 14:30",
        "3: 2026-03-11 10:00",
    ]
    assert result.moved == (1, 2)
    # session 2 cannot move before session 1, even on the same day
    before = refused(plan_reschedule(a, sessions, 2, at(2026, 3, 10, 8, 0)))
    assert before.rule is ConflictRule.BUFFER_MIN
    assert "must start after session 1" in before.message


def _physio() -> tuple[list[SessionState], Availability]:
    physio = demo_business().service("physiotherapy")
    sessions = [
        state(physio, 1, at(2026, 3, 5, 10, 0), BookingStatus.COMPLETED),
        state(physio, 2, at(2026, 3, 10, 10, 0)),
    ]
    return sessions, group(sessions, "physiotherapy", now=at(2026, 3, 6, 9, 0))


def test_sequential_move_stays_inside_the_window() -> None:
    sessions, a = _physio()
    result = moved(plan_reschedule(a, sessions, 2, at(2026, 3, 11, 10, 0)))
    assert schedule(result.sessions) == ["2: 2026-03-11 10:00"] and result.moved == (2,)
    late = refused(plan_reschedule(a, sessions, 2, at(2026, 3, 13, 10, 0)))
    assert late.rule is ConflictRule.BUFFER_MAX
    assert (late.earliest, late.suggested, late.latest) == (
        date(2026, 3, 7),
        date(2026, 3, 8),
        date(2026, 3, 12),
    )
    early = refused(plan_reschedule(a, sessions, 2, at(2026, 3, 6, 14, 0)))
    assert early.rule is ConflictRule.BUFFER_MIN


def _driving() -> tuple[list[SessionState], Availability]:
    driving = demo_business().service("driving-lessons")
    starts = [at(2026, 3, d, 17, 0) for d in (9, 11, 13)]
    sessions = [state(driving, k, s) for k, s in enumerate(starts, start=1)]
    return sessions, group(sessions, "driving-lessons")


def test_flexible_move_renumbers_by_date() -> None:
    sessions, a = _driving()
    first = moved(plan_reschedule(a, sessions, 3, at(2026, 3, 6, 17, 0)))
    assert schedule(first.sessions) == ["3: 2026-03-06 17:00"]  # current number
    assert first.moved == (3,)
    assert first.renumbered == ((1, 2), (2, 3), (3, 1))
    middle = moved(plan_reschedule(a, sessions, 1, at(2026, 3, 12, 17, 0)))
    assert middle.renumbered == ((2, 1), (1, 2))
    same_place = moved(plan_reschedule(a, sessions, 2, at(2026, 3, 10, 17, 0)))
    assert same_place.renumbered == ()


def test_flexible_move_respects_the_minimum_gap() -> None:
    training = demo_business().service("personal-training")  # minimum 1 day
    starts = [at(2026, 3, 10, 9, 0), at(2026, 3, 12, 9, 0)]
    sessions = [state(training, k, s) for k, s in enumerate(starts, start=1)]
    a = group(sessions, "personal-training")
    found = refused(plan_reschedule(a, sessions, 2, at(2026, 3, 10, 15, 0)))
    assert found.rule is ConflictRule.BUFFER_MIN
    assert moved(plan_reschedule(a, sessions, 2, at(2026, 3, 11, 15, 0))).moved == (2,)


def test_reschedule_is_deterministic_and_does_not_touch_its_inputs() -> None:
    kwargs: dict[str, Any] = {"number": 1, "new_start": at(2026, 3, 11, 14, 0)}
    a = group(DESIGN_PLAN)
    before = list(DESIGN_PLAN)
    assert plan_reschedule(a, DESIGN_PLAN, **kwargs) == plan_reschedule(a, DESIGN_PLAN, **kwargs)
    assert DESIGN_PLAN == before
    assert DESIGN_PLAN[0].end - DESIGN_PLAN[0].start == timedelta(minutes=90)


# --- alternatives offered for a refused move: each one, if picked, moves -------------


def _lumen() -> Business:
    return make_business(
        service_data(
            id="laser",
            requires_multiple_sessions=True,
            total_sessions_required=6,
            multi_session_strategy="flexible",
            duration_minutes=45,
            session_buffer_config={"minimum_days": 28},
        ),
        hours={
            **{day: ["10:00-19:00"] for day in ("tue", "wed", "thu", "fri")},
            "sat": ["09:00-14:00"],
        },
    )


def _laser_group() -> tuple[list[SessionState], Availability]:
    biz = _lumen()
    laser = biz.service("laser")
    sessions = [
        state(laser, 1, at(2026, 2, 10, 11, 0), BookingStatus.COMPLETED),
        state(laser, 2, at(2026, 3, 12, 11, 0)),
        state(laser, 3, at(2026, 4, 9, 11, 0)),
    ]
    return sessions, group(sessions, "laser", business=biz)


def test_flexible_move_between_neighbours_offers_only_the_days_between_them() -> None:
    sessions, a = _laser_group()
    # 03-14 is 26 days before session 3: only 03-10..03-12 keep 28 days both ways
    found = refused(plan_reschedule(a, sessions, 2, at(2026, 3, 14, 11, 0)))
    assert found.rule is ConflictRule.BUFFER_MIN
    assert found.requested == at(2026, 3, 14, 11, 0)
    assert (found.earliest, found.latest, found.suggested) == (
        date(2026, 3, 10),
        date(2026, 3, 12),
        date(2026, 3, 12),
    )
    assert found.alternatives and sessions[1].start not in found.alternatives  # not a move
    assert all(date(2026, 3, 10) <= s.date() <= date(2026, 3, 12) for s in found.alternatives)
    for alternative in found.alternatives:
        assert moved(plan_reschedule(a, sessions, 2, alternative)).renumbered == ()


def test_flexible_move_to_a_closed_day_offers_days_that_keep_the_gaps() -> None:
    sessions, a = _laser_group()
    found = refused(plan_reschedule(a, sessions, 2, at(2026, 3, 15, 11, 0)))  # a Sunday
    assert found.rule is ConflictRule.CLOSED_DAY and found.alternatives
    for alternative in found.alternatives:
        assert isinstance(plan_reschedule(a, sessions, 2, alternative), Plan)


def test_flexible_move_with_no_room_between_neighbours_offers_a_later_place() -> None:
    biz = _lumen()
    laser = biz.service("laser")
    starts = [at(2026, 3, 10, 11, 0), at(2026, 4, 7, 11, 0), at(2026, 5, 5, 11, 0)]
    sessions = [state(laser, k, s) for k, s in enumerate(starts, start=1)]
    a = group(sessions, "laser", business=biz)
    # without session 2, sessions 1 and 3 are 56 days apart: 04-07 is the only day
    found = refused(plan_reschedule(a, sessions, 2, at(2026, 4, 14, 11, 0)))
    assert found.alternatives
    for alternative in found.alternatives:
        assert isinstance(plan_reschedule(a, sessions, 2, alternative), Plan)


def test_immediate_move_alternatives_stay_inside_the_gap_to_the_previous_session() -> None:
    laser = demo_business().service("laser-hair-removal")  # 28 days, at most 42
    starts = [at(2026, 3, 20, 14, 0), at(2026, 4, 17, 14, 0), at(2026, 5, 15, 14, 0)]
    sessions = [state(laser, k, s) for k, s in enumerate(starts, start=1)]
    a = group(sessions, "laser-hair-removal")
    # Sunday 05-03 is closed; the days around it are past the 42 days after 03-20
    found = refused(plan_reschedule(a, sessions, 2, at(2026, 5, 3, 14, 0)))
    assert found.rule is ConflictRule.CLOSED_DAY and found.alternatives
    assert all(s.date() <= date(2026, 5, 1) for s in found.alternatives)
    late = refused(plan_reschedule(a, sessions, 2, at(2026, 5, 4, 14, 0)))
    assert late.rule is ConflictRule.BUFFER_MAX and late.alternatives
    for alternative in (*found.alternatives, *late.alternatives):
        assert isinstance(plan_reschedule(a, sessions, 2, alternative), Plan)


def test_sequential_move_alternatives_stay_inside_the_window() -> None:
    sessions, a = _physio()
    late = refused(plan_reschedule(a, sessions, 2, at(2026, 3, 13, 10, 0)))
    assert late.alternatives
    assert all(date(2026, 3, 7) <= s.date() <= date(2026, 3, 12) for s in late.alternatives)
    for alternative in late.alternatives:
        assert isinstance(plan_reschedule(a, sessions, 2, alternative), Plan)


# --- the whole plan the customer sees before a move is applied -----------------------


def test_whole_plan_after_an_immediate_move_lists_every_session() -> None:
    done = [state(IMPLANT, 1, at(2026, 3, 10, 14, 0), BookingStatus.COMPLETED), *DESIGN_PLAN[1:]]
    a = group(done, now=at(2026, 3, 11, 9, 0))
    result = moved(plan_reschedule(a, done, 2, at(2026, 3, 25, 14, 0)))
    assert result.moved == (2, 3)
    whole = plan_after_move(done, result)
    assert [(s.number, f"{s.start:%m-%d %H:%M}", s.status.value, m) for s, m in whole] == [
        (1, "03-10 14:00", "completed", False),
        (2, "03-25 14:00", "confirmed", True),
        (3, "04-24 14:00", "confirmed", True),
    ]
    earlier = moved(plan_reschedule(a, done, 2, at(2026, 3, 24, 10, 0)))
    assert [m for _, m in plan_after_move(done, earlier)] == [False, True, False]


def test_whole_plan_after_a_flexible_move_is_numbered_by_date() -> None:
    sessions, a = _driving()
    result = moved(plan_reschedule(a, sessions, 3, at(2026, 3, 6, 17, 0)))
    whole = plan_after_move(sessions, result)
    assert [(s.number, s.start.day, m) for s, m in whole] == [
        (1, 6, True),
        (2, 9, False),
        (3, 11, False),
    ]
