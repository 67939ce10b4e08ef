"""Twenty customers race for one slot: exactly `capacity` of them get it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.errors import SlotTakenError
from bookbot.core.types import Plan
from bookbot.store.bookings import book_plan
from bookbot.store.models import BookingRow

from .store_testkit import counts, customer, implant_plan, plan, session_at

RACERS = 20


def _race(
    factory: sessionmaker[Session], business: Business, service_id: str, plans: list[Plan]
) -> list[BaseException | None]:
    """Every racer books its plan at the same moment; returns what each one got."""
    people = [customer(factory, f"+4179555{n:04d}") for n in range(len(plans))]
    barrier = threading.Barrier(len(plans))

    def attempt(index: int) -> BaseException | None:
        barrier.wait()
        try:
            book_plan(
                factory,
                business=business,
                customer_id=people[index],
                service_id=service_id,
                plan=plans[index],
            )
        except Exception as exc:  # reported to the test, not lost in the thread
            return exc
        return None

    with ThreadPoolExecutor(max_workers=len(plans)) as pool:
        return list(pool.map(attempt, range(len(plans))))


@pytest.mark.parametrize(("service_id", "capacity"), [("consult", 1), ("physio", 2)])
def test_exactly_capacity_racers_win_one_slot(
    factory: sessionmaker[Session], imported: Business, service_id: str, capacity: int
) -> None:
    slot = plan(session_at(1, "2026-03-10T10:00", 30))
    outcomes = _race(factory, imported, service_id, [slot] * RACERS)
    winners = [o for o in outcomes if o is None]
    losers = [o for o in outcomes if o is not None]
    assert len(winners) == capacity
    assert all(isinstance(o, SlotTakenError) for o in losers), losers
    assert all("session 1 on Tue 2026-03-10 10:00" in str(o) for o in losers)
    with factory() as session:
        booked = session.scalar(select(func.count()).select_from(BookingRow))
    assert booked == capacity
    assert counts(factory) == {
        "session_groups": capacity,
        "bookings": capacity,
        "booking_events": capacity,
    }


def test_racing_multi_session_plans_leave_no_partial_plan(
    factory: sessionmaker[Session], imported: Business
) -> None:
    """Each racer's session 2 lands on one shared slot, sessions 1 and 3 on their own."""
    plans = []
    for n in range(RACERS):
        whole = implant_plan(f"2026-03-{10 + n % 5:02d}T{8 + n // 5:02d}:00")
        shared = session_at(2, "2026-03-30T09:00", 30)
        plans.append(Plan(sessions=(whole.sessions[0], shared, whole.sessions[2])))
    outcomes = _race(factory, imported, "dental-implant", plans)
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, SlotTakenError) for o in outcomes if o is not None)
    assert counts(factory) == {"session_groups": 1, "bookings": 3, "booking_events": 3}
