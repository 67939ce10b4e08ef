"""Property: with a package expiry, no planned session (of any strategy, or of a
move) starts at or after it, every alternative offered lies before it, and a
plan that fits before it is exactly the plan without it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bookbot.core.availability import Availability
from bookbot.core.config import Strategy
from bookbot.core.planner import plan_for
from bookbot.core.reschedule import plan_reschedule
from bookbot.core.types import BookingStatus, Conflict, ConflictRule, Plan, SessionState
from tests.core.test_properties import World, examples, histories, requests, worlds


def expiring(world: World, data: st.DataObject) -> Availability:
    days = data.draw(st.integers(0, 40), label="expiry days")
    minutes = data.draw(st.integers(0, 24 * 60), label="expiry minutes")
    return replace(world.avail(), expires_at=world.now + timedelta(days=days, minutes=minutes))


def check(avail: Availability, result: Plan | Conflict) -> None:
    assert avail.expires_at is not None
    if isinstance(result, Plan):
        assert all(s.start < avail.expires_at for s in result.sessions), result
        return
    assert all(a < avail.expires_at for a in result.alternatives), result
    if result.rule is ConflictRule.AFTER_EXPIRY:
        last = avail.last_day
        assert last is not None and result.latest is not None and result.latest <= last


@examples(200)
@given(world=worlds(), data=st.data())
def test_no_session_starts_after_the_expiry(world: World, data: st.DataObject) -> None:
    avail = expiring(world, data)
    strategy = world.service.strategy
    sessions: list[SessionState] = []
    if strategy is Strategy.SEQUENTIAL:
        sessions = data.draw(histories(world), label="history")
    count = data.draw(st.integers(1, 3)) if strategy is Strategy.FLEXIBLE else 1
    starts = [data.draw(requests(world, 45), label="start") for _ in range(count)]
    result = plan_for(avail, sessions, starts)
    check(avail, result)
    for alternative in result.alternatives if isinstance(result, Conflict) else ():
        if strategy is Strategy.IMMEDIATE or len(starts) == 1:
            picked = plan_for(avail, sessions, [alternative])
            assert isinstance(picked, Plan), (result, alternative, picked)
    unlimited = plan_for(world.avail(), sessions, starts)
    assert avail.expires_at is not None
    if isinstance(unlimited, Plan) and all(s.start < avail.expires_at for s in unlimited.sessions):
        assert result == unlimited


@examples(100)
@given(world=worlds(Strategy.IMMEDIATE), data=st.data())
def test_no_move_lands_after_the_expiry(world: World, data: st.DataObject) -> None:
    planned = plan_for(world.avail(), [], [data.draw(requests(world), label="start")])
    if not isinstance(planned, Plan) or len(planned.sessions) < 2:
        return
    sessions = [
        SessionState(s.number, s.start, s.end, BookingStatus.CONFIRMED) for s in planned.sessions
    ]
    own = tuple((s.start, s.end) for s in sessions)
    booked = replace(world, bookings=world.bookings + own, busy=world.busy + own)
    limit = replace(booked.avail(), expires_at=sessions[-1].start + timedelta(hours=1))
    number = data.draw(st.integers(1, len(sessions)), label="number")
    new_start: datetime = data.draw(requests(world, 45, number), label="new_start")
    result = plan_reschedule(limit, sessions, number, new_start)
    check(limit, result)
    for alternative in result.alternatives if isinstance(result, Conflict) else ():
        moved = plan_reschedule(limit, sessions, number, alternative)
        assert isinstance(moved, Plan)
        check(limit, moved)
