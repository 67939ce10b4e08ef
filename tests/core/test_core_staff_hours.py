"""When staff are next at work (human handoff): now while the business is open, else
the start of its next opening range, skipping closed weekdays and closure dates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bookbot.core.config import parse_business
from bookbot.core.staff_hours import next_opening
from bookbot.store import load_business_file

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
ZURICH = ZoneInfo("Europe/Zurich")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZURICH)


def test_open_now_is_now_and_closed_is_the_next_range() -> None:
    business = load_business_file(DEMO)
    assert next_opening(business, at("2026-03-02T10:00")) == at("2026-03-02T10:00")
    assert next_opening(business, at("2026-03-02T07:00")) == at("2026-03-02T08:00")
    lunch = next_opening(business, at("2026-03-02T12:30"))
    assert lunch is not None and lunch.astimezone(ZURICH).date() == at("2026-03-02T00:00").date()


def test_closed_days_and_closure_dates_are_skipped() -> None:
    business = parse_business(
        {
            "name": "Tiny",
            "timezone": "Europe/Zurich",
            "hours": {"mon": ["09:00-12:00"], "wed": ["14:00-16:00"]},
            "closed": ["2026-03-04"],
            "services": [{"id": "x", "name": "X", "duration_minutes": 30}],
        }
    )
    assert next_opening(business, at("2026-03-02T12:00")) == at("2026-03-09T09:00")
    never = parse_business(
        {
            "name": "Closed",
            "timezone": "Europe/Zurich",
            "hours": {},
            "services": [{"id": "x", "name": "X", "duration_minutes": 30}],
        }
    )
    assert next_opening(never, at("2026-03-02T12:00")) is None
