"""Quiet hours: the local night in which no proactive message goes out
(DESIGN.md, "Proactive messages"; `notifications.quiet_hours`, default 21:00-08:00).

A message due in quiet hours waits for their end, at the business clock. The
policy (`notifications.py`) moves a message's first `send_after` out of them;
the sender (`api.delivery`) does the same for a retry, from the rule that the
message carries in its outbox body (`QuietHours.to_json` / `from_json`), so any
sender respects it without knowing the business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bookbot.core.config import Business, Notifications, TimeRange


def in_quiet_hours(moment: datetime, quiet: TimeRange | None, zone: ZoneInfo) -> bool:
    """Whether the local wall-clock time of `moment` lies in `quiet` (may wrap midnight)."""
    if quiet is None or quiet.start == quiet.end:
        return False
    wall = moment.astimezone(zone).time()
    if quiet.start < quiet.end:
        return quiet.start <= wall < quiet.end
    return wall >= quiet.start or wall < quiet.end


def after_quiet_hours(moment: datetime, quiet: TimeRange | None, zone: ZoneInfo) -> datetime:
    """`moment` (in UTC) outside quiet hours, else the end of the quiet hours it is in."""
    moment = moment.astimezone(UTC)
    if quiet is None or not in_quiet_hours(moment, quiet, zone):
        return moment
    local = moment.astimezone(zone)
    day = local.date()
    if quiet.start > quiet.end and local.time() >= quiet.start:
        day += timedelta(days=1)
    # The later reading of the end's wall time: past a DST gap, after a repeated hour.
    return max(wall_time(day, quiet.end, zone, fold) for fold in (0, 1))


def wall_time(day: date, clock: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    """The local wall-clock time `clock` on `day`, in UTC."""
    return datetime.combine(day, clock, tzinfo=zone).replace(fold=fold).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A business's quiet hours with their timezone: what a sender needs to respect them."""

    hours: TimeRange
    zone: ZoneInfo

    @classmethod
    def of(cls, business: Business) -> QuietHours | None:
        """The business's quiet hours; None when it has none (`quiet_hours: off`)."""
        hours = business.notifications.quiet_hours
        return None if hours is None else cls(hours, business.zone)

    def contains(self, moment: datetime) -> bool:
        return in_quiet_hours(moment, self.hours, self.zone)

    def after(self, moment: datetime) -> datetime:
        """`moment` (in UTC), or the end of the quiet hours it falls in."""
        return after_quiet_hours(moment, self.hours, self.zone)

    def to_json(self) -> dict[str, str]:
        """`{"hours": "21:00-08:00", "timezone": "Europe/Zurich"}`."""
        return {"hours": str(self.hours), "timezone": self.zone.key}

    @classmethod
    def from_json(cls, data: Any) -> QuietHours | None:
        """The rule `to_json` wrote; None for anything else (no rule, or not readable)."""
        if not isinstance(data, Mapping):
            return None
        hours, zone = data.get("hours"), data.get("timezone")
        if not isinstance(hours, str) or not isinstance(zone, str):
            return None
        try:
            parsed = Notifications.model_validate({"quiet_hours": hours}).quiet_hours
            tz = ZoneInfo(zone)
        except (ValueError, ZoneInfoNotFoundError):
            return None
        return None if parsed is None else cls(parsed, tz)
