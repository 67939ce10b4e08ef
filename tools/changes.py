"""reschedule_session and cancel_booking: preview first, apply after a yes.

Called without `proposal_id`, each tool checks the rules (notice period,
buffers, free slots), stores the change as a proposal and returns what would
happen (for a move, the whole new plan with the moving sessions marked; the
stored proposal names only those, and applying it changes only them). Called with
the id of a preview the customer was shown and confirmed (`bookbot.tools.confirmed`),
it applies exactly that preview. A move that does not say which session, in a plan
with more than one upcoming, comes back asking which (the upcoming ones listed).
"""

from __future__ import annotations

from pydantic import Field

from bookbot.core.availability import Availability
from bookbot.core.config import Service
from bookbot.core.errors import AlreadyBookedError, ProposalError
from bookbot.core.reschedule import movable, plan_after_move, plan_reschedule
from bookbot.core.types import BookingStatus, Conflict, Plan, SessionState
from bookbot.store import bookings as booking_store
from bookbot.store.proposals import NotConfirmedError, proposal_plan
from bookbot.store.records import GroupRecord
from bookbot.tools.applying import CHANGED_SINCE, apply_plan
from bookbot.tools.arguments import LOCAL_DATETIME, Args, local_datetime, service_arg
from bookbot.tools.calendar_window import plan_over
from bookbot.tools.confirmed import NOT_BOOKABLE, confirmed_proposal, not_confirmed
from bookbot.tools.context import ToolContext
from bookbot.tools.planning import store_proposal
from bookbot.tools.registry import ToolRetry
from bookbot.tools.views import BookingResult, ProposalResult, conflict_view, session_view

ASK_WHICH = (
    "ask the customer which of these sessions to move; then call reschedule_session "
    "with its session_number"
)


class RescheduleArgs(Args):
    service_id: str
    session_number: int | None = Field(
        default=None,
        ge=1,
        description="Empty: the only upcoming one (else you are asked which)",
    )
    new_start: str | None = Field(
        default=None, pattern=LOCAL_DATETIME, description="New local start (YYYY-MM-DDTHH:MM)"
    )
    proposal_id: str | None = Field(
        default=None,
        description="Only after a clear yes to the preview",
    )


class CancelArgs(Args):
    service_id: str
    session_number: int | None = Field(
        default=None, ge=1, description="One session to cancel; empty: every upcoming session"
    )
    proposal_id: str | None = Field(
        default=None,
        description="Only after a clear yes to the preview",
    )


def reschedule_session(ctx: ToolContext, args: RescheduleArgs) -> ProposalResult | BookingResult:
    """Move a booked session: without proposal_id, a preview of the new plan (later
    sessions shift as spacing requires); with a confirmed preview's id, apply it."""
    if args.proposal_id:
        return apply_plan(ctx, confirmed_proposal(ctx, args.proposal_id))
    service = service_arg(ctx.business, args.service_id)
    group, sessions = _group(ctx, service)
    number = args.session_number
    if number is None:
        upcoming = _upcoming(ctx, sessions)
        if not upcoming:
            raise ToolRetry("the customer has no upcoming session of this plan", code="no_plan")
        if len(upcoming) > 1:
            return _which_session(ctx, service, upcoming)
        number = upcoming[0].number
    if args.new_start is None:
        raise ToolRetry("new_start is needed to preview a move", hint="ask the customer when")
    return _preview_move(ctx, service, (group, sessions), number, args.new_start)


def _which_session(
    ctx: ToolContext, service: Service, upcoming: list[SessionState]
) -> ProposalResult:
    """The answer to a move that does not say which of several upcoming sessions."""
    return ProposalResult(
        ok=False,
        service_id=service.id,
        service_name=service.name,
        sessions=[session_view(service, s, ctx.zone) for s in upcoming],
        next_step=ASK_WHICH,
    )


def _preview_move(
    ctx: ToolContext,
    service: Service,
    plan: tuple[GroupRecord, list[SessionState]],
    number: int,
    new_start_text: str,
) -> ProposalResult:
    group, sessions = plan
    new_start = local_datetime(ctx.zone, new_start_text, "new_start")
    result = plan_over(
        ctx,
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
    """Cancel a session, or a plan's upcoming ones: without proposal_id, a preview;
    with a confirmed preview's id, cancel."""
    service = service_arg(ctx.business, args.service_id)
    if args.proposal_id:
        return _apply_cancel(ctx, args.proposal_id)
    group, sessions = _group(ctx, service)
    chosen = _to_cancel(ctx, sessions, args.session_number)
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


def _to_cancel(
    ctx: ToolContext, sessions: list[SessionState], number: int | None
) -> list[SessionState]:
    """Session `number` (its booked one first), or every upcoming session."""
    if number is None:
        chosen = _upcoming(ctx, sessions)
        if not chosen:
            raise ToolRetry("the customer has no upcoming session of this plan", code="no_plan")
        return chosen
    chosen = [s for s in sessions if s.number == number]
    chosen = [s for s in chosen if s.status is BookingStatus.CONFIRMED] or chosen[:1]
    if not chosen:
        raise ToolRetry(f"there is no session {number} in this plan")
    return chosen


def _apply_cancel(ctx: ToolContext, proposal_id: str) -> BookingResult:
    proposal = confirmed_proposal(ctx, proposal_id)
    if proposal.kind != "cancel" or proposal.group_id is None:
        raise ToolRetry("this proposal is not a cancellation", hint="use book_group for it")
    service = service_arg(ctx.business, proposal.service_id)
    numbers = proposal_plan(proposal, service).moved
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
    except ProposalError as exc:  # replaced by a newer proposal since the check
        raise ToolRetry(str(exc), code=NOT_BOOKABLE) from None
    except CHANGED_SINCE as exc:
        return BookingResult(
            booked=False, sessions=views, message=f"nothing was cancelled: {exc}", **base
        )
    return BookingResult(booked=True, sessions=views, **base)


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

    return plan_over(ctx, service, check)
