"""Answering one stored customer message: the agent turn and the reply it produces.

This is the step the `InboundQueue` runs for each claimed message, whatever the
channel. The turn itself is `Conversations.answer` (the agent path shared with
the terminal chat and the evals). Around it:

- before the turn, the customer's message counts as the answer to every
  proposal shown before it was written (so a queued "yes" can book what the reply
  before it showed, but not what a reply stored after it shows), and is read as
  that answer (`bookbot.agent.confirmation`: a button, a reaction or the text says
  yes, no, change or something unclear; only a yes makes a proposal bookable);
- a button or a 👍 under an offer a newer one replaced gets "that offer was
  replaced" and the current offer instead of a turn; any other reaction is
  stored and not answered;
- the reply, the proposals it shows, the message's `answered` status and the
  outbox row are written in one transaction;
- a message type bookbot cannot read (image, audio, location...) gets a polite
  "text only" reply instead of a turn;
- when the turn leaves a proposal waiting for a yes or no, the reply offers
  reply buttons (WhatsApp: interactive buttons; the chat page: quick replies),
  each id naming its verb and the proposal (`yes:<proposal id>`);
- a WhatsApp reply goes into the outbox (`reply:message:<id>`, so it is queued
  once); the chat page's reply needs no sending, the page reads it from the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent import confirmation
from bookbot.agent.confirmation import Buttons, Reading, confirmation_buttons
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


@dataclass(frozen=True, slots=True)
class Replied:
    inbound_id: int
    reply_id: int | None  # None: a reaction that answers nothing (stored, not answered)
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
        reading = confirmation.read_answer(
            session, message_id=message_id, conversation_id=message.conversation_id
        )
        confirmation.record(session, reading, message_id=message_id, now=now)
    chat = message.channel == CHAT_CHANNEL
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

    if not reading.answers:  # a reaction that confirms nothing: stored, not answered
        with write_session(session_factory) as session:
            inbox.set_status(session, message_id=message_id, status=inbox.ANSWERED)
        return Replied(message_id, None, message.conversation_id, message.channel, (), None)
    if reading.stale:
        with write_session(session_factory) as session:
            reply, buttons = _replaced(session, conversations, message, reading, now)
            finish(session, reply, buttons)
    elif message.kind == "unsupported":
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


def _replaced(
    session: Session,
    conversations: Conversations,
    message: TurnMessage,
    reading: Reading,
    now: datetime,
) -> tuple[MessageRecord, Buttons]:
    """The reply to a button or reaction under a replaced offer: the current offer."""
    current = confirmation.current_offer(session, reading)
    text, buttons = confirmation.replaced_reply(conversations.business, current)
    reply = record_outbound(
        session, conversation_id=message.conversation_id, text=text, at=now, kind="replaced"
    )
    if current is not None:
        proposal_store.show_in(session, message_id=reply.id, proposal_ids=[current.id])
    return reply, buttons


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
