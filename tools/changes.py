"""reschedule_session and cancel_booking: preview first, apply after a yes.

Called without `proposal_id`, each tool checks the rules (notice period,
buffers, free slots), stores the change as a proposal and returns what would
happen (for a move, the whole new plan with the moving sessions marked; the
stored proposal names only those, and applying it changes only them). Called with the id of a
preview the customer was shown and confirmed (`bookbot.tools.confirmed`), it applies
exactly that preview.
"""

from __future__ import annotations

from bookbot.core.availability import Availability
from bookbot.core.config import Service
from bookbot.core.errors import AlreadyBookedError
from bookbot.core.reschedule import movable, plan_after_move, plan_reschedule
from bookbot.core.types import BookingStatus, Conflict, Plan, SessionState
from bookbot.store import bookings as booking_store
from bookbot.store.proposals import NotConfirmedError
from bookbot.store.records import GroupRecord
from bookbot.tools.confirmed import confirmed_proposal, not_confirmed
from bookbot.tools.context import ToolContext
from bookbot.tools.planning import book_group, plan_from_payload, store_proposal
from bookbot.tools.registry import ToolRetry
from bookbot.tools.schemas import (
    BookGroupArgs,
    BookingResult,
    CancelArgs,
    ProposalResult,
    RescheduleArgs,
)
from bookbot.tools.views import conflict_view, session_view


def _group(ctx: ToolContext, service: Service) -> tuple[GroupRecord, list[SessionState]]:
    group, sessions = ctx.active_sessions(service)
    if group is None:
        raise ToolRetry(
            f"the customer has no booked plan for {service.id}",
            code="no_plan",
            hint="check get_progress for the customer's plans",
        )
    return group, sessions


def _upcoming(ctx: ToolContext, sessions: list[SessionState]) -> list[SessionState]:
    return sorted(
        (s for s in sessions if s.status is BookingStatus.CONFIRMED and s.start > ctx.now),
        key=lambda s: s.start,
    )


def reschedule_session(ctx: ToolContext, args: RescheduleArgs) -> ProposalResult | BookingResult:
    """Move a booked session. Without proposal_id: a preview of the whole new plan
    (later sessions shift only as their spacing requires). With the proposal_id of
    a preview the customer said yes to: apply it."""
    if args.proposal_id:
        return book_group(ctx, BookGroupArgs(proposal_id=args.proposal_id))
    service = ctx.service(args.service_id)
    group, sessions = _group(ctx, service)
    number = args.session_number
    if number is None:
        upcoming = _upcoming(ctx, sessions)
        if not upcoming:
            raise ToolRetry("the customer has no upcoming session of this plan", code="no_plan")
        number = upcoming[0].number
    if args.new_start is None:
        raise ToolRetry("new_start is needed to preview a move", hint="ask the customer when")
    new_start = ctx.local_datetime(args.new_start, "new_start")
    result = ctx.planning(
        service,
        lambda avail: plan_reschedule(avail, sessions, number, new_start),
        around=max(new_start, *(s.start for s in sessions)),
        expires_at=group.package_expires_at,
    )
    base = {"service_id": service.id, "service_name": service.name}
    if isinstance(result, Conflict):
        return ProposalResult(ok=False, conflict=conflict_view(result, ctx.business), **base)
    # what is stored (and applied) names only the sessions that move; the
    # customer sees the whole plan they will have
    proposal_id = store_proposal(ctx, service, group.id, "reschedule", result)
    whole = plan_after_move(sessions, result)
    return ProposalResult(
        ok=True,
        proposal_id=proposal_id,
        kind="reschedule",
        sessions=[session_view(service, s, ctx.zone, moved=moved) for s, moved in whole],
        moved_sessions=list(result.moved),
        next_step="show the whole new plan (every session, saying which ones move) and ask "
        "the customer to confirm; then call reschedule_session with this proposal_id",
        **base,
    )


def cancel_booking(ctx: ToolContext, args: CancelArgs) -> ProposalResult | BookingResult:
    """Cancel one session, or every upcoming one of a plan. Without proposal_id: a
    preview. With the proposal_id of a preview the customer said yes to: cancel."""
    service = ctx.service(args.service_id)
    if args.proposal_id:
        return _apply_cancel(ctx, args.proposal_id)
    group, sessions = _group(ctx, service)
    if args.session_number is not None:
        chosen = [s for s in sessions if s.number == args.session_number]
        chosen = [s for s in chosen if s.status is BookingStatus.CONFIRMED] or chosen[:1]
        if not chosen:
            raise ToolRetry(f"there is no session {args.session_number} in this plan")
    else:
        chosen = _upcoming(ctx, sessions)
        if not chosen:
            raise ToolRetry("the customer has no upcoming session of this plan", code="no_plan")
    base = {"service_id": service.id, "service_name": service.name}
    blocked = _first_blocked(ctx, service, chosen)
    if blocked is not None:
        return ProposalResult(ok=False, conflict=conflict_view(blocked, ctx.business), **base)
    plan = Plan(sessions=(), moved=tuple(s.number for s in chosen))
    proposal_id = store_proposal(ctx, service, group.id, "cancel", plan)
    return ProposalResult(
        ok=True,
        proposal_id=proposal_id,
        kind="cancel",
        sessions=[session_view(service, s, ctx.zone) for s in chosen],
        next_step="ask the customer to confirm the cancellation; then call cancel_booking "
        "with this proposal_id",
        **base,
    )


def _apply_cancel(ctx: ToolContext, proposal_id: str) -> BookingResult:
    proposal = confirmed_proposal(ctx, proposal_id)
    if proposal.kind != "cancel" or proposal.group_id is None:
        raise ToolRetry("this proposal is not a cancellation", hint="use book_group for it")
    service = ctx.service(proposal.service_id)
    numbers = plan_from_payload(proposal.payload, service).moved
    group, sessions = _group(ctx, service)
    chosen = [s for s in sessions if s.number in numbers]
    views = [session_view(service, s, ctx.zone) for s in chosen]
    base = {"service_id": service.id, "service_name": service.name, "kind": "cancel"}
    if proposal.booked_at is not None:
        return BookingResult(booked=True, already_done=True, sessions=views, **base)
    blocked = _first_blocked(ctx, service, chosen)
    if blocked is not None:
        return BookingResult(
            booked=False, sessions=views, conflict=conflict_view(blocked, ctx.business), **base
        )
    try:
        booking_store.cancel_sessions(
            ctx.session_factory,
            group_id=group.id,
            customer_id=ctx.customer_id,
            session_numbers=list(numbers),
            actor=ctx.actor,
            at=ctx.now,
            proposal_id=proposal.id,
        )
    except AlreadyBookedError:
        return BookingResult(booked=True, already_done=True, sessions=views, **base)
    except NotConfirmedError as exc:  # a "no" stored since the check above
        raise not_confirmed(exc) from None
    return BookingResult(booked=True, sessions=views, **base)


def _first_blocked(
    ctx: ToolContext, service: Service, chosen: list[SessionState]
) -> Conflict | None:
    """Why the first of `chosen` may not be cancelled (the notice period), if any."""

    def check(avail: Availability) -> Conflict | None:
        for session_state in chosen:
            blocked = movable(avail, session_state)
            if blocked is not None:
                return blocked
        return None

    return ctx.planning(service, check)
