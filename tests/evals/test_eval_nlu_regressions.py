"""Language-understanding fixes the eval cases led to, pinned one by one
(they belong with tests/nlu/; kept here with the cases that found them)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent import nlu
from bookbot.agent.nlu import Intent
from bookbot.store import load_business_file

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))  # a Monday
DEMO = load_business_file(Path(__file__).resolve().parents[2] / "evals/businesses/demo.yaml")


def days_and_times(text: str) -> list[tuple[date | None, time | None]]:
    return [(w.date, w.time) for w in nlu.parse_when(text, NOW)]


def test_a_word_after_a_bare_hour_is_not_an_ordinal() -> None:
    assert days_and_times("ok, Saturday at 10 then") == [(date(2026, 3, 7), time(10))]
    assert days_and_times("the 10th") == [(date(2026, 3, 10), None)]


def test_a_week_said_once_applies_to_every_listed_weekday() -> None:
    assert days_and_times("Monday, Wednesday and Friday next week at 7:30am") == [
        (date(2026, 3, 9), time(7, 30)),
        (date(2026, 3, 11), time(7, 30)),
        (date(2026, 3, 13), time(7, 30)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'd like to start in April, maybe the 14th around 10", (date(2026, 4, 14), time(10))),
        ("sometime next week, ideally Wednesday at 3", (date(2026, 3, 11), time(15))),
    ],
)
def test_a_bare_day_beside_a_range_falls_inside_it(text: str, expected: tuple[date, time]) -> None:
    assert days_and_times(text) == [expected]


def test_booking_the_next_session_is_not_a_listing() -> None:
    assert Intent.BOOK in nlu.detect_intents("I'd like to book my next session")
    assert Intent.LIST_BOOKINGS not in nlu.detect_intents("can you book my next lesson?")
    assert Intent.LIST_BOOKINGS in nlu.detect_intents("When is my next session?")


def test_moving_and_price_phrases() -> None:
    moved = nlu.detect_intents("could we push the first appointment to the 17th of March?")
    assert Intent.RESCHEDULE in moved
    assert Intent.PRICE in nlu.detect_intents("what about laser, is that per session?")


def test_numbers_and_booking_verbs_name_no_service() -> None:
    assert nlu.best_service("book the next one", DEMO.services) is None
    assert nlu.best_service("ten sessions", DEMO.services) is None
    found = nlu.best_service("I need physio", DEMO.services)
    assert found is not None and found.id == "physiotherapy"
