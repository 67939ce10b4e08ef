"""How long one proactive-worker pass takes with many plans in the database.

Builds a database (a SQLite file by default, or `--url` for PostgreSQL) holding
`--bookings` bookings (default 100,000) in plans of the demo business's services,
spread over four months around the pass's moment (past sessions completed, later
ones confirmed), then runs `service.proactive.enqueue_due` twice at that moment:
the first pass enqueues what is due, the next `--steady` passes are the steady
state (everything due was enqueued before). Prints wall time, the client's CPU
time and SQL statements per pass. The tables are
vacuumed and analysed after the build (as autovacuum keeps a live database). Loopback
only, bounded by `--bookings`.

    .venv/bin/python bench/bench_worker_pass.py [--bookings 100000] [--url URL]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time as clock
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import open_database
from bookbot.core.config import Business
from bookbot.service.proactive import enqueue_due
from bookbot.store import load_business_file
from bookbot.store.lookup import service_ids_by_slug
from bookbot.store.models import BookingRow, CustomerRow, SessionGroupRow

DEMO = Path(__file__).resolve().parents[1] / "evals" / "businesses" / "demo.yaml"
ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
BATCH = 5000


def build(factory: sessionmaker[Session], business: Business, bookings: int) -> int:
    """Insert plans holding `bookings` bookings; how many plans."""
    rng = random.Random(7)
    with factory.begin() as session:
        services = service_ids_by_slug(session, business=business)
    specs = [s for s in business.services if s.id in services]
    customers: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    n = 0
    while len(rows) < bookings:
        service = specs[n % len(specs)]
        total = min(service.total_sessions_required, bookings - len(rows))
        customer_id = n + 1
        customers.append({"id": customer_id, "phone": f"+4178{n:08d}", "name": f"C{n}"})
        group_id = uuid.uuid4()
        first = NOW + timedelta(days=rng.randint(-60, 60), hours=rng.randint(0, 8))
        groups.append(
            {
                "id": group_id,
                "customer_id": customer_id,
                "service_id": services[service.id],
                "strategy": service.multi_session_strategy.value,
                "total_sessions": service.total_sessions_required,
                "status": "active",
                "created_at": first - timedelta(days=7),
            }
        )
        for number in range(1, total + 1):
            start = first + timedelta(days=7 * (number - 1))
            rows.append(
                {
                    "session_group_id": group_id,
                    "service_id": services[service.id],
                    "customer_id": customer_id,
                    "session_number": number,
                    "total_sessions": service.total_sessions_required,
                    "is_part_of_multi_session": service.total_sessions_required > 1,
                    "start_at": start,
                    "end_at": start + timedelta(hours=1),
                    "status": "completed" if start < NOW else "confirmed",
                }
            )
        n += 1
    with factory.begin() as session:
        for table, values in ((CustomerRow, customers), (SessionGroupRow, groups)):
            for i in range(0, len(values), BATCH):
                session.execute(insert(table), values[i : i + BATCH])
        for i in range(0, len(rows), BATCH):
            session.execute(insert(BookingRow), rows[i : i + BATCH])
    engine = factory.kw["bind"]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # what autovacuum keeps up on a live database: statistics, the visibility map
        postgres = engine.dialect.name == "postgresql"
        connection.execute(text("VACUUM ANALYZE" if postgres else "ANALYZE"))
    return len(groups)


def timed_pass(engine: Engine, factory: sessionmaker[Session], business: Business) -> str:
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    started, cpu = clock.perf_counter(), clock.process_time()
    added = enqueue_due(factory, business, now=NOW)
    elapsed, cpu = clock.perf_counter() - started, clock.process_time() - cpu
    event.remove(engine, "before_cursor_execute", count)
    return (
        f"{elapsed * 1000:8.0f} ms ({cpu * 1000:.0f} ms client CPU), "
        f"{statements[0]} statements, {len(added)} enqueued"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--url", help="database URL (default: a new SQLite file)")
    parser.add_argument("--steady", type=int, default=3, help="passes after the first")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    business = load_business_file(DEMO)
    engine, factory = open_database(url, business)
    try:
        with factory() as session:
            if session.scalar(select(BookingRow.id).limit(1)) is not None:
                raise SystemExit(f"{url} already holds bookings: use an empty database")
        started = clock.perf_counter()
        plans = build(factory, business, args.bookings)
        print(f"{args.bookings} bookings in {plans} plans ({clock.perf_counter() - started:.1f} s)")
        print(f"first pass:  {timed_pass(engine, factory, business)}")
        for number in range(2, 2 + args.steady):
            print(f"pass {number}:      {timed_pass(engine, factory, business)}")
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
