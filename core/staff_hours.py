"""When the business's staff are next at work: for telling a customer who asked for a
person (human handoff) when to expect an answer. Staff are taken to work during the
opening hours of the business YAML (`hours:`, `closed:`). Pure: `now` is passed in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bookbot.core.config import Business

LOOK_AHEAD_DAYS = 14
"""How far ahead the next opening is looked for (a business closed longer has none)."""


def next_opening(business: Business, now: datetime) -> datetime | None:
    """`now` itself while the business is open; else the start of its next opening
    range within `LOOK_AHEAD_DAYS` (aware, in the business timezone); None when none."""
    zone = business.zone
    local = now.astimezone(zone)
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        for hours in business.opening(day):
            start = datetime.combine(day, hours.start, tzinfo=zone)
            end = datetime.combine(day, hours.end, tzinfo=zone)
            if end > local:
                return now if start <= local else start
    return None
