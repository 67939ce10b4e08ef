"""Racing writers: exactly `capacity` customers get a slot; a proposal is booked once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.errors import AlreadyBookedError, ProposalError, SlotTakenError
from bookbot.core.types import Plan
from bookbot.store.bookings import book_plan
from bookbot.store.conversations import get_or_create_conversation
from bookbot.store.models import BookingRow, ProposalRow
from bookbot.store.proposals import ProposalRecord, create_proposal
from tests.store.store_testkit import (
    counts,
    customer,
    implant_plan,
    local,
    plan,
    session_at,
    show_and_answer,
)

NOW = local("2026-03-02T09:00")

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
                at=NOW,
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


def test_one_proposal_booked_by_racers_is_applied_once(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    """Five bookers of the same shown proposal: one books it, four get AlreadyBookedError."""
    proposal = _proposal(factory, imported, marie)
    barrier = threading.Barrier(5)

    def attempt(_: int) -> BaseException | None:
        barrier.wait()
        try:
            book_plan(
                factory,
                business=imported,
                customer_id=marie,
                service_id="dental-implant",
                plan=implant_plan(),
                at=NOW,
                proposal_id=proposal.id,
            )
        except Exception as exc:
            return exc
        return None

    with ThreadPoolExecutor(max_workers=5) as pool:
        outcomes = list(pool.map(attempt, range(5)))
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, AlreadyBookedError) for o in outcomes if o is not None), outcomes
    assert counts(factory) == {"session_groups": 1, "bookings": 3, "booking_events": 3}
    with factory() as session:
        claimed = select(ProposalRow.booked_at).where(ProposalRow.id == proposal.id)
        booked_at = session.scalar(claimed)
    assert booked_at is not None


def test_a_replaced_proposal_books_nothing(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    first = _proposal(factory, imported, marie)
    _proposal(factory, imported, marie)  # a newer proposal for the same service
    with pytest.raises(ProposalError, match="replaced"):
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="dental-implant",
            plan=implant_plan(),
            at=NOW,
            proposal_id=first.id,
        )
    assert counts(factory) == {"session_groups": 0, "bookings": 0, "booking_events": 0}


def _proposal(
    factory: sessionmaker[Session], business: Business, customer_id: int
) -> ProposalRecord:
    with factory.begin() as session:
        conversation = get_or_create_conversation(
            session, customer_id=customer_id, channel="whatsapp"
        )
        proposal = create_proposal(
            session,
            business=business,
            conversation_id=conversation.id,
            customer_id=customer_id,
            service_id="dental-implant",
            group_id=None,
            kind="book",
            plan=Plan(sessions=()),
            now=NOW,
        )
        show_and_answer(session, conversation.id, "yes", at=NOW)
        return proposal
