"""normalize: lower case, typos, number words, and the map back to the original."""

from __future__ import annotations

import time as clock
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import (
    classify_reply,
    detect_intents,
    extract_count,
    lexicon,
    match_services,
    normalize,
    parse_when,
)
from bookbot.core.config import Service


@pytest.mark.parametrize(
    ("text", "numbers", "expected"),
    [
        ("Tommorow at 10 A.M.", False, "tomorrow at 10 am"),
        ("wendesday", False, "wednesday"),
        ("thursdays", False, "thursdays"),
        ("Mondays", False, "mondays"),
        ("monkey", False, "monkey"),
        ("Frida's dog", False, "frida's dog"),
        ("yesss", False, "yes"),
        ("noooo", False, "no"),
        ("I\u2019m OK", False, "i'm ok"),
        ("dont", False, "don't"),
        ("twenty-one", True, "21"),
        ("twenty one", True, "21"),
        ("the twenty-fourth", True, "the 24th"),
        ("third", True, "3rd"),
        ("half past two", True, "half past 2"),
        ("two", False, "two"),
        ("5k", False, "5k"),
    ],
)
def test_normalize(text: str, numbers: bool, expected: str) -> None:
    assert normalize(text, numbers=numbers).text == expected


def test_spans_map_back() -> None:
    norm = normalize("Twenty-one A.M. Ünïcode ﬁne", numbers=True)
    assert norm.text.startswith("21 am")
    assert norm.source(0, 2) == "Twenty-one"
    assert norm.source(3, 5) == "A.M."
    start = norm.text.index("fine")
    assert norm.source(start, start + 4) == "ﬁne"


def test_unknown_language_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="'en'"):
        lexicon("xx")


def test_a_typical_message_takes_well_under_a_millisecond() -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Zurich"))
    services = [Service(id="physio", name="Physiotherapy", trigger_words=("physio",))]
    messages = [
        "How about March 10th at 2pm?",
        "Tomorrow at 10am if possible",
        "Mondays and Wednesdays at 6pm, and Saturday mornings",
        "I need physiotherapy for my back pain",
        "Same time on Friday?",
        "Yes!",
    ]
    for text in messages:  # warm the caches
        parse_when(text, now)
    runs = 50
    started = clock.perf_counter()
    for _ in range(runs):
        for text in messages:
            parse_when(text, now)
    per_message = (clock.perf_counter() - started) / (runs * len(messages))
    assert per_message < 0.001, f"parse_when took {per_message * 1e6:.0f} us per message"
    started = clock.perf_counter()
    for _ in range(runs):
        for text in messages:
            classify_reply(text)
            detect_intents(text)
            extract_count(text)
            match_services(text, services)
    everything = (clock.perf_counter() - started) / (runs * len(messages))
    assert everything < 0.005, f"the rest took {everything * 1e6:.0f} us per message"
