"""What the notification policy reads and writes: the plans it looks at
(`GroupState` with its `GroupSession`s), the completion events (`Completion`),
the messages it finds due (`DueMessage` of a `Kind`), and their dedupe keys.

Each message has a dedupe key naming what it is (kind, group or booking,
occurrence): `reminder:booking:12:20260323T1300Z` carries the start, so a moved
session is reminded again; `milestone:group:<id>:3` is the third completion. The
outbox stores a key once, so a message goes out at most once however often and
by however many workers the policy runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from bookbot.core.config import Strategy
from bookbot.core.types import BookingStatus


class Kind(StrEnum):
    """The kinds of proactive message, in the order one customer receives them."""

    REMINDER = "reminder"
    PROGRESS = "progress"
    HALFWAY = "halfway"
    ONE_TO_GO = "one_to_go"
    ALL_DONE = "all_done"
    OUTREACH = "outreach"
    OVERDUE = "overdue"
    CHECK_IN = "check_in"
    EXPIRY = "expiry"


RANK = {kind: rank for rank, kind in enumerate(Kind)}
"""A kind's place in `Kind`: the order of one customer's messages in a pass."""


@dataclass(frozen=True, slots=True)
class Recipient:
    customer_id: int
    phone: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class GroupSession:
    booking_id: int
    number: int
    start: datetime
    end: datetime
    status: BookingStatus


@dataclass(frozen=True, slots=True)
class GroupState:
    """A customer's plan for one service; `sessions` may leave cancelled ones out."""

    group_id: str
    service_id: str
    strategy: Strategy
    total: int
    active: bool
    customer: Recipient
    sessions: tuple[GroupSession, ...] = ()
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Completion:
    """An audit event: a booking of the group became completed or no-show at `at`."""

    event_id: int
    group_id: str
    booking_id: int
    session_number: int
    status: BookingStatus
    at: datetime
    announce: bool = True


@dataclass(frozen=True, slots=True)
class DueMessage:
    """A message to enqueue; `template` and `params` are for outside the 24-hour window."""

    key: str
    kind: Kind
    customer: Recipient
    text: str
    template: str
    language: str
    params: tuple[str, ...]
    due_at: datetime
    send_after: datetime
    stale_after: datetime | None = None
    """When set, the message is pointless from then on (a reminder once its session started)."""
    booking_id: int | None = None
    """The session a reminder is about: pointless once it is cancelled or moved."""
    written_for: date | None = None
    """The local day `text` was written for, when it says 'today' or 'tomorrow'."""
    next_day: tuple[str, tuple[str, ...]] | None = None
    """`text` and `params` as written for the day after `written_for` (a send that
    waited overnight for the end of quiet hours)."""


# --- dedupe keys ---------------------------------------------------------------


def reminder_key(booking_id: int, start: datetime) -> str:
    """Per booking and start: a moved session is reminded again."""
    return f"reminder:booking:{booking_id}:{start.astimezone(UTC):%Y%m%dT%H%MZ}"


def expiry_key(group_id: str, expires: datetime) -> str:
    return f"expiry:group:{group_id}:{expires.astimezone(UTC):%Y%m%d}"


def milestone_key(group_id: str, completed: int) -> str:
    """One per completed count: the third completion is `...:3`, whichever its kind."""
    return f"milestone:group:{group_id}:{completed}"


def outreach_key(group_id: str, booking_id: int) -> str:
    """Per completed (or missed) booking."""
    return f"outreach:group:{group_id}:{booking_id}"


def overdue_key(group_id: str, session: int) -> str:
    """Per session waiting to be booked."""
    return f"overdue:group:{group_id}:{session}"


def check_in_key(group_id: str, last_booking_id: int) -> str:
    """Per last session before the idle time."""
    return f"check_in:group:{group_id}:{last_booking_id}"
