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
- `open_listener(engine, channels)` is what a waiting process holds: on
  PostgreSQL a dedicated autocommit connection that LISTENs; on SQLite a
  `Poller`, which only waits. `wait(timeout)` returns the payloads that arrived
  (an empty list when the timeout passed without one). A lost wakeup costs at
  most one poll interval, never a message: the rows are the truth, the
  notifications only say "look now".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Protocol

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

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


def open_listener(engine: Engine, channels: Iterable[str]) -> Listener:
    """A listener on `channels` for the database of `engine` (SQLite: a `Poller`)."""
    if not supported(engine):
        return Poller()
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return PostgresListener(conninfo, channels)
