"""The turn role: a process that answers pending messages, woken by the database.

`bookbot serve --role turns` runs one `TurnWorker`; `bookbot serve --workers N`
runs N of them beside the ingest and delivery processes. A worker holds no
state a restart loses: the messages are rows (`pending`, then `processing`
under a claim with this process's owner and an expiry, then `answered`), so
any number of workers on any number of machines share one database.

- It waits on the INBOX wakeup (`store.wakeups`: PostgreSQL LISTEN/NOTIFY; the
  ingest sends the NOTIFY in the transaction that stores the message), and
  hands each customer named to its `InboundQueue`, which claims the customer's
  oldest message (one turn per customer at a time across processes, in order)
  and answers it on a pool of `BOOKBOT_TURN_CONCURRENCY` threads.
- On PostgreSQL it has an engine of its own without the pool's pre-ping (no round
  trip per checkout: `store.db.make_engine(pre_ping=False)` looks at the pooled
  connection's socket instead; a connection lost in use makes the queue run the
  claim or the turn again), the claim and the turn's read in one transaction
  (`open`: the claim statement reads the message, its conversation, customer and
  history), and the tools' reads in autocommit (no BEGIN or ROLLBACK), as the turn's
  write, one statement (`store.reply_rows`: no BEGIN or COMMIT).
- Every `BOOKBOT_POLL_SECONDS` without a wakeup, and on start, it re-queues
  expired claims (a worker killed mid-turn) and looks at every customer with a
  pending message (`InboundQueue.recover`): the safety net on PostgreSQL, the
  only way on SQLite.
- With a shard `(index, count)` (given by `bookbot serve --workers N` to its
  own children), a wakeup is taken at once only for the customers with
  `customer_id % count == index`, so N workers do not all race for every
  message; every `SWEEP`th poll takes everyone's, so a dead sibling's customers
  wait a few poll intervals at most.
- A reply that goes out through the outbox wakes the delivery processes with an
  OUTBOX NOTIFY sent after the reply's commit by the worker's `wakeups.Waker`
  (one for the replies committed while the last was on its way), not by the
  reply's statement: PostgreSQL serialises the commits of notifying
  transactions through their WAL flush, so replies that NOTIFY commit one by one.
- An admin edit of the business (saved in the database by the ingest process) is
  picked up at the next poll: the worker reloads the business when its version
  (`store.businesses.business_version`) changed.
- `stop()` (SIGTERM, Ctrl-C): no new claim; the turns running finish; what
  waits stays pending for the other workers.

`trace` (BOOKBOT_TURN_TRACE) appends one line per turn: pid, message id,
start and end (Unix seconds): the soak bench's evidence that no
customer ever had two turns at once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import Runtime
from bookbot.service.conversations import Conversations
from bookbot.service.queue import InboundQueue
from bookbot.store import turn_queue, wakeups
from bookbot.store.businesses import business_version, load_business
from bookbot.store.db import make_engine, make_session_factory, write_session

log = logging.getLogger(__name__)

Shard = tuple[int, int]
SWEEP = 4
"""Every how many polls a sharded worker also takes the other shards' customers."""


def system_clock() -> datetime:
    return datetime.now(UTC)


