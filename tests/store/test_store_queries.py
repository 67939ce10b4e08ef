"""Reads: customer scoping, the calendar, and times that come back as aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.errors import NotFoundError
from bookbot.core.types import BookingStatus
from bookbot.store.bookings import (
    active_group,
    book_plan,
    bookings_starting_between,
    calendar_intervals,
    calendar_timestamps,
    customer_bookings,
    customer_groups,
    customer_intervals,
    group_bookings,
    group_sessions,
    set_status,
    upcoming_bookings,
)
from bookbot.store.columns import NaiveDatetimeError
from bookbot.store.models import BookingRow
from tests.store.store_testkit import ZURICH, customer, implant_plan, local, plan, session_at

NOW = local("2026-03-02T09:00")


def test_times_round_trip_as_aware_utc(
    factory: sessionmaker[Session], engine: Engine, imported: Business, marie: int
) -> None:
    start = datetime(2026, 3, 29, 14, 0, tzinfo=ZURICH)  # the day clocks change
    result = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="consult",
        plan=plan(session_at(1, "2026-03-29T14:00", 30)),
        at=local("2026-03-02T09:00"),
    )
    with factory() as session:
        row = session.get(BookingRow, result.bookings[0].id)
        assert row is not None
        for value in (row.start_at, row.end_at, row.created_at, result.bookings[0].start):
            assert value.tzinfo is UTC
        assert row.start_at == start
        assert row.start_at.hour == 12  # CEST is UTC+2
        assert row.created_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        stored = session.execute(text("SELECT start_at FROM bookings")).scalar_one()
    if engine.dialect.name == "sqlite":
        assert str(stored).startswith("2026-03-29 12:00:00")  # UTC text, comparable as text


def test_naive_datetimes_are_refused(factory: sessionmaker[Session], imported: Business) -> None:
    naive = datetime(2026, 3, 10, 14, 0)  # noqa: DTZ001 - the point of the test
    with factory() as session, pytest.raises(Exception, match="naive datetime") as caught:
        session.scalars(select(BookingRow).where(BookingRow.start_at > naive)).all()
    assert isinstance(caught.value.__cause__ or caught.value, NaiveDatetimeError)


def test_a_customer_sees_only_their_own_plans(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    mine = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    theirs = book_plan(
        factory,
        business=imported,
        customer_id=thomas,
        service_id="physio",
        plan=plan(session_at(1, "2026-03-11T10:00", 45)),
        at=NOW,
    )
    since = local("2026-03-01T00:00")
    with factory() as session:
        with pytest.raises(NotFoundError):
            group_sessions(session, customer_id=thomas, group_id=mine.group.id)
        with pytest.raises(NotFoundError):
            group_bookings(session, customer_id=marie, group_id=theirs.group.id)
        assert [g.id for g in customer_groups(session, customer_id=marie)] == [mine.group.id]
        assert customer_groups(session, customer_id=marie, service_id="physio") == []
        assert active_group(session, customer_id=thomas, service_id="dental-implant") is None
        found = active_group(session, customer_id=marie, service_id="dental-implant")
        assert found is not None and found.id == mine.group.id
        assert {
            b.customer_id for b in upcoming_bookings(session, customer_id=marie, start=since)
        } == {marie}
        assert [b.service_id for b in customer_bookings(session, customer_id=thomas)] == ["physio"]
        assert len(customer_intervals(session, customer_id=marie, start=since)) == 3
        assert len(group_bookings(session, customer_id=thomas, group_id=theirs.group.id)) == 1


def test_customer_bookings_filters_by_time_and_status(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    booked = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="dental-implant",
        plan=implant_plan(),
        at=NOW,
    )
    with factory.begin() as session:
        set_status(
            session,
            booking_id=booked.bookings[0].id,
            status="completed",
            actor="a",
            at=local("2026-03-10T16:00"),
        )
        set_status(
            session,
            booking_id=booked.bookings[2].id,
            status="cancelled",
            actor="a",
            at=local("2026-03-10T16:00"),
        )
    after_first = local("2026-03-11T00:00")
    with factory() as session:
        every = customer_bookings(session, customer_id=marie)
        later = customer_bookings(session, customer_id=marie, since=after_first)
        upcoming = upcoming_bookings(session, customer_id=marie, start=local("2026-03-01T00:00"))
        cancelled = customer_bookings(session, customer_id=marie, statuses=["cancelled"])
    assert [b.session_number for b in every] == [1, 2]
    assert [b.session_number for b in later] == [2]
    assert [(b.session_number, b.status) for b in upcoming] == [(2, BookingStatus.CONFIRMED)]
    assert [b.session_number for b in cancelled] == [3]


def test_calendar_intervals_lists_slot_holding_bookings_by_start(
    factory: sessionmaker[Session], imported: Business
) -> None:
    people = [customer(factory, f"+4179111000{i}") for i in range(4)]
    starts = ["2026-03-12T10:00", "2026-03-10T09:00", "2026-03-09T23:30", "2026-03-20T10:00"]
    ids = []
    for person, start in zip(people, starts, strict=True):
        result = book_plan(
            factory,
            business=imported,
            customer_id=person,
            service_id="driving",
            plan=plan(session_at(1, start, 60)),
            at=NOW,
        )
        ids.append(result.bookings[0].id)
    with factory.begin() as session:
        set_status(
            session, booking_id=ids[0], status="cancelled", actor="a", at=local("2026-03-01T00:00")
        )
        set_status(
            session, booking_id=ids[1], status="no_show", actor="a", at=local("2026-03-01T00:00")
        )
    with factory() as session:
        found = calendar_intervals(
            session,
            service_ids=["driving", "consult", "driving"],
            start=local("2026-03-10T00:00"),  # the 23:30 lesson runs into it
            end=local("2026-03-20T10:00"),  # the lesson starting then does not count
        )
        open_ended = calendar_intervals(
            session, service_ids=["driving"], start=local("2026-03-01T00:00"), business=imported
        )
    assert found == {
        "driving": [
            (local("2026-03-09T23:30"), local("2026-03-10T00:30")),
            (local("2026-03-10T09:00"), local("2026-03-10T10:00")),
        ],
        "consult": [],
    }
    assert [s for s, _ in open_ended["driving"]] == sorted(s for s, _ in open_ended["driving"])
    assert len(open_ended["driving"]) == 3
    with factory() as session:
        stamps = calendar_timestamps(
            session, service_ids=["driving"], start=local("2026-03-01T00:00")
        )
    # the database's epoch seconds are exactly the datetimes' (the core compares them)
    assert stamps["driving"] == [(s.timestamp(), e.timestamp()) for s, e in open_ended["driving"]]
    with factory() as session:
        assert calendar_intervals(
            session, service_ids=["unknown"], start=local("2026-03-01T00:00")
        ) == {"unknown": []}
        due = bookings_starting_between(
            session, start=local("2026-03-09T00:00"), end=local("2026-03-21T00:00")
        )
    assert [b.id for b in due] == [ids[2], ids[3]]


def test_calendar_intervals_reads_a_large_table_through_the_start_index(
    factory: sessionmaker[Session], engine: Engine, imported: Business, marie: int
) -> None:
    """100k bookings: a two-week window reads through the (service_id, start_at) index.
    The plan is checked, not the time (speed is measured by bench/, never by a test)."""
    first = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="driving",
        plan=plan(session_at(1, "2020-01-01T08:00")),
        at=NOW,
    )
    template = first.bookings[0]
    with factory() as session:
        service_pk = session.scalars(
            select(BookingRow.service_id).where(BookingRow.id == template.id)
        ).one()
    base = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        {
            "session_group_id": template.group_id,
            "service_id": service_pk,
            "customer_id": marie,
            "session_number": 2 + i,
            "total_sessions": 10,
            "is_part_of_multi_session": True,
            "start_at": base + timedelta(minutes=30 * i),
            "end_at": base + timedelta(minutes=30 * i + 60),
            "status": "completed",
            "created_at": now,
            "updated_at": now,
        }
        for i in range(100_000)
    ]
    with factory.begin() as session:
        session.execute(insert(BookingRow), rows)
    window_start = base + timedelta(days=1000)
    with factory() as session:
        found = calendar_intervals(
            session,
            service_ids=["driving"],
            start=window_start,
            end=window_start + timedelta(days=14),
        )
    assert len(found["driving"]) == 14 * 48 + 1  # half-hourly starts, an hour long
    plan_text = _query_plan(engine, service_pk, window_start)
    assert "ix_bookings_service_id_start_at" in plan_text, plan_text


def _query_plan(engine: Engine, service_pk: int, start: datetime) -> str:
    query = (
        "SELECT start_at, end_at FROM bookings WHERE service_id = :s "
        "AND start_at < :e AND start_at > :lo AND end_at > :b ORDER BY start_at"
    )
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            params = {
                "s": service_pk,
                "e": (start + timedelta(days=14)).strftime(fmt),
                "lo": (start - timedelta(days=1)).strftime(fmt),
                "b": start.strftime(fmt),
            }
            rows = connection.execute(text("EXPLAIN QUERY PLAN " + query), params).all()
            return "\n".join(str(r[-1]) for r in rows)
        connection.execute(text("ANALYZE bookings"))
        params = {
            "s": service_pk,
            "e": start + timedelta(days=14),
            "lo": start - timedelta(days=1),
            "b": start,
        }
        rows = connection.execute(text("EXPLAIN " + query), params).all()
        return "\n".join(str(r[0]) for r in rows)
