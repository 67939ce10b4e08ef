"""Applying a confirmed booking or move: every session or none.

`book_group` and `reschedule_session` (with a proposal_id) both end here once
`bookbot.tools.confirmed` has found the customer's yes. What the store refuses
at that moment is an answer, not an error: a slot taken since the preview
(`bookbot.tools.races` finds what else fits), or a plan that changed since (a
session completed or cancelled, the package expired); nothing is written then.
"""

from __future__ import annotations

from bookbot.core.config import Service
from bookbot.core.errors import (
    AlreadyBookedError,
    InvalidTransitionError,
    NotFoundError,
    PackageExpiredError,
    ProposalError,
    SlotTakenError,
)
from bookbot.core.progress import Progress
from bookbot.core.types import Plan, SessionState
from bookbot.store import bookings as booking_store
from bookbot.store.proposals import NotConfirmedError, ProposalRecord, proposal_plan
from bookbot.store.records import BookingResult as Written
from bookbot.tools.arguments import service_arg
from bookbot.tools.confirmed import NOT_BOOKABLE, not_confirmed
from bookbot.tools.context import ToolContext
from bookbot.tools.progress import group_progress, plan_progress
from bookbot.tools.races import lost_race
from bookbot.tools.registry import ToolRetry
from bookbot.tools.views import BookingResult, SessionView, session_view

CHANGED_SINCE = (InvalidTransitionError, NotFoundError, PackageExpiredError)
"""What the store refuses when the plan changed since its preview (nothing is written)."""


def apply_plan(ctx: ToolContext, proposal: ProposalRecord) -> BookingResult:
    """Book (or move, for a reschedule) the confirmed `proposal`; booking it twice is a no-op."""
    service = service_arg(ctx.business, proposal.service_id)
    plan = proposal_plan(proposal, service)
    views = _booked_views(ctx, service, proposal.kind, plan)
    base = {"service_id": service.id, "service_name": service.name, "kind": proposal.kind}
    if proposal.booked_at is not None:
        return BookingResult(booked=True, already_done=True, sessions=views, **base)
    if proposal.kind == "cancel":
        raise ToolRetry(
            "this proposal is a cancellation", hint="apply it with cancel_booking(proposal_id)"
        )
    try:
        written = _write(ctx, service, proposal, plan)
    except AlreadyBookedError:
        return BookingResult(booked=True, already_done=True, sessions=views, **base)
    except NotConfirmedError as exc:  # a "no" stored since the check
        raise not_confirmed(exc) from None
    except ProposalError as exc:  # replaced by a newer proposal since the check
        raise ToolRetry(str(exc), code=NOT_BOOKABLE) from None
    except SlotTakenError:
        return lost_race(ctx, service, proposal, plan, views)
    except CHANGED_SINCE as exc:
        return BookingResult(
            booked=False, sessions=views, message=f"nothing was booked: {exc}", **base
        )
    summary = _progress_after(ctx, service, written)
    return BookingResult(
        booked=True,
        sessions=views,
        completed=summary.completed if summary else None,
        booked_total=summary.booked if summary else None,
        remaining_unscheduled=summary.remaining_unscheduled if summary else None,
        **base,
    )


def _progress_after(ctx: ToolContext, service: Service, written: Written) -> Progress | None:
    """The plan's progress after the write: a new plan holds exactly the sessions just
    booked (no read); a plan that had sessions before is read again."""
    if not written.created_group:
        return group_progress(ctx, service)
    sessions = [SessionState(b.session_number, b.start, b.end, b.status) for b in written.bookings]
    return plan_progress(ctx, service, written.group, sessions)


def _write(ctx: ToolContext, service: Service, proposal: ProposalRecord, plan: Plan) -> Written:
    if proposal.kind == "reschedule":
        if proposal.group_id is None:
            raise ValueError(f"reschedule proposal {proposal.id} names no plan")
        return booking_store.reschedule(
            ctx.session_factory,
            business=ctx.business,
            group_id=proposal.group_id,
            customer_id=ctx.customer_id,
            plan=plan,
            actor=ctx.actor,
            at=ctx.now,
            proposal_id=proposal.id,
        )
    return booking_store.book_plan(
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
