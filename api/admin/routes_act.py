"""The admin acts: book a plan or a session for a customer, move or cancel a
session, and act on a plan's Next Action. See `acting` for how every change goes
through the chat's tools and core rules.

    POST /act/book/preview      a new plan (or the next sessions) for a customer
    POST /act/move/preview      one session to a new time: the whole new plan
    POST /act/cancel/preview    one session, or every upcoming one of a plan
    POST /act/apply             apply a preview (its proposal_id)
    POST /groups/{id}/next-action/outreach   send the outreach for the next session now
    POST /groups/{id}/next-action/propose    propose the suggested day to the customer

A preview names the notice rule; one refused for notice says `can_override`, and
`override_notice: true` (on the preview and on apply) waives it, recorded in the
audit trail under the actor "admin (notice override)".
"""

# No `from __future__ import annotations`: FastAPI and pydantic read these
# signatures and fields at definition time.

import uuid
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.orm import Session

from bookbot.api.admin.acting import NOTICE_RULES, notice_rule
from bookbot.api.admin.deps import ActingDep, AdminDep, PresenterDep
from bookbot.api.admin.errors import AdminRoute, invalid
from bookbot.api.admin.schemas import CustomerOut, PlanOut
from bookbot.api.admin.views import PlanPresenter
from bookbot.api.deps import BusinessDep, NowDep, SessionDep
from bookbot.core.config import Business
from bookbot.core.errors import InvalidTransitionError
from bookbot.core.progress import NextActionKind
from bookbot.store import admin_queries
from bookbot.store.admin_queries import AdminPlan
from bookbot.store.customers import get_customer, get_or_create_customer
from bookbot.tools.views import ConflictView, ProposalResult, SessionView

LOCAL_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"
LocalStart = Annotated[str, Field(pattern=LOCAL_DATETIME, examples=["2026-03-26T10:00"])]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    override_notice: bool = Field(
        default=False, description="Waive the notice rule (recorded in the audit trail)"
    )


class BookIn(_In):
    customer_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    phone: str | None = Field(default=None, max_length=32, description="A new or known customer")
    name: str | None = Field(default=None, max_length=100)
    service_id: str = Field(max_length=100)
    starts: list[LocalStart] = Field(
        min_length=1,
        max_length=50,
        description="Local starts: one for a plan (the rest is planned), one per session "
        "of a package to book now",
    )

    @model_validator(mode="after")
    def _one_customer(self) -> "BookIn":
        if (self.customer_id is None) == (self.phone is None):
            raise ValueError("give either customer_id or phone (with an optional name)")
        return self


class MoveIn(_In):
    group_id: uuid.UUID
    session_number: int = Field(ge=1, le=1000)
    new_start: LocalStart


class CancelIn(_In):
    group_id: uuid.UUID
    session_number: int | None = Field(default=None, ge=1, le=1000)


class ApplyIn(_In):
    proposal_id: uuid.UUID


class PreviewOut(BaseModel):
    ok: bool
    proposal_id: uuid.UUID | None
    kind: str | None
    customer: CustomerOut
    service_id: str
    service_name: str
    sessions: list[SessionView] = Field(
        description="The sessions to book or cancel; for a move, the whole new plan"
    )
    moved_sessions: list[int]
    total_price: str | None
    conflict: ConflictView | None
    notice: str = Field(description="The notice rule")
    override_notice: bool
    can_override: bool = Field(description="Refused for notice only: an admin may override")


class ApplyOut(BaseModel):
    done: bool
    already_done: bool
    kind: str
    message: str | None
    plan: PlanOut | None


class SentOut(BaseModel):
    outbox_id: int
    text: str


class ProposedOut(BaseModel):
    proposal: PreviewOut
    outbox_id: int | None


router = APIRouter(route_class=AdminRoute, tags=["admin: act"])


@router.post("/act/book/preview")
def preview_book(
    body: BookIn, _admin: AdminDep, session: SessionDep, acting: ActingDep
) -> PreviewOut:
    """Plan sessions for a customer with the chat's propose_schedule; nothing is booked."""
    if body.customer_id is not None:
        customer = get_customer(session, customer_id=body.customer_id)
    else:
        try:
            customer = get_or_create_customer(session, phone=body.phone or "", name=body.name)
        except ValueError as exc:
            raise invalid("phone", str(exc), source="body") from None
    _done_with(session)
    result = acting.preview_book(
        customer.id, body.service_id, body.starts, override=body.override_notice
    )
    return _preview(result, CustomerOut.of(customer), body.override_notice, acting.business)


@router.post("/act/move/preview")
def preview_move(
    body: MoveIn, _admin: AdminDep, session: SessionDep, acting: ActingDep
) -> PreviewOut:
    """The whole plan after moving one session (reschedule_session's preview)."""
    plan = _active_plan(session, acting.business, body.group_id)
    _done_with(session)
    result = acting.preview_move(
        plan.customer.id,
        plan.group.service_id,
        body.session_number,
        body.new_start,
        override=body.override_notice,
    )
    return _preview(result, CustomerOut.of(plan.customer), body.override_notice, acting.business)


