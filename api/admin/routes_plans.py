"""Bookings and session groups (plans): lists with filters, one plan's view, and
the admin's actions on a session (completed, no-show, cancelled) or a plan.

Filters: `phone` (any common form; normalized to E.164), `service`, `status`
(repeatable), and `date_from` / `date_to`: local dates of the business,
inclusive, matched against session starts. Actions go through the store's
state machine with the actor "admin" and the admin clock's time in the audit
trail; a session cannot be marked completed or no-show before it starts.
"""

# No `from __future__ import annotations` here: FastAPI reads the route
# signatures at definition time, and SessionDep/AdminDep are local to `build`.

import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Depends, Path, Query
from sqlalchemy.orm import Session

from bookbot.api.admin.context import Admin, AdminContext
from bookbot.api.admin.errors import AdminRoute, invalid
from bookbot.api.admin.schemas import ActionIn, BookingOut, OverviewOut, PlanOut
from bookbot.api.admin.views import PlanPresenter
from bookbot.core.config import Strategy
from bookbot.core.errors import InvalidTransitionError
from bookbot.core.types import BookingStatus
from bookbot.store import admin_queries
from bookbot.store.admin_queries import AdminPlan
from bookbot.store.customers import normalize_phone
from bookbot.store.status import cancel_group, set_session_status

GroupStatus = Literal["active", "completed", "cancelled"]
Action = Literal["complete", "no-show", "cancel"]
TARGETS = {
    "complete": BookingStatus.COMPLETED,
    "no-show": BookingStatus.NO_SHOW,
    "cancel": BookingStatus.CANCELLED,
}
UPCOMING_DAYS = 7
TO_MARK_DAYS = 90
"""How far back the overview looks for started sessions nobody has marked yet."""
FIRST_YEAR, LAST_YEAR = 1970, 2200
"""Dates outside these years cannot be bookings (and overflow when turned into UTC)."""

