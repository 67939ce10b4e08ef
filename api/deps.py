"""What the routes depend on, as `Annotated` aliases (the full-stack-fastapi-template way):
`StateDep`, `RuntimeDep`, `BusinessDep`, `SettingsDep`, `SessionDep`, `NowDep`.

`create_app` puts one `AppState` on `app.state.bookbot`: the runtime (database,
business, agent path), the clock, the outbound transport and the inbound queue.
Routes never build these themselves, so tests swap them by passing their own to
`create_app` (a frozen clock, a respx-mocked HTTP client, inline processing).
The admin routes add theirs in `api/admin/deps.py` (`AdminDep`, `ActingDep`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from bookbot.agent.runtime import Runtime
from bookbot.core.config import Business
from bookbot.service.conversations import Conversations
from bookbot.service.delivery import DeliveryReport, Transport, deliver_due
from bookbot.service.queue import InboundQueue
from bookbot.settings import Settings
from bookbot.store import wakeups


@dataclass
class AppState:
    """`turns_here=False` is the ingest role (`bookbot serve --role ingest`): this
    process stores messages and wakes the turn workers (NOTIFY), never runs a turn."""

    runtime: Runtime
    clock: Callable[[], datetime]
    transport: Transport
    inline: bool = False
    turns_here: bool = True
    _queue: InboundQueue | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.turns_here:
            claim = timedelta(seconds=self.settings.inbox_claim_seconds)
            factory = self.runtime.session_factory
            self._queue = InboundQueue(factory, self.answer, inline=self.inline, claim=claim)

    @property
    def queue(self) -> InboundQueue:
        """The queue that answers in this process (not in the ingest role)."""
        if self._queue is None:
            raise RuntimeError("this process runs no turns (the ingest role)")
        return self._queue

    @queue.setter
    def queue(self, queue: InboundQueue) -> None:
        self._queue = queue

    def announce(self, session: Session, customer_ids: list[int]) -> None:
        """In the transaction that stored new messages of `customer_ids`: wake the turn
        workers when they run elsewhere (PostgreSQL NOTIFY, sent on commit)."""
        if customer_ids and not self.turns_here:
            wakeups.notify(session, wakeups.INBOX, wakeups.customers_payload(customer_ids))

    def answer_later(self, customer_ids: list[int], *, announced: bool = True) -> None:
        """After the commit: answer here, or (unless `announce` did) wake the turn workers."""
        if self._queue is not None:
            for customer_id in customer_ids:
                self._queue.notify(customer_id)
        elif customer_ids and not announced:
            payload = wakeups.customers_payload(customer_ids)
            wakeups.notify_now(self.runtime.engine, wakeups.INBOX, payload)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    def now(self) -> datetime:
        """The clock's now, refused unless aware (every route and the queue read it here)."""
        now = self.clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"the app's clock must return aware datetimes, got {now!r}")
        return now

    def conversations(self) -> Conversations:
        """The message path over the runtime as it is now (its business after an edit)."""
        return Conversations.of(self.runtime)

    def answer(self, message_id: int) -> None:
        """The queue's step: run the turn for one message, then send what it queued."""
        replied = self.conversations().answer(message_id, now=self.now(), owner=self.queue.owner)
        if replied is not None and replied.outbox_id is not None:
            self.deliver()

    def deliver(self) -> DeliveryReport:
        lease = timedelta(seconds=self.settings.outbox_lease_seconds)
        factory = self.runtime.session_factory
        return deliver_due(factory, self.transport, now=self.now(), lease=lease, clock=self.now)


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.bookbot
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_runtime(state: StateDep) -> Runtime:
    return state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_business(runtime: RuntimeDep) -> Business:
    """The business as it is now (an admin edit reloads it)."""
    return runtime.business


BusinessDep = Annotated[Business, Depends(get_business)]


def get_settings(state: StateDep) -> Settings:
    return state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    """A session per request, for reads; a route that writes commits it itself (or opens
    its own transaction, `store.db.write_session`)."""
    with runtime.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_now(state: StateDep) -> datetime:
    return state.now()


NowDep = Annotated[datetime, Depends(get_now)]
