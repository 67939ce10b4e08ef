"""What the offline model needs to know about one customer message.

`understand` runs the language understanding of `bookbot.agent.nlu` once and
folds its answers into one `Understanding`, so the dialogue policy reads plain
fields instead of parser details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from bookbot.core.config import Business


@dataclass(frozen=True, slots=True)
class Recurring:
    """'Mondays and Wednesdays at 6pm': weekdays (0 = Monday) and a time."""

    weekdays: tuple[int, ...]
    at: time | None


@dataclass(frozen=True)
class Understanding:
    text: str
    reply: str | None = None
    """'yes', 'no', 'change' (yes, but with a new wish) or None."""
    intents: frozenset[str] = frozenset()
    services: tuple[str, ...] = ()
    """Matched service ids, best first."""
    datetimes: tuple[datetime, ...] = ()
    """Dates with a time, resolved in the business timezone."""
    dates: tuple[date, ...] = ()
    """Dates without a time."""
    time_only: time | None = None
    period: tuple[date, date] | None = None
    """A span of days named as one ('next week'); its ends are in `dates` too."""
    recurring: tuple[Recurring, ...] = ()
    invalid: tuple[str, ...] = ()
    count: int | None = None
    session_number: int | None = None
    choice: int | None = None
    """'the second one', 'option 2': a 1-based pick among offered alternatives."""
    window: tuple[time, time] | None = None
    """The span a vague time allows ('afternoon' is 12:00-17:00, 'after 3pm')."""
    notes: tuple[str, ...] = field(default=())

    @property
    def has_when(self) -> bool:
        return bool(self.datetimes or self.dates or self.time_only or self.recurring)


def understand(
    text: str, now: datetime, business: Business, reference: datetime | None = None
) -> Understanding:
    from bookbot.agent.offline.nlu_adapter import read_message

    return read_message(text, now, business, reference)
