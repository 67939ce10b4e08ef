"""Benchmark: plan a 12-session immediate plan against 1k, 10k and 100k bookings.

Run from the project root:

    .venv/bin/python bench/bench_planner.py [--repeat N] [--sizes 1000,10000,100000]

The business is open Mon-Fri 08:00-12:00 and 13:00-19:00 and Saturday 09:00-13:00
(Europe/Zurich, 15-minute grid); the service has 12 sessions of 60 minutes, at
least 7 and at most 14 days apart. The existing bookings are spread at random
over the open slots of 2026, so the plan crosses both DST changes. Capacity grows
with the calendar (the average number of overlapping bookings / 0.7, rounded up)
so every size is similarly busy: the planner does the same kind of work at each
size and what grows is the calendar.

For each size the `Calendar` is built once, outside the timed part (its build
time is reported on its own, with the cost of one overlap count, the only step
whose cost depends on the calendar's size: two bisections). Timed with
`time.perf_counter_ns` over many repetitions, each from a different first start:

- plan: `plan_immediate` from a free first start (the usual answer);
- alternatives: from a first start that is fully booked, so the answer is a
  `Conflict` with the nearest session-1 starts from which the whole plan fits;
- no window: a request whose plan cannot fit (a 3-week closure inside the
  maximum gap), so every nearby session-1 start is tried before giving up.

Nothing is asserted; the target is a median under 5 ms for "plan" at 10k and
cost growing no faster than log-linearly with the calendar.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bookbot.core.availability import Availability
from bookbot.core.calendar import Calendar
from bookbot.core.config import Business, parse_business
from bookbot.core.planner import plan_immediate
from bookbot.core.types import Conflict, Plan

ZONE = ZoneInfo("Europe/Zurich")
YEAR = date(2026, 1, 1)
STEP = 15
DURATION = 60
HOURS = {
    **{day: ["08:00-12:00", "13:00-19:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
    "sat": ["09:00-13:00"],
}
TARGET_LOAD = 0.7


def business(capacity: int, closed: list[date] | None = None) -> Business:
    return parse_business(
        {
            "name": "Bench",
            "timezone": "Europe/Zurich",
            "slot_step_minutes": STEP,
            "min_notice_hours": 2,
            "hours": HOURS,
            "closed": [d.isoformat() for d in closed or []],
            "services": [
                {
                    "id": "plan",
                    "name": "Twelve sessions",
                    "capacity": capacity,
                    "duration_minutes": DURATION,
                    "requires_multiple_sessions": True,
                    "total_sessions_required": 12,
                    "multi_session_strategy": "immediate",
                    "session_buffer_config": {"default_days": 7, "maximum_days": 14},
                }
            ],
        }
    )


def open_starts(biz: Business) -> list[datetime]:
    """Every grid start of 2026 where a 60-minute session fits the opening hours."""
    starts = []
    for offset in range(365):
        day = YEAR + timedelta(days=offset)
        for opening in biz.opening(day):
            minute = opening.start_minutes
            while minute + DURATION <= opening.end_minutes:
                wall = time(minute // 60, minute % 60)
                starts.append(datetime.combine(day, wall, tzinfo=ZONE))
                minute += STEP
    return starts


def capacity_for(size: int, slots: int) -> int:
    """Capacity that keeps about TARGET_LOAD of each hour taken."""
    concurrent = size * DURATION / (slots * STEP)
    return max(1, math.ceil(concurrent / TARGET_LOAD))


def bookings(size: int, starts: list[datetime], seed: int) -> list[tuple[datetime, datetime]]:
    rng = random.Random(seed)
    chosen = (rng.choice(starts) for _ in range(size))
    return [(s, s + timedelta(minutes=DURATION)) for s in chosen]


def query_ns(calendar: Calendar, starts: list[datetime], count: int = 20_000) -> float:
    """Median cost of one `Calendar.overlapping` count (the only size-dependent step)."""
    probes = random.Random(7).sample(starts, 100)
    rounds = []
    for _ in range(5):
        began = clock.perf_counter_ns()
        for index in range(count):
            start = probes[index % 100]
            calendar.overlapping("plan", start, start + timedelta(minutes=DURATION))
        rounds.append((clock.perf_counter_ns() - began) / count)
    return statistics.median(rounds)


def cycle(avail: Availability, firsts: list[datetime]) -> Callable[[int], object]:
    """Run `index`: plan from the index-th first start (round robin)."""
    return lambda index: plan_immediate(avail, firsts[index % len(firsts)])


def timed(run: Callable[[int], object], repeat: int) -> tuple[list[int], object]:
    samples, result = [], None
    run(0)  # warm the caches (zoneinfo, pydantic properties)
    for index in range(repeat):
        began = clock.perf_counter_ns()
        result = run(index)
        samples.append(clock.perf_counter_ns() - began)
    return samples, result


def ms(ns: float) -> str:
    return f"{ns / 1e6:8.2f}"


def percentile(samples: list[int], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(name: str, size: int, samples: list[int], kind: str) -> str:
    median = statistics.median(samples)
    return (
        f"{name:<13}{size:>9,}{ms(median)} ms{ms(percentile(samples, 0.95))} ms"
        f"{ms(min(samples))} ms  {kind}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per case")
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    starts = open_starts(business(1))
    now = datetime(2026, 1, 5, 7, 0, tzinfo=ZONE)
    firsts = [s for s in starts if now + timedelta(days=7) <= s < now + timedelta(days=60)]
    out = sys.stdout.write
    out(f"python {sys.version.split()[0]}, {len(starts):,} open 60-minute starts in 2026\n\n")
    out(f"{'case':<13}{'bookings':>9}{'median':>11}{'p95':>11}{'min':>11}  result\n")
    builds = []
    for size in sizes:
        capacity = capacity_for(size, len(starts))
        items = bookings(size, starts, seed=size)
        began = clock.perf_counter_ns()
        calendar = Calendar.from_intervals({"plan": items})
        built = clock.perf_counter_ns() - began
        builds.append((size, built, capacity, query_ns(calendar, starts)))
        biz = business(capacity)
        avail = Availability(biz, biz.services[0], calendar, now)
        rng = random.Random(1)
        free = [s for s in rng.sample(firsts, 400) if avail.is_free(s, 1)]
        full = [s for s in firsts if not avail.is_free(s, 1)][:400] or free

        samples, result = timed(cycle(avail, free), args.repeat)
        out(row("plan", size, samples, type(result).__name__) + "\n")

        samples, result = timed(cycle(avail, full), args.repeat)
        kind = type(result).__name__
        if isinstance(result, Conflict):
            kind += f" {result.rule.value}, {len(result.alternatives)} alternatives"
        out(row("alternatives", size, samples, kind) + "\n")

        # a 3-week closure that a 14-day maximum cannot jump
        shut = [date(2026, 3, 2) + timedelta(days=d) for d in range(21)]
        blocked = business(capacity, closed=shut)
        stuck = Availability(blocked, blocked.services[0], calendar, now)
        monday = datetime(2026, 1, 12, 10, 0, tzinfo=ZONE)
        request = next(s for s in starts if s >= monday and stuck.is_free(s, 1))
        samples, result = timed(cycle(stuck, [request]), max(5, args.repeat // 10))
        kind = type(result).__name__
        if isinstance(result, Conflict):
            kind += f" {result.rule.value}, {len(result.alternatives)} alternatives"
        elif isinstance(result, Plan):
            kind += " (unexpected)"
        out(row("no window", size, samples, kind) + "\n")

    out(f"\n{'calendar':<10}{'bookings':>9}{'build':>11}{'query':>12}  capacity\n")
    for size, elapsed, capacity, query in builds:
        out(f"{'':<10}{size:>9,}{ms(elapsed)} ms{query:>9.0f} ns  {capacity}\n")


if __name__ == "__main__":
    main()
