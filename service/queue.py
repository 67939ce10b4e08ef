"""Inbound messages: stored first, then answered one customer at a time, in order.

Every way in (the WhatsApp webhook, the chat page) stores the customer's message
with `bookbot.store.inbox.store_message` (the store module holds the queue's
statuses and queries) and acknowledges at once; the message is `pending`.
The `InboundQueue` then answers it after the acknowledgement, on a thread pool,
with `answer(message_id)` (the app passes `Conversations.answer`, the one path
from a stored message to a stored reply):

    pending --claim--> processing --turn done--> answered   (or failed: logged, apologised)

- One customer's messages are answered one at a time, oldest first (by the time
  WhatsApp stamped them, then by arrival), so a "yes" is never read before the
  proposal it answers; different customers are answered in parallel.
- `claim_next` claims by a compare-and-set on the status, so a message is
  answered once even if two threads (or processes) reach it.
- On startup `recover` puts messages left `processing` by a crash back to
  `pending` and answers everything pending.

This module holds the threading: which customer is being answered, and when.

With `inline=True` (the test seam) `notify` answers in the caller's thread before
returning, so tests need no waiting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from bookbot.store import inbox
from bookbot.store.db import write_session
from bookbot.store.inbox import FAILED

__all__ = ["InboundQueue", "claim_next"]

log = logging.getLogger(__name__)


def claim_next(session_factory: sessionmaker[Session], customer_id: int) -> int | None:
    """The customer's oldest pending message, now `processing`; None when there is none.

    Each attempt is its own transaction: when another thread claims the message
    first, the next attempt reads the next one.
    """
    while True:
        with write_session(session_factory) as session:
            message_id = inbox.next_pending(session, customer_id=customer_id)
            if message_id is None:
                return None
            if inbox.claim(session, message_id=message_id):
                return message_id


class InboundQueue:
    """Answers pending messages: per customer in order, customers in parallel.

    `answer(message_id)` runs the turn for one claimed message; it must not raise
    for a bad message (it marks it failed), but if it does the message is marked
    failed here and the queue moves on.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        answer: Callable[[int], None],
        *,
        inline: bool = False,
        workers: int = 4,
    ) -> None:
        self.session_factory = session_factory
        self.answer = answer
        self.inline = inline
        self._pool = None if inline else ThreadPoolExecutor(workers, "bookbot-inbound")
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._again: set[int] = set()

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
        """Answer everything left pending (by a crash or a restart); the customers found."""
        with write_session(self.session_factory) as session:
            inbox.requeue_interrupted(session)
            customers = inbox.customers_with_pending(session)
        for customer_id in customers:
            self.notify(customer_id)
        return customers

    def drain(self, customer_id: int) -> int:
        """Answer the customer's pending messages in order; how many were answered."""
        answered = 0
        while (message_id := claim_next(self.session_factory, customer_id)) is not None:
            try:
                self.answer(message_id)
            except Exception:
                log.exception("inbound message %s: the turn failed", message_id)
                with write_session(self.session_factory) as session:
                    inbox.set_status(session, message_id=message_id, status=FAILED)
            answered += 1
        return answered

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

    def shutdown(self, *, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait)
