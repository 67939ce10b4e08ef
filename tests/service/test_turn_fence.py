"""Exactly once across a turn's whole run, not only its reply.

A turn worker starved longer than its claim (a slow LLM, a paused process) is taken
over: another replica claims the message again and answers it. The starved turn's
tools must then write nothing (no second proposal replacing the one the customer
saw, no booking the answering reply does not mention): each write transaction of a
queue's turn first checks and holds its claim (`turn_queue.ClaimFence`: owner,
`processing`, the claim's generation), and a lost claim ends the turn with
ClaimLost and no reply. A claim whose commit the queue never saw (the connection
lost at COMMIT) is renewed by no heartbeat: it runs out and is answered.

Two "replicas" are two InboundQueues with their own owners over one database, run
inline under one frozen clock; the starved turn's model lets the other replica take
the message over before it calls its tool.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import exc, func, select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.model import Model, ModelRequest, ModelResponse, ScriptedModel, tool_call
from bookbot.agent.offline.policy import OfflineModel
from bookbot.agent.runtime import build_agent
from bookbot.service import queue as queue_module
from bookbot.service.conversations import Conversations
from bookbot.service.queue import InboundQueue, claim_next
from bookbot.settings import Settings
from bookbot.store import load_business_file, turn_queue
from bookbot.store.db import fenced, write_session
from bookbot.store.inbound import PENDING
from bookbot.store.models import BookingRow, MessageRow, ProposalRow
from tests.service.test_inbox_replicas import backend_waits_for_a_row_lock

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
CLAIM = timedelta(seconds=60)
PHONE = "+41790000001"


class Starving:
    """A model whose first call stalls past the turn's claim: `meanwhile` runs there
    (the other replica takes the message over), then `model` answers."""

    def __init__(self, model: Model, meanwhile: Callable[[], None]) -> None:
        self.model, self.meanwhile, self.name = model, meanwhile, model.name
        self.stalled = 0

    def complete(self, request: ModelRequest) -> ModelResponse:
        if not self.stalled:
            self.stalled += 1
            self.meanwhile()
        return self.model.complete(request)


class Replica:
    """One turn worker: an inline InboundQueue answering through `chat`."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        chat: Conversations,
        owner: str,
        clock: list[datetime],
    ) -> None:
        self.chat, self.clock = chat, clock
        self.queue = InboundQueue(
            factory,
            self.answer,
            inline=True,
            owner=owner,
            clock=lambda: clock[0],
            claim=CLAIM,
            open=self.open,
        )

    def open(self, session: Session, claimed: turn_queue.Claimed) -> Callable[[], object] | None:
        return self.chat.open_claimed(session, claimed, now=self.clock[0], owner=self.queue.owner)

    def answer(self, message_id: int) -> None:
        self.chat.answer(message_id, now=self.clock[0], owner=self.queue.owner)


def conversations(factory: sessionmaker[Session], model: Model) -> Conversations:
    return Conversations(factory, load_business_file(DEMO), build_agent(Settings(), model))


def take_over(clock: list[datetime], other: Replica) -> Callable[[], None]:
    """What happens while a turn is starved: its claim runs out, and `other` re-queues
    the message, claims it and answers it."""

    def meanwhile() -> None:
        clock[0] = NOW + CLAIM + timedelta(seconds=1)
        assert other.queue.recover()

    return meanwhile


def message_row(factory: sessionmaker[Session], message_id: int) -> MessageRow:
    with factory() as session:
        row = session.get_one(MessageRow, message_id)
        session.expunge(row)
        return row


def replies(factory: sessionmaker[Session]) -> list[str]:
    with factory() as session:
        found = session.scalars(
            select(MessageRow.text)
            .where(MessageRow.direction == "outbound")
            .order_by(MessageRow.id)
        )
        return list(found)


def proposals(factory: sessionmaker[Session]) -> list[ProposalRow]:
    with factory() as session:
        rows = list(session.scalars(select(ProposalRow).order_by(ProposalRow.created_at)))
        session.expunge_all()
        return rows


def bookings(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(BookingRow)) or 0)


def pending(chat: Conversations, text: str) -> tuple[int, int]:
    """Store the customer's message for the queue; its id and the customer's."""
    stored = chat.receive(phone=PHONE, text=text, now=NOW, status=PENDING)
    assert stored is not None
    return stored.message_id, stored.customer_id


