"""Counts for the admin's charts that the plan analytics do not hold: sessions per
status in a time window, for bookings per week. Takes a `Session`, never writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.store.columns import utc
from bookbot.store.lookup import service_ids_by_slug
from bookbot.store.models import BookingRow


def session_starts(
    session: Session, *, business: Business, start: datetime, end: datetime
) -> list[tuple[datetime, str]]:
    """(start, status) of every session of the business starting in [start, end)."""
    services = list(service_ids_by_slug(session, business=business).values())
    rows = session.execute(
        select(BookingRow.start_at, BookingRow.status).where(
            BookingRow.service_id.in_(services),
            BookingRow.start_at >= utc(start),
            BookingRow.start_at < utc(end),
        )
    )
    return [(moment, status) for moment, status in rows]
