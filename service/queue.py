"""Inbound messages: stored first, then answered one customer at a time, in order,
across threads and processes.

Every way in (the WhatsApp webhook, the chat page) stores the customer's message
with `bookbot.store.inbound.store_message` (`bookbot.store.turn_queue` holds the
queue's statuses and queries) and acknowledges at once; the message is `pending`.
The `InboundQueue` then answers it after the acknowledgement, on a thread pool,
with `answer(message_id)` (the app passes `Conversations.answer`, the one path
from a stored message to a stored reply):

    pending --claim--> processing --turn done--> answered   (or failed: logged, apologised)

- One customer's messages are answered one at a time, oldest first (by the time
  WhatsApp stamped them, then by arrival), so a "yes" is never read before the
  proposal it answers; different customers are answered in parallel.
- Across processes too: a claim (`turn_queue.claim_next`, under the customer's lock)
  takes a message only while none of the customer's messages is `processing`,
  and it carries this queue's `owner` (host, pid, random), its generation (the
  message's claim count) and an expiry (`BOOKBOT_INBOX_CLAIM_SECONDS`, 60 s) that a
  heartbeat renews every third of it while turns run. The heartbeat renews only
  the claims this queue knows it holds (by message id, from the claim's commit to
  the end of its turn): a claim whose commit reached the database but not this
  queue (the connection lost at COMMIT) is nobody's turn, so it runs out and a
  poll re-queues it, instead of being renewed forever. The turn's tools write, and
  its reply is stored, only while the same claim holds (`turn_queue.ClaimFence`,
  `turn_queue.mark_answered(owner=..., claims=...)`): a turn that ran past its
  claim and was taken over writes nothing more (`turn_queue.ClaimLost`).
- A drain on the pool stops after a message behind which nothing waited when it
  was claimed (the claim counts them): a message stored since then notifies the
  queue, and a notify for a customer being drained runs the drain once more, so
  the empty claim that would end the drain is not needed.
- `recover` (at startup, and from the app's delivery loop every few seconds)
  puts back only claims that expired (their process died or hung), never a live
  replica's, and answers everything pending.

This module holds the threading: which customer is being answered, and when.

With `inline=True` (the test seam) `notify` answers in the caller's thread before
returning, so tests need no waiting.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from bookbot.store import turn_queue
from bookbot.store.db import is_disconnect, write_session

__all__ = ["InboundQueue", "claim_next", "claim_oldest"]

log = logging.getLogger(__name__)


CLAIM = timedelta(seconds=60)
"""How long a claim holds without a heartbeat."""
RETRIES = 2
"""How many times a claim or a turn runs again after its database connection was lost."""
CLAIM_RAN_OUT = (
    "inbound message %s: the claim ran out during the turn (asked for %.1f s ago, "
    "committed %.1f s ago; this queue's claims last renewed %.1f s ago)"
)
"""Logged when a turn ran on after its claim was taken from it (the benches count it)."""

Opener = Callable[[Session, turn_queue.Claimed], Callable[[], object] | None]
"""Reads a message just claimed for its turn, in the claim's transaction (which
commits after it); returns what remains of the turn (run after the commit), or
None when the message needed no more (held for staff, answered without a turn)."""


def process_owner() -> str:
    """This process's name on its claims: host, pid and a random part (a restarted
    process, or a second queue in one process, is another owner)."""
    return f"{socket.gethostname()[:32]}.{os.getpid()}.{secrets.token_hex(4)}"


def system_clock() -> datetime:
    return datetime.now(UTC)


def claim_next(
    session_factory: sessionmaker[Session],
    customer_id: int,
    *,
    owner: str,
    now: datetime,
    claim: timedelta = CLAIM,
) -> int | None:
    """The customer's oldest pending message, now `processing` for `owner`; None when
    there is none or another of the customer's messages is being answered."""
    claimed = claim_oldest(session_factory, customer_id, owner=owner, now=now, claim=claim)
    return None if claimed is None else claimed.message_id


def claim_oldest(
    session_factory: sessionmaker[Session],
    customer_id: int,
    *,
    owner: str,
    now: datetime,
    claim: timedelta = CLAIM,
    clock: Callable[[], datetime] | None = None,
) -> turn_queue.Claimed | None:
    """`claim_next` with how many of the customer's messages were waiting (with
    `clock`, the claim holds for `claim` from when the customer's lock was granted)."""
    with write_session(session_factory) as session:
        return turn_queue.claim_oldest(
            session,
            customer_id=customer_id,
            owner=owner,
            now=now,
            until=now + claim,
            clock=clock,
        )


