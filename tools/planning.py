"""propose_schedule and book_group: a plan is shown before it is booked.

`propose_schedule` plans with the core and stores the result as a proposal of
this conversation. `book_group` books a proposal only when it belongs to this
customer's conversation, was shown in a reply, the customer's answer to it is an
explicit yes (`bookbot.tools.confirmed`), and it is the newest proposal for its
service; booking it twice is a no-op (`bookbot.tools.applying`). A plan that lost
its race for a slot books nothing and comes back with the nearest alternatives
(`bookbot.tools.races`).
"""

from __future__ import annotations

import uuid

from pydantic import Field

from bookbot.core.config import Service, Strategy
from bookbot.core.planner import plan_for
from bookbot.core.pricing import price_due
from bookbot.core.types import BookingStatus, Conflict, Plan
from bookbot.prompts.facts import money
from bookbot.store import proposals as proposal_store
from bookbot.store.lookup import remembered_service_id
from bookbot.tools.applying import apply_plan
from bookbot.tools.arguments import Args, local_datetime, service_arg
from bookbot.tools.calendar_window import package_expiry, plan_over
from bookbot.tools.confirmed import confirmed_proposal
from bookbot.tools.context import ToolContext
from bookbot.tools.views import BookingResult, ProposalResult, conflict_view, session_view


class ProposeScheduleArgs(Args):
    service_id: str  # the system prompt lists every service with its service_id
    starts: list[str] = Field(
        min_length=1,
        description=(
            "Local starts (YYYY-MM-DDTHH:MM). Immediate: session 1 only (the rest is "
            "planned); sequential: the next session; flexible: one per session to book"
        ),
    )


class BookGroupArgs(Args):
    proposal_id: str = Field(description="The proposal_id the customer said yes to")


def propose_schedule(ctx: ToolContext, args: ProposeScheduleArgs) -> ProposalResult:
    """Plan a booking from the customer's wished start(s): a proposal to show in full
    before book_group, or a `conflict` saying why with alternatives."""
    service = service_arg(ctx.business, args.service_id)
    starts = [local_datetime(ctx.zone, text, "starts") for text in args.starts]
    if service.booking_strategy is not Strategy.FLEXIBLE:
        starts = starts[:1]  # the rest of the plan follows from its first (next) session
    with ctx.read_session() as session:  # the group and the calendar in one read
        group, existing = ctx.active_sessions(service, session)
        result = plan_over(
            ctx,
            service,
            lambda avail: plan_for(avail, existing, starts),
            around=max(starts, default=None),
            expires_at=package_expiry(ctx, service, group),
            session=session,
        )
        service_key = remembered_service_id(session, service.id)
    base = {"service_id": service.id, "service_name": service.name}
    if isinstance(result, Conflict):
        return ProposalResult(ok=False, conflict=conflict_view(result, ctx.business), **base)
    counted = sum(
        1 for s in existing if s.status in (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)
    )
    proposal_id = store_proposal(
        ctx, service, group.id if group else None, "book", result, service_key=service_key
    )
    return ProposalResult(
        ok=True,
        proposal_id=proposal_id,
        kind="book",
        sessions=[session_view(service, s, ctx.zone) for s in result.sessions],
        total_price=_price(ctx, service, len(result.sessions), first_booking=group is None),
        sessions_left_after=service.total_sessions - counted - len(result.sessions),
        next_step="show these sessions and ask the customer to confirm; then call book_group",
        **base,
    )


def book_group(ctx: ToolContext, args: BookGroupArgs) -> BookingResult:
    """Book a proposal after the customer's clear yes to it: every session or none."""
    return apply_plan(ctx, confirmed_proposal(ctx, args.proposal_id))


def store_proposal(
    ctx: ToolContext,
    service: Service,
    group_id: uuid.UUID | None,
    kind: str,
    plan: Plan,
    *,
    service_key: int | None = None,
) -> str:
    """Keep `plan` as this conversation's proposal of `kind`; returns its id.
    `service_key`: the service's database id, when a read of this turn found it. On
    PostgreSQL the proposal is one statement (it replaces the older ones in it)."""
    with ctx.one_statement() as session:
        proposal = proposal_store.create_proposal(
            session,
            business=ctx.business,
            conversation_id=ctx.conversation_id,
            customer_id=ctx.customer_id,
            service_id=service.id,
            group_id=group_id,
            kind=kind,
            plan=plan,
            now=ctx.now,
            service_key=service_key,
        )
    return str(proposal.id)


def _price(ctx: ToolContext, service: Service, sessions: int, first_booking: bool) -> str | None:
    amount = price_due(service, sessions, first_booking=first_booking)
    return None if amount is None else money(amount, ctx.business.currency)
