"""What a reply carries and where it goes, written in the turn's last transaction.

- When the conversation's newest shown proposal waits for a yes or no, the reply
  offers reply buttons (WhatsApp: interactive buttons; the chat page: quick
  replies), each id naming its verb and the proposal (`yes:<proposal id>`, see
  `bookbot.service.confirmation`); the buttons are stored on the reply and go
  into its outbox body.
- A WhatsApp reply goes into the outbox (`reply:message:<id>`, so it is queued
  once) and is sent by `bookbot.service.delivery`; a reply on another channel
  (the chat page, the terminal) needs no sending: its reader reads the store,
  so it is stored `delivered`.
- A message type bookbot cannot read (image, audio, location...) gets a polite
  "text only" reply instead of a turn (`agent.fallback_texts`, in the conversation's
  language).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bookbot.agent.turn import TurnOutcome
from bookbot.api.whatsapp.messages import (
    MAX_BUTTON_TITLE,
    MAX_BUTTONS,
    MAX_LIST_ROWS,
    MAX_ROW_TITLE,
    shorten,
)
from bookbot.service.confirmation import Buttons, confirmation_buttons
from bookbot.service.outbound import OutboundMessage
from bookbot.store import turn_queue
from bookbot.store.conversations import ChatMessage
from bookbot.store.reply_rows import Closes, Send, write_reply
from bookbot.store.turn_queue import TurnMessage
from bookbot.store.turn_records import TurnRecord

CHAT_CHANNEL = "chat"
WHATSAPP_CHANNEL = "whatsapp"
SENT_CHANNELS = frozenset({WHATSAPP_CHANNEL})
"""Channels whose replies go out through the outbox; the others' are read from the store."""


@dataclass(frozen=True, slots=True)
class Replied:
    """A stored message answered: its reply, and the outbox row that sends it (if any).

    `outcome` is the agent turn's (None for a message answered without a turn)."""

    inbound_id: int
    reply_id: int
    conversation_id: int
    channel: str
    reply: str
    buttons: Buttons
    outbox_id: int | None
    outcome: TurnOutcome | None


def store_reply(
    session: Session,
    message: TurnMessage,
    text: str,
    *,
    now: datetime,
    chat: list[ChatMessage] | None = None,
    kind: str = "reply",
    outcome: TurnOutcome | None = None,
    buttons: Buttons | None = None,
    owner: str | None = None,
    shown: Sequence[uuid.UUID] = (),
    answer: turn_queue.Answered | None = None,
    notify: bool = True,
    claims: int | None = None,
    turn: TurnRecord | None = None,
) -> Replied:
    """Store the reply to `message`, mark the message answered and queue the reply.

    `shown`: the proposals the reply shows (listed on it, marked shown in it).
    Without `buttons`, a turn's reply asks about the newest proposal waiting for a
    yes or no once they are shown (each button id names its verb and that
    proposal, `yes:<proposal id>`). With `owner` (the queue that claimed the
    message), only while its claim holds (with `claims`, that claim generation).
    `answer` is how the message answered (kept on its row with its `answered`
    status). Without `notify` the queued reply wakes no sender with the commit: the
    caller does after it (`wakeups.Waker`). `turn` is the record of the turn that
    wrote the reply, stored with it.
    """
    if buttons is None:
        buttons = ()
        if kind == "reply":
            buttons = confirmation_buttons(session, message.conversation_id) or choice_buttons(
                outcome
            )
    sent = message.channel in SENT_CHANNELS
    send = None
    if sent:
        send = Send(
            phone=message.phone,
            kind="reply",
            dedupe_key=f"reply:message:{message.message_id}",
            body=OutboundMessage(text, buttons).to_body(),
            customer_id=message.customer_id,
        )
    rows = write_reply(
        session,
        conversation_id=message.conversation_id,
        text=text,
        at=now,
        chat=chat,
        kind=kind,
        buttons=buttons,
        status="queued" if sent else "delivered",
        shown=shown,
        send=send,
        closes=Closes(message.message_id, owner, answer, claims),
        notify=notify,
        turn=turn,
    )
    return Replied(
        message.message_id,
        rows.message_id,
        message.conversation_id,
        message.channel,
        text,
        buttons,
        rows.outbox_id,
        outcome,
    )


_YEAR = re.compile(r"[ ,.]*\b(?:19|20)\d{2}\b")


def choice_buttons(outcome: TurnOutcome | None) -> Buttons:
    """The reply's numbered options as choices WhatsApp can show: up to 3 as reply
    buttons, up to 10 as list rows (see `bookbot.service.outbound`); tapping one sends
    its title, which picks that option. The options stay numbered in the text too,
    where "2" or the time picks as well; more than 10 stay in the text only."""
    choices = outcome.choices if outcome is not None else ()
    if not choices or len(choices) > MAX_LIST_ROWS:
        return ()
    limit = MAX_BUTTON_TITLE if len(choices) <= MAX_BUTTONS else MAX_ROW_TITLE
    return tuple((choice.id, _choice_title(choice.title, limit)) for choice in choices)


def _choice_title(title: str, limit: int) -> str:
    """A title within WhatsApp's `limit` characters: the year goes first ("Wed 18 Mar,
    16:00"), since the day and the time are what the tap must carry back."""
    if len(title) > limit:
        title = _YEAR.sub("", title)
    return shorten(title, limit)
