"""The grammar keeps its accuracy on the hand-written battery of 160 date and time
phrasings in three languages (tests/nlu/date_battery.py; figures in
docs/understanding.md)."""

from __future__ import annotations

from bookbot.agent.nlu import parse_when
from tests.nlu.date_battery import BATTERY, NOW

RECORDED = 160
"""Phrasings read right when the battery was written and measured."""


def reading(text: str, lang: str) -> tuple[str | None, str | None]:
    found = [w for w in parse_when(text, NOW, lang=lang) if not w.excluded and w.valid]
    if not found:
        return None, None
    first = found[0]
    day = first.date.isoformat() if first.date else None
    at = first.time.strftime("%H:%M") if first.time else None
    return day, at


def right(lang: str, text: str, day: str | None, at: str | None) -> bool:
    got_day, got_at = reading(text, lang)
    return got_at == at and (day is None or got_day == day)


def test_the_battery_has_every_language_and_enough_phrasings() -> None:
    assert len(BATTERY) >= 150
    assert {lang for lang, *_ in BATTERY} == {"en", "de", "es"}


def test_the_grammar_reads_the_battery() -> None:
    wrong = [(t, reading(t, lang), (d, a)) for lang, t, d, a in BATTERY if not right(lang, t, d, a)]
    assert len(BATTERY) - len(wrong) >= RECORDED, wrong
