"""The admin acts for a customer through the chat's own tools and core rules.

Every booking, move and cancellation goes through `bookbot.tools` with a
`ToolContext` for the customer (their latest conversation), exactly as the bot
would: `propose_schedule` / `reschedule_session` / `cancel_booking` preview the
change and store it as a proposal; the admin sees the whole new plan, and
applying it marks that proposal shown and answered by the admin
(`store.admin_proposals`) before `book_group` / `reschedule_session` /
`cancel_booking` apply it. The notice rules hold unless the admin overrides them:
the tools then run over the business with zero notice, and every audit row of
the change names the actor "admin (notice override)".

The two messages the admin can send now (the outreach for a plan's next session,
and a proposal of its suggested day that the customer answers with a yes) go
through the outbox. Every call outside the admin (tools, outbox, reply buttons)
is in this module, so it is easy to re-point.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from bookbot.api.admin.errors import InvalidInput, Problem
from bookbot.core import notification_texts as words
from bookbot.core.config import Business
from bookbot.core.errors import InvalidTransitionError
from bookbot.service.confirmation import CONFIRM_BUTTONS, button_id
from bookbot.store import outbox
from bookbot.store.admin_proposals import (
    confirm_by_admin,
    customer_conversation,
    mark_shown,
    proposal_owner,
)
from bookbot.store.db import write_session
from bookbot.tools.availability import CheckAvailabilityArgs, check_availability
from bookbot.tools.changes import CancelArgs, RescheduleArgs, cancel_booking, reschedule_session
from bookbot.tools.context import ToolContext
from bookbot.tools.planning import BookGroupArgs, ProposeScheduleArgs, book_group, propose_schedule
from bookbot.tools.registry import ToolRetry
from bookbot.tools.views import BookingResult, ProposalResult

ADMIN_ACTOR = "admin"
"""The audit trail's actor for changes made through the admin API (one shared token)."""
OVERRIDE_ACTOR = f"{ADMIN_ACTOR} (notice override)"
NOTICE_RULES = frozenset({"min_notice", "reschedule_notice"})
SEARCH_DAYS = 14
"""How far past the suggested day a proposal of it looks for a free start."""

A = TypeVar("A")
R = TypeVar("R")


def notice_rule(business: Business) -> str:
    """The notice rule as the admin reads it next to a preview."""
    return (
        f"New bookings need {business.min_notice_hours:g} hours' notice; moves and "
        f"cancellations need {business.reschedule_notice_hours:g} hours'. An admin may "
        "override it; the override is recorded in the audit trail."
    )


def _tool(run: Callable[[ToolContext, A], R], ctx: ToolContext, args: A, field: str) -> R:
    try:
        return run(ctx, args)
    except ToolRetry as exc:
        reason = f"{exc} ({exc.hint})" if exc.hint else str(exc)
        raise InvalidInput([Problem((field,), reason)]) from None


