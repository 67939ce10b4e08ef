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
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from bookbot.service.queue import InboundQueue, claim_next
from bookbot.store import inbound, turn_queue
from bookbot.store.db import lock_customer, write_session
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
    seen: list[object] = []

    def answer(message_id: int) -> None:  # a's turn, while a holds the claim
        clock[0] = NOW + timedelta(seconds=50)
        seen.append(replica.heartbeat())  # now held until 50 + 60 s
        with write_session(factory) as session:
            seen.append(turn_queue.requeue_expired(session, now=NOW + timedelta(seconds=100)))
            seen.append(turn_queue.requeue_expired(session, now=NOW + timedelta(seconds=111)))
        seen.append(claim_next(factory, message.customer_id, owner="b", now=NOW, claim=claim))
        try:
            with write_session(factory) as session:
                turn_queue.mark_answered(session, message_id=message_id, owner="a")
        except turn_queue.ClaimLost:
            seen.append("lost")

    replica = InboundQueue(
        factory, answer, inline=True, owner="a", clock=lambda: clock[0], claim=claim
    )
    replica.notify(message.customer_id)
    assert seen == [1, 0, 1, message.message_id, "lost"]
    assert status(factory, message.message_id) == ("processing", "b")
    assert replica.heartbeat() == 0  # the turn is over: a holds nothing


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


def claim_row(factory: sessionmaker[Session], message_id: int) -> MessageRow:
    with factory() as session:
        row = session.get_one(MessageRow, message_id)
        session.expunge(row)
        return row


def test_the_database_stamps_each_claim_and_its_close_one_after_the_other(
    factory: sessionmaker[Session],
) -> None:
    """`claimed_at` and `closed_at` are the database's clock in the claiming and the
    closing statement: one customer's claims, in order, each begin after the previous
    one closed; a message claimed again after its claim expired counts two claims."""
    first, second = store(factory, "hi"), store(factory, "implant", NOW + timedelta(seconds=1))
    claim = timedelta(seconds=60)
    for owner, message in (("a", first), ("b", second)):
        claimed = claim_next(factory, first.customer_id, owner=owner, now=NOW, claim=claim)
        assert claimed == message.message_id
        with write_session(factory) as session:
            turn_queue.mark_answered(session, message_id=message.message_id, owner=owner)
    rows = [claim_row(factory, m.message_id) for m in (first, second)]
    stamps = [moment for row in rows for moment in (row.claimed_at, row.closed_at)]
    assert None not in stamps and stamps == sorted(stamps)  # type: ignore[type-var]
    assert [row.claims for row in rows] == [1, 1]

    third = store(factory, "at 2pm", NOW + timedelta(seconds=2))
    assert claim_next(factory, first.customer_id, owner="a", now=NOW, claim=claim)
    later = NOW + claim + timedelta(seconds=1)  # "a" stopped renewing: "b" takes it over
    assert claim_next(factory, first.customer_id, owner="b", now=later, claim=claim)
    taken = claim_row(factory, third.message_id)
    assert (taken.claimed_by, taken.claims, taken.closed_at) == ("b", 2, None)


def backend_waits_for_a_row_lock(factory: sessionmaker[Session], statement: str) -> bool:
    """Whether a backend of this database runs `statement` and waits for a lock."""
    with factory() as session:
        found = session.execute(
            text(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND state = 'active' AND query LIKE :statement"
            ),
            {"statement": f"%{statement}%"},
        )
        return found.first() is not None


def test_a_claim_renewed_while_another_replica_claims_keeps_the_customer_to_its_owner(
    factory: sessionmaker[Session],
) -> None:
    """Replica "a" answers the customer's message; its heartbeat is late, so to replica
    "b" the claim looks expired, and a message stamped earlier (delivered late) waits.
    "a"'s heartbeat commits while "b"'s claim runs: "b" must not take the earlier
    message beside "a"'s live claim (two turns of one customer at once), nor take "a"'s.

    The heartbeat's renewal is held uncommitted until "b"'s claim waits for its row,
    then committed (PostgreSQL: on SQLite the claim holds the whole database)."""
    if factory.kw["bind"].dialect.name != "postgresql":
        pytest.skip("row locks of concurrent transactions: PostgreSQL")
    claim = timedelta(seconds=60)
    answering = store(factory, "implant on tuesday")
    assert claim_next(factory, answering.customer_id, owner="a", now=NOW, claim=claim)
    earlier = store(factory, "sorry, first this", NOW - timedelta(seconds=5))
    late = NOW + claim + timedelta(seconds=1)  # "a"'s claim, as "b" sees it, expired
    renewal = factory()
    renewed = turn_queue.renew_claims(
        renewal, owner="a", until=late + claim, message_ids=[answering.message_id]
    )
    assert renewed == 1  # not committed
    claimed: list[int | None] = []
    b = threading.Thread(
        target=lambda: claimed.append(
            claim_next(factory, answering.customer_id, owner="b", now=late, claim=claim)
        )
    )
    b.start()
    try:
        deadline = time.monotonic() + 20
        while not backend_waits_for_a_row_lock(factory, "WITH mine AS"):
            assert time.monotonic() < deadline, "b's claim never waited for a's row"
            b.join(0.01)
            assert b.is_alive(), "b's claim did not wait for a's row"
    finally:
        renewal.commit()
        renewal.close()
        b.join(20)
    assert claimed == [None]  # a's claim holds: the customer's turn is a's
    assert status(factory, answering.message_id) == ("processing", "a")
    assert status(factory, earlier.message_id) == ("pending", None)


def test_a_claim_that_waited_for_the_customers_lock_holds_for_its_whole_length(
    factory: sessionmaker[Session],
) -> None:
    """Another claim of the customer holds its lock while the clock moves on (a busy
    machine): the waiting claim is measured from when it got the lock, so it does not
    run out before its owner's heartbeat renews it. PostgreSQL (SQLite's claim holds
    the whole database before it reads the clock)."""
    if factory.kw["bind"].dialect.name != "postgresql":
        pytest.skip("the customer's advisory lock: PostgreSQL")
    claim = timedelta(seconds=3)
    message = store(factory, "implant on tuesday")
    clock = [NOW]
    expires: list[datetime | None] = []

    def answer(message_id: int) -> None:
        expires.append(claim_row(factory, message_id).claim_expires_at)

    queue = InboundQueue(
        factory, answer, inline=True, owner="b", clock=lambda: clock[0], claim=claim
    )
    other = factory()  # another process's claim of the customer, not yet committed
    lock_customer(other, message.customer_id)
    b = threading.Thread(target=queue.notify, args=(message.customer_id,))
    b.start()
    try:
        deadline = time.monotonic() + 20
        while not backend_waits_for_a_row_lock(factory, "pg_advisory_xact_lock"):
            assert time.monotonic() < deadline, "b's claim never waited for the lock"
            b.join(0.01)
            assert b.is_alive(), "b's claim did not wait for the lock"
        clock[0] = NOW + timedelta(seconds=2)  # the lock is held for 2 s
    finally:
        other.commit()
        other.close()
        b.join(20)
    assert expires == [NOW + timedelta(seconds=5)]  # 3 s from the lock, not 1 s from then
