"""Days gone by ("yesterday", "last monday"), short weekday names naming a session,
bare weekdays marked as floating, and the thing a message asks the business for."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent import nlu

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))
WEDNESDAY = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Europe/Dublin"))


def _one(text: str, now: datetime = MONDAY) -> nlu.When:
    (found,) = [w for w in nlu.parse_when(text, now) if w.date is not None]
    return found


def test_yesterday_is_the_day_before_today() -> None:
    found = _one("how about yesterday at 10")
    assert (found.date, found.time) == (date(2026, 3, 1), time(10))


def test_day_before_yesterday() -> None:
    assert _one("the day before yesterday").date == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("last monday at 2pm", date(2026, 2, 23)),  # today is a Monday: a week ago
        ("last friday", date(2026, 2, 27)),
        ("this past sunday", date(2026, 3, 1)),
        ("last wed", date(2026, 2, 25)),
    ],
)
def test_last_weekday_is_the_previous_one(text: str, day: date) -> None:
    assert _one(text).date == day


def test_my_last_session_is_not_a_past_day() -> None:
    found = _one("move my last session to friday")
    assert found.date == date(2026, 3, 6)


@pytest.mark.parametrize("short", ["wed", "thu", "thurs", "tues"])
def test_short_weekday_before_a_session_noun_names_the_session(short: str) -> None:
    found = _one(f"can i move my {short} lesson", WEDNESDAY)
    assert found.session_ref and found.date is not None
    assert found.date.weekday() == nlu.lexicon().weekdays[short]


def test_short_weekday_alone_is_a_day() -> None:
    assert _one("thu at 5", WEDNESDAY).date == date(2026, 4, 2)
    assert _one("wed", WEDNESDAY).date == date(2026, 4, 8)


def test_we_d_is_no_weekday() -> None:
    assert nlu.parse_when("we'd like a lesson", WEDNESDAY) == []


def test_a_bare_weekday_floats_a_dated_one_does_not() -> None:
    assert _one("to thursday at 5", WEDNESDAY).floating
    assert not _one("thursday the 16th at 5", WEDNESDAY).floating
    assert not _one("next thursday", WEDNESDAY).floating


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("do u do piercings?", "piercings"),
        ("do you offer botox?", "botox"),
        ("Hi! Do you do teeth whitening?", "teeth whitening"),
        ("I want a haircut", "a haircut"),
        ("I'd like a massage please", "a massage"),
        ("I need a root canal on friday", "a root canal"),
    ],
)
def test_the_thing_asked_for(text: str, asked: str) -> None:
    assert nlu.asked_for(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "do you have anything on friday",
        "do you have parking?",
        "I need an appointment",
        "do you do evening lessons?",
        "i want to book",
        "I would like a session next week",
        "do you have time tomorrow",
        "do you do payment plans",
        "do you have a slot at 5",
        "is there parking?",
        "hello",
        "ya",
    ],
)
def test_no_thing_asked_for(text: str) -> None:
    assert nlu.asked_for(text) is None
