"""The offline model: the business's date order from its timezone, a spared
service ("keep the rehab"), and the offers kept for "the first time you offered"."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from bookbot.agent.offline import recall
from bookbot.agent.offline.date_order import day_first, parse_zone_tab
from bookbot.agent.offline.nlu_adapter import read_message
from bookbot.core.config import Business, parse_business


@pytest.mark.parametrize(
    ("zone", "first"),
    [
        ("America/Chicago", False),
        ("America/New_York", False),
        ("US/Eastern", False),
        ("Pacific/Honolulu", False),
        ("Europe/London", True),
        ("Europe/Zurich", True),
        ("America/Sao_Paulo", True),
        ("Australia/Sydney", True),
        ("UTC", True),
    ],
)
def test_date_order_from_the_timezone(zone: str, first: bool) -> None:
    assert day_first(zone) is first


def test_zone_tab_lines() -> None:
    text = (
        "# comment\nUS\t+404251-0740023\tAmerica/New_York\tEastern\n"
        "GB\t+513030-0000731\tEurope/London\n"
    )
    assert parse_zone_tab(text) == {"America/New_York": "US", "Europe/London": "GB"}


def _business(zone: str) -> Business:
    services: list[dict[str, Any]] = [
        {"id": "rehab", "name": "Knee Rehab", "trigger_words": ["rehab"], "duration_minutes": 45},
        {"id": "massage", "name": "Sports Massage", "trigger_words": ["massage", "massages"],
         "duration_minutes": 60},
    ]  # fmt: skip
    hours = {d: ["07:00-19:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    return parse_business({"name": "T", "timezone": zone, "hours": hours, "services": services})


CHICAGO, LONDON = _business("America/Chicago"), _business("Europe/London")


def _now(business: Business) -> datetime:
    return datetime(2026, 4, 6, 9, 0, tzinfo=business.zone)


def test_the_adapter_reads_dates_in_the_business_order() -> None:
    us = read_message("can I come 4/10 at 2:30pm?", _now(CHICAGO), CHICAGO)
    uk = read_message("can I come 10/4 at 2:30pm?", _now(LONDON), LONDON)
    assert [d.date() for d in us.datetimes] == [date(2026, 4, 10)]
    assert [d.date() for d in uk.datetimes] == [date(2026, 4, 10)]
    both = read_message("4/25 or 25/4", _now(LONDON), LONDON)
    assert both.dates == (date(2026, 4, 25),)


def test_a_spared_service_is_not_the_one_meant() -> None:
    u = read_message("just the massages, keep the rehab", _now(CHICAGO), CHICAGO)
    assert u.services == ("massage",)
    u = read_message("cancel the rehab, not the massage", _now(CHICAGO), CHICAGO)
    assert u.services == ("rehab",)


def test_the_adapter_reads_a_return_to_an_earlier_offer() -> None:
    u = read_message("actually the first time you offered was better", _now(CHICAGO), CHICAGO)
    assert u.earlier_offer == "first"


def test_offers_are_recalled_first_or_previous_and_forgotten_after_booking() -> None:
    state: dict[str, Any] = {}
    for day in ("2026-04-14T10:00", "2026-04-15T14:00", "2026-04-16T08:00"):
        recall.remember(state, "eval", [day])
    recall.remember(state, "eval", ["2026-04-16T08:00"])  # shown again: not twice
    assert recall.earlier(state, "first") == ("eval", ["2026-04-14T10:00"])
    assert recall.earlier(state, "previous") == ("eval", ["2026-04-15T14:00"])
    assert recall.earlier(state, None) is None
    recall.forget(state)
    assert recall.earlier(state, "first") is None


def test_only_one_offer_is_nothing_to_go_back_to() -> None:
    state: dict[str, Any] = {}
    recall.remember(state, "eval", ["2026-04-14T10:00"])
    assert recall.earlier(state, "first") is None


def test_the_first_offer_survives_a_long_conversation() -> None:
    state: dict[str, Any] = {}
    for hour in range(8, 18):
        recall.remember(state, "eval", [f"2026-04-14T{hour:02d}:00"])
    assert recall.earlier(state, "first") == ("eval", ["2026-04-14T08:00"])
    assert len(state[recall.OFFERS]) <= 6