Phone = Annotated[str | None, Query(description="Customer phone, e.g. +41790000001")]
ServiceId = Annotated[str | None, Query(alias="service", description="Service id")]
DateFrom = Annotated[date | None, Query(description="First local date (inclusive)")]
DateTo = Annotated[date | None, Query(description="Last local date (inclusive)")]
Limit = Annotated[int, Query(ge=1, le=admin_queries.MAX_ROWS)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def build(ctx: AdminContext) -> APIRouter:
    router = APIRouter(route_class=AdminRoute, tags=["admin: plans"])
    SessionDep = Annotated[Session, Depends(ctx.session)]
    AdminDep = Annotated[Admin, Depends(ctx.admin)]

    def window(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
        if first is not None and last is not None and last < first:
            raise invalid("date_to", f"{last} is before date_from {first}")
        for name, day in (("date_from", first), ("date_to", last)):
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise invalid(name, f"{day} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
        zone = ctx.business.zone
        start = None if first is None else datetime.combine(first, time(), zone)
        end = None if last is None else datetime.combine(last + timedelta(days=1), time(), zone)
        return start, end

    def phone_checked(phone: str | None) -> str | None:
        try:
            return None if phone is None else normalize_phone(phone)
        except ValueError as exc:
            raise invalid("phone", str(exc)) from None

    def views(plans: list[AdminPlan]) -> list[PlanOut]:
        presenter = PlanPresenter(ctx.business, ctx.now())
        return [presenter.view(p) for p in plans]

    @router.get("/overview")
    def overview(_admin: AdminDep, session: SessionDep) -> OverviewOut:
        """Today's sessions, the confirmed ones of the next 7 days, the started ones
        still to mark completed or no-show, and the plans in progress."""
        now, business = ctx.now(), ctx.business
        today = now.astimezone(business.zone).date()
        start, end = window(today, today)
        later = datetime.combine(today + timedelta(days=UPCOMING_DAYS + 1), time(), business.zone)
        statuses = [s.value for s in BookingStatus if s is not BookingStatus.CANCELLED]
        todays = admin_queries.find_bookings(
            session, business=business, statuses=statuses, start=start, end=end
        )
        upcoming = admin_queries.find_bookings(
            session, business=business, statuses=["confirmed"], start=end, end=later
        )
        active = admin_queries.find_plans(session, business=business, statuses=["active"])
        started = admin_queries.find_bookings(
            session,
            business=business,
            statuses=["confirmed"],
            start=now - timedelta(days=TO_MARK_DAYS),
            end=now + timedelta(microseconds=1),
        )
        return OverviewOut(
            business=business.name,
            timezone=business.timezone,
            now=now,
            today=today,
            today_sessions=[BookingOut.of(b, business) for b in todays],
            upcoming=[BookingOut.of(b, business) for b in upcoming],
            to_mark=[BookingOut.of(b, business) for b in started],
            in_progress=views(active),
        )

    @router.get("/bookings")
    def list_bookings(
        _admin: AdminDep,
        session: SessionDep,
        phone: Phone = None,
        service_id: ServiceId = None,
        status: Annotated[list[BookingStatus] | None, Query()] = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        limit: Limit = 200,
        offset: Offset = 0,
    ) -> list[BookingOut]:
        """Bookings of every customer, earliest first."""
        start, end = window(date_from, date_to)
        found = admin_queries.find_bookings(
            session,
            business=ctx.business,
            phone=phone_checked(phone),
            service_id=service_id,
            statuses=None if status is None else [s.value for s in status],
            start=start,
            end=end,
            limit=limit,
            offset=offset,
        )
        return [BookingOut.of(b, ctx.business) for b in found]

    @router.get("/groups")
    def list_groups(
        _admin: AdminDep,
        session: SessionDep,
        phone: Phone = None,
        service_id: ServiceId = None,
        status: Annotated[list[GroupStatus] | None, Query()] = None,
        strategy: Strategy | None = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[PlanOut]:
        """Session groups (plans and packages) with their progress, newest first;
        a date range keeps those with a session starting in it."""
        start, end = window(date_from, date_to)
        found = admin_queries.find_plans(
            session,
            business=ctx.business,
            phone=phone_checked(phone),
            service_id=service_id,
            statuses=status,
            strategy=strategy,
            start=start,
            end=end,
            limit=limit,
            offset=offset,
        )
        return views(found)

    @router.get("/groups/{group_id}")
    def read_group(group_id: uuid.UUID, _admin: AdminDep, session: SessionDep) -> PlanOut:
        """One plan as the guide's multi-session view (or package view)."""
        plan = admin_queries.get_plan(session, business=ctx.business, group_id=group_id)
        return views([plan])[0]

    @router.post("/groups/{group_id}/sessions/{number}/{action}")
    def mark_session(
        group_id: uuid.UUID,
        number: Annotated[int, Path(ge=1, le=1000, description="Session number")],
        action: Action,
        admin: AdminDep,
        session: SessionDep,
        body: Annotated[ActionIn | None, Body()] = None,
    ) -> PlanOut:
        """Mark session `number` completed, no-show, or cancel it; returns the plan."""
        now = ctx.now()
        plan = admin_queries.get_plan(session, business=ctx.business, group_id=group_id)
        target = TARGETS[action]
        if target is not BookingStatus.CANCELLED:
            _check_started(plan, number, now, ctx.business.zone)
        set_session_status(
            session,
            group_id=group_id,
            session_number=number,
            status=target,
            actor=admin.actor,
            at=now,
            note=None if body is None else body.note,
        )
        session.commit()
        return read_group(group_id, admin, session)

    @router.post("/groups/{group_id}/cancel")
    def cancel_plan(
        group_id: uuid.UUID,
        admin: AdminDep,
        session: SessionDep,
        body: Annotated[ActionIn | None, Body()] = None,
    ) -> PlanOut:
        """Cancel every confirmed session of an active plan, and the plan."""
        admin_queries.get_plan(session, business=ctx.business, group_id=group_id)
        cancel_group(
            session,
            group_id=group_id,
            actor=admin.actor,
            at=ctx.now(),
            note=None if body is None else body.note,
        )
        session.commit()
        return read_group(group_id, admin, session)

    return router


def _check_started(plan: AdminPlan, number: int, now: datetime, zone: ZoneInfo) -> None:
    """A session is attended (or missed) only once it has started."""
    held = [
        b
        for b in plan.bookings
        if b.session_number == number and b.status is BookingStatus.CONFIRMED
    ]
    if held and held[0].start > now:
        local = held[0].start.astimezone(zone)
        raise InvalidTransitionError(
            f"session {number} starts {local:%a %d %b %Y %H:%M}; "
            "it can be marked only once it has started"
        )
