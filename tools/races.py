"""A confirmed plan that lost its race for a slot: what the customer reads, and what else fits.

Between the yes and the booking another customer may take a slot; the store then
books nothing (`SlotTakenError`). The tool result says so in the customer's
words (the session and its local time, once) and carries the nearest
alternatives the core finds now: the proposal planned again over the calendar as
it stands (its conflict's alternatives), or, when that plan would now work in
another shape, the free starts nearest to the slot that was lost.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bookbot.core.availability import Availability
from bookbot.core.config import Service
from bookbot.core.planner import plan_for
from bookbot.core.reschedule import plan_reschedule
from bookbot.core.types import Conflict, ConflictRule, Plan, PlannedSession
from bookbot.store.proposals import ProposalRecord
from bookbot.tools.calendar_window import availability, package_expiry, plan_over
from bookbot.tools.context import ToolContext
from bookbot.tools.views import BookingResult, SessionView, conflict_view, human


def lost_race(
    ctx: ToolContext,
    service: Service,
    proposal: ProposalRecord,
    plan: Plan,
    views: list[SessionView],
) -> BookingResult:
    """The result of booking `plan` after a slot of it was taken (nothing was booked)."""
    conflict = _alternatives(ctx, service, proposal, plan)
    message = _taken_text(ctx, service, conflict, plan)
    return BookingResult(
        booked=False,
        service_id=service.id,
        service_name=service.name,
        kind=proposal.kind,
        sessions=views,
        conflict=conflict_view(replace(conflict, message=message), ctx.business),
        message=message,
    )


def _alternatives(
    ctx: ToolContext, service: Service, proposal: ProposalRecord, plan: Plan
) -> Conflict:
    """The core's answer to the same wish now, as a conflict with alternatives."""
    group, existing = ctx.active_sessions(service)
    expires_at = package_expiry(ctx, service, group)
    lost = _lost_session(ctx, service, plan, expires_at)
    if lost is None:
        return Conflict(ConflictRule.FULL, 0, "")

    def again(avail_now: Availability) -> Conflict:
        if proposal.kind == "reschedule" and plan.moved:
            moved = min(plan.moved)
            start = next((s.start for s in plan.sessions if s.number == moved), lost.start)
            replanned = plan_reschedule(avail_now, existing, moved, start)
        else:
            replanned = plan_for(avail_now, existing, [s.start for s in plan.sessions])
        if isinstance(replanned, Conflict):
            return replanned
        nearest = avail_now.nearest_free(lost.start, lost.number)
        return Conflict(ConflictRule.FULL, lost.number, "", lost.start, nearest)

    result = plan_over(ctx, service, again, around=lost.start, expires_at=expires_at)
    return replace(result, session=result.session or lost.number, requested=lost.start)


def _lost_session(
    ctx: ToolContext, service: Service, plan: Plan, expires_at: datetime | None
) -> PlannedSession | None:
    """The first session of `plan` whose slot is no longer free (else its first)."""
    if not plan.sessions:
        return None
    until = max(s.end for s in plan.sessions)
    avail = availability(ctx, service, until=until, expires_at=expires_at)
    for planned in sorted(plan.sessions, key=lambda s: s.start):
        if avail.reason(planned.start, planned.number) is not None:
            return planned
    return plan.sessions[0]


def _taken_text(ctx: ToolContext, service: Service, conflict: Conflict, plan: Plan) -> str:
    """'Session 2 (Healing check) on Tue 24 Mar 2026, 14:00 was just taken by someone
    else, so nothing was booked' (no session label for a one-session service)."""
    when = conflict.requested or (plan.sessions[0].start if plan.sessions else None)
    if when is None:
        return "that time was just taken by someone else, so nothing was booked"
    label = ""
    if service.total_sessions > 1 and conflict.session:
        name = service.session_name(conflict.session)
        label = f"session {conflict.session}{f' ({name})' if name else ''} on "
    return f"{label}{human(when, ctx.zone)} was just taken by someone else, so nothing was booked"
