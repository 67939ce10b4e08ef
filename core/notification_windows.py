"""Where a worker pass looks for due proactive messages (`notifications.due_messages`).

The policy needs only the plans something can be due for at `now`; `due_windows`
says which, as ranges a store can find by index instead of reading every plan:

    reminders   confirmed sessions starting in (now, now + reminder_hours]
    expiry      active plans expiring in (now, now + expiry_warning_days]
    nudges      active plans whose latest completed or missed session started
                after `happened_since`: an overdue warning or a check-in comes
                at most `nudge_horizon` after a plan's last session, and a pass
                still sends it up to NUDGE_CATCH_UP after it became due (a worker
                stopped for longer than that does not nudge plans idle since)
    milestones and outreach come from the recent completion events (their own read)

Pure: the caller passes the business and the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bookbot.core.config import Business, Strategy

NUDGE_CATCH_UP = timedelta(days=14)
"""How long after it became due a nudge (overdue, check-in) is still sent."""
OPEN_DAY_SLACK = timedelta(days=8)
"""How far a suggested day may move to an open day, and the day after it begins."""
NUDGE_GRACE = timedelta(days=1)
"""An overdue warning or a check-in waits this long after an announced completion."""


@dataclass(frozen=True, slots=True)
class DueWindows:
    now: datetime
    reminders_until: datetime
    expiring_until: datetime
    happened_since: datetime


def nudge_horizon(business: Business) -> timedelta:
    """The longest a nudge can take to become due after a plan's last session: the
    check-in's idle days, or a sequential service's longest allowed (or target) gap,
    with the move to an open day and the grace after a completion."""
    days = business.notifications.checkin_idle_days
    for service in business.services:
        if service.strategy is not Strategy.SEQUENTIAL:
            continue
        for k in range(1, service.total_sessions):
            gap = service.gap(k)
            days = max(days, gap.target, gap.maximum or 0)
    return timedelta(days=days) + OPEN_DAY_SLACK + NUDGE_GRACE


def due_windows(business: Business, *, now: datetime) -> DueWindows:
    """The ranges a pass at `now` reads (see the module docstring)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be a timezone-aware datetime, got {now!r}")
    rules = business.notifications
    return DueWindows(
        now=now,
        reminders_until=now + timedelta(hours=rules.reminder_hours),
        expiring_until=now + timedelta(days=rules.expiry_warning_days),
        happened_since=now - nudge_horizon(business) - NUDGE_CATCH_UP,
    )
