"""A customer's message through the agent: the path WhatsApp, the chat page,
the terminal chat and the eval runner all share.

`receive` stores the inbound message first, as the webhook does but `received`
rather than queued (`bookbot.store.inbox.store_message`; a WhatsApp message id
seen before returns None, so a redelivery never runs a second turn). `answer`
runs the turn and stores the reply, the turn record and the dialogue state in
one transaction; proposals created in the turn count as shown from then on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent import confirmation
from bookbot.agent.turn import Agent, TurnOutcome
from bookbot.core.config import Business
from bookbot.store import conversations as conversation_store
from bookbot.store import inbox
from bookbot.store import proposals as proposal_store
from bookbot.store.conversations import ChatMessage, ConversationRecord, MessageRecord
from bookbot.store.db import write_session
from bookbot.tools.context import ToolContext

log = logging.getLogger(__name__)
OFFLINE_STATE = "dialogue"


@dataclass(frozen=True, slots=True)
class Inbound:
    message_id: int
    conversation_id: int
    customer_id: int
    customer_name: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    reply: str
    message_id: int
    conversation_id: int
    outcome: TurnOutcome


@dataclass(frozen=True, slots=True)
class Conversations:
    session_factory: sessionmaker[Session]
    business: Business
    agent: Agent[ToolContext]

    def receive(
        self,
        *,
        phone: str,
        text: str,
        now: datetime,
        name: str | None = None,
        wa_message_id: str | None = None,
        channel: str = "whatsapp",
    ) -> Inbound | None:
        received = self._receive(
            phone=phone,
            text=text,
            now=now,
            name=name,
            wa_message_id=wa_message_id,
            channel=channel,
            load=False,
        )
        return None if received is None else received[0]

    def _receive(
        self,
        *,
        phone: str,
        text: str,
        now: datetime,
        name: str | None,
        wa_message_id: str | None,
        channel: str,
        load: bool,
    ) -> tuple[Inbound, _Loaded | None] | None:
        """`receive`; with `load`, also what `answer` reads, in the same transaction."""
        with write_session(self.session_factory) as session:
            stored = inbox.store_message(
                session,
                phone=phone,
                text=text,
                at=now,
                channel=channel,
                name=name,
                wa_message_id=wa_message_id,
                status=inbox.RECEIVED,
            )
            if stored is None:
                return None
            proposal_store.mark_answered(session, conversation_id=stored.conversation_id, now=now)
            reading = confirmation.read_answer(
                session, message_id=stored.message_id, conversation_id=stored.conversation_id
            )
            confirmation.record(session, reading, message_id=stored.message_id, now=now)
            loaded = _load(session, stored.conversation_id) if load else None
        inbound = Inbound(
            stored.message_id,
            stored.conversation_id,
            stored.customer_id,
            stored.customer_name,
            text,
        )
        return inbound, loaded

    def answer(
        self,
        inbound: Inbound,
        *,
        now: datetime,
        then: Callable[[Session, MessageRecord], None] | None = None,
    ) -> Answer:
        """Run the turn for `inbound` and store its outcome in one transaction;
        `then(session, reply)` runs in that transaction too (the service marks the
        message answered and queues the reply there, so a crash leaves neither a
        shown proposal without its reply nor a reply without its turn)."""
        with self.session_factory() as session:
            loaded = _load(session, inbound.conversation_id)
        return self._answer(inbound, loaded, now=now, then=then)

    def _answer(
        self,
        inbound: Inbound,
        loaded: _Loaded,
        *,
        now: datetime,
        then: Callable[[Session, MessageRecord], None] | None = None,
    ) -> Answer:
        conversation, history = loaded
        if history and history[-1].get("role") == "user":
            history = history[:-1]  # the message this turn answers
        ctx = ToolContext(
            session_factory=self.session_factory,
            business=self.business,
            now=now,
            customer_id=inbound.customer_id,
            conversation_id=inbound.conversation_id,
        )
        outcome = self.agent.run(
            ctx,
            history=history,
            user_text=inbound.text,
            now=now,
            business=self.business,
            customer_name=inbound.customer_name,
            state=conversation.state.get(OFFLINE_STATE),
        )
        with write_session(self.session_factory) as session:
            reply = conversation_store.record_outbound(
                session,
                conversation_id=inbound.conversation_id,
                text=outcome.reply,
                at=now,
                chat=outcome.new_messages[1:],
            )
            proposal_store.mark_shown(
                session, conversation_id=inbound.conversation_id, now=now, message_id=reply.id
            )
            state = dict(conversation.state)
            state[OFFLINE_STATE] = outcome.state or {}
            conversation_store.save_state(
                session, conversation_id=inbound.conversation_id, state=state
            )
            conversation_store.record_turn(
                session,
                conversation_id=inbound.conversation_id,
                started_at=now,
                model=outcome.model_name,
                prompt_tokens=outcome.usage.prompt_tokens,
                completion_tokens=outcome.usage.completion_tokens,
                latency_ms=round(outcome.latency_ms),
                error=outcome.error,
                tool_calls=[
                    conversation_store.ToolCallLog(
                        name=t.name,
                        arguments=_arguments(t.arguments),
                        result=t.payload,
                        is_error=not t.ok,
                        latency_ms=round(t.latency_ms),
                    )
                    for t in outcome.tools
                ],
            )
            if then is not None:
                then(session, reply)
        return Answer(outcome.reply, reply.id, inbound.conversation_id, outcome)

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
        """`receive` then `answer`; None for a message seen before. The turn's
        conversation and history are read in the transaction that stores the message."""
        received = self._receive(
            phone=phone,
            text=text,
            now=now,
            name=name,
            wa_message_id=wa_message_id,
            channel=channel,
            load=True,
        )
        if received is None:
            return None
        inbound, loaded = received
        assert loaded is not None
        return self._answer(inbound, loaded, now=now)


_Loaded = tuple[ConversationRecord, list[ChatMessage]]
"""What a turn reads before it runs: the conversation and its chat history."""


def _load(session: Session, conversation_id: int) -> _Loaded:
    conversation = conversation_store.get_conversation(session, conversation_id=conversation_id)
    return conversation, conversation_store.history(session, conversation_id=conversation.id)


def _arguments(text: str) -> dict[str, object]:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {"_raw": text}
    return value if isinstance(value, dict) else {"_raw": text}
