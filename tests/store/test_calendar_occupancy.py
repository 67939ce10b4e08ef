"""The calendar read the tools plan on (`calendar_occupancy`, PostgreSQL's sorted and
packed epochs) gives the core exactly the calendar of the rows it replaced
(`calendar_timestamps` sorted in Python), on random bookings and windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.calendar import Calendar
from bookbot.core.config import Business
from bookbot.core.types import BookingStatus, PlannedSession
from bookbot.store.bookings import book_plan, calendar_timestamps
from bookbot.store.models import BookingRow, ServiceRow
from bookbot.store.queries import calendar_occupancy
from tests.store.store_testkit import local, plan

NOW = local("2026-03-02T09:00")
BASE = datetime(2026, 3, 1, tzinfo=UTC)
SERVICES = ("consult", "driving")

HOUR = 3_600_000_000
DAY = 24 * HOUR
# (service, start in µs after BASE, duration in µs, status): starts often shared,
# odd micro- and milliseconds, and sessions up to a day long (the reads' MAX_SESSION)
BOOKINGS = st.lists(
    st.tuples(
        st.sampled_from(SERVICES),
        st.one_of(
            st.integers(0, 40).map(lambda half_hours: half_hours * HOUR // 2),
            st.integers(0, 30 * DAY // 1000).map(lambda ms: ms * 1000),
            st.integers(0, 30 * DAY),
        ),
        st.one_of(st.sampled_from([HOUR // 2, HOUR]), st.integers(1, DAY)),
        st.sampled_from([s.value for s in BookingStatus]),
    ),
    max_size=40,
)
WINDOWS = st.tuples(st.integers(-DAY, 31 * DAY), st.none() | st.integers(0, 20 * DAY))


def _at(microseconds: int) -> datetime:
    return BASE + timedelta(microseconds=microseconds)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bookings=BOOKINGS, window=WINDOWS, probes=st.lists(WINDOWS, max_size=10))
def test_the_packed_calendar_is_the_calendar_of_the_rows(
    factory: sessionmaker[Session],
    imported: Business,
    marie: int,
    bookings: list[tuple[str, int, int, str]],
    window: tuple[int, int | None],
    probes: list[tuple[int, int | None]],
) -> None:
    template = _template(factory, imported, marie)
    with factory.begin() as session:
        session.execute(delete(BookingRow).where(BookingRow.id != template.id))
        pks = {slug: pk for slug, pk in session.execute(select(ServiceRow.slug, ServiceRow.id))}
        rows = [
            {
                "session_group_id": template.session_group_id,
                "service_id": pks[service],
                "customer_id": marie,
                "session_number": 2 + i,
                "start_at": _at(start),
                "end_at": _at(start + duration),
                "status": status,
            }
            for i, (service, start, duration, status) in enumerate(bookings)
        ]
        if rows:
            session.execute(insert(BookingRow), rows)
    start = _at(window[0])
    end = None if window[1] is None else start + timedelta(microseconds=window[1])
    wanted = [*SERVICES, "unknown"]
    with factory() as session:
        stamps = calendar_timestamps(session, service_ids=wanted, start=start, end=end)
        occupancy = calendar_occupancy(session, service_ids=wanted, start=start, end=end)
    assert set(occupancy) == set(wanted)
    for service in wanted:
        starts, ends = occupancy[service]
        assert list(starts) == sorted(s for s, _ in stamps[service])
        assert list(ends) == sorted(e for _, e in stamps[service])
    old, new = Calendar.from_timestamps(stamps), Calendar.from_sorted(occupancy)
    for service in wanted:
        assert new.size(service) == old.size(service)
        for probe_start, probe_length in probes:
            first = _at(probe_start)
            last = first + timedelta(microseconds=probe_length or 1)
            assert new.overlapping(service, first, last) == old.overlapping(service, first, last)


def _template(factory: sessionmaker[Session], business: Business, customer: int) -> BookingRow:
    """A booking whose group the random bookings join (booked once per test)."""
    with factory() as session:
        found = session.scalars(select(BookingRow).order_by(BookingRow.id).limit(1)).first()
    if found is not None:
        return found
    at = local("2025-01-06T09:00")
    book_plan(
        factory,
        business=business,
        customer_id=customer,
        service_id="consult",
        plan=plan(PlannedSession(1, at, at + timedelta(minutes=30))),
        at=at - timedelta(days=1),
    )
    return _template(factory, business, customer)


def test_an_empty_or_unknown_service_reads_as_empty(
    factory: sessionmaker[Session], imported: Business
) -> None:
    with factory() as session:
        found = calendar_occupancy(
            session, service_ids=["consult", "unknown", "consult"], start=NOW
        )
    assert {slug: (list(s), list(e)) for slug, (s, e) in found.items()} == {
        "consult": ([], []),
        "unknown": ([], []),
    }
    assert Calendar.from_sorted(found).overlapping("consult", NOW, NOW + timedelta(hours=1)) == 0
