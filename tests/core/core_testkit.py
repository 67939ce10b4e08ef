"""Builders and an independent oracle for the scheduling-core tests.

The oracle re-states DESIGN.md's "free slot" rule from scratch (opening hours on
an open local day, the slot grid, notice, capacity, the customer's other
appointments) so that tests do not check the core against itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bookbot.core.availability import Availability, Interval
from bookbot.core.calendar import Calendar
from bookbot.core.config import WEEKDAYS, Business, Service, parse_business
from bookbot.core.types import BookingStatus, PlannedSession, SessionState

ZURICH = ZoneInfo("Europe/Zurich")
DEMO_YAML = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"

WEEKDAY_HOURS = ["08:00-12:00", "13:00-18:00"]


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, zone: ZoneInfo = ZURICH
) -> datetime:
    """An aware local datetime (Europe/Zurich unless told)."""
    return datetime(year, month, day, hour, minute, tzinfo=zone)


@functools.cache
def demo_business() -> Business:
    return parse_business(yaml.safe_load(DEMO_YAML.read_text()), source=str(DEMO_YAML))


def service_data(**fields: Any) -> dict[str, Any]:
    """A service mapping with the YAML contract's field names."""
    data: dict[str, Any] = {"id": "svc", "name": "Service", "capacity": 1, "duration_minutes": 60}
    data.update(fields)
    return data


def business_data(*services: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
    """A business mapping: Zurich, 30-minute grid, 2 h notice, Mon-Fri 08-12 and
    13-18, Saturday 09-13, Sunday closed (override any field)."""
    data: dict[str, Any] = {
        "name": "Test Praxis",
        "timezone": "Europe/Zurich",
        "slot_step_minutes": 30,
        "min_notice_hours": 2,
        "reschedule_notice_hours": 48,
        "hours": {
            **{day: list(WEEKDAY_HOURS) for day in WEEKDAYS[:5]},
            "sat": ["09:00-13:00"],
            "sun": [],
        },
        "closed": [],
        "services": [dict(s) for s in services] or [service_data()],
    }
    data.update(fields)
    return data


def make_business(*services: Mapping[str, Any], **fields: Any) -> Business:
    return parse_business(business_data(*services, **fields))


def make_availability(
    business: Business,
    service_id: str,
    now: datetime,
    bookings: Iterable[Interval] = (),
    *,
    busy: Sequence[Interval] = (),
    released: Sequence[Interval] = (),
) -> Availability:
    """Availability of one service with `bookings` (of that service) in the calendar."""
    calendar = Calendar.from_intervals({service_id: list(bookings)})
    return Availability(
        business=business,
        service=business.service(service_id),
        calendar=calendar,
        now=now,
        customer_busy=tuple(busy),
        released=tuple(released),
    )


def booking(start: datetime, minutes: int = 60) -> Interval:
    return (start, end_of(start, minutes))


def state(
    service: Service,
    number: int,
    start: datetime,
    status: BookingStatus = BookingStatus.CONFIRMED,
) -> SessionState:
    """An existing session of a group, lasting the service's duration for its number."""
    end = end_of(start, service.session_duration(number))
    return SessionState(number=number, start=start, end=end, status=status)


def intervals_of(sessions: Iterable[SessionState]) -> list[Interval]:
    return [(s.start, s.end) for s in sessions]


def local_hm(moment: datetime, zone: ZoneInfo = ZURICH) -> tuple[date, str]:
    local = moment.astimezone(zone)
    return local.date(), f"{local:%H:%M}"


def schedule(sessions: Iterable[PlannedSession], zone: ZoneInfo = ZURICH) -> list[str]:
    """Sessions as 'N: YYYY-MM-DD HH:MM' in local time, for readable assertions."""
    return [f"{s.number}: {s.start.astimezone(zone):%Y-%m-%d %H:%M}" for s in sessions]


# --- the oracle --------------------------------------------------------------


def end_of(start: datetime, minutes: int) -> datetime:
    """A session occupies its own duration in elapsed time, whatever the DST."""
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


def inside_opening_hours(business: Business, start: datetime, minutes: int) -> bool:
    """Starts at a wall time that exists, on the grid of an opening range of an open
    local day, and while it lasts (real minutes) the wall clock reads only times
    inside that same range (checked minute by minute: on a DST night the clock
    skips or repeats an hour)."""
    zone = business.zone
    local = start.astimezone(zone)
    day = local.date()
    if day in business.closed or local.second or local.microsecond:
        return False
    if local.astimezone(UTC).astimezone(zone).replace(fold=0) != local.replace(fold=0):
        return False  # skipped by the clocks
    begin = local.hour * 60 + local.minute
    utc = local.astimezone(UTC)
    readings = []
    for minute in range(minutes + 1):
        wall = (utc + timedelta(minutes=minute)).astimezone(zone)
        readings.append(wall.hour * 60 + wall.minute + (wall.date() - day).days * 1440)
    for opening in business.hours.get(WEEKDAYS[day.weekday()], ()):
        low, high = opening.start_minutes, opening.end_minutes
        if all(low <= r < high for r in readings[:-1]) and readings[-1] <= high:
            return (begin - opening.start_minutes) % business.slot_step_minutes == 0
    return False


def overlap(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def oracle_free(
    business: Business,
    service: Service,
    now: datetime,
    bookings: Sequence[Interval],
    busy: Sequence[Interval],
    start: datetime,
    number: int,
    tentative: Sequence[Interval] = (),
) -> bool:
    """DESIGN.md's free-slot rule, written independently of the core."""
    minutes = service.session_duration(number)
    if start.timestamp() < now.timestamp() + business.min_notice_hours * 3600:
        return False  # notice is elapsed time
    if not inside_opening_hours(business, start, minutes):
        return False
    mine = (start, end_of(start, minutes))
    taken = sum(1 for b in [*bookings, *tentative] if overlap(b, mine))
    if taken >= service.capacity:
        return False
    return not any(overlap(b, mine) for b in [*busy, *tentative])
