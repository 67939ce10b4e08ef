"""Times shared by days said side by side, "same time" inside one message, short
replies ("go on then", "11 is fine"): readings found with a tattoo studio and a
language school."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bookbot.agent import nlu

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Europe/Dublin"))


def _times(text: str) -> list[tuple[date | None, time | None]]:
    return [(w.date, w.time) for w in nlu.parse_when(text, NOW) if not w.excluded]


def test_days_side_by_side_share_a_time_said_for_all() -> None:
    found = _times("mon 13th wed 15th and thurs 16th all at 10am")
    assert found == [(date(2026, 4, d), time(10)) for d in (13, 15, 16)]


def test_one_at_each_time_on_one_day() -> None:
    found = _times("tues the 14th, one at 9 and one at 11")
    assert found == [(date(2026, 4, 14), time(9)), (date(2026, 4, 14), time(11))]


def test_same_time_means_the_time_said_earlier_in_the_message() -> None:
    found = _times("thurs 23rd at 5pm and mon 27th same time")
    assert found == [(date(2026, 4, 23), time(17)), (date(2026, 4, 27), time(17))]


def test_possessive_weekday_without_apostrophe_names_one_session() -> None:
    whens = nlu.parse_when("move wednesdays lesson to friday", NOW)
    wednesday = next(w for w in whens if w.date is not None and w.date.weekday() == 2)
    assert not wednesday.recurring and wednesday.session_ref


def test_go_on_then_is_a_yes() -> None:
    assert nlu.classify_yes_no("go on then") == "yes"


def test_a_number_that_is_fine_is_an_hour() -> None:
    bare = nlu.extract_bare_hour("tues works, 11 is fine")
    assert bare is not None and bare.time == time(11)


def test_weekday_pair_is_not_a_misspelt_service_word() -> None:
    from bookbot.core.config import Service

    test = Service(id="level-test", name="Placement Test", trigger_words=["test"],
                   price=20, capacity=1, duration_minutes=40)  # fmt: skip
    assert nlu.match_services("on tues the 14th", [test]) == []
