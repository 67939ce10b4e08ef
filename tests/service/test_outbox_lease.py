"""The outbox sends each message once and recovers in seconds (issue 14, point 3).

- Two senders with a transport slower than the lease: the lease of the row being
  sent is renewed while the send runs, so the other sender never takes it over.
- A sender killed during a send leaves its row to the next sender as soon as the
  short lease runs out (the only case that sends twice, said in the README).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.service.delivery import LEASE, deliver_due
from bookbot.store import outbox
from bookbot.store.db import write_session
from bookbot.store.outbox import OutboxItem

T0 = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
ROWS = 2


def enqueue(factory: sessionmaker[Session], count: int) -> None:
    with write_session(factory) as session:
        for n in range(count):
            outbox.enqueue(
                session,
                phone=f"+4179000{n:04d}",
                kind="reminder",
                dedupe_key=f"test:{n}",
                body={"text": f"message {n}"},
                now=T0,
            )


class SlowTransport:
    """Takes `seconds` per send (real time: the heartbeat is a thread)."""

    channel = "whatsapp"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.sent: list[str] = []
        self._lock = threading.Lock()

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        time.sleep(self.seconds)
        with self._lock:
            self.sent.append(item.dedupe_key)
            return f"wamid.{len(self.sent)}"


def test_two_senders_slower_than_the_lease_send_each_message_once(
    factory: sessionmaker[Session],
) -> None:
    enqueue(factory, ROWS)
    transport = SlowTransport(seconds=1.2)
    lease = timedelta(seconds=0.45)  # renewed every 0.15 s while a send takes 1.2 s
    started = time.monotonic()

    def clock() -> datetime:
        return T0 + timedelta(seconds=time.monotonic() - started)

    def all_sent() -> bool:
        with factory() as session:
            return {i.status for i in outbox.items(session)} == {"sent"}

    def sender() -> None:
        """Polls like a worker until every row is sent (bounded)."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not all_sent():
            deliver_due(factory, transport, now=clock(), lease=lease, clock=clock)
            time.sleep(0.05)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(transport.sent) == {f"test:{n}": 1 for n in range(ROWS)}
    with factory() as session:
        assert {i.status for i in outbox.items(session)} == {"sent"}


class Killed(BaseException):
    """A sender dying mid-send (kill -9): nothing after the send runs."""


class DyingTransport:
    channel = "whatsapp"

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        raise Killed


class Recording:
    channel = "whatsapp"

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        self.sent.append(item.dedupe_key)
        return f"wamid.{len(self.sent)}"


def test_a_row_of_a_sender_killed_mid_send_is_retried_once_the_short_lease_ran_out(
    factory: sessionmaker[Session],
) -> None:
    enqueue(factory, 1)
    with pytest.raises(Killed):
        deliver_due(factory, DyingTransport(), now=T0)
    other = Recording()
    assert deliver_due(factory, other, now=T0 + LEASE - timedelta(seconds=1)).attempted == 0
    assert deliver_due(factory, other, now=T0 + LEASE + timedelta(seconds=1)).sent == 1
    assert LEASE <= timedelta(seconds=30)
    assert other.sent == ["test:0"]
