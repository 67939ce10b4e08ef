"""write_reply: the reply, the proposals it shows and its outbox row (one statement on
PostgreSQL), with the outbox's dedupe key deciding as in `outbox.enqueue`."""

from __future__ import annotations

import uuid
from functools import partial

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.store import inbound, turn_queue
from bookbot.store.db import make_session_factory
from bookbot.store.models import ConversationRow, MessageRow, OutboxRow, ProposalRow, TurnRow
from bookbot.store.proposals import create_proposal
from bookbot.store.reply_rows import Closes, Send, write_reply
from bookbot.store.turn_records import TurnRecord
from tests.store.store_testkit import implant_plan, local

NOW = local("2026-03-02T09:00")


def _reply(
    session: Session, conversation_id: int, shown: list[uuid.UUID], key: str
) -> tuple[int, int | None]:
    rows = write_reply(
        session,
        conversation_id=conversation_id,
        text="Here is your plan",
        at=NOW,
        chat=None,
        kind="reply",
        buttons=(("yes:1", "Yes"),),
        status="queued",
        shown=shown,
        send=Send("+41790000001", "reply", key, {"text": "Here is your plan"}, None),
    )
    return rows.message_id, rows.outbox_id


def test_the_reply_shows_its_proposals_and_queues_once(
    factory: sessionmaker[Session], imported: Business
) -> None:
    with factory.begin() as session:
        stored = inbound.store_message(
            session, phone="+41790000001", text="hi", at=NOW, channel="whatsapp"
        )
        assert stored is not None
        proposal = create_proposal(
            session,
            business=imported,
            conversation_id=stored.conversation_id,
            customer_id=stored.customer_id,
            service_id="dental-implant",
            group_id=None,
            kind="book",
            plan=implant_plan(),
            now=NOW,
        )
        reply_id, outbox_id = _reply(session, stored.conversation_id, [proposal.id], "reply:1")
        again_id, again_outbox = _reply(session, stored.conversation_id, [proposal.id], "reply:1")
    assert outbox_id is not None and again_outbox is None  # the dedupe key was taken
    with factory() as session:
        row = session.get_one(ProposalRow, proposal.id)
        body = session.scalars(select(OutboxRow.body)).one()
        payload = session.get_one(MessageRow, reply_id).payload
    assert row.shown_in_message_id == reply_id != again_id  # the first reply showed it
    assert row.shown_at is not None
    assert body == {"text": "Here is your plan", "message_id": reply_id}
    assert payload is not None and payload["proposals"] == [str(proposal.id)]


def test_a_reply_whose_claim_was_taken_over_stores_nothing_of_the_turn(
    engine: Engine, factory: sessionmaker[Session], imported: Business
) -> None:
    """The reply, its outbox row and the turn's record are one write that checks the
    message's claim: taken over by another owner, none of it is stored. On PostgreSQL
    the write is one statement in autocommit (the turn worker's), which fails itself."""
    with factory.begin() as session:
        stored = inbound.store_message(
            session, phone="+41790000001", text="hi", at=NOW, channel="whatsapp"
        )
        assert stored is not None
        session.execute(
            update(MessageRow)
            .where(MessageRow.id == stored.message_id)
            .values(status="processing", claimed_by="b")
        )
    turn = TurnRecord(stored.conversation_id, NOW, "offline", 0, 0, 1, None, [], {"k": 1})
    send = Send("+41790000001", "reply", "reply:1", {"text": "Hi"}, None)
    autocommit = engine.dialect.name == "postgresql"
    writes = make_session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))
    for owner, lost in (("a", True), ("b", False)):
        with writes() if autocommit else factory.begin() as session:
            write = partial(
                write_reply,
                session,
                conversation_id=stored.conversation_id,
                text="Hi",
                at=NOW,
                chat=None,
                kind="reply",
                buttons=(),
                status="queued",
                shown=[],
                send=send,
                closes=Closes(stored.message_id, owner),
                turn=turn,
            )
            if lost:
                with pytest.raises(turn_queue.ClaimLost):
                    write()
                session.rollback()
            else:
                write()
        with factory() as session:
            replies = session.scalar(select(func.count()).where(MessageRow.direction == "outbound"))
            counts = (
                replies,
                session.scalar(select(func.count()).select_from(OutboxRow)),
                session.scalar(select(func.count()).select_from(TurnRow)),
                session.get_one(ConversationRow, stored.conversation_id).state,
                session.get_one(MessageRow, stored.message_id).status,
            )
        if lost:
            assert counts == (0, 0, 0, {}, "processing")
        else:
            assert counts == (1, 1, 1, {"k": 1}, "answered")
