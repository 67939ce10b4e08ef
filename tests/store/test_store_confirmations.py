"""Confirmation is data (store side): which proposals a customer's message answers,
how, and that only a recorded yes makes a proposal bookable."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.errors import ProposalError
from bookbot.core.types import Plan
from bookbot.store.confirmations import offer_named, record_answer
from bookbot.store.conversations import (
    get_or_create_conversation,
    record_inbound,
    record_outbound,
    set_message_status,
)
from bookbot.store.models import MessageRow
from bookbot.store.proposals import (
    NotConfirmedError,
    ProposalRecord,
    bookable_proposal,
    claim_for_booking,
    create_proposal,
    mark_shown,
    show_in,
)
from tests.store.store_testkit import local

NOW = local("2026-03-02T09:00")


def _conversation(factory: sessionmaker[Session], customer_id: int) -> int:
    with factory.begin() as session:
        return get_or_create_conversation(session, customer_id=customer_id).id


def _propose(
    session: Session, business: Business, conversation_id: int, customer_id: int, service: str
) -> ProposalRecord:
    return create_proposal(
        session,
        business=business,
        conversation_id=conversation_id,
        customer_id=customer_id,
        service_id=service,
        group_id=None,
        kind="book",
        plan=Plan(sessions=()),
        now=NOW,
    )


def _reply(session: Session, conversation_id: int, wamid: str, at: datetime) -> int:
    """A reply that shows the conversation's new proposals, sent as `wamid`."""
    reply = record_outbound(session, conversation_id=conversation_id, text="Shall I?", at=at)
    shown = mark_shown(session, conversation_id=conversation_id, now=at)
    show_in(session, message_id=reply.id, proposal_ids=shown)
    set_message_status(session, message_id=reply.id, status="sent", wa_message_id=wamid)
    return reply.id


def _customer_says(session: Session, conversation_id: int, text: str, at: datetime) -> int:
    message = record_inbound(session, conversation_id=conversation_id, text=text, at=at)
    assert message is not None
    return message.id


def _bookable(session: Session, proposal: ProposalRecord) -> ProposalRecord:
    return bookable_proposal(
        session,
        proposal_id=str(proposal.id),
        conversation_id=proposal.conversation_id,
        customer_id=proposal.customer_id,
    )


def test_a_button_under_one_offer_answers_only_that_offer(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    conversation = _conversation(factory, marie)
    with factory.begin() as session:
        implant = _propose(session, imported, conversation, marie, "dental-implant")
        _reply(session, conversation, "wamid.out.1", NOW)
        consult = _propose(session, imported, conversation, marie, "consult")
        _reply(session, conversation, "wamid.out.2", NOW + timedelta(minutes=1))
        tap = _customer_says(session, conversation, "Yes", NOW + timedelta(minutes=2))
        offer = offer_named(session, conversation_id=conversation, proposal_id=implant.id)
        assert offer is not None and offer.proposal_ids == (implant.id,)
        answers = record_answer(
            session, message_id=tap, confirmation="yes", source="button", offer=offer, now=NOW
        )
        assert answers == {implant.id: "yes", consult.id: "unclear"}
        assert session.get_one(MessageRow, tap).proposal_id == implant.id
    with factory() as session:
        assert _bookable(session, implant).id == implant.id
        with pytest.raises(NotConfirmedError, match="not a clear yes") as caught:
            _bookable(session, consult)
        assert caught.value.answer == "unclear"


def test_the_quoted_reply_names_every_proposal_it_showed(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    conversation = _conversation(factory, marie)
    with factory.begin() as session:
        implant = _propose(session, imported, conversation, marie, "dental-implant")
        consult = _propose(session, imported, conversation, marie, "consult")
        _reply(session, conversation, "wamid.out.1", NOW)
        offer = offer_named(session, conversation_id=conversation, context_id="wamid.out.1")
        assert offer is not None
        assert set(offer.proposal_ids) == {implant.id, consult.id}
        assert offer_named(session, conversation_id=conversation, context_id="wamid.other") is None
        assert offer_named(session, conversation_id=conversation, proposal_id=uuid.uuid4()) is None


def test_another_conversations_proposal_is_not_named(
    factory: sessionmaker[Session], imported: Business, marie: int, thomas: int
) -> None:
    hers, his = _conversation(factory, marie), _conversation(factory, thomas)
    with factory.begin() as session:
        implant = _propose(session, imported, hers, marie, "dental-implant")
        _reply(session, hers, "wamid.out.1", NOW)
        assert offer_named(session, conversation_id=his, proposal_id=implant.id) is None
        assert offer_named(session, conversation_id=his, context_id="wamid.out.1") is None


def test_a_message_written_before_the_reply_does_not_answer_its_offer(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    conversation = _conversation(factory, marie)
    with factory.begin() as session:
        early = _customer_says(session, conversation, "yes", NOW)
        implant = _propose(session, imported, conversation, marie, "dental-implant")
        _reply(session, conversation, "wamid.out.1", NOW)
        answers = record_answer(
            session, message_id=early, confirmation="yes", source="text", offer=None, now=NOW
        )
        assert answers == {}
    with factory() as session, pytest.raises(NotConfirmedError, match="not answered"):
        _bookable(session, implant)


@pytest.mark.parametrize("answer", ["no", "change", "unclear"])
def test_only_a_yes_makes_a_proposal_bookable(
    factory: sessionmaker[Session], imported: Business, marie: int, answer: str
) -> None:
    conversation = _conversation(factory, marie)
    with factory.begin() as session:
        implant = _propose(session, imported, conversation, marie, "dental-implant")
        _reply(session, conversation, "wamid.out.1", NOW)
        said = _customer_says(session, conversation, answer, NOW)
        record_answer(
            session, message_id=said, confirmation=answer, source="text", offer=None, now=NOW
        )
    with factory() as session, pytest.raises(NotConfirmedError) as caught:
        _bookable(session, implant)
    assert caught.value.answer == answer


def test_a_no_stored_after_the_check_stops_the_claim(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    """The booking transaction claims the proposal only while its answer is still yes."""
    conversation = _conversation(factory, marie)
    with factory.begin() as session:
        implant = _propose(session, imported, conversation, marie, "dental-implant")
        _reply(session, conversation, "wamid.out.1", NOW)
        yes = _customer_says(session, conversation, "yes", NOW)
        record_answer(
            session, message_id=yes, confirmation="yes", source="text", offer=None, now=NOW
        )
    with factory() as session:
        _bookable(session, implant)
    with factory.begin() as session:
        no = _customer_says(session, conversation, "no wait", NOW + timedelta(seconds=5))
        record_answer(session, message_id=no, confirmation="no", source="text", offer=None, now=NOW)
    with factory.begin() as session, pytest.raises(NotConfirmedError):
        claim_for_booking(session, proposal_id=implant.id, now=NOW)


def test_an_unshown_proposal_is_refused_as_before(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    conversation = _conversation(factory, marie)
    with factory.begin() as session:
        implant = _propose(session, imported, conversation, marie, "dental-implant")
    with factory() as session, pytest.raises(ProposalError, match="not been shown") as caught:
        _bookable(session, implant)
    assert not isinstance(caught.value, NotConfirmedError)


def test_an_unknown_answer_is_refused(
    factory: sessionmaker[Session], imported: Business, marie: int
) -> None:
    conversation = _conversation(factory, marie)
    with factory.begin() as session:
        said = _customer_says(session, conversation, "maybe", NOW)
        with pytest.raises(ValueError, match="not an answer"):
            record_answer(
                session, message_id=said, confirmation="maybe", source="text", offer=None, now=NOW
            )
