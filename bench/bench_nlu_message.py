"""How long the offline model's language understanding takes per message.

    python bench/bench_nlu_message.py [--runs 200]

Prints the median over rounds of `parse_when` alone and of the rest of a message's
readings (yes/no, intents, counts, services), in microseconds per message. This
was a timed unit test; timing belongs in a benchmark, where a busy machine makes
a slow figure rather than a red build.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bookbot.agent.nlu import (
    classify_reply,
    detect_intents,
    extract_count,
    match_services,
    parse_when,
)
from bookbot.core.config import Service

NOW = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Zurich"))
SERVICES = [Service(id="physio", name="Physiotherapy", trigger_words=("physio",))]
MESSAGES = [
    "How about March 10th at 2pm?",
    "Tomorrow at 10am if possible",
    "Mondays and Wednesdays at 6pm, and Saturday mornings",
    "I need physiotherapy for my back pain",
    "Same time on Friday?",
    "Yes!",
    "Mittwoch den 18. um 16 Uhr",
    "el jueves 12 a las 5 de la tarde",
]


def _dates() -> None:
    for text in MESSAGES:
        parse_when(text, NOW)


def _rest() -> None:
    for text in MESSAGES:
        classify_reply(text)
        detect_intents(text)
        extract_count(text)
        match_services(text, SERVICES)


def per_message_us(work: object, runs: int) -> float:
    assert callable(work)
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(runs):
            work()
        rounds.append((time.perf_counter() - started) / (runs * len(MESSAGES)) * 1e6)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    _dates()
    _rest()  # warm the caches
    print(f"parse_when: {per_message_us(_dates, runs):.0f} us per message")
    print(f"the rest:   {per_message_us(_rest, runs):.0f} us per message")


if __name__ == "__main__":
    main()
