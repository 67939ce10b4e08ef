"""What the tool tests share: a ToolContext for one customer's conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.store.conversations import get_or_create_conversation
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
