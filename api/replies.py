"""Answering one stored customer message: the agent turn and the reply it produces.

This is the step the `InboundQueue` runs for each claimed message, whatever the
channel. The turn itself is `Conversations.answer` (the agent path shared with
the terminal chat and the evals). Around it:

- before the turn, the customer's message counts as the answer to every
  proposal shown before it was written (so a queued "yes" can book what the reply
  before it showed, but not what a reply stored after it shows);
- the reply, the proposals it shows, the message's `answered` status and the
  outbox row are written in one transaction;
- a message type bookbot cannot read (image, audio, location...) gets a polite
  "text only" reply instead of a turn; a reaction (an emoji put on a message) is
  kept, marked answered, and gets neither a turn nor a reply;
- when the turn leaves a proposal waiting for a yes or no, the reply offers
  reply buttons (WhatsApp: interactive buttons; the chat page: quick replies);
- a WhatsApp reply goes into the outbox (`reply:message:<id>`, so it is queued
  once); the chat page's reply needs no sending, the page reads it from the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.service import Conversations, Inbound
from bookbot.api.outbound import OutboundMessage
from bookbot.store import inbox, outbox
from bookbot.store import proposals as proposal_store
from bookbot.store.conversations import MessageRecord, record_outbound
from bookbot.store.db import write_session
from bookbot.store.inbox import TurnMessage

CHAT_CHANNEL = "chat"
UNSUPPORTED_REPLY = (
    "Sorry, I can only read text messages. Please write what you would like to book, "
    "for example: “I need a dental implant, next Tuesday at 2pm”."
)
SILENT_KINDS = frozenset({"reaction"})
"""Message kinds that are stored but get no turn and no reply."""
CONFIRM_BUTTONS: dict[str, tuple[tuple[str, str], ...]] = {
    "book": (("yes", "Yes, book it"), ("change", "Another time")),
    "reschedule": (("yes", "Confirm"), ("no", "No, keep it")),
    "cancel": (("yes", "Confirm"), ("no", "No, keep it")),
}
"""Reply buttons per proposal kind; the titles are what the agent then reads."""
DEFAULT_BUTTONS = (("yes", "Confirm"), ("no", "No"))
Buttons = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Replied:
    inbound_id: int
    reply_id: int | None  # None: the message needed no reply (a reaction)
    conversation_id: int
    channel: str
    buttons: Buttons
    outbox_id: int | None


def answer_message(
    session_factory: sessionmaker[Session],
    conversations: Conversations,
    message_id: int,
    *,
    now: datetime,
) -> Replied:
    """Run the turn for the stored inbound message `message_id` and queue its reply."""
    with write_session(session_factory) as session:
        message = inbox.load_for_turn(session, message_id=message_id, now=now)
    chat = message.channel == CHAT_CHANNEL
    if message.kind in SILENT_KINDS:
        with write_session(session_factory) as session:
            inbox.set_status(session, message_id=message_id, status=inbox.ANSWERED)
        return Replied(message_id, None, message.conversation_id, message.channel, (), None)
    replied: list[Replied] = []

    def finish(session: Session, reply: MessageRecord, buttons: Buttons) -> None:
        """Mark the message answered and queue the reply, in the reply's transaction."""
        inbox.finish_turn(
            session,
            message_id=message_id,
            reply_id=reply.id,
            buttons=buttons,
            reply_status="delivered" if chat else None,
        )
        outbox_id = None if chat else _send_later(session, message, reply, buttons, now)
        conversation, channel = message.conversation_id, message.channel
        replied.append(Replied(message_id, reply.id, conversation, channel, buttons, outbox_id))

    if message.kind == "unsupported":
        with write_session(session_factory) as session:
            reply = record_outbound(
                session,
                conversation_id=message.conversation_id,
                text=UNSUPPORTED_REPLY,
                at=now,
                kind="unsupported",
            )
            finish(session, reply, ())
    else:
        conversations.answer(
            _inbound(message),
            now=now,
            then=lambda session, reply: finish(
                session, reply, confirmation_buttons(session, message.conversation_id)
            ),
        )
    return replied[0]


def _send_later(
    session: Session,
    message: TurnMessage,
    reply: MessageRecord,
    buttons: tuple[tuple[str, str], ...],
    now: datetime,
) -> int | None:
    """Queue the reply in the outbox, once per inbound message; the outbox row's id."""
    item = outbox.enqueue(
        session,
        phone=message.phone,
        kind="reply",
        dedupe_key=f"reply:message:{message.message_id}",
        body=OutboundMessage(reply.text, buttons, message_id=reply.id).to_body(),
        now=now,
        customer_id=message.customer_id,
    )
    return item.id if item else None


def _inbound(message: TurnMessage) -> Inbound:
    return Inbound(
        message.message_id,
        message.conversation_id,
        message.customer_id,
        message.customer_name,
        message.text,
    )


def confirmation_buttons(session: Session, conversation_id: int) -> tuple[tuple[str, str], ...]:
    """Reply buttons when the conversation's newest proposal waits for a yes or no."""
    kind = proposal_store.awaiting_answer_kind(session, conversation_id=conversation_id)
    if kind is None:
        return ()
    return CONFIRM_BUTTONS.get(kind, DEFAULT_BUTTONS)
