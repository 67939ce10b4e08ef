"""The booking state machine and its audit trail."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.errors import InvalidTransitionError, NotFoundError
from bookbot.core.types import BookingStatus
from bookbot.store.bookings import (
    book_plan,
    cancel_group,
    complete_session,
    customer_groups,
    events_since,
    group_sessions,
    set_session_status,
    set_status,
)
from bookbot.store.models import BookingEventRow, BookingRow
from bookbot.store.records import BookingResult
from bookbot.store.status import TRANSITIONS, can_transition
from tests.store.store_testkit import implant_plan, local, plan, session_at

NOW = local("2026-03-02T09:00")

AT = local("2026-03-10T15:30")
S = BookingStatus


def _book(factory: sessionmaker[Session], business: Business, customer_id: int) -> BookingResult:
    return book_plan(
        factory,
        business=business,
        customer_id=customer_id,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )


def test_the_state_machine() -> None:
    allowed = {(a, b) for a, b in itertools.product(S, S) if can_transition(a, b)}
    assert allowed == {
        (S.CONFIRMED, S.COMPLETED),
        (S.CONFIRMED, S.NO_SHOW),
        (S.CONFIRMED, S.CANCELLED),
    }
    assert set(TRANSITIONS) == set(S)


@pytest.mark.parametrize("target", [S.COMPLETED, S.NO_SHOW, S.CANCELLED])
def test_a_valid_change_writes_an_audit_row(
    factory: sessionmaker[Session], imported: Business, marie: int, target: BookingStatus
) -> None:
    booking = _book(factory, imported, marie).bookings[0]
    with factory.begin() as session:
        event = set_status(
            session, booking_id=booking.id, status=target, actor="admin:anna", at=AT, note="desk"
        )
    assert (event.booking_id, event.from_status, event.to_status) == (
        booking.id,
        S.CONFIRMED,
        target,
    )
    assert (event.actor, event.note, event.at) == ("admin:anna", "desk", AT)
    assert (event.service_id, event.session_number, event.customer_id) == (
        "dental-implant",
        1,
        marie,
    )
    with factory() as session:
        row = session.get(BookingRow, booking.id)
        audit = session.scalars(
            select(BookingEventRow).where(BookingEventRow.booking_id == booking.id)
        ).all()
    assert row is not None and row.status == target.value and row.updated_at == AT
    assert [(a.from_status, a.to_status) for a in audit] == [
        (None, "confirmed"),
        ("confirmed", target.value),
    ]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (S.COMPLETED, S.CANCELLED),
        (S.COMPLETED, S.CONFIRMED),
        (S.COMPLETED, S.COMPLETED),
        (S.NO_SHOW, S.CONFIRMED),
        (S.NO_SHOW, S.COMPLETED),
        (S.CANCELLED, S.CONFIRMED),
        (S.CANCELLED, S.COMPLETED),
    ],
)
def test_an_invalid_change_raises_and_writes_nothing(
    factory: sessionmaker[Session],
    imported: Business,
    marie: int,
    first: BookingStatus,
    then: BookingStatus,
) -> None:
    booking = _book(factory, imported, marie).bookings[0]
    with factory.begin() as session:
        set_status(session, booking_id=booking.id, status=first, actor="admin", at=AT)
    message = (
        f"booking {booking.id} is {first.value.replace('_', ' ')}; "
        f"it cannot become {then.value.replace('_', ' ')}"
    )
    with pytest.raises(InvalidTransitionError, match=message), factory.begin() as session:
        set_status(session, booking_id=booking.id, status=then, actor="admin", at=AT)
    with factory() as session:
        row = session.get(BookingRow, booking.id)
        audit = session.scalars(
            select(BookingEventRow).where(BookingEventRow.booking_id == booking.id)
        ).all()
    assert row is not None and row.status == first.value
    assert len(audit) == 2


def test_the_brief_example_message(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    booking = _book(factory, imported, marie).bookings[0]
    with factory.begin() as session:
        set_status(session, booking_id=booking.id, status="completed", actor="admin", at=AT)
    with pytest.raises(InvalidTransitionError) as caught, factory.begin() as session:
        set_status(session, booking_id=booking.id, status="cancelled", actor="admin", at=AT)
    assert str(caught.value) == f"booking {booking.id} is completed; it cannot become cancelled"


def test_status_changes_are_scoped_to_the_customer(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    result = _book(factory, imported, marie)
    booking = result.bookings[0]
    with pytest.raises(NotFoundError), factory.begin() as session:
        set_status(
            session,
            booking_id=booking.id,
            status="cancelled",
            actor="bot",
            at=AT,
            customer_id=thomas,
        )
    with pytest.raises(NotFoundError), factory.begin() as session:
        complete_session(
            session,
            group_id=result.group.id,
            session_number=1,
            actor="bot",
            at=AT,
            customer_id=thomas,
        )
    with pytest.raises(NotFoundError), factory.begin() as session:
        set_status(session, booking_id=booking.id + 1000, status="cancelled", actor="a", at=AT)
    with factory.begin() as session:
        event = set_status(
            session,
            booking_id=booking.id,
            status="cancelled",
            actor="bot",
            at=AT,
            customer_id=marie,
        )
    assert event.to_status is S.CANCELLED


def test_completing_every_session_completes_the_group(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    group_id = _book(factory, imported, marie).group.id
    for number in (1, 2):
        with factory.begin() as session:
            event = complete_session(
                session, group_id=group_id, session_number=number, actor="admin", at=AT
            )
        assert (event.session_number, event.to_status) == (number, S.COMPLETED)
    with factory() as session:
        (group,) = customer_groups(session, customer_id=marie, business=imported)
    assert group.status == "active"
    with factory.begin() as session:
        complete_session(session, group_id=group_id, session_number=3, actor="admin", at=AT)
        with pytest.raises(NotFoundError, match="has no session 4"):
            complete_session(session, group_id=group_id, session_number=4, actor="a", at=AT)
    with factory() as session:
        (group,) = customer_groups(session, customer_id=marie, business=imported)
        states = group_sessions(session, customer_id=marie, group_id=group_id)
    assert group.status == "completed"
    assert [s.status for s in states] == [S.COMPLETED] * 3


def test_a_no_show_session_can_be_booked_again_under_its_number(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    first = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="physio",
        plan=plan(session_at(1, "2026-03-10T10:00", 45)),
        at=NOW,
    )
    with factory.begin() as session:
        set_session_status(
            session,
            group_id=first.group.id,
            session_number=1,
            status="no_show",
            actor="admin",
            at=AT,
        )
    book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="physio",
        plan=plan(session_at(1, "2026-03-12T10:00", 45)),
        group_id=first.group.id,
        at=NOW,
    )
    with factory.begin() as session:  # the number now means the confirmed one
        event = complete_session(
            session, group_id=first.group.id, session_number=1, actor="admin", at=AT
        )
    assert event.from_status is S.CONFIRMED


def test_cancel_group_cancels_what_is_left(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    group_id = _book(factory, imported, marie).group.id
    with factory.begin() as session:
        complete_session(session, group_id=group_id, session_number=1, actor="admin", at=AT)
    with factory.begin() as session:
        events = cancel_group(session, group_id=group_id, actor="admin", at=AT)
    assert [e.session_number for e in events] == [2, 3]
    with pytest.raises(InvalidTransitionError), factory.begin() as session:
        cancel_group(session, group_id=group_id, actor="admin", at=AT)
    with factory() as session:
        (group,) = customer_groups(session, customer_id=marie)
    assert group.status == "cancelled"


def test_events_since_feeds_the_worker(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    group_id = _book(factory, imported, marie).group.id
    with factory() as session:
        created = events_since(session)
    assert [e.to_status for e in created] == [S.CONFIRMED] * 3
    assert all(e.from_status is None for e in created)
    last = created[-1].id
    with factory.begin() as session:
        complete_session(session, group_id=group_id, session_number=1, actor="admin", at=AT)
        set_session_status(
            session, group_id=group_id, session_number=2, status="cancelled", actor="a", at=AT
        )
    with factory() as session:
        completions = events_since(session, after_id=last, to_statuses=["completed"])
        everything = events_since(session, after_id=last)
    assert [(e.session_number, e.to_status) for e in completions] == [(1, S.COMPLETED)]
    assert [e.to_status for e in everything] == [S.COMPLETED, S.CANCELLED]
    assert all(e.group_id == group_id for e in everything)
