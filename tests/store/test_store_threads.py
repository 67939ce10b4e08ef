"""The chat page's reads: a conversation as a thread, and a message by its id."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, sessionmaker

from bookbot.store import inbound, turn_queue
from bookbot.store.conversations import record_outbound
from bookbot.store.threads import message_by_wa_id, read_thread
from tests.store.store_testkit import ZURICH

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH)
MARIE = "+41790000001"


def write(factory: sessionmaker[Session], text: str, key: str, channel: str = "chat") -> int:
    with factory.begin() as session:
        stored = inbound.store_message(
            session,
            phone=MARIE,
            text=text,
            at=NOW,
            channel=channel,
            wa_message_id=key,
            payload={"kind": "text"},
        )
        assert stored is not None
        return stored.conversation_id


def reply(factory: sessionmaker[Session], conversation_id: int, text: str) -> int:
    with factory.begin() as session:
        return record_outbound(
            session, conversation_id=conversation_id, text=text, at=NOW, status="delivered"
        ).id


def test_no_thread_for_an_unknown_phone_or_channel(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        assert read_thread(session, phone=MARIE, channel="chat", limit=10) is None
    write(factory, "hi", "wa.1", channel="whatsapp")
    with factory() as session:
        assert read_thread(session, phone="+41 79 000 00 01", channel="chat", limit=10) is None
        assert read_thread(session, phone=MARIE, channel="whatsapp", limit=10) is not None


def test_a_thread_holds_the_newest_messages_after_an_id_oldest_first(
    factory: sessionmaker[Session],
) -> None:
    conversation_id = write(factory, "one", "chat.1")
    first_reply = reply(factory, conversation_id, "two")
    write(factory, "three", "chat.3")
    last_reply = reply(factory, conversation_id, "four")
    with factory() as session:
        thread = read_thread(session, phone=MARIE, channel="chat", limit=10)
        assert thread is not None and thread.conversation_id == conversation_id
        assert [m.text for m in thread.messages] == ["one", "two", "three", "four"]
        assert [m.direction for m in thread.messages] == ["inbound", "outbound"] * 2
        assert thread.messages[0].payload == {"kind": "text"}
        assert thread.messages[0].status == "pending" and thread.messages[0].created_at == NOW
        newest = read_thread(session, phone=MARIE, channel="chat", limit=2)
        assert newest is not None and [m.text for m in newest.messages] == ["three", "four"]
        after = read_thread(session, phone=MARIE, channel="chat", after=first_reply, limit=10)
        assert after is not None and [m.text for m in after.messages] == ["three", "four"]
        none = read_thread(session, phone=MARIE, channel="chat", after=last_reply, limit=10)
        assert none is not None and none.messages == []


def test_the_thread_says_when_the_bot_is_still_answering(factory: sessionmaker[Session]) -> None:
    write(factory, "hi", "chat.1")
    with factory() as session:
        thread = read_thread(session, phone=MARIE, channel="chat", limit=10)
        assert thread is not None and thread.answering
        message_id = thread.messages[0].id
    with factory.begin() as session:
        turn_queue.set_status(session, message_id=message_id, status=turn_queue.ANSWERED)
    with factory() as session:
        thread = read_thread(session, phone=MARIE, channel="chat", limit=10)
        assert thread is not None and not thread.answering


def test_a_message_is_found_by_its_id(factory: sessionmaker[Session]) -> None:
    write(factory, "hi", "chat.abc")
    with factory() as session:
        message = message_by_wa_id(session, wa_message_id="chat.abc")
        assert (message.text, message.direction, message.status) == ("hi", "inbound", "pending")
        with pytest.raises(NoResultFound):
            message_by_wa_id(session, wa_message_id="chat.unknown")
