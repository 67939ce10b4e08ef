"""extract_count / parse_number: how many sessions the customer asks for."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import (
    extract_choice,
    extract_count,
    extract_session_number,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "value", "more", "approximate"),
    [
        ("Let's do 3 to start", 3, False, False),
        ("let's do five", 5, False, False),
        ("Let's start with 5", 5, False, False),
        ("book 2 more", 2, True, False),
        ("I want to book 2 more lessons", 2, True, False),
        ("a couple", 2, False, True),
        ("a few more", 3, True, True),
        ("both", 2, False, False),
        ("just one", 1, False, False),
        ("twenty", 20, False, False),
        ("book twelve sessions please", 12, False, False),
        ("twenty-one lessons", 21, False, False),
        ("3 lessons on Friday at 5pm", 3, False, False),
        ("CHF 120 for 3 sessions", 3, False, False),
        ("7", 7, False, False),
        ("Can I book 4 sessions starting next Monday at 10?", 4, False, False),
    ],
)
def test_counts(text: str, value: int, more: bool, approximate: bool) -> None:
    count = extract_count(text)
    assert count is not None
    assert (count.value, count.more, count.approximate, count.all) == (
        value, more, approximate, False,
    )  # fmt: skip
    assert text[count.span[0] : count.span[1]] == count.text


@pytest.mark.parametrize(
    ("text", "value"),
    [("all 10", 10), ("all of them", None), ("book them all", None), ("the rest please", None)],
)
def test_all(text: str, value: int | None) -> None:
    count = extract_count(text)
    assert count is not None and count.all and count.value == value


@pytest.mark.parametrize(
    "text",
    [
        "How about March 10th at 2pm?",
        "session 3 on the 24th",
        "I have done 2 of 10",
        "call me on +41 79 123 45 67",
        "Mondays and Wednesdays at 6pm",
        "that's all thanks",
        "I've had back pain for 3 weeks",
        "It costs CHF 3500",
        "hello",
        "",
    ],
)
def test_not_counts(text: str) -> None:
    assert extract_count(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("21", 21), ("twenty-one", 21), ("twenty one", 21), ("Five!", 5), ("abc", None), ("", None)],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("session 3", 3),
        ("Session 3 of 8", 3),
        ("the 3rd lesson", 3),
        ("my second appointment", 2),
        ("lesson #2", 2),
        ("move session number two to friday", 2),
        ("the last session", -1),
        ("Friday at 3", None),
        ("I want 3 sessions", None),
    ],
)
def test_session_number(text: str, number: int | None) -> None:
    assert extract_session_number(text) == number


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("option 2", 2),
        ("#2", 2),
        ("the second one", 2),
        ("the first one works", 1),
        ("the last one", -1),
        ("2nd option please", 2),
        ("number 3", 3),
        ("the first", 1),
        ("that one", None),
        ("2", None),
        ("the 24th", None),
        ("Friday", None),
    ],
)
def test_choice(text: str, choice: int | None) -> None:
    assert extract_choice(text) == choice


def test_one_after_a_determiner_is_not_a_count() -> None:
    assert extract_count("the other one") is None
    count = extract_count("one more")
    assert count is not None and (count.value, count.more) == (1, True)
