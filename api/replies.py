"""Answering one stored customer message: the agent turn and the reply it produces.

This is the step the `InboundQueue` runs for each claimed message, whatever the
channel. The turn itself is `Conversations.answer` (the agent path shared with
the terminal chat and the evals). Around it:

- before the turn, the customer's message counts as the answer to every
  proposal shown so far (so a queued "yes" can book what the reply before it showed);
- a message type bookbot cannot read (image, audio, location...) gets a polite
  "text only" reply instead of a turn;
- when the turn leaves a proposal waiting for a yes or no, the reply offers
  reply buttons (WhatsApp: interactive buttons; the chat page: quick replies);
- a WhatsApp reply goes into the outbox (`reply:message:<id>`, so it is queued
  once); the chat page's reply needs no sending, the page reads it from the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.service import Conversations, Inbound
from bookbot.api.inbound import ANSWERED, set_status
from bookbot.api.outbound import OutboundMessage
from bookbot.store import outbox
from bookbot.store import proposals as proposal_store
from bookbot.store.conversations import record_outbound
from bookbot.store.db import write_session
from bookbot.store.models import ConversationRow, CustomerRow, MessageRow, ProposalRow

CHAT_CHANNEL = "chat"
UNSUPPORTED_REPLY = (
    "Sorry, I can only read text messages. Please write what you would like to book, "
    "for example: “I need a dental implant, next Tuesday at 2pm”."
)
CONFIRM_BUTTONS: dict[str, tuple[tuple[str, str], ...]] = {
    "book": (("yes", "Yes, book it"), ("change", "Another time")),
    "reschedule": (("yes", "Confirm"), ("no", "No, keep it")),
    "cancel": (("yes", "Confirm"), ("no", "No, keep it")),
}
"""Reply buttons per proposal kind; the titles are what the agent then reads."""
DEFAULT_BUTTONS = (("yes", "Confirm"), ("no", "No"))


@dataclass(frozen=True, slots=True)
class Replied:
    inbound_id: int
    reply_id: int
    conversation_id: int
    channel: str
    buttons: tuple[tuple[str, str], ...]
    outbox_id: int | None


@dataclass(frozen=True, slots=True)
class _Message:
    inbound: Inbound
    channel: str
    phone: str
    unsupported: bool


def answer_message(
    session_factory: sessionmaker[Session],
    conversations: Conversations,
    message_id: int,
    *,
    now: datetime,
) -> Replied:
    """Run the turn for the stored inbound message `message_id` and queue its reply."""
    message = _load(session_factory, message_id, now)
    conversation_id = message.inbound.conversation_id
    if message.unsupported:
        with write_session(session_factory) as session:
            reply_id = record_outbound(
                session,
                conversation_id=conversation_id,
                text=UNSUPPORTED_REPLY,
                at=now,
                kind="unsupported",
            ).id
    else:
        reply_id = conversations.answer(message.inbound, now=now).message_id
    with write_session(session_factory) as session:
        buttons = () if message.unsupported else confirmation_buttons(session, conversation_id)
        reply = session.get_one(MessageRow, reply_id)
        if buttons:
            reply.payload = {**(reply.payload or {}), "buttons": [list(b) for b in buttons]}
        set_status(session, message_id, ANSWERED)
        outbox_id = None
        if message.channel == CHAT_CHANNEL:
            reply.status = "delivered"
        else:
            body = OutboundMessage(reply.text, buttons, message_id=reply_id).to_body()
            item = outbox.enqueue(
                session,
                phone=message.phone,
                kind="reply",
                dedupe_key=f"reply:message:{message_id}",
                body=body,
                now=now,
                customer_id=message.inbound.customer_id,
            )
            outbox_id = item.id if item else None
    return Replied(message_id, reply_id, conversation_id, message.channel, buttons, outbox_id)


def _load(session_factory: sessionmaker[Session], message_id: int, now: datetime) -> _Message:
    with write_session(session_factory) as session:
        row = session.get_one(MessageRow, message_id)
        conversation = session.get_one(ConversationRow, row.conversation_id)
        customer = session.get_one(CustomerRow, conversation.customer_id)
        proposal_store.mark_answered(session, conversation_id=conversation.id, now=now)
        inbound = Inbound(row.id, conversation.id, customer.id, customer.name, row.text)
        unsupported = (row.payload or {}).get("kind") == "unsupported"
        return _Message(inbound, conversation.channel, customer.phone, unsupported)


def confirmation_buttons(session: Session, conversation_id: int) -> tuple[tuple[str, str], ...]:
    """Reply buttons when the conversation's newest proposal waits for a yes or no."""
    kind = session.scalar(
        select(ProposalRow.kind)
        .where(
            ProposalRow.conversation_id == conversation_id,
            ProposalRow.shown_at.is_not(None),
            ProposalRow.answered_at.is_(None),
            ProposalRow.booked_at.is_(None),
            ProposalRow.expires_at.is_(None),
        )
        .order_by(ProposalRow.created_at.desc())
        .limit(1)
    )
    if kind is None:
        return ()
    return CONFIRM_BUTTONS.get(kind, DEFAULT_BUTTONS)
