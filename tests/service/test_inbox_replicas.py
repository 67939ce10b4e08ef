"""One turn per customer at a time across processes (issue 14, point 4).

Two "replicas" are two InboundQueues with different owners on one database. A
claim takes a customer's message only while none of the customer's messages is
being answered, whoever answers it; claims name their owner and expire, and a
replica that starts re-queues only expired claims, never a live replica's.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.service.queue import InboundQueue, claim_next
from bookbot.store import inbound, turn_queue
from bookbot.store.db import write_session
from bookbot.store.models import MessageRow

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MARIE = "+41790000001"
MESSAGES = 6


def store(factory: sessionmaker[Session], text: str, at: datetime = NOW) -> inbound.Stored:
    with write_session(factory) as session:
        stored = inbound.store_message(session, phone=MARIE, text=text, at=at, channel="whatsapp")
    assert stored is not None
    return stored


def status(factory: sessionmaker[Session], message_id: int) -> tuple[str | None, str | None]:
    with factory() as session:
        row = session.get_one(MessageRow, message_id)
        return row.status, row.claimed_by


class Turns:
    """The replicas' turn: counts how many run at once and in which order."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.order: list[int] = []

    def answer(self, message_id: int) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.order.append(message_id)
        time.sleep(0.05)  # the turn takes a while: time for the other replica to try
        with write_session(self.factory) as session:
            turn_queue.mark_answered(session, message_id=message_id)
        with self.lock:
            self.running -= 1


def test_two_replicas_never_run_two_turns_of_one_customer_at_once(
    factory: sessionmaker[Session],
) -> None:
    turns = Turns(factory)
    replicas = [
        InboundQueue(factory, turns.answer, workers=2, owner=f"replica-{n}") for n in (1, 2)
    ]
    ids: list[int] = []
    try:
        for n in range(MESSAGES):  # each delivery reaches one replica, alternately
            stored = store(factory, f"message {n}", NOW + timedelta(seconds=n))
            ids.append(stored.message_id)
            replicas[n % 2].notify(stored.customer_id)
            replicas[(n + 1) % 2].notify(stored.customer_id)  # a redelivery at the other
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(turns.order) < MESSAGES:
            time.sleep(0.05)
    finally:
        for replica in replicas:
            replica.shutdown(wait=True)
    assert turns.most == 1
    assert turns.order == ids  # each message once, oldest first
    assert {status(factory, i)[0] for i in ids} == {"answered"}


def test_a_replica_that_starts_requeues_only_expired_claims(
    factory: sessionmaker[Session],
) -> None:
    first = store(factory, "implant on tuesday")
    second = store(factory, "at 2pm", NOW + timedelta(seconds=5))
    claim = timedelta(seconds=60)
    assert claim_next(factory, first.customer_id, owner="live", now=NOW, claim=claim) == (
        first.message_id
    )
    # the live replica's turn runs; its customer's next message waits for it
    assert claim_next(factory, first.customer_id, owner="other", now=NOW, claim=claim) is None
    clock = [NOW + timedelta(seconds=30)]
    restarted = InboundQueue(
        factory, lambda _id: None, inline=True, owner="restarted", clock=lambda: clock[0]
    )
    assert restarted.recover() == [first.customer_id]  # only the waiting message
    assert status(factory, first.message_id) == ("processing", "live")
    assert status(factory, second.message_id)[0] == "pending"

    clock[0] = NOW + claim + timedelta(seconds=1)  # the live replica stopped renewing
    answered: list[int] = []
    restarted.answer = answered.append
    restarted.recover()
    assert answered[0] == first.message_id  # re-run, and first, in order


def test_a_heartbeat_keeps_a_claim_alive_and_a_lost_claim_stores_no_reply(
    factory: sessionmaker[Session],
) -> None:
    message = store(factory, "hi")
    claim = timedelta(seconds=60)
    clock = [NOW]
    replica = InboundQueue(
        factory, lambda _id: None, inline=True, owner="a", clock=lambda: clock[0], claim=claim
    )
    assert claim_next(factory, message.customer_id, owner="a", now=NOW, claim=claim)
    clock[0] = NOW + timedelta(seconds=50)
    assert replica.heartbeat() == 1  # now held until 50 + 60 s
    with write_session(factory) as session:
        assert turn_queue.requeue_expired(session, now=NOW + timedelta(seconds=100)) == 0
        assert turn_queue.requeue_expired(session, now=NOW + timedelta(seconds=111)) == 1
    assert claim_next(factory, message.customer_id, owner="b", now=NOW, claim=claim)
    with pytest.raises(turn_queue.ClaimLost), write_session(factory) as session:
        turn_queue.mark_answered(session, message_id=message.message_id, owner="a")
    assert status(factory, message.message_id) == ("processing", "b")


def test_a_failed_turn_marks_its_message_failed_but_a_lost_claim_is_left_to_its_owner(
    factory: sessionmaker[Session],
) -> None:
    broken, taken = store(factory, "boom"), store(factory, "taken", NOW + timedelta(seconds=1))

    def answer(message_id: int) -> None:
        if message_id == broken.message_id:
            raise RuntimeError("a bug in the turn")
        with write_session(factory) as session:  # meanwhile another replica took it over
            session.get_one(MessageRow, message_id).claimed_by = "other"
        with write_session(factory) as session:
            turn_queue.mark_answered(session, message_id=message_id, owner="a")

    queue = InboundQueue(factory, answer, inline=True, owner="a")
    queue.notify(broken.customer_id)
    assert status(factory, broken.message_id) == ("failed", "a")
    assert status(factory, taken.message_id) == ("processing", "other")
