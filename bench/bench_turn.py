"""Benchmark: one full customer turn with the offline model against 10k bookings in SQLite.

Run from the project root:

    .venv/bin/python bench/bench_turn.py [--bookings 10000] [--repeat 200]

A turn is `Conversations.handle`: store the inbound message, load the history
and the dialogue state, run the offline model and its tool calls against the
store and the core, store the reply, the turn record and the tool calls. That is
all of bookbot's own time; an LLM's latency would come on top.

The database is a SQLite file with the demo business (capacities raised so the
calendar can hold the bookings) and `--bookings` confirmed bookings spread at
random over the open half-hour slots of the next twelve months, across every
service and 2,000 customers. Each timed conversation is a new customer, so every
repetition does the same work:

- propose: "How about <a weekday> at <an hour> for a dental implant?" -> propose_schedule
  (the 3-session immediate plan checked against the service's calendar);
- confirm: "yes" -> book_group (three bookings written under the service lock); when
  the wished slot was full (the timed conversations fill slots too), the first turn
  offered alternatives and "yes" takes
  the first of them with a new proposal instead (the run prints how many booked);
- progress: "how far am I?" -> get_progress.

The target (issue #4) is a median under 15 ms per turn at 10k bookings.
Nothing is asserted here; the figures go into README.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time as clock
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.service.conversations import Conversations
from bookbot.settings import DEMO_BUSINESS, Settings
from bookbot.store.models import BookingRow, CustomerRow, ServiceRow, SessionGroupRow

ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
CUSTOMERS = 2000
CAPACITY = 12


def bench_business(folder: Path) -> Path:
    """The demo business with every capacity raised to CAPACITY."""
    text = DEMO_BUSINESS.read_text()
    lines = [
        f"    capacity: {CAPACITY}" if line.strip().startswith("capacity:") else line
        for line in text.splitlines()
    ]
    path = folder / "bench-business.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def seed(runtime: Runtime, count: int, rng: random.Random) -> None:
    """`count` confirmed bookings on random open slots of the next year."""
    business = runtime.business
    with runtime.session_factory.begin() as session:
        services = {row.slug: row.id for row in session.scalars(select(ServiceRow))}
        session.execute(
            insert(CustomerRow),
            [{"phone": f"+4178{i:07d}", "name": f"Customer {i}"} for i in range(CUSTOMERS)],
        )
        customer_ids = list(session.scalars(select(CustomerRow.id)))
        slots = open_slots(runtime)
        groups, bookings = [], []
        for _ in range(count):
            service = rng.choice(business.services)
            start = rng.choice(slots)
            group = uuid.uuid4()
            customer = rng.choice(customer_ids)
            groups.append(
                {
                    "id": group,
                    "customer_id": customer,
                    "service_id": services[service.id],
                    "strategy": service.strategy.value,
                    "total_sessions": 1,
                    "status": "active",
                    "created_at": NOW.astimezone(UTC),
                }
            )
            bookings.append(
                {
                    "session_group_id": group,
                    "service_id": services[service.id],
                    "customer_id": customer,
                    "session_number": 1,
                    "total_sessions": 1,
                    "start_at": start.astimezone(UTC),
                    "end_at": (start + timedelta(minutes=service.duration_minutes)).astimezone(UTC),
                    "status": "confirmed",
                    "created_at": NOW.astimezone(UTC),
                    "updated_at": NOW.astimezone(UTC),
                }
            )
        session.execute(insert(SessionGroupRow), groups)
        session.execute(insert(BookingRow), bookings)


def open_slots(runtime: Runtime) -> list[datetime]:
    business = runtime.business
    found: list[datetime] = []
    day = NOW.date() + timedelta(days=1)
    for _ in range(365):
        for opening in business.opening(day):
            minute = opening.start_minutes
            while minute + 60 <= opening.end_minutes:
                found.append(
                    datetime.combine(day, datetime.min.time(), tzinfo=ZONE)
                    + timedelta(minutes=minute)
                )
                minute += 30
        day += timedelta(days=1)
    return found


BOOKED: list[int] = []
"""How many timed "yes" turns booked (the others took an alternative to a full slot)."""


def timed_turns(runtime: Runtime, repeat: int, rng: random.Random) -> dict[str, list[float]]:
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    hours = ["8am", "9am", "10am", "11am", "1pm", "2pm", "3pm", "4pm", "5pm"]
    samples: dict[str, list[float]] = {"propose": [], "confirm": [], "progress": []}
    BOOKED.clear()
    chat = Conversations.of(runtime)
    for i in range(repeat):
        phone = f"+4179{i:07d}"
        messages = {
            "propose": (
                f"How about {rng.choice(weekdays)} at {rng.choice(hours)} for a dental implant?"
            ),
            "confirm": "yes",
            "progress": "how far am I with my plan?",
        }
        for kind, text in messages.items():
            started = clock.perf_counter_ns()
            answer = chat.handle(phone=phone, text=text, now=NOW, name="Bench")
            samples[kind].append((clock.perf_counter_ns() - started) / 1e6)
            assert answer is not None and answer.outcome is not None, answer
            assert answer.outcome.error is None, answer
            if kind == "confirm" and any(t.name == "book_group" for t in answer.outcome.tools):
                BOOKED.append(i)
    return samples


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/bench.db")
        with open_runtime(settings, business_file=bench_business(Path(folder))) as runtime:
            seed(runtime, args.bookings, rng)
            timed_turns(runtime, 5, rng)  # warm caches (regexes, statements)
            samples = timed_turns(runtime, args.repeat, rng)
    print(f"{args.bookings} bookings in SQLite, {args.repeat} conversations, offline model")
    print(f"{'turn':<10}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, values in samples.items():
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(f"{kind:<10}{statistics.median(values):>10.2f}{p95:>10.2f}{ordered[-1]:>10.2f}")
    every = [v for values in samples.values() for v in values]
    print(f"{'all':<10}{statistics.median(every):>10.2f}")
    print(f"confirm turns that booked: {len(BOOKED)}/{args.repeat} (the others answered a full")
    print("slot's alternatives with a new proposal)")


if __name__ == "__main__":
    main()
