"""`wakeups.Waker`: the NOTIFY a writer sends after its commit, from its own thread.

On PostgreSQL a poke reaches a listener; pokes made while one NOTIFY is on its way
share the next one; `close` sends what is due and stops. On SQLite it does nothing
(waiters poll). Waits are bounded events, never sleeps."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, create_engine

from bookbot.store import wakeups

WAIT = 10.0


def test_a_poke_wakes_a_listener_and_close_stops(empty_engine: Engine) -> None:
    if not wakeups.supported(empty_engine):
        waker = wakeups.Waker(empty_engine, wakeups.OUTBOX)
        waker.poke()
        waker.close()  # nothing to send, nothing to wait for
        return
    listener = wakeups.open_listener(empty_engine, [wakeups.OUTBOX])
    waker = wakeups.Waker(empty_engine, wakeups.OUTBOX)
    try:
        waker.poke()
        assert listener.wait(WAIT) == [""]
        first = waker.sent
        for _ in range(50):
            waker.poke()
        waker.close()
        assert listener.wait(WAIT)  # the last poke's NOTIFY arrives
        # never more NOTIFYs than pokes (counted by the Waker: the channel is the
        # database's, and other tests on it may notify too)
        assert 1 <= waker.sent - first <= 50
    finally:
        waker.close()
        listener.close()


def test_an_unknown_channel_is_refused(empty_engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown wakeup channel"):
        wakeups.Waker(empty_engine, "bookbot_nope")


class _SlowWaker(wakeups.Waker):
    """A Waker whose first NOTIFY is still on its way when the caller pokes again and
    closes: the send returns only once `close` was called."""

    def __init__(self, engine: Engine) -> None:
        self.sends: list[bool] = []  # for each send: was `close` already called
        self.in_flight = threading.Event()
        super().__init__(engine, wakeups.OUTBOX)

    def _send(self) -> None:
        self.in_flight.set()
        if not self.sends:
            assert self._closed.wait(WAIT)
        self.sends.append(self._closed.is_set())
        self.sent += 1


def test_close_sends_the_pokes_made_while_a_notify_was_on_its_way() -> None:
    # never connects: the engine only has to look like PostgreSQL's
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    waker = _SlowWaker(engine)
    waker.poke()
    assert waker.in_flight.wait(WAIT)
    waker.poke()  # made while the first NOTIFY is on its way
    waker.close()
    assert waker.sends == [True, True]  # the second poke got its own NOTIFY
