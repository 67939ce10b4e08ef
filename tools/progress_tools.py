"""get_progress and list_bookings: the customer's own plans and sessions."""

from __future__ import annotations

from bookbot.core.config import Service
from bookbot.core.progress import Progress, progress
from bookbot.core.types import SessionState
from bookbot.store import bookings as booking_store
from bookbot.store.records import GroupRecord
from bookbot.tools.context import ToolContext
from bookbot.tools.schemas import (
    BookingsResult,
    GetProgressArgs,
    ListBookingsArgs,
    PlanProgressView,
    ProgressResult,
)
from bookbot.tools.views import local_iso, next_action_view, session_view


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


def get_progress(ctx: ToolContext, args: GetProgressArgs) -> ProgressResult:
    """The customer's plans: each session's date and status, what is left, what comes next."""
    services = [ctx.service(args.service_id)] if args.service_id else list(ctx.business.services)
    plans: list[PlanProgressView] = []
    with ctx.session_factory() as session:
        groups = booking_store.customer_groups(session, customer_id=ctx.customer_id)
    wanted = {s.id for s in services}
    for group in _in_business_order(ctx, [g for g in groups if g.service_id in wanted]):
        service = ctx.business.service(group.service_id)
        with ctx.session_factory() as session:
            sessions = booking_store.group_sessions(
                session, group_id=group.id, customer_id=ctx.customer_id
            )
        state = plan_progress(ctx, service, group, sessions)
        plans.append(
            PlanProgressView(
                service_id=service.id,
                service_name=service.name,
                strategy=service.strategy.value,
                total=state.total,
                completed=state.completed,
                booked=state.booked,
                remaining_unscheduled=state.remaining_unscheduled,
                sessions=[session_view(service, s, ctx.zone) for s in state.sessions],
                next_action=next_action_view(state.next_action, ctx.zone),
                package_expires_on=(
                    None
                    if group.package_expires_at is None
                    else local_iso(group.package_expires_at, ctx.zone)[:10]
                ),
            )
        )
    return ProgressResult(plans=plans)


def _in_business_order(ctx: ToolContext, groups: list[GroupRecord]) -> list[GroupRecord]:
    """Plans in a fixed order: by the business's order of services, then newest first
    (the store's own order ties on random ids when two plans start at one instant)."""
    order = {s.id: i for i, s in enumerate(ctx.business.services)}
    newest_first = sorted(groups, key=lambda g: g.created_at, reverse=True)
    return sorted(newest_first, key=lambda g: order.get(g.service_id, len(order)))


def list_bookings(ctx: ToolContext, args: ListBookingsArgs) -> BookingsResult:
    """The customer's booked sessions (upcoming by default), earliest first."""
    with ctx.session_factory() as session:
        records = booking_store.customer_bookings(
            session,
            customer_id=ctx.customer_id,
            since=None if args.include_past else ctx.now,
        )
    views = []
    for record in records:
        service = ctx.business.service(record.service_id)
        state = SessionState(record.session_number, record.start, record.end, record.status)
        views.append(session_view(service, state, ctx.zone, with_service=True))
    return BookingsResult(bookings=views)
