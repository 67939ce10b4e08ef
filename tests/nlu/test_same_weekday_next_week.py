"""The same weekday a week from today (heldout11: "this day next week" was read as the
Monday of next week and booked after a yes): `week_today` in each language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import parse_when

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))  # Tuesday
WEEK_ON = date(2026, 12, 15)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("can i come this day next week at 9.30", "en"),
        ("today week at 10 please", "en"),
        ("same day next week?", "en"),
        ("heute in einer Woche um 9", "de"),
        ("am selben Tag nächste Woche bitte", "de"),
        ("heute in acht Tagen um 10", "de"),
        ("de hoy en ocho a las 10", "es"),
        ("el mismo día la semana que viene", "es"),
        ("hoy en una semana por la mañana", "es"),
    ],
)
def test_the_same_weekday_next_week(text: str, lang: str) -> None:
    days = [(w.date, w.end_date) for w in parse_when(text, NOW, None, lang=lang)]
    assert days == [(WEEK_ON, None)]


@pytest.mark.parametrize(
    ("text", "lang"), [("next week", "en"), ("nächste Woche", "de"), ("la semana que viene", "es")]
)
def test_next_week_alone_is_still_the_week(text: str, lang: str) -> None:
    days = [(w.date, w.end_date) for w in parse_when(text, NOW, None, lang=lang)]
    assert days == [(date(2026, 12, 14), date(2026, 12, 20))]
