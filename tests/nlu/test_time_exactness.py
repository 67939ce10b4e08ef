"""Times are read exactly or flagged as partial, never rounded (issue 13, class 3)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import When, detect_language, parse_when, within_hours

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZURICH)  # a Wednesday


def one(text: str) -> When:
    found = parse_when(text, NOW, lang=detect_language(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("half past 8 in the morning", time(8, 30)),
        ("quarter past 7 in the evening", time(19, 15)),
        ("a quarter to 10", time(9, 45)),
        ("20 past 4 in the afternoon", time(16, 20)),
        ("10:45am", time(10, 45)),
        ("um Viertel vor 8 abends", time(19, 45)),
        ("a las 7 y media de la tarde", time(19, 30)),
    ],
)
def test_exact_times_are_read_to_the_minute(text: str, at: time) -> None:
    when = one(text)
    assert when.exact_time == at
    assert not when.ambiguous_hour


@pytest.mark.parametrize(
    "text", ["around 11", "11ish", "from 3pm on", "after 4", "gegen 10", "sobre las 6"]
)
def test_preferences_and_bounds_are_not_exact(text: str) -> None:
    when = one(text)
    assert when.exact_time is None
    assert "time" in when.missing


def test_a_day_without_a_time_and_a_time_without_a_day_say_what_is_missing() -> None:
    assert one("next Thursday").missing == ("time",)
    assert one("am Donnerstag").missing == ("time",)
    assert "date" in one("at 10:15").missing
    assert one("Thursday at 10:15").complete


@pytest.mark.parametrize("text", ["Friday at 6", "Freitag um 6", "el viernes a las 6"])
def test_a_bare_hour_is_flagged_until_opening_hours_settle_it(text: str) -> None:
    when = one(text)
    assert when.ambiguous_hour and "meridiem" in when.missing
    day_shop = within_hours(when, [(time(9), time(19))])
    assert day_shop.time == time(18) and day_shop.complete
    early_gym = within_hours(when, [(time(5, 30), time(12))])
    assert early_gym.time == time(6) and early_gym.complete
    both = within_hours(when, [(time(5), time(22))])
    assert both.ambiguous_hour


def test_an_impossible_day_is_flagged() -> None:
    assert "valid" in one("April 31st at 10:00").missing
    assert one("wed 9 at 10:00").date == date(2026, 4, 9)  # a Thursday: flagged
    assert "valid" in one("wed 9 at 10:00").missing