@dataclass(frozen=True)
class Acting:
    session_factory: sessionmaker[Session]
    business: Business
    now: datetime
    actor: str = ADMIN_ACTOR

    def context(
        self, customer_id: int, *, override: bool, conversation_id: int | None = None
    ) -> ToolContext:
        business = self.business
        if override:
            business = business.model_copy(
                update={"min_notice_hours": 0, "reschedule_notice_hours": 0}
            )
        if conversation_id is None:
            with write_session(self.session_factory) as session:
                conversation_id = customer_conversation(session, customer_id=customer_id)
        return ToolContext(
            self.session_factory,
            business,
            self.now,
            customer_id,
            conversation_id,
            actor=f"{self.actor} (notice override)" if override else self.actor,
        )

    def preview_book(
        self, customer_id: int, service_id: str, starts: list[str], *, override: bool
    ) -> ProposalResult:
        ctx = self.context(customer_id, override=override)
        args = ProposeScheduleArgs(service_id=service_id, starts=starts)
        return _tool(propose_schedule, ctx, args, "starts")

    def preview_move(
        self, customer_id: int, service_id: str, number: int, new_start: str, *, override: bool
    ) -> ProposalResult:
        ctx = self.context(customer_id, override=override)
        args = RescheduleArgs(service_id=service_id, session_number=number, new_start=new_start)
        result = _tool(reschedule_session, ctx, args, "new_start")
        assert isinstance(result, ProposalResult)  # no proposal_id: always a preview
        return result

    def preview_cancel(
        self, customer_id: int, service_id: str, number: int | None, *, override: bool
    ) -> ProposalResult:
        ctx = self.context(customer_id, override=override)
        args = CancelArgs(service_id=service_id, session_number=number)
        result = _tool(cancel_booking, ctx, args, "session_number")
        assert isinstance(result, ProposalResult)
        return result

    def apply(self, proposal_id: uuid.UUID, *, override: bool) -> tuple[BookingResult, int]:
        """Apply a preview the admin saw; the result and the customer's id."""
        with write_session(self.session_factory) as session:
            owner = proposal_owner(session, proposal_id=proposal_id)
            confirm_by_admin(session, proposal_id=proposal_id, now=self.now)
        ctx = self.context(
            owner.customer_id, override=override, conversation_id=owner.conversation_id
        )
        key = str(proposal_id)
        if owner.kind == "cancel":
            args = CancelArgs(service_id=owner.service_id, proposal_id=key)
            result = _tool(cancel_booking, ctx, args, "proposal_id")
        else:
            result = _tool(book_group, ctx, BookGroupArgs(proposal_id=key), "proposal_id")
        assert isinstance(result, BookingResult)
        return result, owner.customer_id

    def send_outreach(
        self,
        *,
        customer_id: int,
        phone: str,
        group_id: uuid.UUID,
        label: str,
        window: tuple[date | None, date | None, date | None],
    ) -> tuple[int, str]:
        """Enqueue the worker's outreach text for the plan's next session now, with the
        (earliest, suggested, latest) days; the outbox row's id and the text."""
        earliest, suggested, latest = window
        today = self.now.astimezone(self.business.zone).date()
        if earliest is None:
            advice = words.phrase(words.DEFAULT_LANGUAGE, "advice.any")
        else:
            advice = words.advice(
                words.DEFAULT_LANGUAGE,
                today=today,
                earliest=earliest,
                suggested=suggested,
                latest=latest,
            )
        rendered = words.render(
            "outreach", words.DEFAULT_LANGUAGE, {"next_label": label, "advice": advice}
        )
        body = {
            "text": rendered.text,
            "template": {
                "name": rendered.template,
                "language": rendered.language,
                "params": list(rendered.params),
            },
        }
        key = f"outreach:group:{group_id}"
        return self._enqueue(customer_id, phone, "outreach", key, body), rendered.text

    def propose_day(
        self, *, customer_id: int, phone: str, service_id: str, day: date, number: int
    ) -> tuple[ProposalResult, int | None]:
        """Propose the first free start from `day` on for session `number` to the
        customer, as the bot would (their yes books it); the proposal and the outbox
        row's id (None when nothing was free)."""
        start = self.free_starts(customer_id, service_id, day, number)[0]
        proposal = self.preview_book(customer_id, service_id, [start], override=False)
        if not proposal.ok or proposal.proposal_id is None:
            return proposal, None
        (session_view,) = proposal.sessions[:1] or (None,)
        when = session_view.when if session_view else start
        text = (
            f"We have a place for session {number} of your {proposal.service_name}: "
            f"{when}. Shall I book it for you?"
        )
        offer = uuid.UUID(proposal.proposal_id)
        buttons = [[button_id(verb, offer), title] for verb, title in CONFIRM_BUTTONS["book"]]
        body = {"text": text, "buttons": buttons}
        key = f"proposal:{proposal.proposal_id}"
        outbox_id = self._enqueue(customer_id, phone, "proposal", key, body)
        with write_session(self.session_factory) as session:
            mark_shown(session, proposal_id=uuid.UUID(proposal.proposal_id), now=self.now)
        return proposal, outbox_id

    def free_starts(
        self, customer_id: int, service_id: str, day: date, number: int | None = None
    ) -> list[str]:
        """The free local starts ('YYYY-MM-DDTHH:MM') of the first day from `day` on
        with any (check_availability's search, within SEARCH_DAYS)."""
        ctx = self.context(customer_id, override=False)
        search = CheckAvailabilityArgs(
            service_id=service_id,
            date_from=day.isoformat(),
            date_to=(day + timedelta(days=SEARCH_DAYS)).isoformat(),
            session_number=number,
        )
        free = _tool(check_availability, ctx, search, "day")
        if not free.days:
            reason = free.note or f"nothing is free from {day} for {SEARCH_DAYS} days"
            raise InvalidTransitionError(reason)
        first = free.days[0]
        return [f"{first.date}T{t}" for t in first.times]

    def _enqueue(
        self, customer_id: int, phone: str, kind: str, key: str, body: Mapping[str, Any]
    ) -> int:
        with write_session(self.session_factory) as session:
            item = outbox.enqueue(
                session,
                phone=phone,
                kind=kind,
                dedupe_key=f"admin:{key}:{self.now.isoformat()}",
                body=dict(body),
                now=self.now,
                customer_id=customer_id,
            )
        if item is None:
            raise InvalidTransitionError("this message was already sent at this moment")
        return item.id
