"""The calendar: sessions per service for a day or a week, with each slot's load
against the service's capacity and the business's opening hours.

`GET /calendar?date=2026-03-24&days=7&service=physiotherapy` lists every session
that is not cancelled and starts on those local days. `load` is how many sessions
of the same service overlap it (itself included), next to `capacity`; a session's
`group_id` opens its plan (`/groups/{id}`), so the plan's other sessions are a
click away.
"""

# No `from __future__ import annotations`: FastAPI and pydantic read these
# signatures and fields at definition time.

import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from bookbot.api.admin.deps import AdminDep
from bookbot.api.admin.errors import AdminRoute
from bookbot.api.admin.filters import checked_day
from bookbot.api.admin.schemas import CustomerOut
from bookbot.api.admin.timefmt import day_text, when_text
from bookbot.api.deps import BusinessDep, NowDep, SessionDep
from bookbot.core.config import Business, Service
from bookbot.core.errors import NotFoundError
from bookbot.core.types import BookingStatus
from bookbot.store import admin_queries
from bookbot.store.admin_queries import AdminBooking

MAX_DAYS = 14


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class CalendarService(_Out):
    id: str
    name: str
    capacity: int
    unit: str


class CalendarDay(_Out):
    date: date
    label: str = Field(description="e.g. 'Tue 24 Mar 2026'")
    hours: list[str] = Field(description="Opening ranges, e.g. ['08:00-12:00']; empty: closed")
    today: bool


class CalendarSession(_Out):
    booking_id: int
    group_id: uuid.UUID
    customer: CustomerOut
    service_id: str
    service_name: str
    number: int
    total: int
    day: date
    start: datetime
    end: datetime
    when: str
    time: str = Field(description="Local 'HH:MM-HH:MM'")
    status: BookingStatus
    load: int = Field(description="Sessions of the service overlapping this one (itself too)")
    capacity: int


class CalendarOut(_Out):
    start: date
    days: list[CalendarDay]
    services: list[CalendarService]
    sessions: list[CalendarSession]


def _service(business: Business, service_id: str) -> Service | None:
    try:
        return business.service(service_id)
    except NotFoundError:
        return None


def _loads(found: list[AdminBooking]) -> dict[int, int]:
    """Per booking, how many bookings of its service overlap it (itself included)."""
    loads: dict[int, int] = {}
    for item in found:
        b = item.booking
        loads[b.id] = sum(
            1
            for other in found
            if other.booking.service_id == b.service_id
            and other.booking.start < b.end
            and b.start < other.booking.end
        )
    return loads


def calendar(
    business: Business, now: datetime, first: date, count: int, found: list[AdminBooking]
) -> CalendarOut:
    zone = business.zone
    today = now.astimezone(zone).date()
    loads = _loads(found)
    sessions = []
    for item in found:
        b = item.booking
        service = _service(business, b.service_id)
        local_start, local_end = b.start.astimezone(zone), b.end.astimezone(zone)
        sessions.append(
            CalendarSession(
                booking_id=b.id,
                group_id=b.group_id,
                customer=CustomerOut.of(item.customer),
                service_id=b.service_id,
                service_name=service.name if service else b.service_id,
                number=b.session_number,
                total=b.total_sessions,
                day=local_start.date(),
                start=b.start,
                end=b.end,
                when=when_text(b.start, zone),
                time=f"{local_start:%H:%M}-{local_end:%H:%M}",
                status=b.status,
                load=loads[b.id],
                capacity=service.capacity if service else 1,
            )
        )
    days = [first + timedelta(days=i) for i in range(count)]
    return CalendarOut(
        start=first,
        days=[
            CalendarDay(
                date=d,
                label=day_text(d),
                hours=[f"{r.start:%H:%M}-{r.end:%H:%M}" for r in business.opening(d)],
                today=d == today,
            )
            for d in days
        ],
        services=[
            CalendarService(
                id=s.id,
                name=s.name,
                capacity=s.capacity,
                unit="Lesson" if "lesson" in s.name.lower() else "Session",
            )
            for s in business.services
        ],
        sessions=sessions,
    )


router = APIRouter(route_class=AdminRoute, tags=["admin: calendar"])


@router.get("/calendar")
def read_calendar(
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    now: NowDep,
    day: Annotated[
        date | None, Query(alias="date", description="First local day (default: today)")
    ] = None,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS, description="1: a day, 7: a week")] = 1,
    service_id: Annotated[str | None, Query(alias="service", max_length=100)] = None,
) -> CalendarOut:
    """Sessions (not cancelled) starting on `days` local days from `date`, per service."""
    first = checked_day("date", day or now.astimezone(business.zone).date())
    start = datetime.combine(first, time(), business.zone)
    end = datetime.combine(first + timedelta(days=days), time(), business.zone)
    statuses = [s.value for s in BookingStatus if s is not BookingStatus.CANCELLED]
    found = admin_queries.find_bookings(
        session,
        business=business,
        service_id=service_id,
        statuses=statuses,
        start=start,
        end=end,
    )
    return calendar(business, now, first, days, found)
