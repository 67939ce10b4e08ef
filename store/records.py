"""What the repositories return: frozen values that outlive their session.

ORM rows stay inside `bookbot.store`; callers get these records (and the core's
own `SessionState`). Every datetime is aware and in UTC; `service_id` is the
service's id from the business YAML (its slug), not a database key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from bookbot.core.types import BookingStatus


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    id: int
    phone: str
    name: str | None


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """A customer's plan for one service: the sessions share this id."""

    id: uuid.UUID
    customer_id: int
    service_id: str
    strategy: str
    total_sessions: int
    status: str
    created_at: datetime
    package_expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class BookingRecord:
    id: int
    group_id: uuid.UUID
    customer_id: int
    service_id: str
    session_number: int
    total_sessions: int
    start: datetime
    end: datetime
    status: BookingStatus


@dataclass(frozen=True, slots=True)
class BookingEventRecord:
    """One audit row: a booking went from `from_status` to `to_status`.

    `from_status` is None when the booking was created; a move or renumbering
    keeps the status and says what changed in `note`.
    """

    id: int
    booking_id: int
    group_id: uuid.UUID
    customer_id: int
    service_id: str
    session_number: int
    from_status: BookingStatus | None
    to_status: BookingStatus
    at: datetime
    actor: str
    note: str | None


@dataclass(frozen=True, slots=True)
class BookingResult:
    """What `book_plan` or `reschedule` wrote, in one committed transaction."""

    group: GroupRecord
    created_group: bool
    bookings: tuple[BookingRecord, ...]
    """The bookings created (book_plan) or moved (reschedule), by session number."""
    renumbered: tuple[tuple[int, int], ...] = ()

    @property
    def booking_ids(self) -> tuple[int, ...]:
        return tuple(b.id for b in self.bookings)
