"""Benchmark: the hand-written date grammar against dateparser on the battery of
160 date and time phrasings in English, German and Spanish
(tests/nlu/date_battery.py).

Run from the project root (dateparser is not a dependency; install it to compare):

    .venv/bin/pip install dateparser
    .venv/bin/python bench/nlu_dates.py

dateparser is given every advantage it has: the message's language, day-first
order, future dates preferred, `now` as the relative base, `search_dates` to find
the phrase inside the message and `get_date_data` to tell a day from a time. The
network is blocked while it runs, to show it needs none. A phrasing is right when
the day (if the battery names one) and the time (or its absence) are both right.
The figures go into docs/understanding.md.
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bookbot.agent.nlu import parse_when  # noqa: E402
from tests.nlu.date_battery import BATTERY, NOW  # noqa: E402

Reading = tuple[str | None, str | None]


def grammar(text: str, lang: str) -> Reading:
    found = [w for w in parse_when(text, NOW, lang=lang) if not w.excluded and w.valid]
    if not found:
        return None, None
    first = found[0]
    return (
        first.date.isoformat() if first.date else None,
        first.time.strftime("%H:%M") if first.time else None,
    )


def _dateparser() -> Callable[[str, str], Reading]:
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]
    from dateparser.search import search_dates  # type: ignore[import-untyped]

    settings: dict[str, Any] = {
        "RELATIVE_BASE": NOW.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "RETURN_TIME_AS_PERIOD": True,
    }
    parsers = {
        lang: DateDataParser(languages=[lang], settings=settings) for lang in ("en", "de", "es")
    }

    def read(text: str, lang: str) -> Reading:
        found = search_dates(text, languages=[lang], settings=settings)
        if not found:
            return None, None
        phrase, _ = found[0]
        data = parsers[lang].get_date_data(phrase)
        if data.date_obj is None:
            return None, None
        day = data.date_obj.date().isoformat()
        at = data.date_obj.strftime("%H:%M") if data.period == "time" else None
        return day, at

    return read


def score(read: Callable[[str, str], Reading]) -> tuple[dict[str, int], float, list[str]]:
    right = {"en": 0, "de": 0, "es": 0}
    misses: list[str] = []
    started = time.perf_counter()
    for lang, text, day, at in BATTERY:
        got_day, got_at = read(text, lang)
        if got_at == at and (day is None or got_day == day):
            right[lang] += 1
        else:
            misses.append(f"{lang} {text!r}: {got_day} {got_at} (expected {day} {at})")
    per_call = (time.perf_counter() - started) / len(BATTERY)
    return right, per_call, misses


def _no_network(*args: object, **kwargs: object) -> socket.socket:
    raise OSError("network blocked during the benchmark")


def main() -> None:
    totals = {lang: sum(1 for entry in BATTERY if entry[0] == lang) for lang in ("en", "de", "es")}
    print(f"{len(BATTERY)} phrasings: {totals}")
    socket.socket = _no_network  # type: ignore[assignment,misc]
    readers: list[tuple[str, Callable[[str, str], Reading]]] = [("grammar (agent/nlu)", grammar)]
    try:
        readers.append(("dateparser", _dateparser()))
    except ImportError:
        print("dateparser is not installed: only the grammar is measured")
    for name, read in readers:
        for lang in totals:  # build each language's patterns before timing
            read("ok", lang)
        right, per_call, misses = score(read)
        share = sum(right.values()) / len(BATTERY)
        by_lang = ", ".join(f"{k} {right[k]}/{totals[k]}" for k in totals)
        print(f"{name:20} {sum(right.values())}/{len(BATTERY)} ({share:.0%}; {by_lang})"
              f"  {per_call * 1e3:.2f} ms/call")  # fmt: skip
        for miss in misses[:12]:
            print("   ", miss)


if __name__ == "__main__":
    main()
