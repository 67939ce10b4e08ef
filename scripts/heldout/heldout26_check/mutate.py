"""Mutation runs: the checker must fail when a final booking, the clock or a closure
changes. Each run reports what it caught; `mutate` returns how many were missed."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from heldout26_check.check import check_all, check_businesses
from heldout26_check.model import Biz, Bk, Case

CLOCK_SHIFTS = {
    "now +1 day": timedelta(days=1),
    "now -1 day": timedelta(days=-1),
    "now +7 days": timedelta(days=7),
    "now +3 hours": timedelta(hours=3),
}


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def failing(businesses: dict[str, Biz], cases: list[Case]) -> set[str]:
    results = check_all(businesses, cases)
    return {k for k, v in results.items() if v and k.startswith("heldout26")}


def caught(
    businesses: dict[str, Biz], cases: list[Case], i: int, change: Callable[[Case], None]
) -> bool:
    """Whether case i fails once `change` is applied to a copy of it."""
    mutated = copy.deepcopy(cases)
    change(mutated[i])
    return cases[i].id in failing(businesses, mutated)


def final_mutations(case: Case) -> list[tuple[str, Callable[[Case], None]]]:
    """Each final booking moved a day, moved a grid step, its status flipped, dropped;
    a booking added where none is expected."""
    out: list[tuple[str, Callable[[Case], None]]] = []
    for j in range(len(case.final)):
        step = timedelta(minutes=case.biz.step)
        out.append((f"final[{j}] +1 day", partial(shift, j=j, by=timedelta(days=1))))
        out.append((f"final[{j}] +1 step", partial(shift, j=j, by=step)))
        out.append((f"final[{j}] status", partial(flip, j=j)))
        out.append((f"final[{j}] dropped", partial(drop, j=j)))
    if not case.final:
        out.append(("a booking added", add_booking))
    return out


def shift(c: Case, j: int, by: timedelta) -> None:
    c.final[j].start = c.final[j].start + by


def flip(c: Case, j: int) -> None:
    b = c.final[j]
    b.status = "confirmed" if b.status == "cancelled" else "cancelled"


def drop(c: Case, j: int) -> None:
    del c.final[j]
    del c.finals_of[j]


def add_booking(c: Case) -> None:
    svc = next(iter(c.biz.services.values()))
    c.final.append(Bk(c.customer, svc.id, 1, c.now + timedelta(days=3)))
    c.finals_of.append(svc.total)


def move_clock(c: Case, by: timedelta) -> None:
    c.now = c.now + by
    c.clocks = [t + by for t in c.clocks]


def run_finals(businesses: dict[str, Biz], cases: list[Case]) -> int:
    total = missed = 0
    for i, case in enumerate(cases):
        for label, change in final_mutations(case):
            total += 1
            if not caught(businesses, cases, i, change):
                missed += 1
                say(f"  NOT CAUGHT: {case.id} {label}")
    say(f"final bookings (moved a day / a grid step, status flipped, dropped, added): "
        f"{total - missed}/{total} mutations caught")  # fmt: skip
    return missed


def run_clock(businesses: dict[str, Biz], cases: list[Case]) -> int:
    hits: dict[str, set[str]] = {c.id: set() for c in cases}
    for label, by in CLOCK_SHIFTS.items():
        for i, case in enumerate(cases):
            if caught(businesses, cases, i, partial(move_clock, by=by)):
                hits[case.id].add(label)
        n = sum(label in h for h in hits.values())
        say(f"{label}: {n}/{len(cases)} cases fail")
    never = [k for k, h in hits.items() if not h]
    say(f"every case fails under some clock shift: {len(cases) - len(never)}/{len(cases)}"
        + (f" (never: {', '.join(never)})" if never else ""))  # fmt: skip
    return len(never)


def run_closures(businesses: dict[str, Biz], cases: list[Case]) -> int:
    missed = 0
    for name, biz in businesses.items():
        for day in sorted(biz.closed):
            mutated = copy.deepcopy(businesses)
            mutated[name].closed.discard(day)
            hit = failing(mutated, [with_biz(c, mutated) for c in cases])
            holiday_check = "fails" if check_businesses(mutated) else "PASSES"
            missed += holiday_check == "PASSES"
            names = ", ".join(sorted(h.removeprefix("heldout26-") for h in hit)) or "-"
            say(f"{name}: closure {day} removed -> holiday check {holiday_check}; cases: {names}")
    total = 0
    for case in cases:
        for day in sorted({b.start.date() for b in case.final if b.status == "confirmed"}):
            mutated = copy.deepcopy(businesses)
            mutated[case.biz.file].closed.add(day)
            total += 1
            if case.id not in failing(mutated, [with_biz(c, mutated) for c in cases]):
                missed += 1
                say(f"  NOT CAUGHT: closure on {day} for {case.id}")
    say(f"closure added on a day with a booking: {total - missed}/{total} mutations caught")
    return missed


def with_biz(case: Case, businesses: dict[str, Biz]) -> Case:
    c = copy.copy(case)
    c.biz = businesses[case.biz.file]
    return c


def mutate(businesses: dict[str, Biz], cases: list[Case]) -> int:
    return (
        run_finals(businesses, cases)
        + run_clock(businesses, cases)
        + run_closures(businesses, cases)
    )
