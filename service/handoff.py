"""Human handoff: a person from the business takes a WhatsApp thread over.

- The customer asks for a person (the `request_human` tool, which the offline model
  and an LLM both call) or staff press "take over" in the admin: the conversation's
  `handoff_status` is "requested" or "taken" (`bookbot.store.handoff`).
- While it is, `hold_if_paused` (called by `Conversations`, the one path from a
  stored message to a reply) stores each new customer message `held`: no turn, no
  reply, no outbox row. Nothing is lost: the held messages are in the history the
  bot reads once the thread is back with it.
- Staff write from the admin (`staff_reply`): a message of kind "staff" with
  `{"by": NAME}`, queued through the same outbox and delivery as every reply (inside
  WhatsApp's 24-hour window as text, outside it as the default template). The model
  reads it as "[staff: NAME] text".
- "Hand back to the bot" (`hand_back`), or `BOOKBOT_HANDOFF_IDLE_HOURS` without a
  staff action (default 24): the next customer message gets a turn again.
- Proactive messages: reminders go out while a thread is handed off; the others
  (milestones, outreach, check-ins, expiry warnings) wait in the outbox until it
  is back with the bot (`waits_for_staff`, checked by the delivery).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bookbot.service.outbound import OutboundMessage
from bookbot.store import handoff as handoff_store
from bookbot.store import outbox
from bookbot.store.conversations import record_outbound
from bookbot.store.turn_queue import TurnInput

SENT_CHANNELS = frozenset({"whatsapp"})
"""Channels whose messages go out through the outbox (the chat page reads the store)."""
DEFAULT_IDLE = timedelta(hours=24)
RECHECK = timedelta(minutes=5)
"""How long a proactive message waiting for a handed-off thread waits between looks."""
ALWAYS_SENT = frozenset({"reply", "replaced", "unsupported", handoff_store.STAFF, "reminder"})
"""Outbox kinds that go out while a thread is handed off: answers, staff messages
and reminders (a session tomorrow is worth knowing about whoever answers)."""


def paused(status: str | None, since: datetime | None, now: datetime, idle: timedelta) -> bool:
    """Whether a thread with this handoff is with staff at `now` (not idle too long)."""
    if status is None:
        return False
    return since is None or now < since + idle


def hold_if_paused(
    session: Session, turn: TurnInput, *, now: datetime, idle: timedelta, owner: str | None
) -> bool:
    """Hold the turn's message when its thread is with staff (True); a thread idle
    past `idle` goes back to the bot first, and its message is answered (False)."""
    if turn.handoff_status is None:
        return False
    if paused(turn.handoff_status, turn.handoff_since, now, idle):
        handoff_store.hold(session, message_id=turn.message.message_id, owner=owner)
        return True
    handoff_store.hand_back(session, conversation_id=turn.message.conversation_id)
    return False


def waits_for_staff(kind: str, status: str | None) -> bool:
    """Whether an outbox row of `kind` waits because its thread is handed off."""
    return status is not None and kind not in ALWAYS_SENT


@dataclass(frozen=True, slots=True)
class StaffReply:
    message_id: int
    conversation_id: int
    outbox_id: int | None


def staff_reply(
    session: Session, *, conversation_id: int, text: str, by: str, now: datetime
) -> StaffReply:
    """Store what staff member `by` wrote and queue it like a reply; the thread is
    theirs from now on (taken over, its idle time restarting). NotFoundError for an
    unknown conversation."""
    thread = handoff_store.thread_state(session, conversation_id=conversation_id)
    sent = thread.channel in SENT_CHANNELS
    message = record_outbound(
        session,
        conversation_id=conversation_id,
        text=text,
        at=now,
        kind=handoff_store.STAFF,
        status="queued" if sent else "delivered",
        by=by,
    )
    handoff_store.take_over(session, conversation_id=conversation_id, by=by, now=now)
    outbox_id = None
    if sent:
        item = outbox.enqueue(
            session,
            phone=thread.phone,
            kind=handoff_store.STAFF,
            dedupe_key=f"staff:message:{message.id}",
            body=OutboundMessage(text, message_id=message.id).to_body(),
            now=now,
            customer_id=thread.customer_id,
        )
        outbox_id = item.id if item else None
    return StaffReply(message.id, conversation_id, outbox_id)


def take_over(session: Session, *, conversation_id: int, by: str, now: datetime) -> None:
    """Staff member `by` takes the thread over: the bot holds its messages from now on."""
    handoff_store.thread_state(session, conversation_id=conversation_id)  # NotFoundError
    handoff_store.take_over(session, conversation_id=conversation_id, by=by, now=now)


def hand_back(session: Session, *, conversation_id: int) -> None:
    """The bot answers the thread's next message again, with what staff wrote in its
    history; held messages stay unanswered (they are history too)."""
    handoff_store.thread_state(session, conversation_id=conversation_id)  # NotFoundError
    handoff_store.hand_back(session, conversation_id=conversation_id)
