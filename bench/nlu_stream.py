"""CPU the offline model spends reading a message it has never seen.

    .venv/bin/python bench/nlu_stream.py [--rounds 5] [--profile FILE] [--dump FILE]

A fixed stream of distinct texts, each read once with `nlu_adapter.read_message` (what
`WishReader` does for every message) against the business it was written to: the
`user:` lines of the public eval cases (their own business and clock), the varied
en/de/es conversations of `loadkit.walks.conversation` and an opening joined with a wish
(demo business). Every text is new to the process, as in real traffic (a repeated
text is answered from the caches), while words repeat across texts as they do.

Each round is a fresh interpreter: a few other messages are read first (imports,
lexicons, regexes), then the stream once, timed with `time.process_time`. Prints the
median CPU per new message over the rounds. `--dump` writes every reading (and every
`match_services` answer) to a file, to compare two versions of the code for
identical behaviour; `--profile` writes a cProfile of one round.
"""

from __future__ import annotations

import argparse
import cProfile
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

Item = tuple[str, object, datetime]
"""(text, business, the business clock)."""

WARM = (
    "How about March 10th at 2pm?",
    "Mittwoch den 18. um 16 Uhr",
    "el jueves 12 a las 5 de la tarde",
    "yes",
)
COMBINED = 300
"""Openings joined with a wish, drawn to bring the stream past 500 distinct texts."""


def stream() -> tuple[list[Item], list[Item]]:
    """(warm-up items, the timed stream): distinct texts, in a fixed order."""
    from loadkit.walks import conversation

    from bookbot.evals.case_loader import load_case
    from bookbot.evals.cases_model import Case, UserStep
    from bookbot.settings import DEMO_BUSINESS
    from bookbot.store.business_file import load_business_file

    demo = load_business_file(DEMO_BUSINESS)
    now = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo(demo.timezone))
    seen: set[str] = set(WARM)
    items: list[Item] = []

    def add(text: str, business: object, at: datetime) -> None:
        if text not in seen:
            seen.add(text)
            items.append((text, business, at))

    businesses: dict[str, object] = {}
    for path in sorted((ROOT / "evals" / "cases").glob("*.yaml")):
        case = load_case(path)
        if not isinstance(case, Case):
            continue
        # one object per business, as a running bot keeps it
        business = businesses.setdefault(case.business.model_dump_json(), case.business)
        for step in case.steps:
            if isinstance(step, UserStep):
                add(step.text, business, case.now)
    for n in range(2000):
        for text in conversation(n):
            add(text, demo, now)
    pick = random.Random(7)
    before = len(items)
    while len(items) < before + COMBINED:
        opening, when, _, _ = conversation(pick.randrange(10**6))
        add(f"{opening}. {when}", demo, now)
    return [(t, demo, now) for t in WARM], items


def read_all(items: list[Item]) -> None:
    from bookbot.agent.offline.nlu_adapter import read_message

    for text, business, at in items:
        read_message(text, at, business)  # type: ignore[arg-type]


def one_round(profile: str | None) -> None:
    """One fresh process's figure: CPU ms per new message, on stdout."""
    warm, items = stream()
    read_all(warm)
    profiler = cProfile.Profile() if profile else None
    started = time.process_time()
    if profiler is not None:
        profiler.enable()
    read_all(items)
    if profiler is not None:
        profiler.disable()
    spent = time.process_time() - started
    if profiler is not None and profile:
        profiler.dump_stats(profile)
    print(f"{len(items)} {spent / len(items) * 1e3:.4f}")


def dump(path: str) -> None:
    """Every reading of the stream (and its service matches in each language), as text."""
    from bookbot.agent import nlu
    from bookbot.agent.offline.nlu_adapter import read_message

    warm, items = stream()
    with open(path, "w", encoding="utf-8") as out:
        for text, business, at in warm + items:
            out.write(f"{read_message(text, at, business)!r}\n")  # type: ignore[arg-type]
            for lang in ("en", "de", "es"):
                found = nlu.match_services(text, business.services, lang)  # type: ignore[attr-defined]
                shown = [
                    (m.service.id, m.score, m.matched, m.heard, m.exact, m.translated,
                     sorted(m.explained))
                    for m in found
                ]  # fmt: skip
                out.write(f"  {lang} {shown!r}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="write a cProfile of one round here")
    parser.add_argument("--dump", help="write every reading here, for a diff")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.dump)
        return
    if args.one or args.profile:
        one_round(args.profile)
        return
    figures = []
    count = 0
    for _ in range(args.rounds):
        done = subprocess.run(
            [sys.executable, __file__, "--one"], check=True, capture_output=True, text=True
        )
        count_s, ms = done.stdout.split()
        count, figure = int(count_s), float(ms)
        figures.append(figure)
    shown = " ".join(f"{f:.3f}" for f in figures)
    print(f"{count} new messages: {statistics.median(figures):.3f} ms CPU each (rounds: {shown})")


if __name__ == "__main__":
    main()
