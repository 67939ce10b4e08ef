"""Inbound messages: stored first, then answered one customer at a time, in order.

Every way in (the WhatsApp webhook, the chat page) stores the customer's message
with `store_message` and acknowledges at once; the message is `pending`. The
`InboundQueue` then answers it after the acknowledgement, on a thread pool:

    pending --claim--> processing --turn done--> answered   (or failed: logged, apologised)

- One customer's messages are answered one at a time, oldest first (by the time
  WhatsApp stamped them, then by arrival), so a "yes" is never read before the
  proposal it answers; different customers are answered in parallel.
- `claim` is a compare-and-set on the status, so a message is answered once even
  if two threads (or processes) reach it.
- On startup `recover` puts messages left `processing` by a crash back to
  `pending` and answers everything pending.

With `inline=True` (the test seam) `notify` answers in the caller's thread before
returning, so tests need no waiting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bookbot.store.conversations import get_or_create_conversation, record_inbound
from bookbot.store.customers import get_or_create_customer
from bookbot.store.db import write_session
from bookbot.store.models import ConversationRow, MessageRow

log = logging.getLogger(__name__)

PENDING, PROCESSING, ANSWERED, FAILED = "pending", "processing", "answered", "failed"


@dataclass(frozen=True, slots=True)
class Stored:
    message_id: int
    customer_id: int
    conversation_id: int


def store_message(
    session: Session,
    *,
    phone: str,
    text: str,
    at: datetime,
    channel: str,
    name: str | None = None,
    wa_message_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Stored | None:
    """Store a customer's message as `pending`; None when its WhatsApp id was seen before.

    The customer's window (`last_inbound_at`) only moves forward, so a message
    delivered late does not shorten it.
    """
    customer = get_or_create_customer(session, phone=phone, name=name)
    conversation = get_or_create_conversation(session, customer_id=customer.id, channel=channel)
    latest = conversation.last_inbound_at
    message = record_inbound(
        session,
        conversation_id=conversation.id,
        text=text,
        at=at,
        wa_message_id=wa_message_id,
        payload=payload,
    )
    if message is None:
        return None
    session.get_one(MessageRow, message.id).status = PENDING
    if latest is not None and latest > at:
        session.get_one(ConversationRow, conversation.id).last_inbound_at = latest
    session.flush()
    return Stored(message.id, customer.id, conversation.id)


def _pending_of(customer_id: int) -> Any:
    return (
        select(MessageRow.id)
        .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
        .where(
            ConversationRow.customer_id == customer_id,
            MessageRow.direction == "inbound",
            MessageRow.status == PENDING,
        )
        .order_by(MessageRow.created_at, MessageRow.id)
    )


def claim_next(session_factory: sessionmaker[Session], customer_id: int) -> int | None:
    """The customer's oldest pending message, now `processing`; None when there is none."""
    while True:
        with write_session(session_factory) as session:
            message_id = session.scalar(_pending_of(customer_id).limit(1))
            if message_id is None:
                return None
            if claim(session, message_id):
                return int(message_id)


def claim(session: Session, message_id: int) -> bool:
    result = session.execute(
        update(MessageRow)
        .where(MessageRow.id == message_id, MessageRow.status == PENDING)
        .values(status=PROCESSING)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def set_status(session: Session, message_id: int, status: str) -> None:
    session.get_one(MessageRow, message_id).status = status
    session.flush()


def customers_with_pending(session: Session) -> list[int]:
    """Customers with messages to answer, after putting interrupted ones back to pending."""
    session.execute(
        update(MessageRow)
        .where(MessageRow.direction == "inbound", MessageRow.status == PROCESSING)
        .values(status=PENDING)
        .execution_options(synchronize_session=False)
    )
    rows = session.scalars(
        select(ConversationRow.customer_id)
        .join(MessageRow, MessageRow.conversation_id == ConversationRow.id)
        .where(MessageRow.direction == "inbound", MessageRow.status == PENDING)
        .distinct()
    )
    return sorted(set(rows))


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
            customers = customers_with_pending(session)
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
                    set_status(session, message_id, FAILED)
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