def test_a_starved_turn_taken_over_stores_no_proposal_beside_the_answered_one(
    factory: sessionmaker[Session],
) -> None:
    """Replica "a" claims the customer's request and stalls in its model past its
    claim; "b" takes the message over and answers it with an offer. "a"'s
    propose_schedule then finds its claim lost: no second proposal (which would
    replace the offer the customer saw), no second reply, and the customer's "yes"
    books the offer "b" showed."""
    clock = [NOW]
    b = Replica(factory, conversations(factory, OfflineModel()), "b", clock)
    starving = Starving(OfflineModel(), take_over(clock, b))
    a = Replica(factory, conversations(factory, starving), "a", clock)
    message_id, customer_id = pending(a.chat, "dental implant next tuesday at 2pm")

    a.queue.notify(customer_id)

    assert starving.stalled == 1
    shown = proposals(factory)
    assert len(shown) == 1, "the starved turn stored a proposal after it was taken over"
    assert shown[0].shown_at is not None and shown[0].expires_at is None
    assert len(replies(factory)) == 1
    row = message_row(factory, message_id)
    assert (row.status, row.claimed_by, row.claims) == ("answered", "b", 2)

    yes = b.chat.handle(phone=PHONE, text="yes", now=clock[0])
    assert yes is not None and [t.name for t in yes.outcome.tools] == ["book_group"]
    assert bookings(factory) == 3  # the offer the customer saw, all three sessions


def test_a_starved_turn_taken_over_books_nothing_the_answering_reply_does_not_mention(
    factory: sessionmaker[Session],
) -> None:
    """The customer said yes to an offer. Replica "a" claims the yes and stalls past
    its claim; "b" takes it over and answers without booking (it asks again). "a"'s
    book_group then finds its claim lost and books nothing: the customer's only
    reply does not mention a booking, so there must be none."""
    clock = [NOW]
    offer = conversations(factory, OfflineModel())
    first = offer.handle(phone=PHONE, text="dental implant next tuesday at 2pm", now=NOW)
    assert first is not None and [t.name for t in first.outcome.tools] == ["propose_schedule"]
    (proposal,) = proposals(factory)

    asks_again = ScriptedModel(lambda _request: ModelResponse(content="Sorry, which day was it?"))
    b = Replica(factory, conversations(factory, asks_again), "b", clock)

    def books(request: ModelRequest) -> ModelResponse:
        if request.messages[-1]["role"] == "tool":
            return ModelResponse(content="Booked: all three sessions.")
        return ModelResponse(
            tool_calls=(tool_call("1", "book_group", proposal_id=str(proposal.id)),)
        )

    starving = Starving(ScriptedModel(books), take_over(clock, b))
    a = Replica(factory, conversations(factory, starving), "a", clock)
    message_id, customer_id = pending(a.chat, "yes")

    a.queue.notify(customer_id)

    assert starving.stalled == 1
    assert bookings(factory) == 0, "the starved turn booked after it was taken over"
    assert replies(factory)[1:] == ["Sorry, which day was it?"]
    row = message_row(factory, message_id)
    assert (row.status, row.claimed_by, row.claims) == ("answered", "b", 2)


def test_a_fenced_write_checks_the_owner_the_status_and_the_claims_generation(
    factory: sessionmaker[Session],
) -> None:
    """`ClaimFence` in a `fenced` factory's write transaction: it holds only for the
    claim's owner, while the message is processing, under the same claim; a lost
    claim raises before the block runs, so nothing is written. The same owner's
    earlier claim of a message it claimed again is lost too (another generation)."""
    chat = conversations(factory, OfflineModel())
    message_id, customer_id = pending(chat, "hi")
    assert claim_next(factory, customer_id, owner="a", now=NOW, claim=CLAIM) == message_id
    written: list[str] = []

    def write(owner: str, claims: int) -> bool:
        try:
            fence = turn_queue.ClaimFence(message_id, owner, claims)
            with write_session(fenced(factory, fence)):
                written.append(f"{owner}{claims}")
        except turn_queue.ClaimLost:
            return False
        return True

    assert (write("a", 1), write("b", 1), write("a", 2)) == (True, False, False)
    later = NOW + CLAIM + timedelta(seconds=1)  # "a" was starved; "a" claims it again
    assert write("a", 1)  # run out but not taken over: still "a"'s
    assert claim_next(factory, customer_id, owner="a", now=later, claim=CLAIM) == message_id
    assert (write("a", 1), write("a", 2)) == (False, True)
    with write_session(factory) as session:
        turn_queue.mark_answered(session, message_id=message_id, owner="a", claims=2)
    assert not write("a", 2)
    assert written == ["a1", "a1", "a2"]


