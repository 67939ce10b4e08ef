"""request_human: hand the conversation to a person from the business.

The conversation (from the context, never from the arguments) waits for staff
from now on: bookbot stores the customer's next messages for them without
answering (`bookbot.service.handoff`) until staff hand it back. The result says
when staff usually answer: the business's opening hours and the next time it is
open, so the reply can tell the customer when to expect an answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from bookbot.core.config import Business
from bookbot.prompts.facts import hours_groups
from bookbot.store import handoff as handoff_store
from bookbot.store.db import write_session
from bookbot.tools.arguments import Args, Result
from bookbot.tools.context import ToolContext
from bookbot.tools.views import local_iso

LOOK_AHEAD_DAYS = 14
"""How far ahead the next opening is looked for (a business closed longer has none)."""


class RequestHumanArgs(Args):
    reason: str = Field(max_length=300, description="Why")


class RequestHumanResult(Result):
    requested: bool
    open_now: bool
    next_open: str | None = None
    """Local start of the next opening (YYYY-MM-DDTHH:MM); None when open now or none soon."""
    staff_hours: list[str]
    hours_note: str | None = None


def request_human(ctx: ToolContext, args: RequestHumanArgs) -> RequestHumanResult:
    """Hand the conversation to staff; then say when they usually answer."""
    with write_session(ctx.session_factory) as session:
        handoff_store.request(session, conversation_id=ctx.conversation_id, now=ctx.now)
    opens = next_opening(ctx.business, ctx.now)
    open_now = opens is not None and opens <= ctx.now
    contact = ctx.business.contact
    return RequestHumanResult(
        requested=True,
        open_now=open_now,
        next_open=None if opens is None or open_now else local_iso(opens, ctx.zone),
        staff_hours=hours_groups(ctx.business),
        hours_note=contact.hours_note if contact is not None else None,
    )


def next_opening(business: Business, now: datetime) -> datetime | None:
    """When the business is next open: `now` itself while it is open, else the start of
    its next opening range within `LOOK_AHEAD_DAYS`; None when there is none."""
    zone = business.zone
    local = now.astimezone(zone)
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        for hours in business.opening(day):
            start = datetime.combine(day, hours.start, tzinfo=zone)
            end = datetime.combine(day, hours.end, tzinfo=zone)
            if end > local:
                return now if start <= local else start
    return None
