"""Read back and ask, never guess: a day read only in part is asked about (or read
in full), never proposed at another day; a shift of a shown proposal moves every
start by it; "move my third session" moves session 3 only; a refusal a day cannot
fix does not ask for another day."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbot.agent.offline.conflicts import conflict
from bookbot.agent.offline.nlu_adapter import read_message
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import load_business_file
from tests.offline.dialogue_testkit import dialogue

BUSINESS = load_business_file(DEMO_BUSINESS)
NOW = "2026-03-02T09:00"  # a Monday


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("wed 18 at 4", "18 Mar"),
        ("fri 20 at 9am", "20 Mar"),
        ("tuesday, 17 at 10", "17 Mar"),
        ("thu 19, at 3pm", "19 Mar"),
        ("sat 21", "21 Mar"),
    ],
)
def test_a_weekday_with_a_day_number_is_read_in_full_or_asked(
    tmp_path: Path, text: str, day: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("I'd like laser hair removal")
        answer = d.say(text)
        if "propose_schedule" in d.tools or "check_availability" in d.tools:
            assert day in answer  # read in full: the day asked for, never another
        else:
            assert d.tools == [] and "?" in answer and day.split()[0] in answer
        assert d.booked() == []


@pytest.mark.parametrize(
    ("text", "unread"),
    [("wed 18 at 4", "18"), ("tuesday, 17 at 10", "17"), ("sun 29", "29")],
)
def test_a_day_number_left_out_of_the_reading_is_reported(text: str, unread: str) -> None:
    from datetime import datetime

    u = read_message(text, datetime(2026, 3, 2, 9, tzinfo=BUSINESS.zone), BUSINESS)
    assert u.unread in ((unread,), ())  # () once the day number is read with the weekday
    if not u.unread:
        days = [d.day for d in (*u.dates, *(t.date() for t in u.datetimes))]
        assert int(unread) in days


@pytest.mark.parametrize(
    "text", ["friday 2 sessions please", "mondays 2 lessons", "friday at 5, 2 people", "4 tuesdays"]
)
def test_a_count_beside_a_day_is_not_an_unread_day(text: str) -> None:
    from datetime import datetime

    u = read_message(text, datetime(2026, 3, 2, 9, tzinfo=BUSINESS.zone), BUSINESS)
    assert u.unread == ()


SHOWN = ["2026-03-03 17:00", "2026-03-05 17:00", "2026-03-10 17:00", "2026-03-12 17:00"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("same days, one hour later", ["03 18:00", "05 18:00", "10 18:00", "12 18:00"]),
        ("same days but an hour earlier?", ["03 16:00", "05 16:00", "10 16:00", "12 16:00"]),
        ("can we push them all a week later", ["10 17:00", "12 17:00", "17 17:00", "19 17:00"]),
        ("2 hours earlier please", ["03 15:00", "05 15:00", "10 15:00", "12 15:00"]),
    ],
)
def test_a_shift_moves_every_shown_start(tmp_path: Path, text: str, expected: list[str]) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("driving lessons please")
        d.say("4 lessons on tuesdays and thursdays at 5pm")
        d.say(text)
        assert d.tools == ["propose_schedule"]
        d.say("yes")
        assert [b[2][8:] for b in d.booked()] == expected


@pytest.mark.parametrize(
    "text",
    [
        "move my third session to may 6 at 11",
        "can session 3 go to 6 may at 11am instead",
        "please reschedule the 3rd appointment to May 6th, 11:00",
    ],
)
def test_moving_a_numbered_session_moves_that_session(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("laser hair removal march 10 at 10")
        d.say("yes")
        before = d.booked()
        answer = d.say(text)
        assert "(moved)" in answer and "6 May" in answer
        d.say("yes")
        after = d.booked()
        assert after[:2] == before[:2]  # sessions 1 and 2 stay
        assert after[2] == ("laser-hair-removal", 3, "2026-05-06 11:00")


@pytest.mark.parametrize("rule", ["reschedule_notice", "no_sessions_left", "not_movable"])
def test_a_refusal_no_day_can_fix_does_not_ask_for_another_day(rule: str) -> None:
    view = {"rule": rule, "session": 1, "message": "that cannot be changed any more"}
    text = conflict(BUSINESS, BUSINESS.services[0], view)
    assert "another day" not in text and text.startswith("Sorry")


def test_a_refusal_a_day_can_fix_asks_for_one() -> None:
    view = {"rule": "full", "session": 1, "message": "2026-03-03 10:00 is fully booked"}
    assert "another day" in conflict(BUSINESS, BUSINESS.services[0], view)


VIENNA_NOW = "2027-03-01T09:00"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("kann ich am sa 20.3. um 10 kommen?", "2027-03-20 10:00"),
        ("dann sa 13.3. um 10", "2027-03-13 10:00"),
        ("el miércoles 17.3. a las 16", "2027-03-17 16:00"),
        ("fri 19/3 at 10am please", "2027-03-19 10:00"),
    ],
)
def test_a_weekday_before_its_numeric_date_names_that_one_day(text: str, start: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = datetime.fromisoformat(VIENNA_NOW).replace(tzinfo=ZoneInfo("Europe/Vienna"))
    business = BUSINESS.model_copy(update={"timezone": "Europe/Vienna"})
    u = read_message(text, now, business)
    assert [f"{d:%Y-%m-%d %H:%M}" for d in u.datetimes] == [start] and not u.dates


@pytest.mark.parametrize("text", ["mo 20.3. um 10", "thu 19/3 at 10am"])
def test_a_weekday_that_disagrees_with_its_date_is_asked_about(text: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = datetime.fromisoformat(VIENNA_NOW).replace(tzinfo=ZoneInfo("Europe/Vienna"))
    business = BUSINESS.model_copy(update={"timezone": "Europe/Vienna"})
    u = read_message(text, now, business)
    assert u.invalid and not u.datetimes
