"""How the admin shows days and times: weekday, date and time, in the business's
time zone ("Tue 10 Mar 2026, 14:00"), so no two moments read alike."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def day_text(day: date) -> str:
    """'Tue 10 Mar 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def when_text(moment: datetime, zone: ZoneInfo) -> str:
    """'Tue 10 Mar 2026, 14:00', local to `zone`."""
    local = moment.astimezone(zone)
    return f"{day_text(local.date())}, {local:%H:%M}"
