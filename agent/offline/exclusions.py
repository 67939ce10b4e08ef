"""Days the customer ruled out ("Saturdays don't work for me", "I'm away next
week"): kept in the dialogue state for the whole conversation, so no proposal,
free time or weekly wish ever lands on one of them again."""

from __future__ import annotations

from datetime import date, timedelta

from bookbot.agent.offline.phase import JSON, RULED_OUT
from bookbot.agent.offline.understanding import Understanding
from bookbot.core.config import Business

__all__ = ["RULED_OUT", "keep_suitable", "next_suitable", "remember", "ruled_out"]


def remember(state: JSON, u: Understanding) -> bool:
    """Add the days `u` rules out to `state`; whether it ruled out any."""
    if u.excluded_dates:
        days = list(state.get("excluded_days") or [])
        days += [d.isoformat() for d in u.excluded_dates if d.isoformat() not in days]
        state["excluded_days"] = days
    if u.excluded_weekdays:
        weekdays = set(state.get("excluded_weekdays") or []) | set(u.excluded_weekdays)
        state["excluded_weekdays"] = sorted(weekdays)
    return bool(u.excluded_dates or u.excluded_weekdays)


def ruled_out(state: JSON, day: date | str) -> bool:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    if value.isoformat() in (state.get("excluded_days") or []):
        return True
    return value.weekday() in (state.get("excluded_weekdays") or [])


def next_suitable(business: Business, state: JSON, after: date, earliest: date) -> date | None:
    """The first open day after `after` (and not before `earliest`) that the
    customer has not ruled out."""
    day = max(after + timedelta(days=1), earliest)
    for _ in range(120):
        if business.opening(day) and not ruled_out(state, day):
            return day
        day += timedelta(days=1)
    return None


def keep_suitable(state: JSON, days: list[JSON]) -> list[JSON]:
    """Free-time days (`{"date": ...}`) without the ruled-out ones."""
    return [d for d in days if not ruled_out(state, str(d["date"]))]
