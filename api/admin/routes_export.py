"""Bookings as CSV (`/bookings.csv`), with the filters of `/bookings`, for a
spreadsheet: one row per session, times local to the business."""

# No `from __future__ import annotations`: FastAPI reads the route signatures at
# definition time.

import csv
import io
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from fastapi.responses import Response

from bookbot.api.admin.deps import AdminDep
from bookbot.api.admin.errors import AdminRoute
from bookbot.api.admin.filters import DateWindowDep, PhoneDep
from bookbot.api.admin.schemas import BookingOut
from bookbot.api.deps import BusinessDep, NowDep, SessionDep
from bookbot.core.types import BookingStatus
from bookbot.store import admin_queries

COLUMNS = (
    "booking_id",
    "plan_id",
    "customer",
    "phone",
    "service_id",
    "service",
    "session",
    "of",
    "weekday",
    "date",
    "start",
    "end",
    "status",
)


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(bookings: list[BookingOut], zone: ZoneInfo) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for b in bookings:
        start, end = b.start.astimezone(zone), b.end.astimezone(zone)
        writer.writerow(
            [
                b.id,
                b.group_id,
                _safe(b.customer.name or ""),
                b.customer.phone,
                b.service_id,
                _safe(b.service_name),
                b.session_number,
                b.total_sessions,
                f"{start:%a}",
                f"{start:%Y-%m-%d}",
                f"{start:%H:%M}",
                f"{end:%H:%M}",
                b.status.value,
            ]
        )
    return out.getvalue()


router = APIRouter(route_class=AdminRoute, tags=["admin: plans"])


@router.get(
    "/bookings.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per session"}},
)
def export_bookings(
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    now: NowDep,
    window: DateWindowDep,
    phone: PhoneDep,
    service_id: Annotated[str | None, Query(alias="service", max_length=100)] = None,
    status: Annotated[list[BookingStatus] | None, Query()] = None,
) -> Response:
    """Bookings of every customer as CSV, earliest first (local dates, inclusive)."""
    start, end = window
    found = admin_queries.find_bookings(
        session,
        business=business,
        phone=phone,
        service_id=service_id,
        statuses=None if status is None else [s.value for s in status],
        start=start,
        end=end,
    )
    rows = [BookingOut.of(b, business) for b in found]
    day = now.astimezone(business.zone).date()
    return Response(
        to_csv(rows, business.zone),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="bookings-{day}.csv"'},
    )
