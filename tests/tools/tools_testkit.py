"""What the tool tests share: a ToolContext for one customer's conversation, and the
customer's answer to the proposals a reply showed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.store import proposals as proposal_store
from bookbot.store.confirmations import record_answer
from bookbot.store.conversations import get_or_create_conversation, record_inbound, record_outbound
from bookbot.store.customers import get_or_create_customer
from bookbot.tools.context import ToolContext


def tool_context(
    factory: sessionmaker[Session],
    business: Business,
    now: datetime,
    phone: str = "+41790000001",
) -> ToolContext:
    """The context the agent gives the tools for `phone`'s WhatsApp conversation at `now`."""
    with factory.begin() as session:
        customer = get_or_create_customer(session, phone=phone)
        conversation = get_or_create_conversation(
            session, customer_id=customer.id, channel="whatsapp"
        )
    return ToolContext(factory, business, now, customer.id, conversation.id)


def shown_and_answered(ctx: ToolContext, answer: str = "yes") -> None:
    """A reply shows the new proposals; the customer's next message answers `answer`."""
    later = ctx.now + timedelta(minutes=1)
    with ctx.session_factory.begin() as session:
        reply = record_outbound(
            session, conversation_id=ctx.conversation_id, text="Shall I?", at=ctx.now
        )
        proposal_store.mark_shown(
            session, conversation_id=ctx.conversation_id, now=ctx.now, message_id=reply.id
        )
        message = record_inbound(
            session, conversation_id=ctx.conversation_id, text=answer, at=later
        )
        assert message is not None
        record_answer(
            session,
            message_id=message.id,
            confirmation=answer,
            source="text",
            offer=None,
            now=later,
        )
