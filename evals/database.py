"""A fresh database per case run, its `setup` history, and the final bookings.

Each run gets its own in-memory SQLite database (one shared connection, so
the data lives as long as the engine), at the newest schema and holding the
case's business. Setup bookings go in through the store like any booking
(`book_plan` with a core `Plan`); their statuses are then set with actor
`setup`, which the worker treats as history (no milestone or outreach for it).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bookbot.core.config import Business
from bookbot.core.types import BookingStatus, Plan, PlannedSession
from bookbot.evals.cases_model import BookingSpec, Case
from bookbot.evals.checks import BookingRow, local_text
from bookbot.store import ensure_schema, import_business, make_engine, make_session_factory
from bookbot.store.bookings import book_plan, set_status
from bookbot.store.customers import get_or_create_customer
from bookbot.store.models import BookingRow as BookingTable
from bookbot.store.models import CustomerRow, ServiceRow

SETUP_ACTOR = "setup"


class _Template:
    """One migrated in-memory database, copied (SQLite's backup API) into each run's.

    Alembic's command API is not thread-safe, and migrating costs ~50 ms; copying
    the migrated schema costs well under one, and runs may go in parallel.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._source: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._source is None:
            self._engine = make_engine(
                "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
            ensure_schema(self._engine)
            raw = self._engine.raw_connection().driver_connection
            assert isinstance(raw, sqlite3.Connection)
            self._source = raw
        return self._source

    def copy(self) -> sqlite3.Connection:
        target = sqlite3.connect(":memory:", check_same_thread=False)
        with self._lock:
            self._connection().backup(target)
        return target


_TEMPLATE = _Template()


def fresh_database(business: Business) -> tuple[Engine, sessionmaker[Session]]:
    """A new in-memory database at the newest schema, holding `business`."""
    engine = make_engine("sqlite://", poolclass=StaticPool, creator=_TEMPLATE.copy)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, business)
    return engine, factory


def customer_id(factory: sessionmaker[Session], phone: str, name: str | None = None) -> int:
    with factory.begin() as session:
        return get_or_create_customer(session, phone=phone, name=name).id


def insert_setup(factory: sessionmaker[Session], case: Case) -> None:
    """Book `case.setup`, one session group per (customer, service)."""
    groups: dict[tuple[str, str], list[BookingSpec]] = defaultdict(list)
    for spec in case.setup:
        groups[(spec.customer, spec.service)].append(spec)
    for (phone, service_id), specs in groups.items():
        name = case.customer.name if phone == case.customer.phone else None
        owner = customer_id(factory, phone, name)
        _book_group(factory, case, owner, service_id, specs)


def _book_group(
    factory: sessionmaker[Session],
    case: Case,
    owner: int,
    service_id: str,
    specs: list[BookingSpec],
) -> None:
    service = case.business.service(service_id)
    created = min([case.now, *(s.start for s in specs)])
    group_id = None
    # Cancelled sessions first, so a later booking can take their number again.
    for spec in sorted(specs, key=lambda s: (s.status is not BookingStatus.CANCELLED, s.start)):
        start = spec.start
        end = start + timedelta(minutes=service.session_duration(spec.session))
        planned = PlannedSession(spec.session, start, end, service.session_name(spec.session))
        result = book_plan(
            factory,
            business=case.business,
            customer_id=owner,
            service_id=service_id,
            plan=Plan(sessions=(planned,)),
            group_id=group_id,
            actor=SETUP_ACTOR,
            at=created,
        )
        group_id = result.group.id
        if spec.status is not BookingStatus.CONFIRMED:
            with factory.begin() as session:
                set_status(
                    session,
                    booking_id=result.bookings[0].id,
                    status=spec.status,
                    actor=SETUP_ACTOR,
                    at=min(end, case.now),
                    note="eval setup",
                )


def final_bookings(factory: sessionmaker[Session], business: Business) -> list[BookingRow]:
    """Every booking in the database (cancelled ones too), as the final check compares."""
    with factory() as session:
        rows = session.execute(
            select(CustomerRow.phone, ServiceRow.slug, BookingTable)
            .join(CustomerRow, CustomerRow.id == BookingTable.customer_id)
            .join(ServiceRow, ServiceRow.id == BookingTable.service_id)
            .order_by(BookingTable.start_at, BookingTable.id)
        ).all()
        return [
            BookingRow(
                phone,
                slug,
                booking.session_number,
                booking.total_sessions,
                local_text(booking.start_at, business.zone),
                booking.status,
            )
            for phone, slug, booking in rows
        ]
