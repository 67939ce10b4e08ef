"""Package expiry: no session starts at or after `Availability.expires_at`, for
every strategy, for moves, and in the free-slot searches; alternatives lie before it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from bookbot.core.availability import Availability
from bookbot.core.planner import plan_flexible, plan_immediate, plan_sequential
from bookbot.core.reschedule import plan_reschedule
from bookbot.core.types import BookingStatus, Conflict, ConflictRule, Plan, SessionState
from tests.core.core_testkit import (
    at,
    make_availability,
    make_business,
    schedule,
    service_data,
    state,
)

NOW = at(2026, 3, 2, 9, 0)  # a Monday
EXPIRES = at(2026, 5, 1, 9, 0)  # 60 days later, a Friday


def avail(strategy: str, expires: datetime | None = EXPIRES, **fields: object) -> Availability:
    settings: dict[str, object] = {"session_buffer_config": {"default_days": 7}, **fields}
    spec = service_data(
        requires_multiple_sessions=True,
        total_sessions_required=8,
        multi_session_strategy=strategy,
        **settings,
    )
    return replace(make_availability(make_business(spec), "svc", NOW), expires_at=expires)


def before_expiry(a: Availability, starts: tuple[datetime, ...]) -> None:
    assert a.expires_at is not None
    assert all(s < a.expires_at for s in starts), starts


def test_the_last_day_and_the_rule() -> None:
    a = avail("immediate")
    assert a.last_day == date(2026, 5, 1)
    assert replace(a, expires_at=at(2026, 5, 2, 0, 0)).last_day == date(2026, 5, 1)
    assert a.reason(at(2026, 5, 1, 8, 0), 1) is None
    refused = a.reason(at(2026, 5, 1, 9, 0), 1)
    assert refused is not None and refused[0] is ConflictRule.AFTER_EXPIRY
    assert "2026-05-01" in refused[1]


def test_searches_stop_at_the_expiry() -> None:
    a = avail("flexible")
    found = a.free_between(date(2026, 4, 27), date(2026, 5, 8), 1)
    assert found and max(found) < EXPIRES
    assert [f"{s:%m-%d %H:%M}" for s in a.free_starts(date(2026, 5, 1), 1)] == [
        "05-01 08:00",
        "05-01 08:30",
    ]
    nearest = a.nearest_free(at(2026, 5, 20, 10, 0), 1)
    assert len(nearest) == 3
    before_expiry(a, nearest)


def test_immediate_plan_that_fits_is_unchanged() -> None:
    result = plan_immediate(avail("immediate"), at(2026, 3, 10, 14, 0))
    assert isinstance(result, Plan)
    assert schedule(result.sessions)[-1] == "8: 2026-04-28 14:00"
    assert result == plan_immediate(avail("immediate", None), at(2026, 3, 10, 14, 0))


def test_immediate_plan_ending_after_the_expiry_is_refused_with_plans_that_fit() -> None:
    a = avail("immediate")
    result = plan_immediate(a, at(2026, 3, 16, 14, 0))  # session 8 would be on 05-04
    assert isinstance(result, Conflict)
    assert result.rule is ConflictRule.AFTER_EXPIRY
    assert result.session == 8 and result.latest == date(2026, 5, 1)
    assert "2026-05-01" in result.message and "2026-05-04" in result.message
    assert result.alternatives
    for alternative in result.alternatives:
        plan = plan_immediate(a, alternative)
        assert isinstance(plan, Plan)
        before_expiry(a, tuple(s.start for s in plan.sessions))


def test_immediate_first_session_after_the_expiry() -> None:
    a = avail("immediate")
    result = plan_immediate(a, at(2026, 6, 2, 10, 0))
    assert isinstance(result, Conflict) and result.rule is ConflictRule.AFTER_EXPIRY
    assert result.session == 1
    assert all(isinstance(plan_immediate(a, s), Plan) for s in result.alternatives)


def sequential_history(a: Availability) -> list[SessionState]:
    return [state(a.service, 1, at(2026, 3, 20, 10, 0), BookingStatus.COMPLETED)]


def test_sequential_window_is_cut_at_the_expiry() -> None:
    a = replace(
        avail("sequential", session_buffer_config={"minimum_days": 7, "maximum_days": 21}),
        now=at(2026, 3, 21, 9, 0),
        expires_at=at(2026, 4, 1, 9, 0),
    )
    history = sequential_history(a)
    result = plan_sequential(a, history, at(2026, 4, 3, 10, 0))
    assert isinstance(result, Conflict) and result.rule is ConflictRule.AFTER_EXPIRY
    assert (result.earliest, result.latest) == (date(2026, 3, 27), date(2026, 4, 1))
    assert result.alternatives
    before_expiry(a, result.alternatives)
    assert all(isinstance(plan_sequential(a, history, s), Plan) for s in result.alternatives)
    inside = plan_sequential(a, history, at(2026, 3, 31, 10, 0))
    assert isinstance(inside, Plan)


def test_sequential_window_wholly_after_the_expiry() -> None:
    a = replace(avail("sequential"), now=at(2026, 3, 21, 9, 0), expires_at=at(2026, 3, 25, 9, 0))
    result = plan_sequential(a, sequential_history(a), at(2026, 3, 27, 10, 0))
    assert isinstance(result, Conflict) and result.rule is ConflictRule.AFTER_EXPIRY
    assert result.alternatives == () and result.latest == date(2026, 3, 25)


def test_flexible_start_after_the_expiry_gets_alternatives_beside_the_others() -> None:
    a = avail("flexible", session_buffer_config={"default_days": 1})
    starts = [at(2026, 4, 29, 10, 0), at(2026, 5, 4, 10, 0)]
    result = plan_flexible(a, [], starts)
    assert isinstance(result, Conflict) and result.rule is ConflictRule.AFTER_EXPIRY
    assert result.requested == starts[1] and result.latest == date(2026, 5, 1)
    assert result.alternatives
    before_expiry(a, result.alternatives)
    for alternative in result.alternatives:
        assert isinstance(plan_flexible(a, [], [starts[0], alternative]), Plan)


def test_move_after_the_expiry_is_refused() -> None:
    a = avail("immediate")
    plan = plan_immediate(a, at(2026, 3, 10, 14, 0))
    assert isinstance(plan, Plan)
    sessions = [state(a.service, s.number, s.start) for s in plan.sessions]
    booked = replace(a, customer_busy=tuple((s.start, s.end) for s in sessions))
    result = plan_reschedule(booked, sessions, 7, at(2026, 4, 28, 10, 0))  # 8 -> 05-05
    assert isinstance(result, Conflict) and result.rule is ConflictRule.AFTER_EXPIRY
    for alternative in result.alternatives:
        moved = plan_reschedule(booked, sessions, 7, alternative)
        assert isinstance(moved, Plan)
        before_expiry(a, tuple(s.start for s in moved.sessions))
    flexible = avail("flexible", session_buffer_config={"default_days": 1})
    own = [state(flexible.service, 1, at(2026, 4, 20, 10, 0))]
    refused = plan_reschedule(flexible, own, 1, at(2026, 5, 5, 10, 0))
    assert isinstance(refused, Conflict) and refused.rule is ConflictRule.AFTER_EXPIRY
    before_expiry(flexible, refused.alternatives)
