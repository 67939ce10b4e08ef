"""Human handoff through `Conversations` (issue #20), on SQLite and PostgreSQL: a
customer who asks for a person gets the `request_human` turn; from then on their
messages are stored `held` (no turn, no reply, no outbox row) until staff hand the
thread back or it stays idle for `handoff_idle`; staff replies go through the outbox
and the model reads them as "[staff: NAME] ..."; proactive messages other than
reminders wait while the thread is with staff."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.model import ModelRequest, ModelResponse, ScriptedModel, tool_call
from bookbot.agent.offline.policy import OfflineModel
from bookbot.agent.runtime import build_agent
from bookbot.service import handoff
from bookbot.service.conversations import Conversations
from bookbot.service.delivery import deliver_due
from bookbot.service.transports import LocalTransport
from bookbot.settings import Settings
from bookbot.store import handoff as handoff_store
from bookbot.store import inbound, load_business_file, outbox, turn_queue
from bookbot.store.db import write_session
from bookbot.store.models import ConversationRow, MessageRow, OutboxRow

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
PHONE = "+41790000055"


@pytest.fixture
def chat(factory: sessionmaker[Session]) -> Conversations:
    business = load_business_file(DEMO)
    return Conversations(factory, business, build_agent(Settings(), OfflineModel()))


def _say(chat: Conversations, text: str, at: datetime = NOW) -> str | None:
    answer = chat.handle(phone=PHONE, text=text, now=at, name="Lea")
    return None if answer is None else answer.reply


def _conversation(factory: sessionmaker[Session]) -> ConversationRow:
    with factory() as session:
        return session.scalars(select(ConversationRow)).one()


def _messages(factory: sessionmaker[Session]) -> list[tuple[str, str, str | None]]:
    with factory() as session:
        rows = session.scalars(select(MessageRow).order_by(MessageRow.id)).all()
        return [(r.direction, r.text, r.status) for r in rows]


def _handed_off(chat: Conversations) -> int:
    reply = _say(chat, "can I talk to a person please?")
    assert reply is not None and "asked our team" in reply
    conversation = _conversation(chat.session_factory)
    assert conversation.handoff_status == handoff_store.REQUESTED
    return conversation.id


def test_a_paused_thread_holds_every_message_and_answers_none(chat: Conversations) -> None:
    _handed_off(chat)
    with chat.session_factory() as session:
        rows_before = session.query(OutboxRow).count()
    assert _say(chat, "hello? anyone there?", NOW + timedelta(minutes=5)) is None
    assert (
        _say(chat, "I need a dental implant next tuesday at 2pm", NOW + timedelta(minutes=6))
        is None
    )
    held = [m for m in _messages(chat.session_factory) if m[2] == handoff_store.HELD]
    assert [text for _, text, _ in held] == [
        "hello? anyone there?",
        "I need a dental implant next tuesday at 2pm",
    ]
    assert _messages(chat.session_factory)[-1][0] == "inbound"  # no reply after them
    with chat.session_factory() as session:
        assert session.query(OutboxRow).count() == rows_before


def test_a_queued_message_of_a_paused_thread_is_held_under_its_claim(chat: Conversations) -> None:
    _handed_off(chat)
    stored = chat.receive(phone=PHONE, text="still there?", now=NOW, status=inbound.PENDING)
    assert stored is not None
    with write_session(chat.session_factory) as session:
        claimed = turn_queue.claim_next(
            session, customer_id=stored.customer_id, owner="w1", now=NOW, until=NOW + timedelta(60)
        )
    assert claimed == stored.message_id
    assert chat.answer(stored.message_id, now=NOW, owner="w1") is None
    with chat.session_factory() as session:
        assert session.get_one(MessageRow, stored.message_id).status == handoff_store.HELD
        assert turn_queue.customers_with_pending(session) == []


def test_staff_reply_is_queued_and_the_bot_resumes_with_it_in_its_history(
    chat: Conversations,
) -> None:
    conversation_id = _handed_off(chat)
    assert _say(chat, "my knee hurts, which physio should I book?") is None
    with write_session(chat.session_factory) as session:
        sent = handoff.staff_reply(
            session, conversation_id=conversation_id, text="Hi Lea, book the physio plan.",
            by="Anna", now=NOW + timedelta(minutes=10),
        )  # fmt: skip
    conversation = _conversation(chat.session_factory)
    assert (conversation.handoff_status, conversation.handoff_by) == (handoff_store.TAKEN, "Anna")
    with chat.session_factory() as session:
        row = session.get_one(MessageRow, sent.message_id)
        assert row.payload == {"kind": "staff", "by": "Anna"}
        assert sent.outbox_id is not None
        item = session.get_one(OutboxRow, sent.outbox_id)
        assert (item.kind, item.body["text"]) == ("staff", "Hi Lea, book the physio plan.")

    with write_session(chat.session_factory) as session:
        handoff.hand_back(session, conversation_id=conversation_id)
    reply = _say(chat, "ok, physio next tuesday at 10am", NOW + timedelta(minutes=20))
    assert reply is not None and "10:00" in reply  # the bot answers again: a proposal
    with chat.session_factory() as session:
        last_in = session.scalars(
            select(MessageRow.id)
            .where(MessageRow.direction == "inbound")
            .order_by(MessageRow.id.desc())
        ).first()
        assert last_in is not None
        history = turn_queue.load_turn(session, message_id=last_in).history
    contents = [m.get("content") for m in history]
    assert "[staff: Anna] Hi Lea, book the physio plan." in contents
    assert "my knee hurts, which physio should I book?" in contents  # held: in the history


def test_the_model_sees_staff_messages_as_staff(factory: sessionmaker[Session]) -> None:
    def respond(request: ModelRequest) -> ModelResponse:
        return ModelResponse(content="ok")

    model = ScriptedModel(respond)
    chat = Conversations(
        factory, load_business_file(DEMO), build_agent(Settings(), model), timedelta(hours=24)
    )
    _say(chat, "hello")
    conversation_id = _conversation(factory).id
    with write_session(factory) as session:
        handoff.take_over(session, conversation_id=conversation_id, by="Ben", now=NOW)
        handoff.staff_reply(
            session, conversation_id=conversation_id, text="Ben here.", by="Ben", now=NOW
        )
        handoff.hand_back(session, conversation_id=conversation_id)
    _say(chat, "thanks Ben", NOW + timedelta(minutes=1))
    seen = [m for m in model.requests[-1].messages if m["role"] == "assistant"]
    assert {"role": "assistant", "content": "[staff: Ben] Ben here."} in seen


def test_an_idle_thread_goes_back_to_the_bot(chat: Conversations) -> None:
    _handed_off(chat)
    assert _say(chat, "hello?", NOW + timedelta(hours=23)) is None
    reply = _say(chat, "how much is a dental implant?", NOW + timedelta(hours=25))
    assert reply is not None and "3,500" in reply
    assert _conversation(chat.session_factory).handoff_status is None


def test_take_over_any_thread_pauses_the_bot(chat: Conversations) -> None:
    assert _say(chat, "hello") is not None
    conversation_id = _conversation(chat.session_factory).id
    with write_session(chat.session_factory) as session:
        handoff.take_over(session, conversation_id=conversation_id, by="Anna", now=NOW)
    assert _say(chat, "how much is a dental implant?") is None
    with chat.session_factory() as session:
        waiting = handoff_store.inbox(session)
    assert [(w.thread.conversation_id, w.held) for w in waiting] == [(conversation_id, 1)]
    assert waiting[0].waiting_since is not None


def test_the_inbox_lists_the_longest_waiting_first(chat: Conversations) -> None:
    _handed_off(chat)
    first = _conversation(chat.session_factory).id
    later = chat.handle(
        phone="+41790000056", text="I want to speak to a human", now=NOW + timedelta(hours=1)
    )
    assert later is not None
    with chat.session_factory() as session:
        waiting = handoff_store.inbox(session)
    assert [w.thread.conversation_id for w in waiting] == [first, later.conversation_id]
    assert all(w.waiting_since is not None for w in waiting)
    with write_session(chat.session_factory) as session:  # staff answer the first one
        handoff.staff_reply(session, conversation_id=first, text="Hi", by="Anna", now=NOW)
    with chat.session_factory() as session:
        waiting = handoff_store.inbox(session)
    assert [w.thread.conversation_id for w in waiting] == [later.conversation_id, first]
    assert waiting[1].waiting_since is None


def test_proactive_messages_wait_for_a_handed_off_thread_reminders_do_not(
    chat: Conversations,
) -> None:
    conversation_id = _handed_off(chat)
    with write_session(chat.session_factory) as session:
        for kind in ("milestone", "reminder"):
            outbox.enqueue(
                session, phone=PHONE, kind=kind, dedupe_key=f"{kind}:1",
                body={"text": f"a {kind}"}, now=NOW,
            )  # fmt: skip
    report = deliver_due(chat.session_factory, LocalTransport(), now=NOW + timedelta(minutes=1))
    with chat.session_factory() as session:
        status = dict(session.execute(select(OutboxRow.kind, OutboxRow.status)).all())
    assert status["reminder"] == "sent" and status["milestone"] == "pending"
    assert report.deferred == 1
    with write_session(chat.session_factory) as session:
        handoff.hand_back(session, conversation_id=conversation_id)
    later = NOW + timedelta(minutes=2) + handoff.RECHECK
    deliver_due(chat.session_factory, LocalTransport(), now=later)
    with chat.session_factory() as session:
        status = dict(session.execute(select(OutboxRow.kind, OutboxRow.status)).all())
    assert status["milestone"] == "sent"


def test_a_language_model_hands_over_through_request_human(factory: sessionmaker[Session]) -> None:
    """The LLM path: the model calls `request_human`; the thread waits for staff and
    the next message is held."""

    def respond(request: ModelRequest) -> ModelResponse:
        if request.messages[-1]["role"] == "tool":
            return ModelResponse(content="Our team will answer you soon.")
        return ModelResponse(tool_calls=(tool_call("c1", "request_human", reason="asked"),))

    model = ScriptedModel(respond)
    chat = Conversations(factory, load_business_file(DEMO), build_agent(Settings(), model))
    answer = chat.handle(phone=PHONE, text="Ich will einen Menschen", now=NOW)
    assert answer is not None and [t.name for t in answer.outcome.tools] == ["request_human"]
    result = answer.outcome.tools[0].payload
    assert result["requested"] is True and result["open_now"] is True
    assert result["staff_hours"][0].startswith("Monday")
    assert _conversation(factory).handoff_status == handoff_store.REQUESTED
    assert _say(chat, "hallo?") is None
    assert len(model.requests) == 2  # the held message reached no model
