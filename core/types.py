"""Domain values shared by the core's rules: bookings, plans and conflicts.

All datetimes are timezone-aware. The core never reads the clock: `now` is an
argument wherever time matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


ACTIVE_STATUSES: frozenset[BookingStatus] = frozenset(
    {BookingStatus.CONFIRMED, BookingStatus.COMPLETED, BookingStatus.NO_SHOW}
)
"""Statuses that hold a slot in the calendar (a cancelled booking frees it)."""


@dataclass(frozen=True, slots=True)
class SessionState:
    """One existing session of a customer's group, as the store knows it."""

    number: int
    start: datetime
    end: datetime
    status: BookingStatus


@dataclass(frozen=True, slots=True)
class PlannedSession:
    number: int
    start: datetime
    end: datetime
    name: str | None = None

    @property
    def duration_minutes(self) -> int:
        return int((self.end.timestamp() - self.start.timestamp()) // 60)


class ConflictRule(StrEnum):
    """Why a request cannot be met; the model turns this into words."""

    PAST = "past"
    MIN_NOTICE = "min_notice"
    CLOSED_DAY = "closed_day"
    OUTSIDE_HOURS = "outside_hours"
    OFF_GRID = "off_grid"
    NO_SUCH_TIME = "no_such_time"
    """A wall time the clocks skip on a DST night."""
    FULL = "full"
    CUSTOMER_BUSY = "customer_busy"
    BUFFER_MIN = "buffer_min"
    BUFFER_MAX = "buffer_max"
    NO_SLOT_IN_WINDOW = "no_slot_in_window"
    NOT_COMPLETED = "previous_not_completed"
    NO_SESSIONS_LEFT = "no_sessions_left"
    RESCHEDULE_NOTICE = "reschedule_notice"
    NOT_MOVABLE = "not_movable"
    EXPIRED = "package_expired"
    AFTER_EXPIRY = "after_package_expiry"
    """The session would start at or after the package's expiry."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """A request the business cannot meet, with the nearest alternatives.

    `session` is the session number the rule applies to; `alternatives` are the
    closest free starts for that session (for a plan, the closest session-1
    starts from which the whole plan fits). `earliest` / `suggested` carry the
    window of the sequential strategy and the buffer rules.
    """

    rule: ConflictRule
    session: int
    message: str
    requested: datetime | None = None
    alternatives: tuple[datetime, ...] = ()
    earliest: date | None = None
    latest: date | None = None
    suggested: date | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """Sessions to book (or, for a reschedule, the group's full new schedule)."""

    sessions: tuple[PlannedSession, ...]
    moved: tuple[int, ...] = field(default=())
    renumbered: tuple[tuple[int, int], ...] = field(default=())
    """(old number, new number) of existing confirmed sessions that a flexible
    booking shifts, because session numbers follow date order."""

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(s.number for s in self.sessions)


PlanResult = Plan | Conflict


@dataclass(frozen=True, slots=True)
class Window:
    """Days on which the next sequential session may be booked."""

    session: int
    earliest: date
    latest: date | None
    suggested: date
    not_before: datetime | None = None
    """The end of the session before it: with a 0-day gap the next one may go on
    the same day, but only once the previous one is over (even when it was
    marked completed early)."""

    def allows(self, start: datetime) -> bool:
        """Whether `start` is at or after `not_before` (in real time)."""
        return self.not_before is None or start.timestamp() >= self.not_before.timestamp()
