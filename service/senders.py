"""The delivery role: a process that sends the outbox, apart from the turns.

`bookbot serve --role delivery` runs `Senders`: at most
`BOOKBOT_DELIVERY_CONCURRENCY` sends in flight, so a slow Graph API holds up at most
that many sends and never a turn. Three kinds of threads share the work:

- the leaser leases as many due rows as there are free send slots (up to
  `delivery.BATCH`) in one statement, with what sending them needs
  (`delivery.lease_batch`), and hands each to a send thread; it leases again as soon
  as a slot is free while rows were left over, else it waits to be woken: by each
  OUTBOX notification (a turn worker's NOTIFY after it stored a reply;
  `store.wakeups`), and every `BOOKBOT_POLL_SECONDS` (retries, quiet-hours
  deferrals and rows whose lease ran out, e.g. of a sender killed mid-send);
- `BOOKBOT_DELIVERY_CONCURRENCY` send threads each send one row at a time;
- the recorder records every outcome that is ready in one transaction
  (`delivery.record_tried`), so under load many sends share a commit, and a send is
  recorded as soon as it is done, never held up by a slower one.

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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    send_leased,
)
from bookbot.store import wakeups

log = logging.getLogger(__name__)

IDLE_WAIT = 30.0
"""Seconds the leaser waits to be woken (the main loop wakes it every poll)."""
RECORD_MAX = 256
"""Outcomes one recording transaction takes at most."""
STEP = 0.5
"""Seconds a waiting thread sleeps between looks at `stop()`."""


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
        self._slots = threading.BoundedSemaphore(concurrency)
        self._results: queue.SimpleQueue[Tried] = queue.SimpleQueue()
        self._sending_done = threading.Event()
        self._keeper = LeaseKeeper(session_factory, lease, clock)
        self._listener: wakeups.Listener | None = None

    def run(self) -> None:
        """Send until `stop()`; the sends in flight finish and are recorded."""
        self._listener = wakeups.open_listener(self.engine, [wakeups.OUTBOX])
        pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="bookbot-sender")
        leaser = threading.Thread(target=self._lease_loop, args=(pool,), name="bookbot-leaser")
        recorder = threading.Thread(target=self._record_loop, name="bookbot-recorder")
        leaser.start()
        recorder.start()
        self._wanted.set()  # what is due already
        try:
            while not self._stop.is_set():
                self._listener.wait(self.poll)
                # a notification or a poll: the leaser looks (retries, expired leases)
                self._wanted.set()
        finally:
            self._stop.set()
            self._wanted.set()
            leaser.join(timeout=60)
            pool.shutdown(wait=True)
            self._sending_done.set()
            recorder.join(timeout=60)
            self._keeper.stop()
            self._listener.close()

    def stop(self) -> None:
        self._stop.set()
        self._wanted.set()
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
        self.sent += report.sent
        return report

    def _lease_loop(self, pool: ThreadPoolExecutor) -> None:
        while not self._stop.is_set():
            if not self._wanted.wait(IDLE_WAIT):
                continue
            free = self._free_slots()
            if free == 0:
                continue  # stopping
            self._wanted.clear()  # a wakeup from now on leases again
            try:
                leased, deferred = lease_batch(
                    self.session_factory,
                    at=self.clock(),
                    lease=self.lease,
                    channel=self.channel,
                    size=free,
                )
            except Exception:  # the database is away: wait for the next poll
                log.exception("delivery: leasing due messages failed")
                leased, deferred = [], 0
            for _ in range(free - len(leased)):
                self._slots.release()
            self._keeper.hold(leased)
            for one in leased:
                if one.problem is None:
                    pool.submit(self._send, one)
                else:  # not sent: recorded as failed at once
                    self._results.put(Tried(one, error=one.problem))
                    self._slots.release()
            if len(leased) + deferred >= free:
                self._wanted.set()  # the batch was full: more may be due

    def _free_slots(self) -> int:
        """Wait for a free send slot, then take every other free one (up to BATCH);
        0 when stopping."""
        while not self._slots.acquire(timeout=STEP):
            if self._stop.is_set():
                return 0
        free = 1
        while free < BATCH and self._slots.acquire(blocking=False):
            free += 1
        return free

    def _send(self, leased: Leased) -> None:
        try:
            self._results.put(send_leased(self.transport, leased))
        finally:
            self._slots.release()

    def _record_loop(self) -> None:
        while True:
            try:
                first = self._results.get(timeout=STEP)
            except queue.Empty:
                if self._sending_done.is_set():
                    return
                continue
            ready = [first]
            while len(ready) < RECORD_MAX:
                try:
                    ready.append(self._results.get_nowait())
                except queue.Empty:
                    break
            self._record(ready)

    def _record(self, ready: list[Tried]) -> None:
        try:
            outcomes = self._keeper.record(ready, self.clock())
        except Exception:  # the database is away: the leases run out, the rows are retried
            log.exception("delivery: recording %s outcomes failed", len(ready))
            return
        self.sent += sum(1 for _, outcome, _ in outcomes if outcome == "sent")
