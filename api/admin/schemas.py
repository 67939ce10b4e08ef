"""Response and request bodies of the admin API (datetimes are aware, in UTC)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bookbot.api.admin.timefmt import when_text
from bookbot.core.config import Business, Service, Strategy
from bookbot.core.errors import NotFoundError
from bookbot.core.progress import NextActionKind
from bookbot.core.types import BookingStatus
from bookbot.store.admin_queries import AdminBooking
from bookbot.store.admin_transcripts import ConversationSummary
from bookbot.store.business_file import service_to_mapping
from bookbot.store.records import CustomerRecord


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class CustomerOut(_Out):
    id: int
    phone: str
    name: str | None

    @classmethod
    def of(cls, record: CustomerRecord) -> CustomerOut:
        return cls(id=record.id, phone=record.phone, name=record.name)


class SessionOut(_Out):
    booking_id: int
    number: int
    name: str | None
    start: datetime
    end: datetime
    status: BookingStatus
    when: str = Field(description="Local start, e.g. 'Tue 10 Mar 2026, 14:00'")
    label: str = Field(
        description="The guide's line, e.g. 'Session 1: Tue 10 Mar 2026, 14:00 - Completed'"
    )
    can_mark: bool = Field(description="Confirmed and started: may be marked completed or no-show")


class NextActionOut(_Out):
    kind: NextActionKind | Literal["cancelled"]
    session: int | None = None
    at: datetime | None = None
    earliest: date | None = None
    latest: date | None = None
    suggested: date | None = None
    text: str = Field(description="e.g. 'Send Session 3 reminder on Wed 22 Apr 2026, 14:00'")


class PlanOut(_Out):
    """A session group: the guide's multi-session view (`view` = "plan") or
    package view (`view` = "package", the flexible strategy)."""

    id: uuid.UUID
    customer: CustomerOut
    service_id: str
    service_name: str
    strategy: Strategy
    view: Literal["plan", "package"]
    unit: str = Field(description="What a session is called: Session or Lesson")
    status: str
    total: int
    completed: int
    booked: int = Field(description="Confirmed sessions still to come or to be marked")
    scheduled: int = Field(description="Completed plus confirmed ('7 of 10 booked')")
    no_shows: int
    remaining_unscheduled: int
    percent_complete: int
    created_at: datetime
    title: str = Field(description="Tells plans apart: service and when it was booked")
    expires_at: datetime | None
    expires_in_days: int | None
    next_action: NextActionOut
    sessions: list[SessionOut]
    summary: list[str] = Field(description="The guide's text view, line by line")


class BookingOut(_Out):
    id: int
    group_id: uuid.UUID
    customer: CustomerOut
    service_id: str
    service_name: str
    session_number: int
    total_sessions: int
    start: datetime
    end: datetime
    when: str = Field(description="Local start, e.g. 'Tue 10 Mar 2026, 14:00'")
    status: BookingStatus

    @classmethod
    def of(cls, item: AdminBooking, business: Business) -> BookingOut:
        b = item.booking
        try:
            name = business.service(b.service_id).name
        except NotFoundError:
            name = b.service_id
        return cls(
            id=b.id,
            group_id=b.group_id,
            customer=CustomerOut.of(item.customer),
            service_id=b.service_id,
            service_name=name,
            session_number=b.session_number,
            total_sessions=b.total_sessions,
            start=b.start,
            end=b.end,
            when=when_text(b.start, business.zone),
            status=b.status,
        )


class GapOut(_Out):
    after_session: int
    minimum: int
    maximum: int | None
    target: int


class ServiceOut(_Out):
    """A service: `config` is its YAML form (what PUT takes and PATCH merges into);
    the other fields are derived from it by the core."""

    id: str
    name: str
    strategy: Strategy
    requires_multiple_sessions: bool
    total_sessions: int
    durations: list[int] = Field(description="Minutes of each session, 1 to n")
    session_names: list[str | None]
    gaps: list[GapOut] = Field(description="Days allowed from session k to k+1")
    frequency: str | None
    package_expiry_days: int | None
    config: dict[str, Any]

    @classmethod
    def of(cls, service: Service) -> ServiceOut:
        numbers = range(1, service.total_sessions + 1)
        return cls(
            id=service.id,
            name=service.name,
            strategy=service.strategy,
            requires_multiple_sessions=service.requires_multiple_sessions,
            total_sessions=service.total_sessions,
            durations=[service.session_duration(k) for k in numbers],
            session_names=[service.session_name(k) for k in numbers],
            gaps=[
                GapOut(after_session=k, **service.gap(k).model_dump())
                for k in range(1, service.total_sessions)
            ],
            frequency=service.session_buffer_config.frequency_text,
            package_expiry_days=service.package_expiry_days,
            config=service_to_mapping(service),
        )


class OverviewOut(_Out):
    business: str
    timezone: str
    now: datetime
    today: date
    today_sessions: list[BookingOut]
    upcoming: list[BookingOut] = Field(description="Confirmed sessions of the next 7 days")
    to_mark: list[BookingOut] = Field(
        description="Confirmed sessions that have started: mark them completed or no-show"
    )
    in_progress: list[PlanOut]


class MeOut(_Out):
    actor: str
    business: str
    timezone: str
    now: datetime


class CustomerPlansOut(_Out):
    customer: CustomerOut
    plans: list[PlanOut]
    completed: int = Field(description="Sessions completed, over every plan")
    no_shows: int = Field(description="Sessions missed, over every plan")
    conversations: list[ConversationSummary] = Field(description="Newest first")


class CustomerSummaryOut(_Out):
    customer: CustomerOut
    plans: int
    active_plans: int


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=500, description="Kept in the audit trail")


class WeekOut(_Out):
    start: date = Field(description="The week's Monday (local)")
    label: str = Field(description="e.g. 'Mon 23 Mar 2026'")
    current: bool
    completed: int
    no_shows: int
    confirmed: int
    cancelled: int
