"""`wakeups.Waker`: the NOTIFY a writer sends after its commit, from its own thread.

On PostgreSQL a poke reaches a listener; pokes made while one NOTIFY is on its way
share the next one; `close` sends what is due and stops. On SQLite it does nothing
(waiters poll). Waits are bounded events, never sleeps."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

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