class InboundQueue:
    """Answers pending messages: per customer in order, customers in parallel.

    `answer(message_id)` runs the turn for one claimed message; it must not raise
    for a bad message (it marks it failed), but if it does the message is marked
    failed here and the queue moves on. With `open` (the turn worker), the claim
    and the turn's read are one transaction, and `answer` runs a turn only again
    (after a lost connection) or when `open` failed.

    A lost database connection (`store.db.is_disconnect`) is not a failed turn:
    the claim or the turn runs again, up to `retries` times, on a new connection.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        answer: Callable[[int], None],
        *,
        inline: bool = False,
        workers: int = 4,
        claim: timedelta = CLAIM,
        clock: Callable[[], datetime] = system_clock,
        owner: str | None = None,
        open: Opener | None = None,
        retries: int = RETRIES,
    ) -> None:
        self.session_factory = session_factory
        self.answer = answer
        self.open = open
        self.retries = retries
        self._abandoned: set[int] = set()
        self._held: dict[int, int] = {}
        """The messages whose claim a turn of this queue holds (how many turns: a
        turn that ran past its claim and the one that claimed the message again)."""
        self.inline = inline
        self.claim = claim
        self.clock = clock
        self.owner = owner or process_owner()
        self._pool = None if inline else ThreadPoolExecutor(workers, "bookbot-inbound")
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._again: set[int] = set()
        self._stop = threading.Event()
        self._closing = threading.Event()  # shutting down: no new claims
        self._heartbeat: threading.Thread | None = None
        self._renewed = time.monotonic()  # the last heartbeat (diagnostics)
        if not inline:
            self._heartbeat = threading.Thread(
                target=self._beat, name="bookbot-inbound-heartbeat", daemon=True
            )
            self._heartbeat.start()

    def notify(self, customer_id: int) -> None:
        """The customer has a new pending message: answer it (now, or on the pool)."""
        if self._pool is None:
            self.drain(customer_id)
            return
        with self._lock:
            if customer_id in self._running:
                self._again.add(customer_id)  # the running drain looks once more
                return
            self._running.add(customer_id)
        self._pool.submit(self._run, customer_id)

    def recover(self) -> list[int]:
        """Re-queue expired claims (a process that died or hung) and answer everything
        pending; the customers found. A live claim, of any process, stays."""
        with write_session(self.session_factory) as session:
            customers = turn_queue.requeue_and_find_pending(session, now=self.clock())
        for customer_id in customers:
            self.notify(customer_id)
        return customers

    def drain(self, customer_id: int) -> int:
        """Answer the customer's pending messages in order; how many were answered."""
        answered = 0
        while not self._closing.is_set():
            asked = time.monotonic()
            if (step := self._next(customer_id)) is None:
                break
            claimed, rest = step
            self._hold(claimed.message_id)
            try:
                self._finish(claimed.message_id, rest, (asked, time.monotonic()))
            finally:
                self._let_go(claimed.message_id)
            answered += 1
            if claimed.waiting == 1 and self._pool is not None:
                break  # none waited behind it: a message stored since wakes `_run` again
        return answered

    def _next(
        self, customer_id: int
    ) -> tuple[turn_queue.Claimed, Callable[[], object] | None] | None:
        """Claim the customer's oldest pending message and, with `open`, read it for
        its turn in the same transaction; the claim and what remains of its turn.

        A lost connection (the server ended it, a restart) is tried again on a new
        one: the transaction rolled back, so nothing was claimed. When `open` fails
        otherwise, its claim rolled back with it: the message is claimed alone and
        answered by `answer`, which marks it failed if it fails again."""
        for attempt in range(self.retries + 1):
            try:
                if self.open is None:
                    return self._claimed_for_answer(self._claim(customer_id))
                with write_session(self.session_factory) as session:
                    claimed = turn_queue.claim_oldest(
                        session,
                        customer_id=customer_id,
                        owner=self.owner,
                        now=(now := self.clock()),
                        until=now + self.claim,
                        read=True,
                        clock=self.clock,
                    )
                    if claimed is None:
                        return None
                    rest = self.open(session, claimed)
                return claimed, rest
            except Exception as error:
                if is_disconnect(error) and attempt < self.retries:
                    log.warning("customer %s: the database connection was lost; again", customer_id)
                    continue
                if self.open is None or is_disconnect(error):
                    raise
                log.exception("customer %s: reading the claimed message failed", customer_id)
                return self._claimed_for_answer(self._claim(customer_id))
        return None  # not reached: the last attempt returns or raises

    def _claimed_for_answer(
        self, claimed: turn_queue.Claimed | None
    ) -> tuple[turn_queue.Claimed, Callable[[], object]] | None:
        return None if claimed is None else (claimed, partial(self.answer, claimed.message_id))

    def _finish(
        self,
        message_id: int,
        rest: Callable[[], object] | None,
        asked: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        """Run what remains of the claimed message's turn. A lost connection runs the
        whole turn again (`answer`) while the claim is still this queue's (a turn
        whose write committed closed it; a turn that stored nothing stores it now);
        after `retries` the claim is released, so the message waits for a poll
        instead of failing. (`asked`: when the claim was asked for and committed, by
        `time.monotonic`, for the log.)"""
        for attempt in range(self.retries + 1):
            try:
                if rest is not None:
                    rest()
                return
            except turn_queue.ClaimLost:  # another process took the message over: it answers
                self._claim_ran_out(message_id, asked)
                return
            except Exception as error:
                if not is_disconnect(error):
                    log.exception("inbound message %s: the turn failed", message_id)
                    with write_session(self.session_factory) as session:
                        failed = turn_queue.fail_claimed(
                            session, message_id=message_id, owner=self.owner
                        )
                    if not failed:  # another process took the message over: it answers
                        self._claim_ran_out(message_id, asked)
                    return
                if attempt == self.retries:
                    log.exception("inbound message %s: the database stays away", message_id)
                    self._release(message_id)
                    return
                log.warning("inbound message %s: the connection was lost; again", message_id)
                rest = partial(self._answer_again, message_id)

    def _claim_ran_out(self, message_id: int, asked: tuple[float, float]) -> None:
        now = time.monotonic()
        log.warning(
            CLAIM_RAN_OUT, message_id, now - asked[0], now - asked[1], now - self._renewed
        )

    def _answer_again(self, message_id: int) -> None:
        """`answer` the message again, unless its claim is no longer this queue's (the
        lost connection was the commit's: the reply is stored)."""
        with self.session_factory() as session:
            if not turn_queue.holds_claim(session, message_id=message_id, owner=self.owner):
                return
        self.answer(message_id)

    def _release(self, message_id: int) -> None:
        """Put a claimed message back to pending (a later poll answers it); while the
        database is away, the heartbeat tries again instead of renewing it."""
        try:
            with write_session(self.session_factory) as session:
                turn_queue.release_claim(session, message_id=message_id, owner=self.owner)
        except Exception:
            log.exception("inbound message %s: releasing its claim failed", message_id)
            with self._lock:
                self._abandoned.add(message_id)

    def _hold(self, message_id: int) -> None:
        """A turn of this queue holds the message's claim (committed): renew it."""
        with self._lock:
            self._held[message_id] = self._held.get(message_id, 0) + 1

    def _let_go(self, message_id: int) -> None:
        """The turn ended (its claim closed, released, or lost): renew it no more."""
        with self._lock:
            left = self._held.pop(message_id, 1) - 1
            if left:
                self._held[message_id] = left

    def heartbeat(self) -> int:
        """Renew the claims this queue's turns hold; how many it renewed. Claims given
        up while the database was away are released first. Nothing held: no
        transaction."""
        with self._lock:
            abandoned = sorted(self._abandoned)
            held = sorted(self._held)
        if not abandoned and not held:
            self._renewed = time.monotonic()
            return 0
        with write_session(self.session_factory) as session:
            for message_id in abandoned:
                turn_queue.release_claim(session, message_id=message_id, owner=self.owner)
            renewed = turn_queue.renew_claims(
                session, owner=self.owner, until=self.clock() + self.claim, message_ids=held
            )
        with self._lock:
            self._abandoned.difference_update(abandoned)
        self._renewed = time.monotonic()
        return renewed

    def _claim(self, customer_id: int) -> turn_queue.Claimed | None:
        return claim_oldest(
            self.session_factory,
            customer_id,
            owner=self.owner,
            now=self.clock(),
            claim=self.claim,
            clock=self.clock,
        )

    def _beat(self) -> None:
        while not self._stop.wait(self.claim.total_seconds() / 3):
            try:
                self.heartbeat()
            except Exception:  # the database is down: claims may expire, turns re-run later
                log.exception("inbound queue: renewing the claims of %s failed", self.owner)

    def _run(self, customer_id: int) -> None:
        while True:
            try:
                self.drain(customer_id)
            except Exception:  # a database outage: the message stays pending for recover()
                log.exception("customer %s: answering pending messages failed", customer_id)
            with self._lock:
                if customer_id not in self._again:
                    self._running.discard(customer_id)
                    return
                self._again.discard(customer_id)

    def shutdown(self, *, wait: bool = True, finish_pending: bool = True) -> None:
        """Stop the pool (with `wait`, after the turns running now). With
        `finish_pending=False` no new message is claimed meanwhile: what waits stays
        pending for another process (a turn worker that is told to stop)."""
        if not finish_pending:
            self._closing.set()
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=not finish_pending)
        self._stop.set()
        if self._heartbeat is not None and wait:
            self._heartbeat.join()