def test_a_reply_of_an_earlier_claim_of_the_same_owner_is_refused(
    factory: sessionmaker[Session],
) -> None:
    """The reply checks the claim's generation too: a turn of this process that ran
    past its claim cannot answer the message this process claimed again since."""
    chat = conversations(factory, OfflineModel())
    message_id, customer_id = pending(chat, "hi")
    assert claim_next(factory, customer_id, owner="a", now=NOW, claim=CLAIM)
    later = NOW + CLAIM + timedelta(seconds=1)
    assert claim_next(factory, customer_id, owner="a", now=later, claim=CLAIM)
    with pytest.raises(turn_queue.ClaimLost), write_session(factory) as session:
        turn_queue.mark_answered(session, message_id=message_id, owner="a", claims=1)
    assert message_row(factory, message_id).status == "processing"


def test_a_fenced_write_in_flight_holds_off_a_takeover_until_it_commits(
    factory: sessionmaker[Session],
) -> None:
    """The fence is a row lock held to the commit (PostgreSQL: FOR SHARE; SQLite's
    write transaction holds the whole database): another replica's claim of the
    run-out claim waits for the write, and then takes the message over, after it."""
    if factory.kw["bind"].dialect.name != "postgresql":
        pytest.skip("row locks of concurrent transactions: PostgreSQL")
    chat = conversations(factory, OfflineModel())
    message_id, customer_id = pending(chat, "hi")
    assert claim_next(factory, customer_id, owner="a", now=NOW, claim=CLAIM)
    later = NOW + CLAIM + timedelta(seconds=1)
    claimed: list[int | None] = []
    writing = write_session(fenced(factory, turn_queue.ClaimFence(message_id, "a", 1)))
    session = writing.__enter__()  # the check ran: the row is held until the commit
    b = threading.Thread(
        target=lambda: claimed.append(
            claim_next(factory, customer_id, owner="b", now=later, claim=CLAIM)
        )
    )
    b.start()
    try:
        deadline = time.monotonic() + 20
        while not backend_waits_for_a_row_lock(factory, "WITH mine AS"):
            assert time.monotonic() < deadline, "b's claim never waited for a's write"
            b.join(0.01)
            assert b.is_alive(), "b took the message over while a's write was in flight"
        assert session.info  # the write's own statements would run here
    finally:
        writing.__exit__(None, None, None)
        b.join(20)
    assert claimed == [message_id]  # taken over after a's write committed
    row = message_row(factory, message_id)
    assert (row.claimed_by, row.claims) == ("b", 2)


@contextmanager
def commit_lost_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The queue's next transaction commits, then its caller sees the connection lost
    (the COMMIT reached the database, its answer did not)."""
    real = write_session
    lost: list[str] = []

    @contextmanager
    def write_session_losing_its_commit(factory: sessionmaker[Session]) -> Iterator[Session]:
        with real(factory) as session:
            yield session
        if not lost:
            lost.append("commit")
            raise exc.DisconnectionError("the connection was lost at COMMIT")

    monkeypatch.setattr(queue_module, "write_session", write_session_losing_its_commit)
    yield lost


def test_a_claim_whose_commit_the_queue_never_saw_runs_out_and_is_answered(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claim commits but its connection is lost before the queue hears of it: the
    queue claims again (the customer is busy, by its own claim) and runs no turn.
    Its heartbeat renews only the claims its turns hold, so that claim runs out and
    the next poll answers the message, once."""
    chat = conversations(factory, OfflineModel())
    clock = [NOW]
    replica = Replica(factory, chat, "a", clock)
    message_id, customer_id = pending(chat, "dental implant next tuesday at 2pm")
    with commit_lost_once(monkeypatch) as lost:
        assert replica.queue.drain(customer_id) == 0
    assert lost == ["commit"]
    row = message_row(factory, message_id)
    assert (row.status, row.claimed_by) == ("processing", replica.queue.owner)

    clock[0] = NOW + timedelta(seconds=50)
    assert replica.queue.heartbeat() == 0  # nobody's turn: not renewed
    clock[0] = NOW + CLAIM + timedelta(seconds=1)
    assert replica.queue.recover() == [customer_id]  # re-queued and answered
    row = message_row(factory, message_id)
    assert (row.status, row.claimed_by, row.claims) == ("answered", replica.queue.owner, 2)
    assert len(replies(factory)) == 1
