"""Answers to a list of offered times pick one by number, ordinal, time, day or "the
soonest", in English, German and Spanish (issue 13, class 4)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import extract_choice, pick_option, picks_earliest

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZURICH)  # a Wednesday
OPTIONS = [
    datetime(2026, 4, 2, 14, 15, tzinfo=ZURICH),  # Thursday
    datetime(2026, 4, 3, 9, 0, tzinfo=ZURICH),  # Friday
    datetime(2026, 4, 3, 17, 30, tzinfo=ZURICH),  # Friday
    datetime(2026, 4, 7, 11, 0, tzinfo=ZURICH),  # Tuesday
]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("3", 2),
        ("4.", 3),
        ("#1", 0),
        ("no. 2 please", 1),
        ("Nr. 3 bitte", 2),
        ("opción 4", 3),
        ("option 1 pls", 0),
        ("the third one", 2),
        ("I'll take the 2nd", 1),
        ("die dritte", 2),
        ("den ersten bitte", 0),
        ("la cuarta", 3),
        ("la primera, gracias", 0),
        ("the final one", 3),
        ("die letzte", 3),
        ("la última", 3),
    ],
)
def test_a_pick_by_place(text: str, index: int) -> None:
    assert pick_option(text, OPTIONS, NOW) == index


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("the 17:30 one", 2),
        ("14:15 works", 0),
        ("9am", 1),
        ("Tuesday", 3),
        ("friday at 5.30", 2),
        ("Freitag um 9", 1),
        ("am Dienstag", 3),
        ("el martes", 3),
        ("el viernes a las 9", 1),
    ],
)
def test_a_pick_by_the_time_or_the_day(text: str, index: int) -> None:
    assert pick_option(text, OPTIONS, NOW) == index


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("whichever is soonest", 0),
        ("earliest possible please", 0),
        ("den frühesten bitte", 0),
        ("lo antes posible", 0),
        ("the earliest on friday", 1),
    ],
)
def test_the_soonest_is_the_earliest_start(text: str, index: int) -> None:
    shuffled = [OPTIONS[2], OPTIONS[0], OPTIONS[3], OPTIONS[1]]
    assert shuffled[pick_option(text, shuffled, NOW) or 0] == OPTIONS[index]
    assert pick_option(text, shuffled, NOW) is not None


@pytest.mark.parametrize(
    "text", ["friday", "7", "0", "the 5th one", "none of those", "10:00", "yes", "can't do any"]
)
def test_no_pick_or_an_ambiguous_one_is_none(text: str) -> None:
    assert pick_option(text, OPTIONS, NOW) is None


def test_no_options_no_pick() -> None:
    assert pick_option("1", [], NOW) is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [("whatever you have soonest", "en"), ("the soonest you can do", "en"),
     ("den frühesten bitte", "de"), ("lo antes posible, porfa", "es")],
)  # fmt: skip
def test_asking_for_the_soonest_picks_the_first_listed(text: str, lang: str) -> None:
    assert picks_earliest(text, lang)
    assert extract_choice(text, lang) == 1


@pytest.mark.parametrize(
    "text", ["not the earliest", "the earliest on thursday", "earliest tomorrow?", "earliest at 3"]
)
def test_the_soonest_with_a_day_or_a_no_picks_nothing_yet(text: str) -> None:
    assert not picks_earliest(text)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("2 plz", 1),
        ("4 thx", 3),
        ("nr 1 danke", 0),
        ("die vierte danke schön", 3),
        ("the 2nd pls", 1),
        ("third one then thanks", 2),
        ("la segunda porfa", 1),
        ("el 3 por favor", 2),
        ("last one pls", 3),
    ],
)
def test_a_pick_followed_by_a_courtesy_or_its_chat_shorthand(text: str, index: int) -> None:
    """A number, an ordinal or "the last" picks its row also with "pls", "thx", "bitte",
    "porfa" behind it (a shorthand is read as the word it stands for)."""
    assert pick_option(text, OPTIONS, NOW) == index
