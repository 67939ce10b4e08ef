"""normalize: lower case, typos, number words, and the map back to the original."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import (
    lexicon,
    normalize,
)


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
