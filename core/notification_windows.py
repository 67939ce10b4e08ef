"""Where a worker pass looks for due proactive messages (`notifications.due_messages`).

The policy needs only the plans something can be due for at `now`; `due_windows`
says which, as ranges a store can find by index instead of reading every plan:

    reminders   confirmed sessions starting in (now, now + reminder_hours]
    expiry      active plans expiring in (now, now + expiry_warning_days]
    nudges      open plans (sequential or flexible, nothing booked, sessions
                left) with a session completed or missed: an overdue warning or
                a check-in may be due for them, however long they sat idle
    milestones and outreach come from the recent completion events (their own read)

Pure: the caller passes the business and the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bookbot.core.config import Business

NUDGE_GRACE = timedelta(days=1)
"""An overdue warning or a check-in waits this long after an announced completion."""


@dataclass(frozen=True, slots=True)
class DueWindows:
    now: datetime
    reminders_until: datetime
    expiring_until: datetime


def due_windows(business: Business, *, now: datetime) -> DueWindows:
    """The ranges a pass at `now` reads (see the module docstring)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be a timezone-aware datetime, got {now!r}")
    rules = business.notifications
    return DueWindows(
        now=now,
        reminders_until=now + timedelta(hours=rules.reminder_hours),
        expiring_until=now + timedelta(days=rules.expiry_warning_days),
    )
