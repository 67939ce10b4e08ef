"""A reply's numbered options travel as WhatsApp reply buttons when there are at most
three, as list rows up to ten, and a confirmation's own buttons win over them."""

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


def test_four_to_ten_options_become_list_rows_with_titles_up_to_24_characters() -> None:
    titles = [f"Wed {day} March 2026 at 16:00" for day in range(11, 21)]
    rows = choice_buttons(outcome(*titles))
    assert [row_id for row_id, _ in rows] == [f"option:{n}" for n in range(1, 11)]
    assert rows[0][1] == "Wed 11 March at 16:00"
    assert all(len(title) <= 24 for _, title in rows)
    assert len(choice_buttons(outcome("a", "b", "c", "d"))) == 4


def test_more_options_than_list_rows_stay_numbered_in_the_text() -> None:
    assert choice_buttons(outcome(*(f"option {n}" for n in range(11)))) == ()
    assert choice_buttons(outcome()) == ()
    assert choice_buttons(None) == ()
