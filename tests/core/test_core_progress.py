"""Progress: counts, the next action for each strategy, and milestones counted
by completed sessions (progress, halfway = ceil(n/2), one to go = n-1, done)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from bookbot.core.config import Service
from bookbot.core.progress import Milestone, NextAction, NextActionKind, milestones, progress
from bookbot.core.types import BookingStatus, SessionState
from tests.core.core_testkit import ZURICH, at, demo_business, state

DONE = BookingStatus.COMPLETED
OK = BookingStatus.CONFIRMED


def service(service_id: str) -> Service:
    return demo_business().service(service_id)


def sessions(svc: Service, *items: tuple[datetime, BookingStatus]) -> list[SessionState]:
    return [state(svc, k, start, status) for k, (start, status) in enumerate(items, start=1)]


def test_immediate_plan_fully_booked() -> None:
    implant = service("dental-implant")
    group = sessions(
        implant,
        (at(2026, 3, 10, 14, 0), OK),
        (at(2026, 3, 24, 14, 0), OK),
        (at(2026, 4, 23, 14, 0), OK),
    )
    p = progress(implant, group, at(2026, 3, 2, 9, 0), zone=ZURICH)
    assert (p.total, p.completed, p.booked, p.remaining_unscheduled) == (3, 0, 3, 0)
    assert p.remaining == 3 and not p.done
    assert p.next_action == NextAction(NextActionKind.ATTEND, session=1, at=at(2026, 3, 10, 14, 0))
    # the guide's admin view: 2 of 3 complete, session 3 confirmed
    group[0] = state(implant, 1, group[0].start, DONE)
    group[1] = state(implant, 2, group[1].start, DONE)
    p = progress(implant, group, at(2026, 4, 1, 9, 0), zone=ZURICH)
    assert (p.completed, p.booked, p.remaining) == (2, 1, 1)
    assert p.next_action.kind is NextActionKind.ATTEND and p.next_action.session == 3


def test_a_past_session_waits_for_completion() -> None:
    implant = service("dental-implant")
    group = sessions(implant, (at(2026, 3, 10, 14, 0), OK))
    p = progress(implant, group, at(2026, 3, 10, 16, 0), zone=ZURICH)
    assert p.next_action == NextAction(NextActionKind.AWAIT_COMPLETION, session=1)
    # an upcoming session comes first
    group.append(state(implant, 2, at(2026, 3, 24, 14, 0)))
    p = progress(implant, group, at(2026, 3, 10, 16, 0), zone=ZURICH)
    assert p.next_action.kind is NextActionKind.ATTEND and p.next_action.session == 2


def test_sequential_next_action_is_the_window() -> None:
    physio = service("physiotherapy")
    now = at(2026, 3, 4, 9, 0)
    empty = progress(physio, [], now, zone=ZURICH)
    assert empty.next_action == NextAction(NextActionKind.BOOK_FIRST, session=1)
    assert empty.remaining_unscheduled == 8
    one = sessions(physio, (at(2026, 3, 5, 10, 0), DONE))
    p = progress(physio, one, at(2026, 3, 5, 12, 0), zone=ZURICH)
    assert (p.completed, p.booked, p.remaining_unscheduled) == (1, 0, 7)
    assert p.next_action == NextAction(
        NextActionKind.BOOK_NEXT,
        session=2,
        earliest=date(2026, 3, 7),
        latest=date(2026, 3, 12),
        suggested=date(2026, 3, 8),
    )
    two = [*one, state(physio, 2, at(2026, 3, 9, 10, 0))]
    p = progress(physio, two, at(2026, 3, 6, 12, 0), zone=ZURICH)
    assert p.next_action.kind is NextActionKind.ATTEND and p.next_action.session == 2


def test_a_closed_suggested_day_moves_to_the_next_open_one() -> None:
    """Thu 03-05 + 3 days is a Sunday, when the demo business is closed."""
    physio = service("physiotherapy")
    one = sessions(physio, (at(2026, 3, 5, 10, 0), DONE))
    business = demo_business()
    p = progress(physio, one, at(2026, 3, 5, 12, 0), zone=ZURICH, is_open=business.is_open)
    assert (p.next_action.earliest, p.next_action.suggested) == (date(2026, 3, 7), date(2026, 3, 9))
    assert not business.is_open(date(2026, 3, 8)) and business.is_open(date(2026, 3, 9))


def test_sequential_window_uses_the_local_day() -> None:
    physio = service("physiotherapy")
    # 00:30 in Zurich on 03-05 is still 03-04 in UTC
    late = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    p = progress(physio, sessions(physio, (late, DONE)), at(2026, 3, 5, 9, 0), zone=ZURICH)
    assert p.next_action.earliest == date(2026, 3, 7)


def test_flexible_package_counts_like_the_guides_admin_view() -> None:
    driving = service("driving-lessons")
    days = (4, 6, 9, 11, 13, 18, 20)
    group = sessions(driving, *((at(2026, 3, d, 17, 0), DONE if d <= 11 else OK) for d in days))
    p = progress(driving, group, at(2026, 3, 12, 9, 0), zone=ZURICH)
    assert (p.total, p.completed, p.booked, p.remaining_unscheduled) == (10, 4, 3, 3)
    assert p.next_action.kind is NextActionKind.ATTEND and p.next_action.session == 5
    all_done = [state(driving, s.number, s.start, DONE) for s in group]
    p = progress(driving, all_done, at(2026, 3, 21, 9, 0), zone=ZURICH)
    assert p.next_action == NextAction(NextActionKind.BOOK_MORE, session=8)


def test_no_shows_and_cancellations() -> None:
    driving = service("driving-lessons")
    group = sessions(
        driving,
        (at(2026, 3, 4, 17, 0), DONE),
        (at(2026, 3, 6, 17, 0), BookingStatus.NO_SHOW),
        (at(2026, 3, 9, 17, 0), BookingStatus.CANCELLED),
    )
    p = progress(driving, group, at(2026, 3, 10, 9, 0), zone=ZURICH)
    assert (p.completed, p.booked, p.no_shows, p.remaining_unscheduled) == (1, 0, 1, 9)
    assert len(p.sessions) == 3


def test_done_and_expired() -> None:
    implant = service("dental-implant")
    group = sessions(
        implant,
        (at(2026, 3, 10, 14, 0), DONE),
        (at(2026, 3, 24, 14, 0), DONE),
        (at(2026, 4, 23, 14, 0), DONE),
    )
    p = progress(implant, group, at(2026, 5, 1, 9, 0), zone=ZURICH)
    assert p.done and p.next_action.kind is NextActionKind.DONE and p.remaining == 0
    driving = service("driving-lessons")
    expires = at(2026, 9, 1, 0, 0)
    p = progress(driving, [], at(2026, 9, 1, 9, 0), zone=ZURICH, expires_at=expires)
    assert p.next_action == NextAction(NextActionKind.EXPIRED, at=expires)
    fresh = progress(driving, [], at(2026, 8, 31, 9, 0), zone=ZURICH, expires_at=expires)
    assert fresh.next_action.kind is NextActionKind.BOOK_FIRST


P, H, ONE, D = Milestone.PROGRESS, Milestone.HALFWAY, Milestone.ONE_TO_GO, Milestone.DONE


@pytest.mark.parametrize(
    ("completed", "total", "expected"),
    [
        (0, 10, ()),
        (1, 10, (P,)),
        (3, 10, (P,)),
        (5, 10, (P, H)),
        (6, 10, (P,)),
        (9, 10, (P, ONE)),
        (10, 10, (D,)),
        (4, 7, (P, H)),  # ceil(7/2)
        (6, 7, (P, ONE)),
        (2, 3, (P, H, ONE)),  # ceil(3/2) = 3 - 1
        (1, 2, (P, H, ONE)),
        (1, 1, (D,)),
        (12, 12, (D,)),
    ],
)
def test_milestones(completed: int, total: int, expected: tuple[Milestone, ...]) -> None:
    assert milestones(completed, total) == expected


@pytest.mark.parametrize("total", range(1, 13))
def test_each_milestone_is_reached_exactly_once(total: int) -> None:
    reached = [m for k in range(1, total + 1) for m in milestones(k, total)]
    assert reached.count(D) == 1
    if total >= 2:
        assert reached.count(H) == 1 and reached.count(ONE) == 1
        assert H in milestones(math.ceil(total / 2), total)
        assert ONE in milestones(total - 1, total)
    assert reached.count(P) == total - 1
