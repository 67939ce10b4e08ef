"""get_progress and list_bookings: the customer's own plans and sessions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import Field

from bookbot.core.config import Service
from bookbot.core.progress import NextAction, Progress, progress
from bookbot.core.types import SessionState
from bookbot.store import bookings as booking_store
from bookbot.store.queries import customer_plans
from bookbot.store.records import GroupRecord
from bookbot.tools.arguments import Args, Result, service_arg
from bookbot.tools.context import ToolContext
from bookbot.tools.views import SessionView, day_text, local_iso, session_view


class GetProgressArgs(Args):
    service_id: str | None = Field(
        default=None, description="Only this service; default: all plans"
    )


class ListBookingsArgs(Args):
    include_past: bool | None = Field(
        default=None, description="Also past sessions"
    )


class NextActionView(Result):
    kind: str
    session: int | None = None
    at: str | None = None
    earliest_day: str | None = None
    latest_day: str | None = None
    suggested_day: str | None = None


class PlanProgressView(Result):
    service_id: str
    service_name: str
    strategy: str
    total: int
    completed: int
    booked: int
    remaining_unscheduled: int
    sessions: list[SessionView]
    next_action: NextActionView
    package_expires_on: str | None = None


class ProgressResult(Result):
    plans: list[PlanProgressView]


class BookingsResult(Result):
    bookings: list[SessionView]


def get_progress(ctx: ToolContext, args: GetProgressArgs) -> ProgressResult:
    """The customer's plans: sessions and status, what is left, what comes next."""
    services = (
        [service_arg(ctx.business, args.service_id)]
        if args.service_id
        else list(ctx.business.services)
    )
    with ctx.read_session() as session:  # the plans with their sessions: one read
        found = dict(customer_plans(session, customer_id=ctx.customer_id))
    wanted = {s.id for s in services}
    plans: list[PlanProgressView] = []
    for group in _in_business_order(ctx, [g for g in found if g.service_id in wanted]):
        service = ctx.business.service(group.service_id)
        progress_now = plan_progress(ctx, service, group, found[group])
        plans.append(_plan_view(ctx, service, group, progress_now))
    return ProgressResult(plans=plans)


def list_bookings(ctx: ToolContext, args: ListBookingsArgs) -> BookingsResult:
    """The customer's booked sessions, earliest first."""
    with ctx.read_session() as session:
        records = booking_store.customer_bookings(
            session,
            customer_id=ctx.customer_id,
            since=None if args.include_past else ctx.now,
        )
    offered = {s.id: s for s in ctx.business.services}
    views = []
    for record in records:
        service = offered.get(record.service_id)
        if service is None:  # a service the business file no longer lists
            continue
        state = SessionState(record.session_number, record.start, record.end, record.status)
        views.append(session_view(service, state, ctx.zone, with_service=True))
    return BookingsResult(bookings=views)


def group_progress(ctx: ToolContext, service: Service) -> Progress | None:
    """Progress of the customer's active plan for `service`, if there is one."""
    group, sessions = ctx.active_sessions(service)
    return None if group is None else plan_progress(ctx, service, group, sessions)


def plan_progress(
    ctx: ToolContext, service: Service, group: GroupRecord, sessions: list[SessionState]
) -> Progress:
    return progress(
        service,
        sessions,
        ctx.now,
        zone=ctx.zone,
        expires_at=group.package_expires_at,
        is_open=ctx.business.is_open,
    )


def _plan_view(
    ctx: ToolContext, service: Service, group: GroupRecord, state: Progress
) -> PlanProgressView:
    expires = group.package_expires_at
    return PlanProgressView(
        service_id=service.id,
        service_name=service.name,
        strategy=service.strategy.value,
        total=state.total,
        completed=state.completed,
        booked=state.booked,
        remaining_unscheduled=state.remaining_unscheduled,
        sessions=[session_view(service, s, ctx.zone) for s in state.sessions],
        next_action=next_action_view(state.next_action, ctx.zone),
        package_expires_on=None if expires is None else local_iso(expires, ctx.zone)[:10],
    )


def _in_business_order(ctx: ToolContext, groups: list[GroupRecord]) -> list[GroupRecord]:
    """Plans in a fixed order: by the business's order of services, then newest first
    (the store's own order ties on random ids when two plans start at one instant)."""
    order = {s.id: i for i, s in enumerate(ctx.business.services)}
    newest_first = sorted(groups, key=lambda g: g.created_at, reverse=True)
    return sorted(newest_first, key=lambda g: order.get(g.service_id, len(order)))


def next_action_view(action: NextAction, zone: ZoneInfo) -> NextActionView:
    """The next action as `progress` gave it (its suggested day already an open one)."""
    return NextActionView(
        kind=action.kind.value,
        session=action.session,
        at=None if action.at is None else local_iso(action.at, zone),
        earliest_day=day_text(action.earliest),
        latest_day=day_text(action.latest),
        suggested_day=day_text(action.suggested),
    )