@router.post("/act/cancel/preview")
def preview_cancel(
    body: CancelIn, _admin: AdminDep, session: SessionDep, acting: ActingDep
) -> PreviewOut:
    """What would be cancelled (cancel_booking's preview)."""
    plan = _active_plan(session, acting.business, body.group_id)
    _done_with(session)
    result = acting.preview_cancel(
        plan.customer.id,
        plan.group.service_id,
        body.session_number,
        override=body.override_notice,
    )
    return _preview(result, CustomerOut.of(plan.customer), body.override_notice, acting.business)


@router.post("/act/apply")
def apply(
    body: ApplyIn,
    _admin: AdminDep,
    session: SessionDep,
    acting: ActingDep,
    presenter: PresenterDep,
) -> ApplyOut:
    """Apply a preview: book, move or cancel exactly what it showed."""
    result, customer_id = acting.apply(body.proposal_id, override=body.override_notice)
    plans = admin_queries.find_plans(
        session, business=acting.business, customer_id=customer_id, service_id=result.service_id
    )
    plans.sort(key=lambda p: p.group.status != "active")
    message = result.message or (result.conflict.message if result.conflict else None)
    return ApplyOut(
        done=result.booked,
        already_done=result.already_done,
        kind=result.kind,
        message=message,
        plan=presenter.view(plans[0]) if plans else None,
    )


@router.post("/groups/{group_id}/next-action/outreach")
def send_outreach(
    group_id: uuid.UUID,
    _admin: AdminDep,
    session: SessionDep,
    acting: ActingDep,
    presenter: PresenterDep,
) -> SentOut:
    """Send the invitation to book the plan's next session now (through the outbox)."""
    plan, view = _next_step(session, presenter, group_id)
    _done_with(session)
    action = view.next_action
    number = action.session or 1
    outbox_id, text = acting.send_outreach(
        customer_id=plan.customer.id,
        phone=plan.customer.phone,
        group_id=group_id,
        label=f"{view.unit} {number} of {view.total}",
        window=(action.earliest, action.suggested, action.latest),
    )
    return SentOut(outbox_id=outbox_id, text=text)


@router.post("/groups/{group_id}/next-action/propose")
def propose_suggested(
    group_id: uuid.UUID,
    _admin: AdminDep,
    session: SessionDep,
    acting: ActingDep,
    presenter: PresenterDep,
    business: BusinessDep,
    now: NowDep,
) -> ProposedOut:
    """Propose the suggested day's first free time to the customer; their yes books it."""
    plan, view = _next_step(session, presenter, group_id)
    _done_with(session)
    action = view.next_action
    today = now.astimezone(business.zone).date()
    day = max(action.suggested or today, today)
    result, outbox_id = acting.propose_day(
        customer_id=plan.customer.id,
        phone=plan.customer.phone,
        service_id=plan.group.service_id,
        day=day,
        number=action.session or 1,
    )
    return ProposedOut(
        proposal=_preview(result, CustomerOut.of(plan.customer), False, business),
        outbox_id=outbox_id,
    )


def _done_with(session: Session) -> None:
    """Ends the request's transaction before the tools open theirs: on SQLite the app
    begins every transaction with the write lock (`app.serialize_sqlite_writers`),
    so a read left open would lock the tools out until the busy timeout."""
    session.commit()


def _preview(
    result: ProposalResult, customer: CustomerOut, override: bool, business: Business
) -> PreviewOut:
    conflict = result.conflict
    return PreviewOut(
        ok=result.ok,
        proposal_id=None if result.proposal_id is None else uuid.UUID(result.proposal_id),
        kind=result.kind,
        customer=customer,
        service_id=result.service_id,
        service_name=result.service_name,
        sessions=result.sessions,
        moved_sessions=result.moved_sessions,
        total_price=result.total_price,
        conflict=conflict,
        notice=notice_rule(business),
        override_notice=override,
        can_override=conflict is not None and conflict.rule in NOTICE_RULES,
    )


def _active_plan(session: Session, business: Business, group_id: uuid.UUID) -> AdminPlan:
    plan = admin_queries.get_plan(session, business=business, group_id=group_id)
    if plan.group.status != "active":
        raise InvalidTransitionError(f"plan {group_id} is {plan.group.status}")
    return plan


def _next_step(
    session: Session, presenter: PlanPresenter, group_id: uuid.UUID
) -> tuple[AdminPlan, PlanOut]:
    """The active plan and its view, when its Next Action is to book a session."""
    plan = _active_plan(session, presenter.business, group_id)
    view = presenter.view(plan)
    action = view.next_action
    if action.kind not in (NextActionKind.BOOK_NEXT, NextActionKind.BOOK_FIRST):
        raise InvalidTransitionError(
            f"the plan's next action is '{action.text}': there is no session to invite to"
        )
    return plan, view
