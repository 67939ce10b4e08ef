"""From a customer's message to bookbot's reply: the one path every way in takes.

`receive` stores the customer's message (`bookbot.store.inbound.store_message`;
a WhatsApp message id seen before gives None, so a redelivery never runs a
second turn). `answer(message_id, now)` is the only way from a stored message
to a stored reply; the inbound queue (WhatsApp, the chat page), `bookbot chat`,
the admin demo and the eval runner all call it:

1. one transaction reads the message, the conversation's state and its history
   (`turn_queue.load_turn`, which writes nothing), and counts the message as the
   answer to the proposals shown before it was written (`proposals.mark_answered`:
   a queued "yes" can book what the reply before it showed, but not what a reply
   stored after it shows), read as that answer and recorded
   (`bookbot.service.confirmation`: yes, no, change or unclear, from a button, a
   reaction or the text; only a yes makes a proposal bookable). A button or 👍
   under an offer a newer one replaced gets "that offer was replaced" and the
   current offer instead of a turn; any other reaction is stored and not answered;
2. the agent turn runs, outside any transaction; its tools write in transactions of
   their own, and for a message the queue claimed (`owner`) each of them first
   checks and holds the claim (`turn_queue.ClaimFence`, through `store.db.fenced`):
   a turn whose claim was taken over meanwhile writes nothing and ends with
   `turn_queue.ClaimLost`, leaving the message to the turn that took it over;
3. one transaction writes the turn record and tool calls, the dialogue state, the
   proposals shown, the reply with its buttons, the message's `answered` status
   and the reply's outbox row (`bookbot.service.replies.store_reply`): all or none,
   and with `owner` only while the same claim (owner and generation) holds. On
   PostgreSQL that write is one statement (`bookbot.store.reply_rows`), which the
   turn worker runs in autocommit (`autocommit_factory`) after reading the proposals
   to show: no BEGIN or COMMIT of its own.

A message of a thread handed to staff is stored `held` instead of step 1's reading
(no turn, no reply; `bookbot.service.handoff`). A message bookbot cannot read
(image, audio...) gets the "text only" reply instead of a turn. `handle` is `receive`
then `answer`, for callers that answer at once (the terminal, the evals); the queue
claims a message first
(`bookbot.service.queue`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.fallback_texts import fallback
from bookbot.agent.runtime import Runtime
from bookbot.agent.turn import Agent, TurnOutcome
from bookbot.core.config import Business
from bookbot.service import confirmation, handoff
from bookbot.service.confirmation import Buttons
from bookbot.service.dialogue_state import OFFLINE_STATE, spoken_language
from bookbot.service.replies import Replied, choice_buttons, store_reply
from bookbot.store import inbound, turn_queue
from bookbot.store import proposals as proposal_store
from bookbot.store.db import durable_commit, fenced, write_session
from bookbot.store.inbound import Stored
from bookbot.store.turn_queue import TurnInput, TurnMessage
from bookbot.store.turn_records import ToolCallLog, TurnRecord
from bookbot.tools.context import ToolContext

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Answer:
    """What `handle` returns: a text message always gets an agent turn."""

    reply: str
    reply_id: int
    conversation_id: int
    buttons: Buttons
    outbox_id: int | None
    outcome: TurnOutcome


@dataclass(frozen=True, slots=True)
class Conversations:
    session_factory: sessionmaker[Session]
    business: Business
    agent: Agent[ToolContext]
    handoff_idle: timedelta = handoff.DEFAULT_IDLE
    """How long a thread handed to staff stays with them without a staff action."""
    read_factory: sessionmaker[Session] | None = None
    """Sessions for the tools' reads alone (`ToolContext.read_factory`)."""
    wake_senders: Callable[[], None] | None = None
    """Wakes the senders after a turn's reply is committed (the turn worker's
    `wakeups.Waker`); without it the reply's own statement NOTIFYs them with its commit."""
    autocommit_factory: sessionmaker[Session] | None = None
    """Sessions in autocommit on PostgreSQL (the turn worker's): a turn's write runs on
    one of them, the proposals to show read and then the reply with everything it
    stores as one statement (`store.reply_rows`), which is its own transaction."""

    @classmethod
    def of(cls, runtime: Runtime) -> Conversations:
        """The path over `runtime` as it is now (its business after an admin edit)."""
        idle = timedelta(hours=runtime.settings.handoff_idle_hours)
        return cls(runtime.session_factory, runtime.business, runtime.agent, idle)

    def receive(
        self,
        *,
        phone: str,
        text: str,
        now: datetime,
        name: str | None = None,
        wa_message_id: str | None = None,
        channel: str = "whatsapp",
        payload: dict[str, Any] | None = None,
        status: str = inbound.RECEIVED,
    ) -> Stored | None:
        """Store the customer's message; None when its WhatsApp id was seen before.

        `status` is `received` for a message answered at once (`handle`), `pending`
        for one the inbound queue answers."""
        with write_session(self.session_factory) as session:
            return inbound.store_message(
                session,
                phone=phone,
                text=text,
                at=now,
                channel=channel,
                name=name,
                wa_message_id=wa_message_id,
                payload=payload,
                status=status,
            )

    def answer(self, message_id: int, *, now: datetime, owner: str | None = None) -> Replied | None:
        """Run the turn for the stored message `message_id` and store its reply; None
        for a message that answers nothing (a reaction other than a yes to an offer:
        stored, marked answered, not replied to).

        `owner` is the inbound queue that claimed the message: the tools' writes and
        the reply are stored only while its claim holds (`turn_queue.ClaimLost`
        otherwise: that write and the reply are not stored). Without it (the terminal,
        the evals) nothing is fenced."""
        with write_session(self.session_factory) as session:
            opened = self._open(session, message_id, now, owner)
        return opened if not isinstance(opened, _Opened) else self._turn(opened, now, owner)

    def open_claimed(
        self, session: Session, claimed: turn_queue.Claimed, *, now: datetime, owner: str
    ) -> Callable[[], Replied] | None:
        """Step 1 for a message the inbound queue just claimed, in the claim's
        transaction (`turn_queue.load_claimed`: on PostgreSQL the claim read the turn
        already); steps 2 and 3 are what it returns, to run after the commit (None:
        the message needed no turn)."""
        opened = self._opened(session, turn_queue.load_claimed(session, claimed), now, owner)
        if not isinstance(opened, _Opened):
            return None
        return partial(self._turn, opened, now, owner)

    def _open(
        self, session: Session, message_id: int, now: datetime, owner: str | None
    ) -> Replied | None | _Opened:
        """Step 1 (see the module docstring): the turn's read and the message's answer
        to the offers; a reply when the message needs no turn (a replaced offer),
        None when it answers nothing."""
        return self._opened(
            session, turn_queue.load_turn(session, message_id=message_id), now, owner
        )

    def _opened(
        self, session: Session, turn: TurnInput, now: datetime, owner: str | None
    ) -> Replied | None | _Opened:
        message_id = turn.message.message_id
        if handoff.hold_if_paused(session, turn, now=now, idle=self.handoff_idle, owner=owner):
            return None  # kept for staff: no turn, no reply (bookbot.service.handoff)
        reading = confirmation.read_answer(session, turn)
        if not reading.answers:  # leaves the offers waiting as they were
            turn_queue.mark_answered(session, message_id=message_id)
            return None
        confirmation.record(session, reading, turn, now=now)
        if reading.stale:
            return self._replaced(session, turn.message, reading, now, owner)
        return _Opened(turn, reading)

    def _turn(self, opened: _Opened, now: datetime, owner: str | None) -> Replied:
        """Steps 2 and 3: the agent turn, then its write."""
        turn, answer = opened.turn, confirmation.answer_columns(opened.reading)
        message, claims = turn.message, turn.claims
        if message.kind == "unsupported":
            with write_session(self.session_factory) as session:
                return store_reply(
                    session,
                    message,
                    fallback("unsupported", previous=spoken_language(turn.state)),
                    now=now,
                    kind="unsupported",
                    owner=owner,
                    answer=answer,
                    claims=claims,
                )
        fence = None if owner is None else turn_queue.ClaimFence(message.message_id, owner, claims)
        outcome = self._run(turn, now, fence)
        with self._writing() as session:
            shown, waiting = proposal_store.to_show(
                session, conversation_id=message.conversation_id
            )
            buttons = confirmation.buttons_for(waiting) if waiting else choice_buttons(outcome)
            replied = store_reply(
                session,
                message,
                outcome.reply,
                now=now,
                chat=outcome.new_messages[1:],
                outcome=outcome,
                owner=owner,
                buttons=buttons,
                shown=shown,
                answer=answer,
                notify=self.wake_senders is None,
                claims=claims,
                turn=self._record(turn, outcome, now),
            )
        if self.wake_senders is not None and replied.outbox_id is not None:
            self.wake_senders()
        return replied

    def _writing(self) -> AbstractContextManager[Session]:
        """The session of a turn's write: in autocommit where the write is one
        statement (`autocommit_factory`), else a transaction."""
        if self.autocommit_factory is not None:
            return self.autocommit_factory()
        return write_session(self.session_factory)

    def _replaced(
        self,
        session: Session,
        message: TurnMessage,
        reading: confirmation.Reading,
        now: datetime,
        owner: str | None,
    ) -> Replied:
        """The reply to a button or 👍 under a replaced offer: the current offer, no turn.
        (In the claim's transaction, whose commit must then wait for the WAL flush.)"""
        if owner is not None:
            durable_commit(session)
        current = confirmation.current_offer(session, reading)
        text, buttons = confirmation.replaced_reply(self.business, current)
        return store_reply(
            session,
            message,
            text,
            now=now,
            kind="replaced",
            buttons=buttons,
            owner=owner,
            shown=[current.id] if current is not None else [],
            answer=confirmation.answer_columns(reading),
        )

    def handle(
        self,
        *,
        phone: str,
        text: str,
        now: datetime,
        name: str | None = None,
        wa_message_id: str | None = None,
        channel: str = "whatsapp",
    ) -> Answer | None:
        """`receive` then `answer` for a text message; None for a message seen before,
        or one held for staff (its thread is handed off, `bookbot.service.handoff`).

        The message is stored and read for its turn in one transaction (it is
        answered at once, so no queue claims it)."""
        with write_session(self.session_factory) as session:
            stored = inbound.store_message(
                session,
                phone=phone,
                text=text,
                at=now,
                channel=channel,
                name=name,
                wa_message_id=wa_message_id,
                status=inbound.RECEIVED,
            )
            if stored is None:
                return None
            turn = turn_queue.turn_of_stored(session, stored, text=text, channel=channel, at=now)
            opened = self._opened(session, turn, now, None)
        if opened is None:  # held for staff: the thread is handed off
            return None
        # a text message without a button or a quoted reply is answered by a turn
        assert isinstance(opened, _Opened)
        replied = self._turn(opened, now, None)
        assert replied.outcome is not None
        return Answer(
            replied.reply,
            replied.reply_id,
            replied.conversation_id,
            replied.buttons,
            replied.outbox_id,
            replied.outcome,
        )

    def _run(
        self, turn: TurnInput, now: datetime, fence: turn_queue.ClaimFence | None = None
    ) -> TurnOutcome:
        """The agent turn. With `fence` (a queue's claim), every write transaction of
        the tools checks it first (`store.db.fenced`); ClaimLost ends the turn."""
        message = turn.message
        writes = self.session_factory if fence is None else fenced(self.session_factory, fence)
        ctx = ToolContext(
            session_factory=writes,
            business=self.business,
            now=now,
            customer_id=message.customer_id,
            conversation_id=message.conversation_id,
            read_factory=self.read_factory,
            autocommit_factory=self.autocommit_factory,
        )
        return self.agent.run(
            ctx,
            history=turn.history,
            user_text=message.text,
            now=now,
            business=self.business,
            customer_name=message.customer_name,
            state=turn.state.get(OFFLINE_STATE),
        )

    @staticmethod
    def _record(turn: TurnInput, outcome: TurnOutcome, now: datetime) -> TurnRecord:
        """The turn's record with its tool calls, and its dialogue state when it changed
        (stored with the reply: on PostgreSQL in its statement)."""
        state = {**turn.state, OFFLINE_STATE: outcome.state or {}}
        return TurnRecord(
            conversation_id=turn.message.conversation_id,
            started_at=now,
            model=outcome.model_name,
            prompt_tokens=outcome.usage.prompt_tokens,
            completion_tokens=outcome.usage.completion_tokens,
            latency_ms=round(outcome.latency_ms),
            error=outcome.error,
            tool_calls=[
                ToolCallLog(
                    name=t.name,
                    arguments=_arguments(t.arguments),
                    result=t.payload,
                    is_error=not t.ok,
                    latency_ms=round(t.latency_ms),
                )
                for t in outcome.tools
            ],
            state=state if state != turn.state else None,
        )


@dataclass(frozen=True, slots=True)
class _Opened:
    """A message read for its turn, with how it answers the offers."""

    turn: TurnInput
    reading: confirmation.Reading


def _arguments(text: str) -> dict[str, object]:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {"_raw": text}
    return value if isinstance(value, dict) else {"_raw": text}
