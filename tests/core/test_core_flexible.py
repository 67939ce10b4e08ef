"""Flexible strategy (the guide's driving lessons): any number of the remaining
sessions at once, numbered by date, each pair at least the minimum apart."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bookbot.core.availability import Availability
from bookbot.core.planner import plan_flexible, plan_for
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
DRIVING = demo_business().service("driving-lessons")


def driving(
    bookings: list[tuple[datetime, datetime]] | None = None,
    sessions: list[SessionState] | None = None,
) -> Availability:
    # the store puts the customer's own bookings in the calendar and in `busy`
    own = intervals_of(sessions or [])
    return make_availability(
        demo_business(), "driving-lessons", NOW, [*(bookings or []), *own], busy=own
    )


def custom(**fields: Any) -> Availability:
    base: dict[str, Any] = {
        "id": "flex",
        "requires_multiple_sessions": True,
        "total_sessions_required": 5,
        "multi_session_strategy": "flexible",
    }
    return make_availability(make_business(service_data(**{**base, **fields})), "flex", NOW)


def booked(result: object) -> Plan:
    assert isinstance(result, Plan), result
    return result


def refused(result: object) -> Conflict:
    assert isinstance(result, Conflict), result
    return result


def test_three_to_start_are_numbered_by_date() -> None:
    starts = [at(2026, 3, 13, 17, 0), at(2026, 3, 9, 17, 0), at(2026, 3, 11, 17, 0)]
    result = booked(plan_flexible(driving(), [], starts))
    assert schedule(result.sessions) == [
        "1: 2026-03-09 17:00",
        "2: 2026-03-11 17:00",
        "3: 2026-03-13 17:00",
    ]
    assert result.renumbered == ()
    assert plan_for(driving(), [], starts) == result


def test_two_more_later_continue_the_numbering() -> None:
    first = [at(2026, 3, d, 17, 0) for d in (9, 11, 13)]
    sessions = [state(DRIVING, k, s) for k, s in enumerate(first, start=1)]
    sessions[0] = state(DRIVING, 1, first[0], BookingStatus.COMPLETED)
    more = [at(2026, 3, 18, 18, 0), at(2026, 3, 16, 18, 0)]
    result = booked(plan_flexible(driving(sessions=sessions), sessions, more))
    assert schedule(result.sessions) == ["4: 2026-03-16 18:00", "5: 2026-03-18 18:00"]
    assert result.renumbered == ()


def test_booking_more_than_remain_is_refused() -> None:
    history = [
        state(DRIVING, k, at(2026, 3, 2 + k, 17, 0), BookingStatus.COMPLETED) for k in range(1, 6)
    ] + [state(DRIVING, k, at(2026, 3, 10 + k, 17, 0)) for k in range(6, 9)]
    history.append(state(DRIVING, 9, at(2026, 3, 25, 17, 0), BookingStatus.CANCELLED))
    a = driving(sessions=history)
    three = [at(2026, 3, 23 + d, 9, 0) for d in range(3)]
    found = refused(plan_flexible(a, history, three))
    assert found.rule is ConflictRule.NO_SESSIONS_LEFT
    assert "2 of 10 sessions are left" in found.message
    assert numbers(booked(plan_flexible(a, history, three[:2]))) == [9, 10]


def numbers(plan: Plan) -> list[int]:
    return [s.number for s in plan.sessions]


def test_minimum_gap_between_consecutive_sessions() -> None:
    a = make_availability(demo_business(), "personal-training", NOW)  # minimum_days: 1
    same_day = [at(2026, 3, 9, 9, 0), at(2026, 3, 9, 15, 0)]
    found = refused(plan_flexible(a, [], same_day))
    assert found.rule is ConflictRule.BUFFER_MIN and found.session == 2
    assert found.earliest == date(2026, 3, 10)
    assert found.requested == same_day[1]
    assert "at least 1 day apart" in found.message
    assert found.alternatives
    assert all(s.date() >= date(2026, 3, 10) and a.is_free(s, 2) for s in found.alternatives)
    next_day = [at(2026, 3, 9, 9, 0), at(2026, 3, 10, 8, 0)]
    assert numbers(booked(plan_flexible(a, [], next_day))) == [1, 2]


def test_minimum_gap_to_an_existing_session() -> None:
    training = demo_business().service("personal-training")
    existing = [state(training, 1, at(2026, 3, 10, 9, 0))]
    own = intervals_of(existing)
    a = make_availability(demo_business(), "personal-training", NOW, own, busy=own)
    found = refused(plan_flexible(a, existing, [at(2026, 3, 10, 15, 0)]))
    assert found.rule is ConflictRule.BUFFER_MIN and found.earliest == date(2026, 3, 11)
    # earlier the same day: it would become session 1, zero days before session 2
    before = refused(plan_flexible(a, existing, [at(2026, 3, 10, 8, 0)]))
    assert before.rule is ConflictRule.BUFFER_MIN and before.session == 2
    overlapping = refused(plan_flexible(a, existing, [at(2026, 3, 10, 8, 30)]))
    assert overlapping.rule is ConflictRule.FULL  # capacity 1, its own session


def test_per_pair_gap_applies_to_its_pair_only() -> None:
    a = custom(session_buffer_config={"default_days": 1, "session_2_to_3_days": 5})
    starts = [at(2026, 3, 9, 10, 0), at(2026, 3, 10, 10, 0), at(2026, 3, 14, 10, 0)]
    found = refused(plan_flexible(a, [], starts))
    assert found.rule is ConflictRule.BUFFER_MIN and found.session == 3
    assert found.earliest == date(2026, 3, 15)  # a Sunday: the alternatives skip it
    assert found.alternatives
    assert all(s.date() >= date(2026, 3, 16) for s in found.alternatives)
    ok = [at(2026, 3, 9, 10, 0), at(2026, 3, 10, 10, 0), at(2026, 3, 16, 10, 0)]
    assert numbers(booked(plan_flexible(a, [], ok))) == [1, 2, 3]


def test_inserting_before_existing_sessions_renumbers_by_date() -> None:
    existing = [
        state(DRIVING, 1, at(2026, 3, 16, 17, 0)),
        state(DRIVING, 2, at(2026, 3, 18, 17, 0)),
    ]
    a = driving(sessions=existing)
    first = booked(plan_flexible(a, existing, [at(2026, 3, 12, 17, 0)]))
    assert schedule(first.sessions) == ["1: 2026-03-12 17:00"]
    assert first.renumbered == ((1, 2), (2, 3))
    between = booked(plan_flexible(a, existing, [at(2026, 3, 17, 17, 0)]))
    assert schedule(between.sessions) == ["2: 2026-03-17 17:00"]
    assert between.renumbered == ((2, 3),)
    both = booked(plan_flexible(a, existing, [at(2026, 3, 20, 17, 0), at(2026, 3, 10, 17, 0)]))
    assert schedule(both.sessions) == ["1: 2026-03-10 17:00", "4: 2026-03-20 17:00"]
    assert both.renumbered == ((1, 2), (2, 3))


def test_renumbering_is_checked_against_the_new_pair_gaps() -> None:
    spec = {"default_days": 0, "session_1_to_2_days": 3}
    a = custom(session_buffer_config=spec)
    flex = a.service
    existing = [state(flex, 1, at(2026, 3, 16, 10, 0)), state(flex, 2, at(2026, 3, 19, 10, 0))]
    # inserted on 03-13, it becomes session 1: 03-13 -> 03-16 keeps the 3 days
    assert booked(plan_flexible(a, existing, [at(2026, 3, 13, 10, 0)])).renumbered == (
        (1, 2),
        (2, 3),
    )
    # on 03-14 it would be only 2 days before the new session 2
    found = refused(plan_flexible(a, existing, [at(2026, 3, 14, 10, 0)]))
    assert found.rule is ConflictRule.BUFFER_MIN and found.session == 2


def test_sessions_of_one_request_cannot_overlap() -> None:
    ten = at(2026, 3, 9, 10, 0)
    found = refused(plan_flexible(driving(), [], [ten, ten]))  # capacity 2, same customer
    assert found.rule is ConflictRule.CUSTOMER_BUSY and found.session == 2


def test_slot_conflict_in_a_request_has_free_alternatives() -> None:
    ten = at(2026, 3, 9, 10, 0)
    a = driving([booking(ten), booking(ten)])
    found = refused(plan_flexible(a, [], [at(2026, 3, 11, 10, 0), ten]))
    assert found.rule is ConflictRule.FULL and found.session == 1 and found.requested == ten
    assert [f"{s:%H:%M}" for s in found.alternatives] == ["09:00", "11:00", "08:30"]


def test_session_numbers_pick_the_duration() -> None:
    a = custom(sessions=[{"duration_minutes": 90}, {"duration_minutes": 30}, {}, {}, {}])
    result = booked(plan_flexible(a, [], [at(2026, 3, 10, 10, 0), at(2026, 3, 9, 16, 0)]))
    assert [(s.number, s.duration_minutes) for s in result.sessions] == [(1, 90), (2, 30)]
    # 17:00 fits a 30-minute session 2 but not a 90-minute session 1
    late = refused(plan_flexible(a, [], [at(2026, 3, 9, 17, 0)]))
    assert late.rule is ConflictRule.OUTSIDE_HOURS


def test_single_session_service_books_one() -> None:
    a = make_availability(demo_business(), "consultation", NOW)
    result = booked(plan_for(a, [], [at(2026, 3, 9, 10, 0)]))
    assert numbers(result) == [1]
    two = refused(plan_for(a, [], [at(2026, 3, 9, 10, 0), at(2026, 3, 10, 10, 0)]))
    assert two.rule is ConflictRule.NO_SESSIONS_LEFT
    assert plan_flexible(a, [], []) == Plan(sessions=())
