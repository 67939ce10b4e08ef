"""What every tool gets besides its arguments, and the lookups they share.

The context carries the customer of the conversation: no tool argument can
name another customer, so no tool path reaches another customer's data.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.availability import Availability, BeyondHorizon
from bookbot.core.calendar import Calendar
from bookbot.core.config import Business, Service
from bookbot.core.errors import NotFoundError
from bookbot.core.types import SessionState
from bookbot.store import bookings as booking_store
from bookbot.store.lookup import remember_services
from bookbot.store.queries import active_group_sessions
from bookbot.store.records import GroupRecord
from bookbot.tools.registry import ToolRetry

T = TypeVar("T")
NEAR_DAYS = 90
"""The calendar window loaded first: most plans and searches end within it."""


@dataclass(frozen=True, slots=True)
class ToolContext:
    session_factory: sessionmaker[Session]
    business: Business
    now: datetime
    customer_id: int
    conversation_id: int
    actor: str = "bot"

    @property
    def zone(self) -> ZoneInfo:
        return self.business.zone

    def service(self, service_id: str) -> Service:
        try:
            return self.business.service(service_id)
        except NotFoundError:
            known = ", ".join(s.id for s in self.business.services)
            raise ToolRetry(
                f"unknown service_id {service_id!r}",
                code="unknown_service",
                hint=f"use one of: {known}",
            ) from None

    def local_datetime(self, text: str, field: str = "start") -> datetime:
        """A wall-clock time in the business timezone from 'YYYY-MM-DDTHH:MM'."""
        try:
            parsed = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
        except ValueError:
            raise ToolRetry(
                f"{field}: {text!r} is not a date and time",
                hint="write local times as YYYY-MM-DDTHH:MM, e.g. 2026-03-10T14:00",
            ) from None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=self.zone)
        return parsed.astimezone(self.zone)

    def local_date(self, text: str, field: str = "date") -> date:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise ToolRetry(
                f"{field}: {text!r} is not a date", hint="write dates as YYYY-MM-DD"
            ) from None

    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def read_session(self) -> Session:
        """A session for a tool's reads; it may remember service lookups, so write nothing
        with it. Pass it to `active_sessions` / `planning` to read in one transaction."""
        return remember_services(self.session_factory())

    @contextmanager
    def _reads(self, session: Session | None) -> Iterator[Session]:
        if session is not None:
            yield session
            return
        with self.read_session() as own:
            yield own

    def planning(
        self,
        service: Service,
        run: Callable[[Availability], T],
        *,
        around: datetime | None = None,
        expires_at: datetime | None = None,
        session: Session | None = None,
    ) -> T:
        """`run(availability)` over the next NEAR_DAYS after `around` (default now); when
        it looks past that window, again over the whole future calendar. No session
        may start at or after `expires_at` (see `package_expiry`). Reads with `session`
        when given (else a session of its own)."""
        near = max(self.now, around or self.now) + timedelta(days=NEAR_DAYS)
        with self._reads(session) as reads:
            try:
                return run(
                    self.availability(service, until=near, expires_at=expires_at, session=reads)
                )
            except BeyondHorizon:
                return run(self.availability(service, expires_at=expires_at, session=reads))

    def package_expiry(self, service: Service, group: GroupRecord | None) -> datetime | None:
        """When the customer's package of `service` expires: the active group's
        expiry, or for a new group (booked now) now + `package_expiry_days`."""
        if group is not None:
            return group.package_expires_at
        days = service.package_expiry_days
        return self.now + timedelta(days=days) if days else None

    def availability(
        self,
        service: Service,
        *,
        until: datetime | None = None,
        expires_at: datetime | None = None,
        session: Session | None = None,
    ) -> Availability:
        """Free-slot rules over the service's active bookings from now (to `until`),
        with the customer's own other bookings as busy time."""
        horizon_start = self.now - timedelta(minutes=service.max_duration)
        with self._reads(session) as reads:
            stamps = booking_store.calendar_timestamps(
                reads, service_ids=[service.id], start=horizon_start, end=until
            )
            busy = booking_store.customer_intervals(
                reads, customer_id=self.customer_id, start=horizon_start
            )
        return Availability(
            business=self.business,
            service=service,
            calendar=Calendar.from_timestamps(stamps),
            now=self.now,
            customer_busy=tuple(busy),
            horizon=until,
            expires_at=expires_at,
        )

    def active_sessions(
        self, service: Service, session: Session | None = None
    ) -> tuple[GroupRecord | None, list[SessionState]]:
        """The customer's active group of `service` (None if there is none) and its sessions."""
        with self._reads(session) as reads:
            return active_group_sessions(
                reads, customer_id=self.customer_id, service_id=service.id
            )

    def group_sessions(self, group_id: uuid.UUID) -> list[SessionState]:
        with self.read_session() as session:
            return booking_store.group_sessions(
                session, group_id=group_id, customer_id=self.customer_id
            )
