"""The turn queue: claiming in order, recovering, and the turn's load and finish."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.types import Plan
from bookbot.store import turn_queue
from bookbot.store.conversations import record_outbound
from bookbot.store.inbound import RECEIVED
from bookbot.store.models import MessageRow, ProposalRow
from bookbot.store.proposals import (
    awaiting_answer_kind,
    create_proposal,
    mark_answered,
    mark_shown,
)
from tests.store.test_store_inbound import MARIE, NOW, status_of, stored

OTTO = "+41790000002"


def claim_next(factory: sessionmaker[Session], customer_id: int) -> int | None:
    with factory.begin() as session:
        message_id = turn_queue.next_pending(session, customer_id=customer_id)
        if message_id is None or not turn_queue.claim(session, message_id=message_id):
            return None
        return message_id


def test_messages_are_claimed_oldest_first_by_their_time_then_arrival(
    factory: sessionmaker[Session],
) -> None:
    b = stored(factory, "b", at=NOW)
    a = stored(factory, "a", at=NOW - timedelta(minutes=1))  # stamped earlier, arrived later
    c = stored(factory, "c", at=NOW)
    chat = stored(factory, "d", at=NOW + timedelta(minutes=1), channel="chat")
    stored(factory, "otto", phone=OTTO)
    claimed = [claim_next(factory, a.customer_id) for _ in range(5)]
    assert claimed == [a.message_id, b.message_id, c.message_id, chat.message_id, None]
    assert {status_of(factory, m) for m in claimed if m} == {"processing"}


def test_a_message_is_claimed_once(factory: sessionmaker[Session]) -> None:
    message = stored(factory, "yes")
    with factory.begin() as session:
        assert turn_queue.claim(session, message_id=message.message_id)
    with factory.begin() as session:
        assert not turn_queue.claim(session, message_id=message.message_id)
    with factory.begin() as session:
        turn_queue.set_status(session, message_id=message.message_id, status=turn_queue.FAILED)
    assert status_of(factory, message.message_id) == "failed"
    with factory.begin() as session, pytest.raises(NoResultFound):
        turn_queue.set_status(
            session, message_id=message.message_id + 100, status=turn_queue.FAILED
        )


def test_recovery_requeues_interrupted_messages(factory: sessionmaker[Session]) -> None:
    interrupted = stored(factory, "interrupted")
    waiting = stored(factory, "waiting", phone=OTTO)
    done = stored(factory, "done", phone="+41790000003")
    stored(factory, "answered at once", phone="+41790000004", status=RECEIVED)
    assert claim_next(factory, interrupted.customer_id) == interrupted.message_id
    assert claim_next(factory, done.customer_id) == done.message_id
    with factory.begin() as session:
        turn_queue.set_status(session, message_id=done.message_id, status=turn_queue.ANSWERED)
    with factory.begin() as session:
        assert turn_queue.customers_with_pending(session) == [waiting.customer_id]
        assert turn_queue.requeue_expired(session, now=NOW) == 1  # a claim without expiry
        expected = sorted([interrupted.customer_id, waiting.customer_id])
        assert turn_queue.customers_with_pending(session) == expected
    assert status_of(factory, interrupted.message_id) == "pending"


def test_a_conversation_is_unanswered_while_a_message_is_pending_or_processing(
    factory: sessionmaker[Session],
) -> None:
    message = stored(factory, "hi")

    def unanswered() -> bool:
        with factory() as session:
            return turn_queue.has_unanswered(session, conversation_id=message.conversation_id)

    assert unanswered()
    claim_next(factory, message.customer_id)
    assert unanswered()
    with factory.begin() as session:
        turn_queue.set_status(session, message_id=message.message_id, status=turn_queue.ANSWERED)
    assert not unanswered()


def test_loading_for_the_turn_reads_and_writes_nothing(
    factory: sessionmaker[Session], imported: Business
) -> None:
    message = stored(factory, "yes", name="Marie", payload={"kind": "button"})
    with factory.begin() as session:
        create_proposal(
            session,
            business=imported,
            conversation_id=message.conversation_id,
            customer_id=message.customer_id,
            service_id="dental-implant",
            group_id=None,
            kind="book",
            plan=Plan(sessions=()),
            now=NOW,
        )
        mark_shown(session, conversation_id=message.conversation_id, now=NOW)
        assert awaiting_answer_kind(session, conversation_id=message.conversation_id) == "book"
    with factory.begin() as session:
        turn = turn_queue.load_turn(session, message_id=message.message_id)
        assert not session.dirty and not session.new
    assert turn.message == turn_queue.TurnMessage(
        message_id=message.message_id,
        conversation_id=message.conversation_id,
        customer_id=message.customer_id,
        customer_name="Marie",
        phone=MARIE,
        channel="whatsapp",
        text="yes",
        kind="button",
    )
    assert turn.history == [] and turn.later_reply is None
    with factory() as session:
        (proposal,) = session.scalars(select(ProposalRow)).all()
        assert proposal.answered_at is None
        assert awaiting_answer_kind(session, conversation_id=message.conversation_id) == "book"


def test_a_message_written_before_the_reply_that_showed_a_proposal_does_not_answer_it(
    factory: sessionmaker[Session], imported: Business
) -> None:
    """Marie writes twice while the bot answers her first message: the second one
    was written before the proposal in that answer was shown, so it cannot confirm it."""
    first = stored(factory, "implant on tuesday at 2pm please")
    second = stored(factory, "yes", at=NOW + timedelta(seconds=20))
    shown = NOW + timedelta(seconds=30)
    with factory.begin() as session:
        create_proposal(
            session,
            business=imported,
            conversation_id=first.conversation_id,
            customer_id=first.customer_id,
            service_id="dental-implant",
            group_id=None,
            kind="book",
            plan=Plan(sessions=()),
            now=shown,
        )
        record_outbound(
            session, conversation_id=first.conversation_id, text="Here's your plan", at=shown
        )
        mark_shown(session, conversation_id=first.conversation_id, now=shown)
    with factory.begin() as session:
        turn = turn_queue.load_turn(session, message_id=second.message_id)
        assert turn.later_reply == shown
        assert turn.history == [
            {"role": "user", "content": "implant on tuesday at 2pm please"},
            {"role": "assistant", "content": "Here's your plan"},
        ]
        mark_answered(
            session, conversation_id=first.conversation_id, now=shown, shown_before=turn.later_reply
        )
    with factory() as session:
        assert awaiting_answer_kind(session, conversation_id=first.conversation_id) == "book"
    third = stored(factory, "yes", at=shown + timedelta(minutes=1))
    with factory.begin() as session:
        turn = turn_queue.load_turn(session, message_id=third.message_id)
        assert turn.later_reply is None
        later = shown + timedelta(minutes=1)
        mark_answered(session, conversation_id=first.conversation_id, now=later, shown_before=None)
    with factory() as session:
        assert awaiting_answer_kind(session, conversation_id=first.conversation_id) is None


def test_a_message_without_payload_has_no_kind(factory: sessionmaker[Session]) -> None:
    message = stored(factory, "hi")
    with factory.begin() as session:
        turn = turn_queue.load_turn(session, message_id=message.message_id).message
    assert turn.kind is None and turn.customer_name is None


def test_finishing_the_turn_marks_the_message_answered_and_keeps_the_buttons(
    factory: sessionmaker[Session],
) -> None:
    message = stored(factory, "implant on tuesday")
    claim_next(factory, message.customer_id)
    with factory.begin() as session:
        reply_id = record_outbound(
            session,
            conversation_id=message.conversation_id,
            text="Shall I book?",
            at=NOW,
            buttons=(("yes", "Yes, book it"), ("change", "Another time")),
            status="delivered",
        ).id
        turn_queue.mark_answered(session, message_id=message.message_id)
    assert status_of(factory, message.message_id) == "answered"
    with factory() as session:
        row = session.get_one(MessageRow, reply_id)
        assert row.status == "delivered"
        assert row.payload == {
            "kind": "reply",
            "buttons": [["yes", "Yes, book it"], ["change", "Another time"]],
        }


def test_finishing_without_buttons_leaves_the_reply_as_it_was(
    factory: sessionmaker[Session],
) -> None:
    message = stored(factory, "hello")
    with factory.begin() as session:
        reply_id = record_outbound(
            session, conversation_id=message.conversation_id, text="Hello!", at=NOW
        ).id
        turn_queue.mark_answered(session, message_id=message.message_id)
    with factory() as session:
        row = session.get_one(MessageRow, reply_id)
        assert (row.status, row.payload) == ("queued", {"kind": "reply"})
