"""Sequential strategy (the guide's physiotherapy plan: minimum 2, maximum 7,
recommended 3 days): the window after a completed session, refusals outside it,
and no booking of session k+1 before session k is completed."""

from __future__ import annotations

from datetime import date, datetime

from bookbot.core.availability import Availability
from bookbot.core.planner import plan_for, plan_sequential, sequential_window
from bookbot.core.types import BookingStatus, Conflict, ConflictRule, Plan, SessionState, Window
from tests.core.core_testkit import at, booking, demo_business, make_availability, state

PHYSIO = demo_business().service("physiotherapy")
NOW = at(2026, 3, 4, 9, 0)  # Wednesday
FIRST = at(2026, 3, 5, 10, 0)  # "Tomorrow (March 5) at 10:00"
DONE = BookingStatus.COMPLETED


def physio(
    now: datetime = NOW, bookings: list[tuple[datetime, datetime]] | None = None
) -> Availability:
    return make_availability(demo_business(), "physiotherapy", now, bookings or [])


def after_first() -> list[SessionState]:
    return [state(PHYSIO, 1, FIRST, DONE)]


def refused(result: object) -> Conflict:
    assert isinstance(result, Conflict), result
    return result


def test_first_session_can_be_booked_any_day() -> None:
    a = physio()
    assert sequential_window(a, []) == Window(
        session=1, earliest=date(2026, 3, 4), latest=None, suggested=date(2026, 3, 4)
    )
    result = plan_sequential(a, [], FIRST)
    assert isinstance(result, Plan)
    assert [(s.number, s.start, s.duration_minutes) for s in result.sessions] == [(1, FIRST, 45)]


def test_window_after_a_completed_session() -> None:
    window = sequential_window(physio(at(2026, 3, 5, 12, 0)), after_first())
    assert window == Window(
        session=2,
        earliest=date(2026, 3, 7),  # Thu + 2
        latest=date(2026, 3, 12),  # Thu + 7
        suggested=date(2026, 3, 8),  # Thu + 3 (a Sunday: the window says so anyway)
        not_before=at(2026, 3, 5, 10, 45),  # session 1's end
    )


def test_request_inside_the_window_is_booked() -> None:
    a = physio(at(2026, 3, 5, 12, 0))
    for day in (7, 9, 12):
        result = plan_sequential(a, after_first(), at(2026, 3, day, 10, 0))
        assert isinstance(result, Plan)
        assert result.numbers == (2,)


def test_request_too_early_names_earliest_and_suggested_day() -> None:
    a = physio(at(2026, 3, 5, 12, 0))
    friday = at(2026, 3, 6, 10, 0)  # "Same time on Friday?" is only one day later
    found = refused(plan_sequential(a, after_first(), friday))
    assert found.rule is ConflictRule.BUFFER_MIN and found.session == 2
    assert (found.earliest, found.suggested, found.latest) == (
        date(2026, 3, 7),
        date(2026, 3, 8),
        date(2026, 3, 12),
    )
    # the text names the earliest day; the suggested one travels as `suggested`
    assert "2026-03-07" in found.message
    assert found.requested == friday
    # alternatives: one per day, the window's days nearest the suggested (closed)
    # Sunday (Saturday and Monday tie: the earlier first), at the requested 10:00
    assert [f"{s:%a %d %H:%M}" for s in found.alternatives] == [
        "Sat 07 10:00",
        "Mon 09 10:00",
        "Tue 10 10:00",
    ]
    for alternative in found.alternatives:
        assert isinstance(plan_sequential(a, after_first(), alternative), Plan)


def test_request_too_late_names_the_window() -> None:
    a = physio(at(2026, 3, 5, 12, 0))
    found = refused(plan_sequential(a, after_first(), at(2026, 3, 13, 10, 0)))
    assert found.rule is ConflictRule.BUFFER_MAX
    assert (found.earliest, found.suggested, found.latest) == (
        date(2026, 3, 7),
        date(2026, 3, 8),
        date(2026, 3, 12),
    )
    assert all(date(2026, 3, 7) <= s.date() <= date(2026, 3, 12) for s in found.alternatives)
    assert found.alternatives


def test_slot_conflict_inside_the_window_keeps_alternatives_inside() -> None:
    ten = at(2026, 3, 12, 10, 0)  # the last allowed day, fully taken at 10:00
    a = physio(at(2026, 3, 5, 12, 0), [booking(ten, 45)] * 3)
    found = refused(plan_sequential(a, after_first(), ten))
    assert found.rule is ConflictRule.FULL
    assert found.latest == date(2026, 3, 12)
    assert found.alternatives
    for alternative in found.alternatives:
        assert date(2026, 3, 7) <= alternative.date() <= date(2026, 3, 12)
        assert a.is_free(alternative, 2)
    sunday = refused(plan_sequential(a, after_first(), at(2026, 3, 8, 10, 0)))
    assert sunday.rule is ConflictRule.CLOSED_DAY and sunday.suggested == date(2026, 3, 8)


def test_next_session_waits_for_completion() -> None:
    a = physio(at(2026, 3, 9, 12, 0))
    second = at(2026, 3, 9, 10, 0)  # already over, but not recorded as completed
    sessions = [*after_first(), state(PHYSIO, 2, second)]
    found = refused(plan_sequential(a, sessions, at(2026, 3, 12, 10, 0)))
    assert found.rule is ConflictRule.NOT_COMPLETED
    assert found.session == 3
    assert "session 2" in found.message and "completed" in found.message
    assert refused(sequential_window(a, sessions)).rule is ConflictRule.NOT_COMPLETED
    sessions[1] = state(PHYSIO, 2, second, DONE)
    assert isinstance(plan_sequential(a, sessions, at(2026, 3, 12, 10, 0)), Plan)


def test_window_follows_the_latest_completed_session() -> None:
    starts = [at(2026, 3, d, 10, 0) for d in (2, 5, 9)]
    sessions = [state(PHYSIO, k, s, DONE) for k, s in enumerate(starts, start=1)]
    window = sequential_window(physio(at(2026, 3, 9, 12, 0)), sessions)
    assert window == Window(
        session=4,
        earliest=date(2026, 3, 11),
        latest=date(2026, 3, 16),
        suggested=date(2026, 3, 12),
        not_before=at(2026, 3, 9, 10, 45),
    )


def test_cancelled_sessions_do_not_count() -> None:
    sessions = [*after_first(), state(PHYSIO, 2, at(2026, 3, 9, 10, 0), BookingStatus.CANCELLED)]
    window = sequential_window(physio(at(2026, 3, 6, 12, 0)), sessions)
    assert isinstance(window, Window) and window.session == 2


def test_all_sessions_completed() -> None:
    sessions = [state(PHYSIO, k, at(2026, 3, 2 + 3 * k, 10, 0), DONE) for k in range(1, 9)]
    a = physio(at(2026, 4, 1, 9, 0))
    found = refused(plan_sequential(a, sessions, at(2026, 4, 1, 14, 0)))
    assert found.rule is ConflictRule.NO_SESSIONS_LEFT


def test_plan_for_dispatches_sequential() -> None:
    a = physio(at(2026, 3, 5, 12, 0))
    start = at(2026, 3, 9, 10, 0)
    assert plan_for(a, after_first(), [start]) == plan_sequential(a, after_first(), start)
