"""The turn's read paths: epoch seconds to the millisecond, the service memo of a
read session, and a customer's active group with its sessions in one call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.types import PlannedSession
from bookbot.store.bookings import (
    active_group,
    book_plan,
    calendar_intervals,
    calendar_timestamps,
    group_sessions,
)
from bookbot.store.lookup import remember_services, service_ids_by_slug
from bookbot.store.queries import active_group_sessions
from tests.store.store_testkit import implant_plan, local, plan

NOW = local("2026-03-02T09:00")


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_epoch_seconds_keep_milliseconds(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    odd = local("2026-03-10T09:00") + timedelta(seconds=7, milliseconds=123)
    book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id="consult",
        plan=plan(PlannedSession(1, odd, odd + timedelta(minutes=29, milliseconds=901))),
        at=NOW,
    )
    start = local("2026-03-01T00:00")
    with factory() as session:
        stamps = calendar_timestamps(session, service_ids=["consult"], start=start)
        intervals = calendar_intervals(session, service_ids=["consult"], start=start)
    assert stamps["consult"] == [(s.timestamp(), e.timestamp()) for s, e in intervals["consult"]]
    assert stamps["consult"][0][0] == odd.timestamp()


def test_a_read_session_remembers_service_lookups(
    factory: sessionmaker[Session], engine: Engine, imported: Business
) -> None:
    with factory() as plain, statements(engine) as seen:
        first = service_ids_by_slug(plain, service_ids=["consult"])
        assert service_ids_by_slug(plain, service_ids=["consult"]) == first
    assert sum("FROM services" in s for s in seen) == 2  # no memo: each call reads
    with remember_services(factory()) as reads, statements(engine) as seen:
        found = service_ids_by_slug(reads, service_ids=["consult"])
        found["consult"] = -1  # the caller's copy
        assert service_ids_by_slug(reads, service_ids=["consult"]) == first
        assert service_ids_by_slug(reads, business=imported, service_ids=["consult"]) == first
        assert set(service_ids_by_slug(reads)) == {s.id for s in imported.services}
    assert sum("FROM services" in s for s in seen) == 3  # one per distinct question


def test_active_group_sessions_is_active_group_and_its_sessions(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    implant = "dental-implant"
    booked = book_plan(
        factory,
        business=imported,
        customer_id=marie,
        service_id=implant,
        plan=implant_plan(),
        at=NOW,
    )
    with factory() as session:
        group, sessions = active_group_sessions(session, customer_id=marie, service_id=implant)
        assert group == active_group(session, customer_id=marie, service_id=implant)
        assert group is not None and group.id == booked.group.id
        assert sessions == group_sessions(session, customer_id=marie, group_id=group.id)
        assert [s.number for s in sessions] == [1, 2, 3]
        assert active_group_sessions(session, customer_id=thomas, service_id=implant) == (
            None,
            [],
        )
