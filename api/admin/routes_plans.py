"""Bookings and session groups (plans): lists with filters, one plan's view, and
the admin's actions on a session (completed, no-show, cancelled) or a plan.

Filters: `phone` (any common form; normalized to E.164), `service`, `status`
(repeatable), and `date_from` / `date_to`: local dates of the business,
inclusive, matched against session starts. Actions go through the store's
state machine with the actor "admin" and the admin clock's time in the audit
trail; a session cannot be marked completed or no-show before it starts.
"""

# No `from __future__ import annotations`: FastAPI reads the route signatures at
# definition time.

import uuid
from datetime import datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Path, Query
from sqlalchemy.orm import Session

from bookbot.api.admin.deps import AdminDep, PresenterDep
from bookbot.api.admin.errors import AdminRoute
from bookbot.api.admin.filters import DateWindowDep, PhoneDep, local_window
from bookbot.api.admin.schemas import ActionIn, BookingOut, OverviewOut, PlanOut
from bookbot.api.admin.views import PlanPresenter
from bookbot.api.deps import BusinessDep, NowDep, SessionDep
from bookbot.core.config import Strategy
from bookbot.core.errors import InvalidTransitionError
from bookbot.core.types import BookingStatus
from bookbot.store import admin_queries
from bookbot.store.admin_queries import AdminPlan
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
ServiceId = Annotated[str | None, Query(alias="service", description="Service id")]
Limit = Annotated[int, Query(ge=1, le=admin_queries.MAX_ROWS)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


router = APIRouter(route_class=AdminRoute, tags=["admin: plans"])


@router.get("/overview")
def overview(
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    now: NowDep,
    presenter: PresenterDep,
) -> OverviewOut:
    """Today's sessions, the confirmed ones of the next 7 days, the started ones
    still to mark completed or no-show, and the plans in progress."""
    today = now.astimezone(business.zone).date()
    start, end = local_window(business.zone, today, today)
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
        in_progress=[presenter.view(p) for p in active],
    )


@router.get("/bookings")
def list_bookings(
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    window: DateWindowDep,
    phone: PhoneDep,
    service_id: ServiceId = None,
    status: Annotated[list[BookingStatus] | None, Query()] = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> list[BookingOut]:
    """Bookings of every customer, earliest first."""
    start, end = window
    found = admin_queries.find_bookings(
        session,
        business=business,
        phone=phone,
        service_id=service_id,
        statuses=None if status is None else [s.value for s in status],
        start=start,
        end=end,
        limit=limit,
        offset=offset,
    )
    return [BookingOut.of(b, business) for b in found]


@router.get("/groups")
def list_groups(
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    presenter: PresenterDep,
    window: DateWindowDep,
    phone: PhoneDep,
    service_id: ServiceId = None,
    status: Annotated[list[GroupStatus] | None, Query()] = None,
    strategy: Strategy | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[PlanOut]:
    """Session groups (plans and packages) with their progress, newest first;
    a date range keeps those with a session starting in it."""
    start, end = window
    found = admin_queries.find_plans(
        session,
        business=business,
        phone=phone,
        service_id=service_id,
        statuses=status,
        strategy=strategy,
        start=start,
        end=end,
        limit=limit,
        offset=offset,
    )
    return [presenter.view(p) for p in found]


@router.get("/groups/{group_id}")
def read_group(
    group_id: uuid.UUID, _admin: AdminDep, session: SessionDep, presenter: PresenterDep
) -> PlanOut:
    """One plan as the guide's multi-session view (or package view)."""
    return _plan_view(session, presenter, group_id)


@router.post("/groups/{group_id}/sessions/{number}/{action}")
def mark_session(
    group_id: uuid.UUID,
    number: Annotated[int, Path(ge=1, le=1000, description="Session number")],
    action: Action,
    admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    now: NowDep,
    presenter: PresenterDep,
    body: Annotated[ActionIn | None, Body()] = None,
) -> PlanOut:
    """Mark session `number` completed, no-show, or cancel it; returns the plan."""
    plan = admin_queries.get_plan(session, business=business, group_id=group_id)
    target = TARGETS[action]
    if target is not BookingStatus.CANCELLED:
        _check_started(plan, number, now, business.zone)
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
    return _plan_view(session, presenter, group_id)


@router.post("/groups/{group_id}/cancel")
def cancel_plan(
    group_id: uuid.UUID,
    admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    now: NowDep,
    presenter: PresenterDep,
    body: Annotated[ActionIn | None, Body()] = None,
) -> PlanOut:
    """Cancel every confirmed session of an active plan, and the plan."""
    admin_queries.get_plan(session, business=business, group_id=group_id)
    cancel_group(
        session,
        group_id=group_id,
        actor=admin.actor,
        at=now,
        note=None if body is None else body.note,
    )
    session.commit()
    return _plan_view(session, presenter, group_id)


def _plan_view(session: Session, presenter: PlanPresenter, group_id: uuid.UUID) -> PlanOut:
    plan = admin_queries.get_plan(session, business=presenter.business, group_id=group_id)
    return presenter.view(plan)


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
