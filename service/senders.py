"""The delivery role: a process that sends the outbox, apart from the turns.

`bookbot serve --role delivery` runs `Senders`: `BOOKBOT_DELIVERY_CONCURRENCY`
sender threads, each leasing ONE due outbox row at a time (`deliver_due` with
`limit=1`: compare-and-set lease, renewed while a slow send runs, the outcome
recorded), so a slow Graph API holds up at most that many sends and never a
turn. Idle senders wait to be woken: one per OUTBOX notification (a turn
worker's NOTIFY after it stored a reply; `store.wakeups`), and one every
`BOOKBOT_POLL_SECONDS` without a notification; retries, quiet-hours deferrals
and rows whose lease ran out (a sender killed mid-send) are found by that poll.

The guarantees are `deliver_due`'s: a row is leased by one sender at a time, in
any number of processes, and sent at least once, exactly once short of a crash
between Graph's acceptance and the `sent` commit. Two rows of one customer due
at the same moment may go out in parallel (and arrive in either order); a
customer's replies are normally minutes apart, since each answers a message
the customer wrote after reading the previous one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.service.delivery import DeliveryReport, Transport, deliver_due
from bookbot.store import wakeups

log = logging.getLogger(__name__)

IDLE_WAIT = 30.0
"""Seconds an idle sender waits to be woken (the main loop wakes one every poll)."""


def system_clock() -> datetime:
    return datetime.now(UTC)


class Senders:
    """Sends due outbox rows with `concurrency` senders until `stop()`."""

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
        self._count = threading.Lock()
        self._stop = threading.Event()
        self._condition = threading.Condition()
        self._generation = 0
        self._listener: wakeups.Listener | None = None

    def run(self) -> None:
        """Send until `stop()`; the threads finish the send they are in."""
        self._listener = wakeups.open_listener(self.engine, [wakeups.OUTBOX])
        threads = [
            threading.Thread(target=self._sender, name=f"bookbot-sender-{n}", daemon=True)
            for n in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        try:
            while not self._stop.is_set():
                woken = self._listener.wait(self.poll)
                # one sender per row announced (a busy sender loops on by itself); at a
                # poll without a wakeup, one sender looks (retries, expired leases)
                self._wake(max(1, len(woken)))
        finally:
            self._stop.set()
            self._wake_all()
            for thread in threads:
                thread.join(timeout=60)
            self._listener.close()

    def stop(self) -> None:
        self._stop.set()
        self._wake_all()
        if self._listener is not None:
            self._listener.interrupt()

    def send_once(self) -> DeliveryReport:
        """Lease and send at most one due row (one sender's step)."""
        now = self.clock()
        report = deliver_due(
            self.session_factory,
            self.transport,
            now=now,
            limit=1,
            lease=self.lease,
            clock=self.clock,
        )
        if report.sent:
            with self._count:
                self.sent += report.sent
        return report

    def _wake_all(self) -> None:
        self._wake(self.concurrency)

    def _wake(self, senders: int) -> None:
        with self._condition:
            self._generation += 1
            self._condition.notify(senders)

    def _sender(self) -> None:
        while not self._stop.is_set():
            with self._condition:
                generation = self._generation
            try:
                report = self.send_once()
            except Exception:  # the database is away: wait, then try again
                log.exception("delivery: sending a due message failed")
                report = DeliveryReport()
            if report.attempted or report.deferred:
                continue  # there may be more: no wait
            with self._condition:
                if self._generation == generation and not self._stop.is_set():
                    self._condition.wait(IDLE_WAIT)
