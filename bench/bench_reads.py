"""Benchmark: the turn's two hottest tool reads, in client CPU time (issue #15).

Run from the project root:

    .venv/bin/python bench/bench_reads.py [--url URL] [--bookings 100,1000,5000]
        [--iterations 300]

- availability: `tools.calendar_window.availability` over the next 90 days of
  `dental-implant` (what every propose_schedule reads: the service's calendar
  read and the core's `Calendar` built from it, and the customer's own busy time),
  with that many bookings of the service in the window;
- progress: `tools.progress.get_progress` for a customer with three plans of three
  sessions each.

Each is timed with `time.process_time` over `--iterations` calls (after a few
untimed ones) and printed as CPU ms per call: this process's CPU only, so the
figure holds on a machine shared with other work (PostgreSQL's own CPU is not in
it). The tools read as a turn worker's do on PostgreSQL: an engine without the
pre-ping, the reads in autocommit. `--url` is an empty database (the default: a
new SQLite file); the bookings are written by the bench.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select

from bookbot.agent.runtime import open_runtime
from bookbot.core.config import Business
from bookbot.settings import DEMO_BUSINESS, Settings
from bookbot.store.db import make_engine, make_session_factory
from bookbot.store.models import BookingRow, CustomerRow, ServiceRow, SessionGroupRow
from bookbot.tools.calendar_window import availability
from bookbot.tools.context import ToolContext
from bookbot.tools.progress import GetProgressArgs, get_progress

ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
SERVICE = "dental-implant"
CAPACITY = 50


def bench_business(folder: Path) -> Path:
    """The demo business with every capacity at CAPACITY (as bench_load's)."""
    lines = [
        line[: line.index("capacity:")] + f"capacity: {CAPACITY}"
        if line.strip().startswith("capacity:")
        else line
        for line in DEMO_BUSINESS.read_text().splitlines()
    ]
    path = folder / "bench-business.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def seed(factory: object, business: Business, count: int, rng: random.Random) -> int:
    """`count` one-session bookings of SERVICE at random half hours of the next 89
    days (one customer each), and a customer with three 3-session plans; that
    customer's id."""
    service = business.service(SERVICE)
    minutes = timedelta(minutes=service.duration_minutes)
    with factory.begin() as session:  # type: ignore[attr-defined]
        session.execute(delete(BookingRow))
        session.execute(delete(SessionGroupRow))
        session.execute(delete(CustomerRow))
        pk = session.scalar(select(ServiceRow.id).where(ServiceRow.slug == SERVICE))
        session.execute(
            insert(CustomerRow),
            [{"phone": f"+4178{i:07d}", "name": f"C {i}"} for i in range(count + 1)],
        )
        customers = list(session.scalars(select(CustomerRow.id).order_by(CustomerRow.id)))
        asking, others = customers[0], customers[1:]
        groups: list[dict[str, object]] = []
        bookings: list[dict[str, object]] = []

        def add(customer: int, starts: list[datetime]) -> None:
            group = uuid.uuid4()
            groups.append(
                {
                    "id": group,
                    "customer_id": customer,
                    "service_id": pk,
                    "strategy": service.strategy.value,
                    "total_sessions": len(starts),
                    "status": "active",
                    "created_at": (NOW - timedelta(days=len(groups))).astimezone(UTC),
                }
            )
            for number, start in enumerate(starts, 1):
                bookings.append(
                    {
                        "session_group_id": group,
                        "service_id": pk,
                        "customer_id": customer,
                        "session_number": number,
                        "total_sessions": len(starts),
                        "start_at": start.astimezone(UTC),
                        "end_at": (start + minutes).astimezone(UTC),
                        "status": "confirmed",
                        "created_at": NOW.astimezone(UTC),
                        "updated_at": NOW.astimezone(UTC),
                    }
                )

        for customer in others:
            day = NOW + timedelta(days=rng.randrange(1, 89))
            add(customer, [day.replace(hour=8) + timedelta(minutes=30 * rng.randrange(18))])
        for plan in range(3):
            first = NOW.replace(hour=7) + timedelta(days=2 + 30 * plan)
            add(asking, [first + timedelta(days=7 * k) for k in range(3)])
        session.execute(insert(SessionGroupRow), groups)
        session.execute(insert(BookingRow), bookings)
    return int(asking)


def cpu_ms(call: object, iterations: int) -> float:
    for _ in range(5):
        call()  # type: ignore[operator]
    started = time.process_time()
    for _ in range(iterations):
        call()  # type: ignore[operator]
    return (time.process_time() - started) * 1000 / iterations


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--bookings", default="100,1000,5000")
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{folder}/bench.db"
        settings = Settings(database_url=url)
        with open_runtime(settings, business_file=bench_business(Path(folder))) as runtime:
            business = runtime.business
            factory = read_factory = runtime.session_factory
            engine = None
            if runtime.engine.dialect.name == "postgresql":  # as a turn worker reads
                engine = make_engine(runtime.engine.url, pre_ping=False)
                factory = make_session_factory(engine)
                reads = engine.execution_options(isolation_level="AUTOCOMMIT")
                read_factory = make_session_factory(reads)
            service = business.service(SERVICE)
            near = NOW + timedelta(days=90)
            print(f"{runtime.engine.dialect.name}: CPU ms per call ({args.iterations} calls)")
            for count in (int(n) for n in args.bookings.split(",")):
                customer = seed(runtime.session_factory, business, count, rng)
                ctx = ToolContext(factory, business, NOW, customer, 0, read_factory=read_factory)
                free = availability(ctx, service, until=near)
                assert free.calendar.size(SERVICE) >= count, free.calendar.size(SERVICE)
                shown = get_progress(ctx, GetProgressArgs())
                assert len(shown.plans) == 3, shown
                calendar = cpu_ms(partial(availability, ctx, service, until=near), args.iterations)
                plans = cpu_ms(partial(get_progress, ctx, GetProgressArgs()), args.iterations)
                print(f"{count:>6} bookings: availability {calendar:5.2f}, progress {plans:5.2f}")
            with runtime.session_factory.begin() as session:
                session.execute(delete(BookingRow))
                session.execute(delete(SessionGroupRow))
                session.execute(delete(CustomerRow))
            if engine is not None:
                engine.dispose()


if __name__ == "__main__":
    main()
