"""Waking the processes that wait for work: PostgreSQL LISTEN/NOTIFY, polling elsewhere.

Two channels: `INBOX` (a customer's message was stored `pending`; the payload is
the customer ids, comma-separated) wakes the turn workers, and `OUTBOX` (a row is
due to be sent) wakes the delivery processes.

- `notify(session, channel, payload)` queues the NOTIFY in the caller's
  transaction: PostgreSQL delivers it when that transaction commits (and drops
  it on a rollback), so a worker never wakes before the row it looks for is
  visible. On SQLite it does nothing: waiters poll.
- `notify_now(engine, channel, payload)` sends one at once, for callers whose
  transaction already committed.
- `Waker(engine, channel)` sends them after the caller's commit from a thread of
  its own, one for all the `poke()`s made while the last was on its way: for hot
  writers whose commit must not carry the NOTIFY (PostgreSQL serialises the
  commits of notifying transactions through their WAL flush, one global lock, so
  replies committed with their NOTIFY queue behind each other and behind the
  ingest; a NOTIFY alone writes nothing to flush).
- `open_listener(engine, channels)` is what a waiting process holds: on
  PostgreSQL a dedicated autocommit connection that LISTENs; on SQLite a
  `Poller`, which only waits. `wait(timeout)` returns the payloads that arrived
  (an empty list when the timeout passed without one). A lost wakeup costs at
  most one poll interval, never a message: the rows are the truth, the
  notifications only say "look now".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any, Protocol

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

INBOX = "bookbot_inbox"
OUTBOX = "bookbot_outbox"
CHANNELS = (INBOX, OUTBOX)
MAX_PAYLOAD = 7000
"""PostgreSQL refuses a NOTIFY payload of 8000 bytes or more: longer lists are cut
(the waiters then find the rest by polling)."""


def supported(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def customers_payload(customer_ids: Iterable[int]) -> str:
    """The INBOX payload: customer ids, comma-separated, cut to fit a NOTIFY."""
    payload = ",".join(str(int(c)) for c in customer_ids)
    if len(payload) <= MAX_PAYLOAD:
        return payload
    return payload[:MAX_PAYLOAD].rsplit(",", 1)[0]


def parse_customers(payloads: Iterable[str]) -> list[int]:
    """The customer ids named by INBOX payloads, first mention first, once each."""
    seen: dict[int, None] = {}
    for payload in payloads:
        for part in payload.split(","):
            if part.strip().isdigit():
                seen.setdefault(int(part), None)
    return list(seen)


def _check(channel: str) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"unknown wakeup channel {channel!r}; use one of {CHANNELS}")


def notify(session: Session, channel: str, payload: str = "") -> None:
    """NOTIFY `channel` when the caller's transaction commits (PostgreSQL; else nothing)."""
    _check(channel)
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload}
    )


def notify_now(engine: Engine, channel: str, payload: str = "") -> None:
    """NOTIFY `channel` at once, in a transaction of its own (PostgreSQL; else nothing)."""
    _check(channel)
    if not supported(engine):
        return
    with engine.begin() as connection:
        connection.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload}
        )


class Listener(Protocol):
    def wait(self, timeout: float) -> list[str]:
        """The payloads that arrived within `timeout` seconds ([] when none, or when
        `interrupt` was called)."""
        ...

    def interrupt(self) -> None:
        """Make `wait` return (from another thread): the waiter is told to stop."""
        ...

    def close(self) -> None: ...


class Poller:
    """SQLite's listener: nothing arrives, `wait` only waits."""

    def __init__(self) -> None:
        self._interrupted = threading.Event()

    def wait(self, timeout: float) -> list[str]:
        self._interrupted.wait(timeout)
        return []

    def interrupt(self) -> None:
        self._interrupted.set()

    def close(self) -> None:
        self._interrupted.set()


class PostgresListener:
    """A dedicated autocommit connection LISTENing on `channels`."""

    SLICE = 0.25
    """Seconds one blocking read lasts at most, so `interrupt` takes effect that fast."""

    def __init__(self, conninfo: str, channels: Iterable[str]) -> None:
        self._interrupted = threading.Event()
        self._connection = psycopg.connect(conninfo, autocommit=True)
        for channel in channels:
            _check(channel)
            self._connection.execute(f"LISTEN {channel}")

    def wait(self, timeout: float) -> list[str]:
        """Block up to `timeout` for the first notification, then take every other one
        already queued, so a burst wakes the caller once."""
        deadline = time.monotonic() + timeout
        got: list[str] = []
        while not got and not self._interrupted.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            notifies = self._connection.notifies(timeout=min(left, self.SLICE), stop_after=1)
            got = [n.payload for n in notifies]
        if got:
            got += [n.payload for n in self._connection.notifies(timeout=0)]
        return got

    def interrupt(self) -> None:
        self._interrupted.set()

    def close(self) -> None:
        self._interrupted.set()
        self._connection.close()


def _conninfo(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def open_listener(engine: Engine, channels: Iterable[str]) -> Listener:
    """A listener on `channels` for the database of `engine` (SQLite: a `Poller`)."""
    if not supported(engine):
        return Poller()
    return PostgresListener(_conninfo(engine), channels)


class Waker:
    """NOTIFY `channel` soon after `poke()`, from a daemon thread on its own autocommit
    connection: one NOTIFY for every poke made while the last one was on its way (see
    the module docstring). A NOTIFY that fails is logged and dropped: the waiters'
    poll finds the rows. On SQLite it does nothing (waiters poll)."""

    def __init__(self, engine: Engine, channel: str) -> None:
        _check(channel)
        self.channel = channel
        self._conninfo = _conninfo(engine) if supported(engine) else None
        self._wanted = False
        self._due = threading.Event()
        self._closed = threading.Event()
        self._connection: psycopg.Connection[Any] | None = None
        self._thread: threading.Thread | None = None
        self.sent = 0
        """NOTIFYs sent so far (several pokes share one)."""
        if self._conninfo is not None:
            self._thread = threading.Thread(target=self._run, name=f"{channel}-waker", daemon=True)
            self._thread.start()

    def poke(self) -> None:
        """A row the waiters look for has committed."""
        self._wanted = True
        self._due.set()

    def close(self) -> None:
        """Send what is due, then stop."""
        self._closed.set()
        self._due.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            self._due.wait()
            self._due.clear()
            if self._wanted:
                self._wanted = False
                self._send()
            # pokes made while that send was on its way are still due: the loop goes
            # round once more for them (their `_due.set()` keeps `wait` from blocking)
            if self._closed.is_set() and not self._wanted:
                break
        if self._connection is not None:
            self._connection.close()

    def _send(self) -> None:
        try:
            if self._connection is None or self._connection.closed:
                assert self._conninfo is not None
                self._connection = psycopg.connect(self._conninfo, autocommit=True)
            self._connection.execute("SELECT pg_notify(%s, '')", (self.channel,))
            self.sent += 1
        except psycopg.Error as exc:
            log.warning("NOTIFY %s failed (the waiters' poll finds them): %s", self.channel, exc)
            if self._connection is not None:
                self._connection.close()
            self._connection = None
