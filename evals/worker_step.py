"""`worker: true` steps: run the proactive-message worker once at the case clock.

The worker (`bookbot.agent.proactive.enqueue_due`) decides what is due and
puts it in the outbox. A message counts as sent to the customer in a step when
it was enqueued (in this step or an earlier one) and its `send_after` has come
(a message held back by quiet hours goes out in a later worker step). Sent
messages are marked sent in the outbox and stored in the customer's
conversation, as the real sender (`bookbot.api.delivery`) does, so the bot
sees them in the history when the customer answers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.store import outbox
from bookbot.store.conversations import get_or_create_conversation, record_outbound
from bookbot.store.customers import get_or_create_customer

WORKER_MODULE = "bookbot.agent.proactive"
CHANNEL = "whatsapp"
"""The channel of the runner's customer messages (`Conversations.handle`'s default)."""


class WorkerUnavailable(RuntimeError):
    pass


def load_enqueue_due() -> Callable[..., list[outbox.OutboxItem]]:
    """The worker's `enqueue_due`, or a clear error when this build has none."""
    try:
        module = importlib.import_module(WORKER_MODULE)
    except ImportError as exc:
        raise WorkerUnavailable(
            f"worker steps need {WORKER_MODULE}.enqueue_due, which cannot be imported ({exc})"
        ) from None
    enqueue_due = getattr(module, "enqueue_due", None)
    if not callable(enqueue_due):
        raise WorkerUnavailable(f"{WORKER_MODULE} has no enqueue_due function")
    return enqueue_due  # type: ignore[no-any-return]


def message_text(item: outbox.OutboxItem) -> str:
    """The words the customer reads: the text, or the template and its parameters."""
    body: dict[str, Any] = item.body
    if body.get("text"):
        return str(body["text"])
    template = body.get("template") or {}
    if isinstance(template, dict):
        params = template.get("params") or template.get("parameters") or []
        words = " ".join(str(p) for p in params) if isinstance(params, list) else str(params)
        return f"[{template.get('name', 'template')}] {words}".strip()
    return str(body)


@dataclass
class WorkerRunner:
    """Runs the worker for one case run and remembers what is still held back."""

    factory: sessionmaker[Session]
    business: Business
    enqueue_due: Callable[..., list[outbox.OutboxItem]] | None = None
    waiting: dict[int, outbox.OutboxItem] = field(default_factory=dict)

    def run(self, now: datetime, phone: str) -> list[str]:
        """Texts sent to `phone` in this step (every due message is marked sent)."""
        if self.enqueue_due is None:
            self.enqueue_due = load_enqueue_due()
        for item in self.enqueue_due(self.factory, self.business, now=now):
            self.waiting[item.id] = item
        due = sorted(
            (i for i in self.waiting.values() if i.send_after <= now),
            key=lambda i: (i.send_after, i.id),
        )
        with self.factory.begin() as session:
            for item in due:
                outbox.mark_sent(session, item_id=item.id, now=now)
                _store_in_conversation(session, item, now)
                del self.waiting[item.id]
        return [message_text(item) for item in due if item.phone == phone]


def _store_in_conversation(session: Session, item: outbox.OutboxItem, now: datetime) -> None:
    customer_id = item.customer_id
    if customer_id is None:
        customer_id = get_or_create_customer(session, phone=item.phone).id
    conversation = get_or_create_conversation(session, customer_id=customer_id, channel=CHANNEL)
    record_outbound(
        session,
        conversation_id=conversation.id,
        text=message_text(item),
        at=now,
        status="sent",
        kind=item.kind,
    )