class TurnWorker:
    """Answers pending messages of the runtime's database until `stop()`."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        concurrency: int | None = None,
        poll_seconds: float | None = None,
        shard: Shard | None = None,
        clock: Callable[[], datetime] = system_clock,
        trace: Path | None = None,
    ) -> None:
        settings = runtime.settings
        self.runtime = runtime
        self.clock = clock
        self.poll = poll_seconds if poll_seconds is not None else settings.poll_seconds
        self.shard = shard
        self.trace = trace if trace is not None else settings.turn_trace
        workers = concurrency or settings.turn_concurrency
        self.session_factory = runtime.session_factory
        self.read_factory: sessionmaker[Session] | None = None
        self._engine: Engine | None = None
        self._read_engine: Engine | None = None
        if runtime.engine.dialect.name == "postgresql":
            # no round trip per checkout: a lost connection runs the claim or turn again
            url, size = runtime.engine.url, workers + 2
            writes = make_engine(url, pre_ping=False, pool_size=size)
            # the tools' reads: no BEGIN and ROLLBACK round trips, on a pool of its own
            # whose connections stay in autocommit (no switching at each checkout)
            reads = make_engine(url, pre_ping=False, pool_size=size, isolation_level="AUTOCOMMIT")
            self._engine, self._read_engine = writes, reads
            self.session_factory = make_session_factory(writes)
            self.read_factory = make_session_factory(reads)
        self.queue = InboundQueue(
            self.session_factory,
            self.answer,
            workers=workers,
            claim=timedelta(seconds=settings.inbox_claim_seconds),
            clock=clock,
            open=self.open,
        )
        self.ready = threading.Event()
        """Set once the worker listens and has looked at what was pending before."""
        self.woken = threading.Event()
        """Set after each wakeup or poll has been handed to the queue (tests wait on it)."""
        self.answered = 0
        self._count = threading.Lock()
        self._stop = threading.Event()
        self._listener: wakeups.Listener | None = None
        self._senders = wakeups.Waker(self.runtime.engine, wakeups.OUTBOX)
        """Wakes the senders after each reply's commit (not with it: `wakeups.Waker`)."""
        self._business_version: tuple[object, ...] | None = None
        self._polls = 0

    def close_pools(self) -> None:
        """Close the worker's own connection pools (PostgreSQL: writes and reads)."""
        for engine in (self._engine, self._read_engine):
            if engine is not None:
                engine.dispose()

    def conversations(self) -> Conversations:
        """The path over the runtime as it is now (its business after an admin edit),
        on this worker's engine."""
        runtime = self.runtime
        idle = timedelta(hours=runtime.settings.handoff_idle_hours)
        return Conversations(
            self.session_factory,
            runtime.business,
            runtime.agent,
            idle,
            self.read_factory,
            self._senders.poke,
            self.read_factory,  # the turn's write: one statement, in autocommit
        )

    def open(self, session: Session, claimed: turn_queue.Claimed) -> Callable[[], None]:
        """The queue's first step, in the claim's transaction: the turn's read and the
        message's answer to the offers; then (after the commit) the rest of the turn.
        (A reply queued for sending wakes the senders after its commit.)"""
        now, message_id = self.clock(), claimed.message_id
        rest = self.conversations().open_claimed(session, claimed, now=now, owner=self.queue.owner)

        def finish() -> None:  # traced from here: after the claim's commit
            started = time.time()
            if rest is not None:
                rest()
            self._done(message_id, started)

        return finish

    def answer(self, message_id: int) -> None:
        """One whole turn (the queue's step when the turn runs again after a lost
        connection, or when `open` failed)."""
        started = time.time()
        self.conversations().answer(message_id, now=self.clock(), owner=self.queue.owner)
        self._done(message_id, started)

    def _done(self, message_id: int, started: float) -> None:
        if self.trace is not None:
            self._trace(message_id, started, time.time())
        with self._count:
            self.answered += 1

    def mine(self, customer_id: int) -> bool:
        if self.shard is None:
            return True
        index, count = self.shard
        return customer_id % count == index

    def run(self) -> None:
        """Wait for wakeups and answer until `stop()`; then let running turns finish."""
        self._listener = wakeups.open_listener(self.runtime.engine, [wakeups.INBOX])
        try:
            self._poll()
            last_poll = time.monotonic()
            self.ready.set()
            while not self._stop.is_set():
                payloads = self._listener.wait(self.poll)
                if self._stop.is_set():
                    break
                for customer_id in wakeups.parse_customers(payloads):
                    if self.mine(customer_id):
                        self.queue.notify(customer_id)
                if not payloads or time.monotonic() - last_poll >= self.poll:
                    self._poll()
                    last_poll = time.monotonic()
                self.woken.set()
        finally:
            self._listener.close()
            self.queue.shutdown(wait=True, finish_pending=False)
            self._senders.close()
            self.close_pools()

    def stop(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.interrupt()

    def _poll(self) -> None:
        """Re-queue expired claims and hand pending customers to the queue: this shard's
        at every poll, the others' at every `SWEEP`th (a dead sibling's customers),
        so N workers do not all try to claim every waiting customer twice a second."""
        self._polls += 1
        sweep = self.shard is None or self._polls % SWEEP == 1
        try:
            with write_session(self.session_factory) as session:
                self._follow_business_edits(session)
                customers = turn_queue.requeue_and_find_pending(session, now=self.clock())
        except Exception:  # the database is away: the next poll tries again
            log.exception("turn worker: looking for pending messages failed")
            return
        for customer_id in customers:
            if sweep or self.mine(customer_id):
                self.queue.notify(customer_id)

    def follow_business_edits(self) -> None:
        """Reload the business when an admin edited it (in the ingest process, say), so
        the next turn books with the edit, as in a single process. (`_poll` reads the
        version in its own transaction.)"""
        with self.runtime.session_factory() as session:
            self._follow_business_edits(session)

    def _follow_business_edits(self, session: Session) -> None:
        name = self.runtime.business.name
        version = business_version(session, name)
        if self._business_version is not None and version != self._business_version:
            self.runtime.reload_business(load_business(session, name))
            log.info("turn worker: the business %r changed; reloaded", name)
        self._business_version = version

    def _trace(self, message_id: int, started: float, ended: float) -> None:
        assert self.trace is not None
        with open(self.trace, "a", encoding="utf-8") as file:  # one short write: atomic
            file.write(f"{os.getpid()} {message_id} {started:.6f} {ended:.6f}\n")
