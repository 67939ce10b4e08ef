"""A weekday with a bare day number is a date, never a count of sessions (issue 13,
class 2): the next date that is both, or the nearest one flagged as not that weekday."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import detect_language, extract_count, parse_when

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZURICH)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("thu 16 at 3", date(2026, 4, 16), time(15)),
        ("Fri 24 10am", date(2026, 4, 24), time(10)),
        ("could do sat 18, 11:30", date(2026, 4, 18), time(11, 30)),
        ("Do 23 um 5", date(2026, 4, 23), time(17)),
        ("Fr 17 gegen 9", date(2026, 4, 17), time(9)),
        ("vie 17 a las 11", date(2026, 4, 17), time(11)),
        ("el jueves 30 a las 6 de la tarde", date(2026, 4, 30), time(18)),
        # the 12th of April is a Sunday; the next Tuesday the 12th is in May
        ("tues 12 at 2pm", date(2026, 5, 12), time(14)),
        ("Fri 24", date(2026, 4, 24), None),
    ],
)
def test_a_weekday_and_a_day_number_are_one_date(text: str, day: date, at: time | None) -> None:
    found = parse_when(text, NOW, lang=detect_language(text))
    assert [(w.date, w.time, w.valid) for w in found] == [(day, at, True)]
    assert extract_count(text, detect_language(text)) is None


@pytest.mark.parametrize("text", ["mon 14 at 9", "Mi 16 um 10", "dom 20 a las 12"])
def test_a_weekday_and_day_that_never_agree_soon_are_flagged(text: str) -> None:
    (when,) = parse_when(text, NOW, lang=detect_language(text))
    assert not when.valid
    assert when.date is not None and when.date.day == int(text.split()[1])
    assert extract_count(text, detect_language(text)) is None


def test_a_count_after_a_weekday_stays_a_count() -> None:
    count = extract_count("friday 3 sessions please")
    assert count is not None and count.value == 3
