"""book_plan, reschedule and cancel_sessions: all or nothing, never beyond capacity."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PackageExpiredError,
    SlotTakenError,
)
from bookbot.core.types import BookingStatus, PlannedSession
from bookbot.store.bookings import (
    book_plan,
    cancel_sessions,
    group_sessions,
    reschedule,
    set_status,
)
from bookbot.store.columns import NaiveDatetimeError
from bookbot.store.models import BookingEventRow, BookingRow
from tests.store.store_testkit import (
    ZURICH,
    counts,
    customer,
    implant_plan,
    local,
    plan,
    session_at,
)

NOW = local("2026-03-02T09:00")
CONFIRMED = BookingStatus.CONFIRMED


def test_an_immediate_plan_books_three_linked_sessions(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    result = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    assert result.created_group
    group = result.group
    assert (group.service_id, group.total_sessions, group.status) == ("dental-implant", 3, "active")
    assert group.package_expires_at == NOW.astimezone(UTC) + timedelta(days=180)
    assert [b.session_number for b in result.bookings] == [1, 2, 3]
    assert {b.group_id for b in result.bookings} == {group.id}
    assert all(b.total_sessions == 3 and b.status is CONFIRMED for b in result.bookings)
    assert result.bookings[1].start == local("2026-03-24T14:00")
    with factory() as session:
        states = group_sessions(session, customer_id=marie, group_id=group.id)
        rows = session.scalars(select(BookingRow).order_by(BookingRow.id)).all()
        events = session.scalars(select(BookingEventRow)).all()
    assert [(s.number, s.start, s.status) for s in states] == [
        (1, local("2026-03-10T14:00"), CONFIRMED),
        (2, local("2026-03-24T14:00"), CONFIRMED),
        (3, local("2026-04-23T14:00"), CONFIRMED),
    ]
    assert all(r.is_part_of_multi_session for r in rows)
    assert [(e.from_status, e.to_status, e.actor) for e in events] == [
        (None, "confirmed", "bot")
    ] * 3


def test_a_plan_with_one_taken_session_writes_nothing(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    # Thomas holds the only chair when Marie's session 2 would start.
    book_plan(
        factory,
        business=imported,
        customer_id=thomas,
        service_id="dental-implant",
        plan=plan(session_at(1, "2026-03-24T13:45", 60)),
        at=NOW,
    )
    before = counts(factory)
    with pytest.raises(SlotTakenError) as caught:
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="dental-implant",
            plan=implant_plan(),
            at=NOW,
        )
    assert "session 2 on Tue 2026-03-24 14:00 (Europe/Zurich)" in str(caught.value)
    assert counts(factory) == before


def test_capacity_two_takes_two_overlapping_bookings_not_three(
    factory: sessionmaker[Session], imported: Business
) -> None:
    people = [customer(factory, f"+4179000010{i}") for i in range(3)]
    slot = plan(session_at(1, "2026-03-10T10:00", 45))
    for person in people[:2]:
        book_plan(
            factory, business=imported, customer_id=person, service_id="physio", plan=slot, at=NOW
        )
    with pytest.raises(SlotTakenError):
        book_plan(
            factory,
            business=imported,
            customer_id=people[2],
            service_id="physio",
            plan=slot,
            at=NOW,
        )
    # back to back is not overlapping
    later = plan(session_at(1, "2026-03-10T10:45", 45))
    book_plan(
        factory, business=imported, customer_id=people[2], service_id="physio", plan=later, at=NOW
    )


def test_sessions_of_one_plan_count_against_each_other(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    both = plan(session_at(1, "2026-03-10T10:00", 90), session_at(2, "2026-03-10T11:00", 30))
    with pytest.raises(SlotTakenError, match="session 2"):
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="dental-implant",
            plan=both,
            at=NOW,
        )


def test_a_cancelled_booking_frees_its_slot_and_its_number(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    first = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    group_id = first.group.id
    third = first.bookings[2]
    with factory.begin() as session:
        set_status(session, booking_id=third.id, status="cancelled", actor="admin", at=NOW)
    # Session 3 is booked again under its number, at the same time.
    again = plan(PlannedSession(3, third.start, third.end))
    result = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=again,
        group_id=group_id,
        at=NOW,
    )
    assert not result.created_group
    with factory() as session:
        states = group_sessions(session, customer_id=marie, group_id=group_id)
    assert [(s.number, s.status) for s in states] == [
        (1, CONFIRMED),
        (2, CONFIRMED),
        (3, BookingStatus.CANCELLED),
        (3, CONFIRMED),
    ]
    # ...but an active session 3 cannot be booked twice.
    with pytest.raises(SlotTakenError, match="session 3 of this plan is already booked"):
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="dental-implant",
            plan=plan(session_at(3, "2026-05-05T09:00")),
            group_id=group_id,
            at=NOW,
        )


def test_the_database_refuses_two_active_rows_with_one_number(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    result = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="driving",
        plan=plan(session_at(1, "2026-03-10T10:00"), session_at(2, "2026-03-11T10:00")),
        at=NOW,
    )
    with pytest.raises(IntegrityError), factory.begin() as session:
        session.execute(
            update(BookingRow)
            .where(BookingRow.id == result.bookings[1].id)
            .values(session_number=1)
        )


def test_flexible_bookings_renumber_by_date(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    first = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="driving",
        plan=plan(session_at(1, "2026-03-10T17:00"), session_at(2, "2026-03-20T17:00")),
        at=NOW,
    )
    # A lesson on the 15th comes between them: it becomes 2, the old 2 becomes 3.
    book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="driving",
        plan=plan(session_at(2, "2026-03-15T17:00"), renumbered=((2, 3),)),
        group_id=first.group.id,
        at=NOW,
    )
    with factory() as session:
        states = group_sessions(session, customer_id=marie, group_id=first.group.id)
        notes = session.scalars(select(BookingEventRow.note).order_by(BookingEventRow.id)).all()
    assert [(s.number, s.start.astimezone(ZURICH).day) for s in states] == [
        (1, 10),
        (2, 15),
        (3, 20),
    ]
    assert "renumbered from 2" in notes


def test_a_stale_renumbering_writes_nothing(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    first = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="driving",
        plan=plan(session_at(1, "2026-03-10T17:00")),
        at=NOW,
    )
    before = counts(factory)
    with pytest.raises(SlotTakenError, match="session 4 changed"):
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="driving",
            plan=plan(session_at(2, "2026-03-15T17:00"), renumbered=((4, 5),)),
            group_id=first.group.id,
            at=NOW,
        )
    assert counts(factory) == before


def test_a_group_of_someone_else_is_not_found(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    mine = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="driving",
        plan=plan(session_at(1, "2026-03-10T17:00")),
        at=NOW,
    )
    before = counts(factory)
    with pytest.raises(NotFoundError):
        book_plan(
            factory,
            business=imported,
            customer_id=thomas,
            service_id="driving",
            plan=plan(session_at(2, "2026-03-12T17:00")),
            group_id=mine.group.id,
            at=NOW,
        )
    with pytest.raises(NotFoundError):
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="physio",
            plan=plan(session_at(2, "2026-03-12T17:00")),
            group_id=mine.group.id,
            at=NOW,
        )
    with pytest.raises(NotFoundError):
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="driving",
            plan=plan(session_at(2, "2026-03-12T17:00")),
            group_id=uuid.uuid4(),
            at=NOW,
        )
    assert counts(factory) == before


def test_malformed_plans_are_bugs(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    naive = datetime(2026, 3, 10, 14, 0)  # noqa: DTZ001 - the point of the test
    bad_plans = {
        "naive": plan(PlannedSession(1, naive, naive + timedelta(hours=1))),
        "twice": plan(session_at(1, "2026-03-10T10:00"), session_at(1, "2026-03-11T10:00")),
        "number": plan(session_at(4, "2026-03-10T10:00")),
        "long": plan(session_at(1, "2026-03-10T10:00", 25 * 60)),
        "empty": plan(),
    }
    for name, bad in bad_plans.items():
        with pytest.raises((ValueError, NaiveDatetimeError)):
            book_plan(
                factory,
                business=imported,
                customer_id=marie,
                service_id="dental-implant",
                plan=bad,
                at=NOW,
            )
        assert counts(factory)["bookings"] == 0, name


def test_reschedule_moves_sessions_atomically(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    booked = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    group_id = booked.group.id
    # Move session 2 by one hour: its old place overlaps the new one, and is not counted.
    moved = reschedule(
        factory,
        business=imported,
        customer_id=marie,
        group_id=group_id,
        plan=plan(
            session_at(2, "2026-03-24T14:15", 30),
            session_at(3, "2026-04-23T14:00", 60),  # unchanged: left alone
        ),
        at=NOW,
    )
    assert [b.session_number for b in moved.bookings] == [2]
    assert moved.bookings[0].start == local("2026-03-24T14:15")
    # Thomas takes 2026-04-30 10:00; moving session 3 there fails, and session 2's
    # move in the same plan is not applied either.
    book_plan(
        factory,
        business=imported,
        customer_id=thomas,
        service_id="dental-implant",
        plan=plan(session_at(1, "2026-04-30T10:00")),
        at=NOW,
    )
    with pytest.raises(SlotTakenError, match="session 3 on Thu 2026-04-30 10:00"):
        reschedule(
            factory,
            business=imported,
            customer_id=marie,
            group_id=group_id,
            plan=plan(session_at(2, "2026-03-25T14:00", 30), session_at(3, "2026-04-30T10:00")),
            at=NOW,
        )
    with factory() as session:
        states = group_sessions(session, customer_id=marie, group_id=group_id)
    assert [s.start for s in states] == [
        local("2026-03-10T14:00"),
        local("2026-03-24T14:15"),
        local("2026-04-23T14:00"),
    ]


def test_reschedule_is_scoped_and_moves_only_confirmed_sessions(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    booked = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    with pytest.raises(NotFoundError):
        reschedule(
            factory,
            business=imported,
            customer_id=thomas,
            group_id=booked.group.id,
            plan=plan(session_at(2, "2026-03-25T14:00", 30)),
            at=NOW,
        )
    with factory.begin() as session:
        set_status(
            session, booking_id=booked.bookings[0].id, status="completed", actor="admin", at=NOW
        )
    with pytest.raises(InvalidTransitionError, match="only a confirmed session can move"):
        reschedule(
            factory,
            business=imported,
            customer_id=marie,
            group_id=booked.group.id,
            plan=plan(session_at(1, "2026-03-11T14:00", 90)),
            at=NOW,
        )


def test_cancel_sessions_is_all_or_nothing(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    booked = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    group_id = booked.group.id
    with pytest.raises(NotFoundError):
        cancel_sessions(factory, customer_id=thomas, group_id=group_id, session_numbers=[2], at=NOW)
    with pytest.raises(NotFoundError, match="no booked session 4"):
        cancel_sessions(
            factory, customer_id=marie, group_id=group_id, session_numbers=[2, 4], at=NOW
        )
    events = cancel_sessions(
        factory, customer_id=marie, group_id=group_id, session_numbers=[3, 2], at=NOW
    )
    assert [(e.session_number, e.from_status, e.to_status) for e in events] == [
        (2, CONFIRMED, BookingStatus.CANCELLED),
        (3, CONFIRMED, BookingStatus.CANCELLED),
    ]
    with factory() as session:
        states = group_sessions(session, customer_id=marie, group_id=group_id)
    assert [s.status for s in states] == [
        CONFIRMED,
        BookingStatus.CANCELLED,
        BookingStatus.CANCELLED,
    ]


def test_no_session_is_booked_or_moved_past_the_package_expiry(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    """The implant package expires 180 days after its first booking (NOW)."""
    late = plan(
        session_at(1, "2026-03-10T14:00", 90),
        session_at(2, "2026-03-24T14:00", 30),
        session_at(3, "2026-09-01T14:00", 60),  # after 2026-08-29 09:00
    )
    with pytest.raises(PackageExpiredError, match="session 3"):
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="dental-implant",
            plan=late,
            at=NOW,
        )
    assert counts(factory)["bookings"] == 0
    booked = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    with pytest.raises(PackageExpiredError):
        reschedule(
            factory,
            business=imported,
            customer_id=marie,
            group_id=booked.group.id,
            plan=plan(session_at(3, "2026-09-01T14:00", 60)),
            at=NOW,
        )
    with factory() as session:
        states = group_sessions(session, customer_id=marie, group_id=booked.group.id)
    assert states[2].start == local("2026-04-23T14:00")


def test_each_booked_session_has_its_own_audit_row(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    # the plan's rows and their audit rows are written in one or two statements
    # (PostgreSQL: one); each audit row names its own booking
    result = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    with factory() as session:
        rows = session.execute(select(BookingRow.id, BookingRow.session_number)).all()
        events = session.scalars(select(BookingEventRow.booking_id)).all()
    assert {b.id: b.session_number for b in result.bookings} == dict(rows)
    assert sorted(events) == sorted(b.id for b in result.bookings)


def test_a_plan_whose_own_sessions_overlap_beyond_capacity_books_nothing(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    # one chair: session 2 would start while session 1 still holds it; the capacity
    # read before the inserts counts the plan's earlier sessions too
    before = counts(factory)
    with pytest.raises(SlotTakenError) as caught:
        book_plan(
            factory,
            business=imported,
            customer_id=marie,
            service_id="dental-implant",
            plan=plan(session_at(1, "2026-03-10T14:00", 90), session_at(2, "2026-03-10T15:00", 30)),
            at=NOW,
        )
    assert "session 2 on Tue 2026-03-10 15:00" in str(caught.value)
    assert counts(factory) == before
