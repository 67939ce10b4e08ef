"""Benchmark: one full customer turn with the offline model against 10k bookings.

Run from the project root:

    .venv/bin/python bench/bench_turn.py [--bookings 10000] [--repeat 200] [--url URL]
        [--queue]

`--url` runs it on that (empty) database, e.g. PostgreSQL; the default is a new
SQLite file. `--queue` times a turn worker's part: each message is stored pending
(not timed), then claimed and answered by `InboundQueue.drain` in this thread.
Per turn kind it prints the wall time, the process's CPU time, and the SQL
statements and commits the turn cost (counted on the engine).

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

`--walk` sends the load bench's walks instead (`loadkit.walks.conversation`: an opening,
a day and time, a yes, a progress question, in English, German or Spanish, the
phrasings drawn per walk), so the language understanding sees varied texts as in
`bench_load.py`.

The target (issue #4) is a median under 15 ms per turn at 10k bookings.
Nothing is asserted here; the figures go into README.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time as clock
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, insert, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.cpu import database_cpu_seconds  # noqa: E402
from loadkit.walks import conversation  # noqa: E402
from server_cpu import StatementCpu  # noqa: E402
from state_dump import dump_state  # noqa: E402

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.service.conversations import Answer, Conversations
from bookbot.service.queue import InboundQueue
from bookbot.service.replies import Replied
from bookbot.service.turn_worker import TurnWorker
from bookbot.settings import DEMO_BUSINESS, Settings
from bookbot.store import turn_queue
from bookbot.store.inbound import PENDING
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


class Counter:
    """Statements and commits on an engine, read around each turn."""

    def __init__(self, engine: Engine | None) -> None:
        self.statements = 0
        self.commits = 0
        if engine is None:  # nothing to count (no separate read engine)
            return
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *_args: object) -> None:
        self.statements += 1

    def _commit(self, *_args: object) -> None:
        self.commits += 1


Samples = dict[str, dict[str, list[float]]]


class BenchWorker(TurnWorker):
    """A turn worker whose turns keep their replies (for the bench's checks)."""

    def __init__(self, runtime: Runtime, replies: dict[int, Replied | None]) -> None:
        super().__init__(runtime, concurrency=1, clock=lambda: NOW)
        self.replies = replies

    def open(self, session: Session, claimed: turn_queue.Claimed) -> Callable[[], None]:
        chat = self.conversations()
        rest = chat.open_claimed(session, claimed, now=NOW, owner=self.queue.owner)

        def finish() -> None:
            self.replies[claimed.message_id] = None if rest is None else rest()

        return finish


def bench_messages(rng: random.Random) -> dict[str, str]:
    """A conversation's messages by turn kind: a plan asked for, a yes, a progress question."""
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    hours = ["8am", "9am", "10am", "11am", "1pm", "2pm", "3pm", "4pm", "5pm"]
    return {
        "propose": f"How about {rng.choice(weekdays)} at {rng.choice(hours)} for a dental implant?",
        "confirm": "yes",
        "progress": "how far am I with my plan?",
    }


def walk_messages(rng: random.Random) -> dict[str, str]:
    """`--walk`: the load bench's walk, its texts varied across customers and languages."""
    return dict(zip(WALK, conversation(rng.randrange(1 << 30)), strict=True))


def timed_turns(
    runtime: Runtime,
    repeat: int,
    rng: random.Random,
    *,
    queue: bool = False,
    worker: bool = False,
    walk: bool = False,
    server: StatementCpu | None = None,
) -> Samples:
    samples: Samples = {
        kind: {"wall": [], "cpu": [], "statements": [], "commits": [], "reads": []}
        for kind in (WALK if walk else ("propose", "confirm", "progress"))
    }
    BOOKED.clear()
    chat = Conversations.of(runtime)
    replies: dict[int, Replied | None] = {}

    def answer_claimed(message_id: int) -> None:
        replies[message_id] = chat.answer(message_id, now=NOW, owner=inbound.owner)

    # drained in this thread, as a turn worker's pool thread drains a customer
    inbound = InboundQueue(runtime.session_factory, answer_claimed, workers=1, clock=lambda: NOW)
    counter = Counter(runtime.engine)
    reads = Counter(None)
    turns = None
    if worker:  # the turn worker's own engine, its claim that reads the turn, its tool reads
        queue, turns = True, BenchWorker(runtime, replies)
        inbound.shutdown()
        inbound = turns.queue
        counter = Counter(turns._engine or runtime.engine)
        reads = Counter(turns._read_engine)
        if server is not None:  # the turn worker's statements (not the pending message's)
            server.attach(turns._engine, turns._read_engine)
    database = server_database(runtime.engine)
    backends = database_cpu_seconds(database)
    for i in range(repeat):
        phone = f"+4179{i:07d}"
        messages = walk_messages(rng) if walk else bench_messages(rng)
        for kind, text in messages.items():
            stored = None
            if queue:  # stored by the ingest (not timed), then claimed and answered
                stored = chat.receive(phone=phone, text=text, now=NOW, name="Bench", status=PENDING)
            statements, commits = counter.statements, counter.commits
            read_statements = reads.statements
            started, cpu = clock.perf_counter_ns(), clock.process_time_ns()
            if stored is not None:
                assert inbound.drain(stored.customer_id) == 1
                answer: Answer | Replied | None = replies.pop(stored.message_id)
            else:
                answer = chat.handle(phone=phone, text=text, now=NOW, name="Bench")
            sample = samples[kind]
            sample["wall"].append((clock.perf_counter_ns() - started) / 1e6)
            sample["cpu"].append((clock.process_time_ns() - cpu) / 1e6)
            sample["statements"].append(counter.statements - statements)
            sample["commits"].append(counter.commits - commits)
            sample["reads"].append(reads.statements - read_statements)
            assert answer is not None and answer.outcome is not None, answer
            assert answer.outcome.error is None, answer
            if kind == "confirm" and any(t.name == "book_group" for t in answer.outcome.tools):
                BOOKED.append(i)
    POSTGRES_CPU_MS.append((database_cpu_seconds(database) - backends) * 1000 / (3 * repeat))
    inbound.shutdown()
    if turns is not None:
        turns.close_pools()
    return samples


def server_database(engine: Engine) -> str:
    """The PostgreSQL database whose backends' CPU the run counts ("-" on SQLite)."""
    return engine.url.database or "" if engine.dialect.name == "postgresql" else "-"


WALK = ("opening", "when", "confirm", "progress")
"""The turn kinds of `--walk` (`loadkit.walks.conversation`'s four messages)."""

POSTGRES_CPU_MS: list[float] = []
"""CPU ms per turn of the database's server processes (PostgreSQL) in each timed run."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--warmup", type=int, default=5, help="conversations run before the timed ones"
    )
    parser.add_argument("--url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--queue",
        action="store_true",
        help="time what a turn worker does: the message is stored pending (not timed), "
        "then claimed and answered through the inbound queue",
    )
    parser.add_argument(
        "--worker",
        action="store_true",
        help="--queue as the turn worker runs it: its engine (no pre-ping), the claim "
        "that reads the turn in its transaction, the tools' autocommit reads",
    )
    parser.add_argument(
        "--server-cpu",
        action="store_true",
        help="with --worker on PostgreSQL (on this machine): the server's CPU per "
        "statement of the timed turns (bench/server_cpu.py)",
    )
    parser.add_argument(
        "--dump",
        type=Path,
        help="write the rows the turns stored to this file (bench/state_dump.py), to "
        "compare two versions of the code",
    )
    parser.add_argument(
        "--walk",
        action="store_true",
        help="the load bench's walks instead (an opening, a day and time, a yes, a "
        "progress question; English, German or Spanish, the phrasings drawn per walk)",
    )
    args = parser.parse_args(argv)
    args.queue = args.queue or args.worker
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{folder}/bench.db"
        settings = Settings(database_url=url)
        with open_runtime(settings, business_file=bench_business(Path(folder))) as runtime:
            with runtime.session_factory() as session:
                if session.scalar(select(BookingRow.id).limit(1)) is not None:
                    raise SystemExit(f"{url} already holds bookings: use an empty database")
            seed(runtime, args.bookings, rng)
            modes = {"queue": args.queue, "worker": args.worker, "walk": args.walk}
            timed_turns(runtime, args.warmup, rng, **modes)  # warm caches (regexes, statements)
            server = StatementCpu() if args.server_cpu else None
            samples = timed_turns(runtime, args.repeat, rng, **modes, server=server)
            if server is not None:
                server.finish()
            if args.dump is not None:
                print(f"{dump_state(runtime.engine, args.dump)} rows written to {args.dump}")
            dialect = runtime.engine.dialect.name
    via = ", claimed through the inbound queue" if args.queue else ""
    via += " of a turn worker" if args.worker else ""
    print(f"{args.bookings} bookings in {dialect}, {args.repeat} conversations, offline model{via}")
    print(
        f"{'turn':<10}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}{'cpu ms':>10}"
        f"{'stmts':>7}{'commits':>8}{'reads':>7}"
    )
    for kind, sample in samples.items():
        values = sample["wall"]
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(
            f"{kind:<10}{statistics.median(values):>10.2f}{p95:>10.2f}{ordered[-1]:>10.2f}"
            f"{statistics.median(sample['cpu']):>10.2f}{max(sample['statements']):>7.0f}"
            f"{max(sample['commits']):>8.0f}{max(sample['reads']):>7.0f}"
        )
    every = [v for sample in samples.values() for v in sample["wall"]]
    cpu = [v for sample in samples.values() for v in sample["cpu"]]
    print(f"{'all':<10}{statistics.median(every):>10.2f}{'':>20}{statistics.median(cpu):>10.2f}")
    print(f"mean cpu ms per turn: {statistics.mean(cpu):.2f}")
    if POSTGRES_CPU_MS[-1]:
        print(f"postgres backends of the database: {POSTGRES_CPU_MS[-1]:.2f} cpu ms per turn")
    print("(stmts and commits: the most any turn of the kind cost; reads: the statements")
    print("on a turn worker's autocommit read engine, not in stmts)")
    print(f"confirm turns that booked: {len(BOOKED)}/{args.repeat} (the others answered a full")
    print("slot's alternatives with a new proposal)")
    if server is not None:
        print("\n".join(server.report(args.repeat * len(samples))))


if __name__ == "__main__":
    main()
