"""The filters the admin's lists and exports share: a local date range and a phone.

Each is a dependency (`DateWindowDep`, `PhoneDep`), so the plans list, the
bookings list and the CSV export check them one way: dates outside
FIRST_YEAR..LAST_YEAR cannot be bookings (and overflow when turned into UTC), a
range must not end before it starts, and a phone is normalised or refused with a
422 naming the parameter.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query

from bookbot.api.admin.errors import invalid
from bookbot.api.deps import BusinessDep
from bookbot.store.customers import normalize_phone

FIRST_YEAR, LAST_YEAR = 1970, 2200

Window = tuple[datetime | None, datetime | None]
DateFrom = Annotated[date | None, Query(description="First local date (inclusive)")]
DateTo = Annotated[date | None, Query(description="Last local date (inclusive)")]
Phone = Annotated[str | None, Query(description="Customer phone, e.g. +41790000001")]


def checked_day(name: str, day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise invalid(name, f"{day} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return day


def local_window(zone: ZoneInfo, first: date | None, last: date | None) -> Window:
    """From the start of local day `first` to the end of local day `last` (None: open)."""
    if first is not None and last is not None and last < first:
        raise invalid("date_to", f"{last} is before date_from {first}")
    for name, day in (("date_from", first), ("date_to", last)):
        if day is not None:
            checked_day(name, day)
    start = None if first is None else datetime.combine(first, time(), zone)
    end = None if last is None else datetime.combine(last + timedelta(days=1), time(), zone)
    return start, end


def get_window(business: BusinessDep, date_from: DateFrom = None, date_to: DateTo = None) -> Window:
    return local_window(business.zone, date_from, date_to)


DateWindowDep = Annotated[Window, Depends(get_window)]


def get_phone(phone: Phone = None) -> str | None:
    try:
        return None if phone is None else normalize_phone(phone)
    except ValueError as exc:
        raise invalid("phone", str(exc)) from None


PhoneDep = Annotated[str | None, Depends(get_phone)]
