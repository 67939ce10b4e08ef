"""propose_schedule and book_group: a plan is shown before it is booked.

`propose_schedule` plans with the core and stores the result as a proposal of
this conversation. `book_group` books a proposal only when it belongs to this
customer's conversation, was shown in a reply, the customer's answer to it is an
explicit yes (`bookbot.tools.confirmed`), and it is the newest proposal for its
service; booking it twice is a no-op. A plan that lost its race for a slot books
nothing and comes back with the nearest alternatives (`bookbot.tools.races`).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from bookbot.core.config import Service, Strategy
from bookbot.core.errors import AlreadyBookedError, SlotTakenError
from bookbot.core.planner import plan_for
from bookbot.core.types import Conflict, Plan, PlannedSession
from bookbot.prompts.facts import money, plan_price
from bookbot.store import bookings as booking_store
from bookbot.store import proposals as proposal_store
from bookbot.store.db import write_session
from bookbot.store.proposals import NotConfirmedError
from bookbot.tools.confirmed import confirmed_proposal, not_confirmed
from bookbot.tools.context import ToolContext
from bookbot.tools.progress_tools import group_progress
from bookbot.tools.races import lost_race
from bookbot.tools.registry import ToolRetry
from bookbot.tools.schemas import (
    BookGroupArgs,
    BookingResult,
    ProposalResult,
    ProposeScheduleArgs,
    SessionView,
)
from bookbot.tools.views import conflict_view, session_view


def _price(ctx: ToolContext, service: Service, sessions: int, first_booking: bool) -> str | None:
    if service.price is None:
        return None
    if service.price_per != "session" and not first_booking:
        return None  # the plan's price was agreed with its first booking
    amount = plan_price(service, sessions)
    return None if amount is None else money(amount, ctx.business.currency)


def plan_to_payload(plan: Plan) -> dict[str, object]:
    return {
        "sessions": [
            {"number": s.number, "start": s.start.isoformat(), "end": s.end.isoformat()}
            for s in plan.sessions
        ],
        "moved": list(plan.moved),
        "renumbered": [list(pair) for pair in plan.renumbered],
    }


def plan_from_payload(payload: dict[str, object], service: Service) -> Plan:
    raw_sessions = payload.get("sessions") or []
    assert isinstance(raw_sessions, list)
    sessions = tuple(
        PlannedSession(
            number=int(item["number"]),
            start=datetime.fromisoformat(str(item["start"])),
            end=datetime.fromisoformat(str(item["end"])),
            name=service.session_name(int(item["number"])),
        )
        for item in raw_sessions
    )
    moved = payload.get("moved") or []
    renumbered = payload.get("renumbered") or []
    assert isinstance(moved, list) and isinstance(renumbered, list)
    return Plan(
        sessions=sessions,
        moved=tuple(int(m) for m in moved),
        renumbered=tuple((int(a), int(b)) for a, b in renumbered),
    )


def store_proposal(
    ctx: ToolContext, service: Service, group_id: uuid.UUID | None, kind: str, plan: Plan
) -> str:
    """Keep `plan` as this conversation's proposal of `kind`; returns its id."""
    with write_session(ctx.session_factory) as session:
        proposal = proposal_store.create_proposal(
            session,
            business=ctx.business,
            conversation_id=ctx.conversation_id,
            customer_id=ctx.customer_id,
            service_id=service.id,
            group_id=group_id,
            kind=kind,
            payload=plan_to_payload(plan),
            now=ctx.now,
        )
    return str(proposal.id)


def propose_schedule(ctx: ToolContext, args: ProposeScheduleArgs) -> ProposalResult:
    """Plan a booking from the customer's wished start(s): a proposal to show in full
    before book_group, or a `conflict` saying why with alternatives."""
    service = ctx.service(args.service_id)
    starts = [ctx.local_datetime(text, "starts") for text in args.starts]
    if (
        service.requires_multiple_sessions
        and service.strategy is not Strategy.FLEXIBLE
        and len(starts) > 1
    ):
        starts = starts[:1]
    with ctx.read_session() as session:  # the group and the calendar in one read
        group, existing = ctx.active_sessions(service, session)
        result = ctx.planning(
            service,
            lambda avail: plan_for(avail, existing, starts),
            around=max(starts, default=None),
            expires_at=ctx.package_expiry(service, group),
            session=session,
        )
    base = {"service_id": service.id, "service_name": service.name}
    if isinstance(result, Conflict):
        return ProposalResult(ok=False, conflict=conflict_view(result, ctx.business), **base)
    counted = sum(1 for s in existing if s.status.value in ("confirmed", "completed"))
    proposal_id = store_proposal(ctx, service, group.id if group else None, "book", result)
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


def _booked_views(ctx: ToolContext, service: Service, kind: str, plan: Plan) -> list[SessionView]:
    """The sessions a booking changes. A move's plan also lists the later sessions
    that keep their time; the result names only those that move (marked moved)."""
    if kind != "reschedule":
        return [session_view(service, s, ctx.zone) for s in plan.sessions]
    return [
        session_view(service, s, ctx.zone, moved=True)
        for s in plan.sessions
        if s.number in plan.moved
    ]


def book_group(ctx: ToolContext, args: BookGroupArgs) -> BookingResult:
    """Book a proposal after the customer's clear yes to it: every session or none."""
    proposal = confirmed_proposal(ctx, args.proposal_id)
    service = ctx.service(proposal.service_id)
    plan = plan_from_payload(proposal.payload, service)
    views = _booked_views(ctx, service, proposal.kind, plan)
    base = {"service_id": service.id, "service_name": service.name, "kind": proposal.kind}
    if proposal.booked_at is not None:
        return BookingResult(booked=True, already_done=True, sessions=views, **base)
    if proposal.kind == "cancel":
        raise ToolRetry(
            "this proposal is a cancellation", hint="apply it with cancel_booking(proposal_id)"
        )
    try:
        if proposal.kind == "reschedule":
            assert proposal.group_id is not None
            booking_store.reschedule(
                ctx.session_factory,
                business=ctx.business,
                group_id=proposal.group_id,
                customer_id=ctx.customer_id,
                plan=plan,
                actor=ctx.actor,
                at=ctx.now,
                proposal_id=proposal.id,
            )
        else:
            booking_store.book_plan(
                ctx.session_factory,
                business=ctx.business,
                customer_id=ctx.customer_id,
                service_id=service.id,
                plan=plan,
                group_id=proposal.group_id,
                actor=ctx.actor,
                at=ctx.now,
                proposal_id=proposal.id,
            )
    except AlreadyBookedError:
        return BookingResult(booked=True, already_done=True, sessions=views, **base)
    except NotConfirmedError as exc:  # a "no" stored since the check above
        raise not_confirmed(exc) from None
    except SlotTakenError:
        return lost_race(ctx, service, proposal, plan, views)
    summary = group_progress(ctx, service)
    return BookingResult(
        booked=True,
        sessions=views,
        completed=summary.completed if summary else None,
        booked_total=summary.booked if summary else None,
        remaining_unscheduled=summary.remaining_unscheduled if summary else None,
        **base,
    )
