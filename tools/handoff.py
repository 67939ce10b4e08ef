"""request_human: hand the conversation to a person from the business.

The conversation (from the context, never from the arguments) waits for staff
from now on: bookbot stores the customer's next messages for them without
answering (`bookbot.service.handoff`) until staff hand it back. The result says
when staff usually answer: the business's opening hours and the next time it is
open, so the reply can tell the customer when to expect an answer.
"""

from __future__ import annotations

from pydantic import Field

from bookbot.core.staff_hours import next_opening
from bookbot.prompts.facts import hours_groups
from bookbot.store import handoff as handoff_store
from bookbot.store.db import write_session
from bookbot.tools.arguments import Args, Result
from bookbot.tools.context import ToolContext
from bookbot.tools.views import local_iso


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
