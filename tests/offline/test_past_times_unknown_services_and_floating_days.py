"""The offline model's half of three readings: a past time refused in plain words,
a service the business does not offer, and a move's bare weekday anchored to the
session it moves."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bookbot.agent.offline.change_lookup import ChangeLookup
from bookbot.agent.offline.conflicts import conflict
from bookbot.agent.offline.nlu_adapter import read_message
from bookbot.core.config import parse_business

BUSINESS = parse_business(
    {
        "name": "Parla",
        "timezone": "Europe/Dublin",
        "hours": {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        "services": [
            {"id": "italian", "name": "Italian lessons", "duration_minutes": 60,
             "trigger_words": ["italian", "lessons"]},
            {"id": "test", "name": "Placement Test", "duration_minutes": 40},
        ],
    }
)  # fmt: skip
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Europe/Dublin"))


def test_a_past_time_has_already_passed() -> None:
    view = {
        "rule": "past",
        "message": "2026-03-31 10:00 is in the past",
        "alternatives": ["2026-04-01T11:00"],
        "alternatives_when": ["Wed 1 Apr 2026, 11:00"],
    }
    text = conflict(BUSINESS, BUSINESS.services[0], view)
    assert text.startswith("Sorry, that time has already passed.")
    assert "1. Wed 1 Apr 11:00" in text and "is in the past" not in text


def test_a_service_not_offered_is_named() -> None:
    assert read_message("do u do piercings?", NOW, BUSINESS).unknown_service == "piercings"
    assert read_message("I'd like a massage", NOW, BUSINESS).unknown_service == "a massage"


def test_a_listed_service_or_no_thing_is_not_unknown() -> None:
    for text in ("do you do italian?", "I'd like a placement test", "hi", "is there parking?",
                 "do you have anything on friday?", "can I cancel my lesson"):  # fmt: skip
        assert read_message(text, NOW, BUSINESS).unknown_service is None, text


def test_a_bare_weekday_target_is_floating() -> None:
    u = read_message("move my wed lesson to thu at 5", NOW, BUSINESS)
    assert u.source is not None and u.source.day is not None and u.source.day.weekday() == 2
    assert [d.isoformat() for d in u.floating] == ["2026-04-02"]


class _Lookup(ChangeLookup):
    def __init__(self) -> None:
        self.now = NOW


def _anchored(pending: dict[str, Any], session_start: str) -> str:
    return _Lookup()._anchored(pending, {"start": session_start})


def test_a_floating_day_follows_a_session_later_than_this_week() -> None:
    pending = {"start": "2026-04-02T17:00", "floating": True}
    assert _anchored(pending, "2026-04-15T10:00") == "2026-04-16"
    assert _anchored({"date": "2026-04-03", "floating": True}, "2026-04-13T10:00") == "2026-04-17"


def test_a_floating_day_stays_for_a_session_this_week_or_a_dated_day() -> None:
    assert _anchored({"start": "2026-04-02T17:00", "floating": True}, "2026-04-03T10:00") == (
        "2026-04-02"
    )
    assert _anchored({"start": "2026-04-02T17:00"}, "2026-04-15T10:00") == "2026-04-02"
