"""Bookings as CSV (`/bookings.csv`), with the filters of `/bookings`, for a
spreadsheet: one row per session, times local to the business."""

# No `from __future__ import annotations` here: FastAPI reads the route
# signatures at definition time, and SessionDep/AdminDep are local to `build`.

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from bookbot.api.admin.context import Admin, AdminContext
from bookbot.api.admin.errors import AdminRoute, invalid
from bookbot.api.admin.schemas import BookingOut
from bookbot.core.types import BookingStatus
from bookbot.store import admin_queries
from bookbot.store.customers import normalize_phone

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
FIRST_YEAR, LAST_YEAR = 1970, 2200


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


def build(ctx: AdminContext) -> APIRouter:
    router = APIRouter(route_class=AdminRoute, tags=["admin: plans"])
    SessionDep = Annotated[Session, Depends(ctx.session)]
    AdminDep = Annotated[Admin, Depends(ctx.admin)]

    @router.get(
        "/bookings.csv",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}, "description": "One row per session"}},
    )
    def export_bookings(
        _admin: AdminDep,
        session: SessionDep,
        phone: Annotated[str | None, Query(max_length=32)] = None,
        service_id: Annotated[str | None, Query(alias="service", max_length=100)] = None,
        status: Annotated[list[BookingStatus] | None, Query()] = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> Response:
        """Bookings of every customer as CSV, earliest first (local dates, inclusive)."""
        zone = ctx.business.zone
        for name, day in (("date_from", date_from), ("date_to", date_to)):
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise invalid(name, f"{day} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
        if date_from and date_to and date_to < date_from:
            raise invalid("date_to", f"{date_to} is before date_from {date_from}")
        try:
            number = None if phone is None else normalize_phone(phone)
        except ValueError as exc:
            raise invalid("phone", str(exc)) from None
        found = admin_queries.find_bookings(
            session,
            business=ctx.business,
            phone=number,
            service_id=service_id,
            statuses=None if status is None else [s.value for s in status],
            start=None if date_from is None else datetime.combine(date_from, time(), zone),
            end=None
            if date_to is None
            else datetime.combine(date_to + timedelta(days=1), time(), zone),
        )
        rows = [BookingOut.of(b, ctx.business) for b in found]
        day = ctx.now().astimezone(zone).date()
        return Response(
            to_csv(rows, zone),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="bookings-{day}.csv"'},
        )

    return router
