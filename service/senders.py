"""The delivery role: a process that sends the outbox, apart from the turns.

`bookbot serve --role delivery` runs `Senders`: at most
`BOOKBOT_DELIVERY_CONCURRENCY` sends in flight, so a slow Graph API holds up at most
that many sends and never a turn. Two kinds of threads share the work:

- the dispatcher leases as many due rows as there are free send slots (up to
  `delivery.BATCH`; `delivery.lease_batch`, one statement, with what sending them
  needs), then hands each leased row to a send thread. It leases again as soon as a
  send thread freed its slot while rows were left over, else when woken: by each
  OUTBOX notification (a turn worker's NOTIFY after it stored a reply;
  `store.wakeups`), and every `BOOKBOT_POLL_SECONDS` without a lease (retries,
  quiet-hours deferrals and rows whose lease ran out, e.g. of a sender killed
  mid-send; every lease takes whatever is due, so under load the notified leases
  find them and no poll is needed). It records, in the same transaction, only what
  no send thread did: a row with a problem (stale, no one to send to), an outcome
  whose send thread could not reach the database;
- `BOOKBOT_DELIVERY_CONCURRENCY` send threads each send one row at a time and
  record its outcome themselves right after Graph answered (`_record_own`): on
  PostgreSQL one statement in autocommit on the thread's own connection
  (`store.dispatch.RECORD_ONE`, the compare-and-set on the lease and the stored
  message's update), else (SQLite, or a proactive message, whose stored message is
  inserted) one transaction. So a kill after Graph's acceptance resends a row only
  while that one statement runs, never while the send waits for a dispatcher pass.

One `LeaseKeeper` renews the leases of all rows in flight (one statement every
third of the lease). The guarantees are `deliver_due`'s: a row is leased by one
sender at a time, in any number of processes, and sent at least once, exactly
once short of a crash between Graph's acceptance and its outcome's commit. Two
rows of one customer due at the same moment may go out in parallel (and arrive in
either order); a customer's replies are normally minutes apart, since each
answers a message the customer wrote after reading the previous one.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.service.delivery import (
    BATCH,
    DeliveryReport,
    Leased,
    LeaseKeeper,
    Transport,
    Tried,
    deliver_due,
    lease_batch,
    outcomes_of,
    prepare_leased,
    record_tried,
    recorded_in_one,
    send_leased,
)
from bookbot.store import dispatch, wakeups
from bookbot.store.db import make_engine, make_session_factory, write_session
from bookbot.store.sent_messages import SendContext, stored_message_id

log = logging.getLogger(__name__)

IDLE_WAIT = 30.0
"""Seconds the leaser waits to be woken (the main loop wakes it every poll)."""
RECORD_MAX = 256
"""Outcomes one recording transaction takes at most."""
STEP = 0.5
"""Seconds the dispatcher waits after the database failed it."""


def system_clock() -> datetime:
    return datetime.now(UTC)


class Senders:
    """Sends due outbox rows, `concurrency` at a time, until `stop()`."""

    def __init__(
        self,
        engine: Engine,
        session_factory: sessionmaker[Session],
        transport: Transport,
        *,
        concurrency: int,
        lease: timedelta,
        poll_seconds: float,
        clock: Callable[[], datetime] = system_clock,
    ) -> None:
        self.engine = engine
        self.session_factory = session_factory
        self.transport = transport
        self.concurrency = concurrency
        self.lease = lease
        self.poll = poll_seconds
        self.clock = clock
        self.sent = 0
        self.channel: str | None = getattr(transport, "channel", "whatsapp")
        self._stop = threading.Event()
        self._wanted = threading.Event()
        """Rows may be due: a wakeup, a poll, or a full batch leased last time."""
        self._stir = threading.Event()
        """Something for the dispatcher: `_wanted` set, or an outcome ready."""
        self._free = concurrency
        self._looked = 0.0
        """When the dispatcher last leased (time.monotonic()): every lease sees every
        due row, so a poll right after one has nothing to add."""
        self._in_flight = 0
        self._results: queue.SimpleQueue[tuple[Tried, bool]] = queue.SimpleQueue()
        """Each send's end: its try, and whether its send thread recorded it."""
        self._count = threading.Lock()
        self._keeper = LeaseKeeper(session_factory, lease, clock)
        self._listener: wakeups.Listener | None = None
        self._dispatch_factory = _dispatcher_sessions(engine, session_factory)
        self._one: dispatch.Dispatch | None = None
        """PostgreSQL: the dispatcher's connection for a pass in one statement."""
        if engine.dialect.name == "postgresql":
            self._one = dispatch.Dispatch.for_engine(engine)
        self._local = threading.local()
        self._recorders: list[dispatch.Dispatch] = []
        """PostgreSQL: each send thread's connection to record its outcomes."""

    def run(self) -> None:
        """Send until `stop()`; the sends in flight finish and are recorded."""
        self._listener = wakeups.open_listener(self.engine, [wakeups.OUTBOX])
        pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="bookbot-sender")
        dispatcher = threading.Thread(
            target=self._dispatch, args=(pool,), name="bookbot-dispatcher"
        )
        dispatcher.start()
        self._want()  # what is due already
        try:
            while not self._stop.is_set():
                woken = self._listener.wait(self.poll)
                # a notification: the dispatcher leases; a poll (retries, expired leases)
                # only when no lease looked since the last one (under load none is needed)
                if woken or time.monotonic() - self._looked >= self.poll:
                    self._want()
        finally:
            self._stop.set()
            self._stir.set()
            dispatcher.join(timeout=60)
            pool.shutdown(wait=True)
            self._keeper.stop()
            self._listener.close()
            self.close_connections()
            if self._dispatch_factory is not self.session_factory:
                bind = self._dispatch_factory.kw["bind"]
                bind.dispose()

    def stop(self) -> None:
        self._stop.set()
        self._stir.set()
        if self._listener is not None:
            self._listener.interrupt()

    def send_once(self) -> DeliveryReport:
        """Lease and send one batch of due rows (a synchronous step, without `run`)."""
        report = deliver_due(
            self.session_factory,
            self.transport,
            now=self.clock(),
            limit=min(self.concurrency, BATCH),
            lease=self.lease,
            clock=self.clock,
        )
        with self._count:
            self.sent += report.sent
        return report

    def _want(self) -> None:
        self._wanted.set()
        self._stir.set()

    def _dispatch(self, pool: ThreadPoolExecutor) -> None:
        """Lease what fits (and record what no send thread did), in one transaction,
        until stopped and every send in flight is recorded."""
        ready: list[Tried] = []
        while True:
            self._stir.clear()
            ready.extend(self._ready())
            stopping = self._stop.is_set()
            size = min(self._free, BATCH) if self._wanted.is_set() and not stopping else 0
            if not ready and not size:
                if stopping and not self._in_flight:
                    return
                self._stir.wait(IDLE_WAIT)
                continue
            if size:
                self._wanted.clear()  # a wakeup from now on leases again
                self._looked = time.monotonic()
            try:
                leased, deferred = self._record_and_lease(ready, size)
            except Exception:  # the database is away: the leases are kept; try again
                log.exception("delivery: recording or leasing failed")
                if size:
                    self._wanted.set()
                self._stop.wait(STEP)
                continue
            ready = []
            self._start(pool, leased)
            if size and len(leased) + deferred >= size:
                self._wanted.set()  # the batch was full: more may be due

    def _ready(self) -> list[Tried]:
        """The sends that ended since the last pass (their slots free now): those whose
        send thread did not record them, to record."""
        ready: list[Tried] = []
        ended = 0
        while len(ready) < RECORD_MAX:
            try:
                tried, recorded = self._results.get_nowait()
            except queue.Empty:
                break
            ended += 1
            if not recorded:
                ready.append(tried)
        self._free += ended
        self._in_flight -= ended
        return ready

    def _record_and_lease(self, ready: list[Tried], size: int) -> tuple[list[Leased], int]:
        """The outcomes in `ready`, then a lease of up to `size` rows: on PostgreSQL one
        statement (`store.dispatch`), else (or when an outcome needs more) one
        transaction."""
        leased: list[Leased] = []
        deferred = 0
        recorded = [t.leased for t in ready]
        self._keeper.take(recorded)  # no renewal from now: the leases are as sent
        try:
            at = self.clock()
            one = None if self._one is None else recorded_in_one(ready, at)
            if self._one is not None and one is not None:
                finishes, stored = one
                until = at + self.lease
                done = self._one.run(dispatch.params(finishes, stored, now=at, until=until,
                                                     size=size))  # fmt: skip
                outcomes = outcomes_of(ready, finishes, done.kept)
                leased, deferred = self._prepare(done.leased, at, until)
            else:
                with write_session(self._dispatch_factory) as session:
                    outcomes = record_tried(session, ready, at)
                    if size:
                        leased, deferred = lease_batch(
                            session, at=self.clock(), lease=self.lease, channel=self.channel,
                            size=size,
                        )  # fmt: skip
        except BaseException:
            self._keeper.hold(recorded)  # not recorded: still ours (retried)
            raise
        with self._count:
            self.sent += sum(1 for _, outcome, _ in outcomes if outcome == "sent")
        return leased, deferred

    def _prepare(
        self, rows: list[dispatch.LeasedRow], at: datetime, until: datetime
    ) -> tuple[list[Leased], int]:
        """The rows leased in one statement as `lease_batch` gives them: the contexts
        joined in kept, the rest read (and quiet-hours moves made) in a transaction of
        its own only when there is some."""
        if not rows:
            return [], 0
        known = {
            row.item.id: SendContext(
                row.conversation_id, row.last_inbound_at, row.handoff_status, row.message_id
            )
            for row in rows
            if row.conversation_id is not None
            and row.message_id is not None
            and stored_message_id(row.item) == row.message_id
        }
        with ExitStack() as stack:
            sessions: list[Session] = []

            def session_of() -> Session:
                if not sessions:
                    sessions.append(stack.enter_context(write_session(self.session_factory)))
                return sessions[0]

            items = [row.item for row in rows]
            return prepare_leased(
                session_of, items, at=at, until=until, channel=self.channel, known=known
            )

    def _start(self, pool: ThreadPoolExecutor, leased: list[Leased]) -> None:
        """Send each leased row on a send thread (a row with a problem is recorded
        as failed at once, without one)."""
        self._keeper.hold(leased)
        self._free -= len(leased)
        self._in_flight += len(leased)
        for one in leased:
            if one.problem is None:
                pool.submit(self._send, one)
            else:
                self._done(Tried(one, error=one.problem))

    def _send(self, leased: Leased) -> None:
        tried = Tried(leased, error="not sent: the send thread failed", retryable=True)
        recorded = False
        try:
            tried = send_leased(self.transport, leased)
            recorded = self._record_own(tried)
        finally:
            self._done(tried, recorded)

    def _record_own(self, tried: Tried) -> bool:
        """Record one send's outcome on its send thread, right after Graph answered (a
        kill before this commit sends the row again): on PostgreSQL one statement in
        autocommit on the thread's own connection (`store.dispatch.RECORD_ONE`), else (or
        for a proactive message, whose stored message is inserted) one transaction.
        False when it failed: the dispatcher records it then, as it records a row
        with a problem."""
        self._keeper.take([tried.leased])  # no renewal from now: the lease is as sent
        try:
            at = self.clock()
            recorder = self._recorder()
            one = None if recorder is None else recorded_in_one([tried], at)
            if recorder is not None and one is not None:
                finishes, stored = one
                kept = recorder.record(dispatch.record_params(finishes, stored))
                outcomes = outcomes_of([tried], finishes, kept)
            else:
                with write_session(self.session_factory) as session:
                    outcomes = record_tried(session, [tried], at)
        except Exception:  # the database is away: the dispatcher tries again
            log.exception("delivery: recording outbox %s failed", tried.leased.item.id)
            self._keeper.hold([tried.leased])
            return False
        if outcomes[0][1] == "sent":
            with self._count:
                self.sent += 1
        return True

    def _recorder(self) -> dispatch.Dispatch | None:
        """The send thread's own connection for `RECORD_ONE` (PostgreSQL only)."""
        if self._one is None:
            return None
        recorder: dispatch.Dispatch | None = getattr(self._local, "recorder", None)
        if recorder is None:
            recorder = dispatch.Dispatch.for_engine(self.engine)
            self._local.recorder = recorder
            with self._count:
                self._recorders.append(recorder)
        return recorder

    def close_connections(self) -> None:
        """Close the dispatcher's and the send threads' own connections."""
        with self._count:
            recorders, self._recorders = self._recorders, []
        for recorder in recorders:
            recorder.close()
        if self._one is not None:
            self._one.close()

    def _done(self, tried: Tried, recorded: bool = False) -> None:
        self._results.put((tried, recorded))
        self._stir.set()


def _dispatcher_sessions(
    engine: Engine, session_factory: sessionmaker[Session]
) -> sessionmaker[Session]:
    """The dispatcher's sessions. On PostgreSQL, from an engine of its own without the
    pool's pre-ping: one thread runs its transactions back to back, so the ping (a
    round trip before each) is most of what a checkout costs; a connection the server
    dropped fails one transaction, SQLAlchemy discards it, and the dispatcher retries."""
    if engine.dialect.name != "postgresql":
        return session_factory
    return make_session_factory(make_engine(engine.url, pool_pre_ping=False, pool_size=1))
