"""Numbered options: the offline model numbers the starts it offers, hands them out
as structured choices, and a number, an ordinal, the time itself or "the earliest"
picks exactly that option (to propose it; only a yes books). A bare yes to several
options asks which."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bookbot.agent.offline import options
from bookbot.agent.offline.nlu_adapter import read_message
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import load_business_file
from tests.offline.dialogue_testkit import Dialogue, dialogue

BUSINESS = load_business_file(DEMO_BUSINESS)
NOW = "2026-03-02T09:00"  # a Monday
OFFERED = ["2026-03-07T12:00", "2026-03-09T08:00", "2026-03-07T11:30"]


def _pick(text: str, starts: list[str] = OFFERED) -> int | None:
    now = datetime.fromisoformat(NOW).replace(tzinfo=BUSINESS.zone)
    return options.pick(read_message(text, now, BUSINESS), starts, now)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("1", 0), ("2.", 1), ("#3", 2), ("3)", 2), (" 2 ", 1),
        ("the second", 1), ("option 2", 1), ("die zweite", 1), ("la segunda", 1),
        ("the second one please", 1), ("number 3", 2),
        ("the earliest one", 2), ("the soonest you have", 2), ("the last one", 2),
        ("11:30", 2), ("monday 8am", 1), ("mon 9 march at 8", 1),
    ],
)  # fmt: skip
def test_an_answer_picks_the_option_it_names(text: str, index: int) -> None:
    assert _pick(text) == index


@pytest.mark.parametrize(
    "text",
    ["4", "0", "13:00", "tuesday at 10", "yes", "hello", "the 9th at 10 for the second one"],
)
def test_an_answer_naming_no_single_option_picks_nothing(text: str) -> None:
    assert _pick(text) is None


SAME_DAY = ["2027-02-20T09:00", "2027-02-20T11:00", "2027-02-20T08:30"]


@pytest.mark.parametrize(
    ("text", "index"),
    [("ok, 11 then", 1), ("11", 1), ("9 is fine", 0), ("2", 1), ("8:30", 2), ("11am", 1)],
)
def test_an_hour_beyond_the_option_numbers_picks_the_option_at_that_hour(
    text: str, index: int
) -> None:
    assert _pick(text, SAME_DAY) == index


def test_a_time_on_two_offered_days_picks_nothing() -> None:
    assert _pick("8:00", ["2026-03-09T08:00", "2026-03-10T08:00"]) is None


def test_options_are_numbered_rows_with_their_start_as_id() -> None:
    assert options.numbered(OFFERED[:2]) == "1. Sat 7 Mar 12:00\n2. Mon 9 Mar 08:00"
    rows = options.choices(OFFERED)
    assert [(c.id, c.title) for c in rows][1] == ("2026-03-09T08:00", "Mon 9 Mar 08:00")


def _closed_sunday(d: Dialogue) -> str:
    d.say("I'd like laser hair removal")
    return d.say("sunday march 8 at 10 please")


@pytest.mark.parametrize("pick", ["2", "2.", "the second", "option 2"])
def test_a_conflict_offers_numbered_choices_and_the_number_proposes_it(
    tmp_path: Path, pick: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        text = _closed_sunday(d)
        assert "1. " in text and "2. " in text
        assert len(d.choices) >= 2
        second = d.choices[1]
        assert f"2. {second.title}" in text
        shown = d.say(pick)
        assert d.tools == ["propose_schedule"] and d.booked() == []
        day = options.title(second.id)
        assert day.split(" ")[1] + " " + day.split(" ")[2] in shown  # "9 Mar"
        assert second.id[11:16] in shown
        d.say("yes")
        assert d.booked()[0][2] == second.id.replace("T", " ")


def test_a_bare_yes_to_several_options_asks_which_and_books_nothing(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        _closed_sunday(d)
        offered = d.choices
        assert len(offered) > 1
        text = d.say("yes")
        assert d.tools == [] and d.booked() == []
        assert "Which one" in text and f"1. {offered[0].title}" in text
        assert d.choices == offered


def test_free_times_of_a_week_are_numbered_and_the_time_picks(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("I'd like a physio session")
        text = d.say("what do you have next week?")
        assert d.choices and "1. Mon 9 Mar" in text
        third = d.choices[2]
        d.say("3")
        assert d.tools == ["propose_schedule"] and d.booked() == []
        d.say("yes")
        assert d.booked() == [("physiotherapy", 1, third.id.replace("T", " "))]


def test_a_listing_of_one_day_offers_its_times_and_of_several_the_first_of_each() -> None:
    from bookbot.agent.offline.free_times import offered_starts

    one = [{"date": "2027-02-13", "times": ["10:30", "11:00"]}]
    assert offered_starts(one) == ["2027-02-13T10:30", "2027-02-13T11:00"]
    two = [*one, {"date": "2027-02-15", "times": ["09:00", "09:30"]}]
    assert offered_starts(two) == ["2027-02-13T10:30", "2027-02-15T09:00"]
