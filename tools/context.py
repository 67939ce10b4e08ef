"""What every tool gets besides its arguments: who is asking, the clock, and the data.

The context carries the customer of the conversation: no tool argument can
name another customer, so no tool path reaches another customer's data. How far
ahead a tool reads the calendar is `bookbot.tools.calendar_window`'s concern.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business, Service
from bookbot.core.types import SessionState
from bookbot.store.db import is_fenced, write_session
from bookbot.store.lookup import remember_services
from bookbot.store.queries import active_group_sessions
from bookbot.store.records import GroupRecord


@dataclass(frozen=True, slots=True)
class ToolContext:
    session_factory: sessionmaker[Session]
    """Sessions for the tools' writes, each in `store.db.write_session`: in a turn the
    inbound queue claimed, a `store.db.fenced` factory, whose every write transaction
    first checks and holds the turn's claim (`turn_queue.ClaimLost` when it was taken
    over: nothing is written, the turn ends without a reply)."""
    business: Business
    now: datetime
    customer_id: int
    conversation_id: int
    actor: str = "bot"
    read_factory: sessionmaker[Session] | None = None
    """Sessions for reads alone (the turn worker's: autocommit on PostgreSQL, so a
    read costs no BEGIN and no ROLLBACK round trip; READ COMMITTED gives each
    statement its own snapshot either way). None: `session_factory`'s."""
    autocommit_factory: sessionmaker[Session] | None = None
    """Sessions in autocommit (the turn worker's, on PostgreSQL) for a write that is
    one statement, its own transaction (`one_statement`). None: a transaction."""

    @property
    def zone(self) -> ZoneInfo:
        return self.business.zone

    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def read_session(self) -> Session:
        """A session for a tool's reads; it may remember service lookups, so write nothing
        with it. Pass it to `active_sessions` (and the calendar reads) to read in one
        transaction."""
        return remember_services((self.read_factory or self.session_factory)())

    def one_statement(self) -> AbstractContextManager[Session]:
        """A session for a write of one statement (all or nothing on its own): in
        autocommit where there is one (no BEGIN and COMMIT round trips), else a
        transaction (`write_session`). A fenced turn's write is always a transaction:
        its claim is checked and held first (`store.db.fenced`)."""
        if self.autocommit_factory is not None and not is_fenced(self.session_factory):
            return self.autocommit_factory()
        return write_session(self.session_factory)

    @contextmanager
    def reads(self, session: Session | None) -> Iterator[Session]:
        """`session` when given, else a read session of its own for the block."""
        if session is not None:
            yield session
            return
        with self.read_session() as own:
            yield own

    def active_sessions(
        self, service: Service, session: Session | None = None
    ) -> tuple[GroupRecord | None, list[SessionState]]:
        """The customer's active group of `service` (None if there is none) and its sessions."""
        with self.reads(session) as reads:
            return active_group_sessions(reads, customer_id=self.customer_id, service_id=service.id)
