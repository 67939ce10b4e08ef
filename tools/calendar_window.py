"""The calendar a tool plans over: the near weeks first, the whole future when needed.

Loading every future booking of a service for each question would be wasteful:
most plans and searches end within `NEAR_DAYS`. `plan_over` runs a planning
function over that near window, and when the core says it looked past it
(`BeyondHorizon`: a slot check beyond the loaded calendar, never a wrong answer)
runs it again over the whole future calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from bookbot.core.availability import Availability, BeyondHorizon
from bookbot.core.calendar import Calendar
from bookbot.core.config import Service
from bookbot.store import bookings as booking_store
from bookbot.store.queries import calendar_occupancy
from bookbot.store.records import GroupRecord
from bookbot.tools.context import ToolContext

T = TypeVar("T")
NEAR_DAYS = 90
"""The calendar window loaded first: most plans and searches end within it."""


def plan_over(
    ctx: ToolContext,
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
    near = max(ctx.now, around or ctx.now) + timedelta(days=NEAR_DAYS)
    with ctx.reads(session) as reads:
        try:
            return run(availability(ctx, service, until=near, expires_at=expires_at, session=reads))
        except BeyondHorizon:
            return run(availability(ctx, service, expires_at=expires_at, session=reads))


def package_expiry(
    ctx: ToolContext, service: Service, group: GroupRecord | None
) -> datetime | None:
    """When the customer's package of `service` expires: the active group's
    expiry, or for a new group (booked now) now + `package_expiry_days`."""
    if group is not None:
        return group.package_expires_at
    days = service.package_expiry_days
    return ctx.now + timedelta(days=days) if days else None


def availability(
    ctx: ToolContext,
    service: Service,
    *,
    until: datetime | None = None,
    expires_at: datetime | None = None,
    session: Session | None = None,
) -> Availability:
    """Free-slot rules over the service's active bookings from now (to `until`),
    with the customer's own other bookings as busy time."""
    horizon_start = ctx.now - timedelta(minutes=service.max_duration)
    with ctx.reads(session) as reads:
        occupancy = calendar_occupancy(
            reads, service_ids=[service.id], start=horizon_start, end=until
        )
        busy = booking_store.customer_intervals(
            reads, customer_id=ctx.customer_id, start=horizon_start
        )
    return Availability(
        business=ctx.business,
        service=service,
        calendar=Calendar.from_sorted(occupancy),
        now=ctx.now,
        customer_busy=tuple(busy),
        horizon=until,
        expires_at=expires_at,
    )
