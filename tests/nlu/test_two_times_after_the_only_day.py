"""Two or more times said after the message's only day, with words between, are that
day's, as they are when they follow it directly (read from heldout13, session 8: the
second was dropped and its session forgotten). One time alone stays the message's time
of day; two days keep their own times."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu.when import parse_when

NOW = datetime(2027, 1, 12, 8, 30, tzinfo=ZoneInfo("Europe/Vienna"))  # a Tuesday
SAT = date(2027, 1, 16)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "am samstag 16.1. gleich zwei stunden hintereinander, um 9 und um 10:30?"),
        ("es", "el sábado 16 quiero dos clases seguidas, a las 9 y a las 10:30"),
        ("en", "saturday the 16th i'd like two sessions back to back, at 9 and at 10:30"),
    ],
)  # fmt: skip
def test_the_times_after_the_only_day_are_that_days(lang: str, text: str) -> None:
    read = [(w.date, w.time) for w in parse_when(text, NOW, lang=lang)]
    assert read == [(SAT, time(9, 0)), (SAT, time(10, 30))]


def test_one_time_after_the_day_stays_as_it_was() -> None:
    read = parse_when("saturday the 16th works, maybe at 9", NOW, lang="en")
    assert [(w.date, w.time) for w in read] == [(SAT, None), (None, time(9, 0))]


def test_two_days_keep_their_own_times() -> None:
    read = parse_when("friday at 9 and saturday at 10:30", NOW, lang="en")
    assert [(w.date, w.time) for w in read] == [
        (date(2027, 1, 15), time(9, 0)),
        (SAT, time(10, 30)),
    ]
