"""A reply's numbered options travel as WhatsApp reply buttons when there are at most
three, and a confirmation's own buttons win over them."""

from __future__ import annotations

from bookbot.agent.model import Choice
from bookbot.agent.turn import TurnOutcome
from bookbot.service.replies import choice_buttons


def outcome(*titles: str) -> TurnOutcome:
    choices = tuple(Choice(f"option:{n}", title) for n, title in enumerate(titles, 1))
    return TurnOutcome(reply="1. ...", new_messages=[], choices=choices)


def test_up_to_three_options_become_buttons_with_short_titles() -> None:
    buttons = choice_buttons(outcome("Wed 18 Mar 2026, 16:00", "Thu 19 Mar 2026, 09:00"))
    assert buttons == (("option:1", "Wed 18 Mar, 16:00"), ("option:2", "Thu 19 Mar, 09:00"))
    assert all(len(title) <= 20 for _, title in buttons)


def test_more_options_than_buttons_stay_numbered_in_the_text() -> None:
    assert choice_buttons(outcome("a", "b", "c", "d")) == ()
    assert choice_buttons(outcome()) == ()
    assert choice_buttons(None) == ()
