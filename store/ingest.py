"""The ingest's store on PostgreSQL: a customer's message in one statement, one round trip.

`STORE_INBOUND` is one SQL statement of data-modifying CTEs, written once as text
for psycopg (no SQLAlchemy statement is built or cache-keyed per message):

- the customer (by phone) and their conversation on the channel are read; a new
  customer is inserted (`ON CONFLICT (phone) DO NOTHING`), a missing name filled
  in; a new conversation is inserted with its window opened at the message's time;
- the message is inserted `ON CONFLICT (wa_message_id) DO NOTHING` (a WhatsApp id
  is stored once, whatever the redeliveries and the replicas);
- only when the message was inserted: the known conversation's window
  (`last_inbound_at`) moves forward (never back), and, with `wake`, the
  `pg_notify` naming the customer is queued, so it arrives with the commit
  (`store_inbound`'s callers may; `AsyncStore` sends its NOTIFY after the commit
  instead, as a statement of its own: see `AsyncStore._wake_soon`).

Every part of one statement sees the snapshot the statement began with, so when a
concurrent first message of the same customer created the customer or the
conversation after it (its insert conflicts, and the row is not visible to this
statement), nothing is stored and the statement runs again: the new one sees the
row (`Race`, handled by `store_inbound` and `AsyncStore`).

`store_inbound(connection, ...)` runs it on a SQLAlchemy connection, in the
caller's transaction (`bookbot.store.inbound.store_message` on PostgreSQL);
`AsyncStore` is a small pool of psycopg `AsyncConnection`s in autocommit for the
ingest's event loop: one message is one statement, which is its own transaction
(no BEGIN, no COMMIT round trips), and no request hops to a thread; the wakeup of
the turn workers follows the commit without holding up the caller.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import pq
from psycopg.types.json import Jsonb
from sqlalchemy import Connection

from bookbot.store.columns import utc
from bookbot.store.wakeups import MAX_PAYLOAD

log = logging.getLogger(__name__)

STORE_INBOUND = """\
WITH found AS (
    SELECT c.id AS customer_id, c.name AS customer_name, v.id AS conversation_id,
           v.state, v.handoff_status, v.handoff_since
    FROM customers AS c
    LEFT JOIN conversations AS v ON v.customer_id = c.id AND v.channel = %(channel)s::varchar
    WHERE c.phone = %(phone)s::varchar
),
new_customer AS (
    INSERT INTO customers (phone, name, created_at)
    SELECT %(phone)s::varchar, %(name)s::varchar, %(at)s::timestamptz
    WHERE NOT EXISTS (SELECT FROM found)
    ON CONFLICT (phone) DO NOTHING
    RETURNING id
),
named AS (
    UPDATE customers SET name = %(name)s::varchar
    WHERE id = (SELECT customer_id FROM found) AND name IS NULL AND %(name)s::varchar IS NOT NULL
    RETURNING id
),
customer AS (
    SELECT customer_id AS id FROM found UNION ALL SELECT id FROM new_customer
),
new_conversation AS (
    INSERT INTO conversations (customer_id, channel, state, created_at, last_inbound_at)
    SELECT id, %(channel)s::varchar, '{}'::jsonb, %(at)s::timestamptz, %(at)s::timestamptz
    FROM customer
    WHERE NOT EXISTS (SELECT FROM found WHERE conversation_id IS NOT NULL)
    ON CONFLICT (customer_id, channel) DO NOTHING
    RETURNING id
),
conversation AS (
    SELECT conversation_id AS id FROM found WHERE conversation_id IS NOT NULL
    UNION ALL SELECT id FROM new_conversation
),
inserted AS (
    INSERT INTO messages (conversation_id, direction, text, wa_message_id, created_at, status,
                          payload)
    SELECT id, 'inbound', %(text)s::text, %(wa_message_id)s::varchar, %(at)s::timestamptz,
           %(status)s::varchar, %(payload)s::jsonb
    FROM conversation
    ON CONFLICT (wa_message_id) DO NOTHING
    RETURNING id
),
moved AS (
    UPDATE conversations SET last_inbound_at = %(at)s::timestamptz
    WHERE id = (SELECT conversation_id FROM found)
      AND (last_inbound_at IS NULL OR last_inbound_at < %(at)s::timestamptz)
      AND EXISTS (SELECT FROM inserted)
    RETURNING id
),
notified AS (
    SELECT pg_notify(%(wake)s::text, (SELECT id FROM customer)::text)
    WHERE %(wake)s::text <> '' AND EXISTS (SELECT FROM inserted)
)
SELECT (SELECT id FROM customer), (SELECT id FROM conversation), (SELECT id FROM inserted),
       EXISTS (SELECT FROM new_conversation), f.customer_name, f.state, f.handoff_status,
       f.handoff_since, (SELECT count(*) FROM notified)
FROM (SELECT) AS one LEFT JOIN found AS f ON true
"""
"""One inbound message (see the module's docstring); `wake` is the NOTIFY channel, or ''."""

NOTIFY_MANY = "SELECT pg_notify(%(channel)s::text, p) FROM unnest(%(payloads)s::text[]) AS p"
"""`AsyncStore`'s wakeups: one NOTIFY per payload, in a transaction of its own."""

UNAVAILABLE: tuple[type[Exception], ...] = (psycopg.OperationalError, psycopg.InterfaceError)
"""What `AsyncStore` raises when the database cannot be reached (redeliver later)."""
REFUSED: type[Exception] = psycopg.Error
"""What it raises when the database refused the message itself (bad data)."""

RETRIES = 3
"""Runs of `STORE_INBOUND` when concurrent first messages keep creating the rows it
inserts (one more run always suffices: the conflicting insert had committed)."""


WAITS: ContextVar[list[float] | None] = ContextVar("bookbot_ingest_waits", default=None)
"""Set to a list by a caller that times its request (the ingest's trace): each
`AsyncStore` call adds the seconds it waited for a connection and ran its statement."""


class Race(Exception):
    """A concurrent transaction created the customer or conversation this statement
    was about to create: nothing was stored, run the statement again."""


@dataclass(frozen=True, slots=True)
class Inbound:
    """A customer's message as the ingest stores it."""

    phone: str
    """E.164 (`customers.normalize_phone`)."""
    text: str
    at: datetime
    channel: str
    name: str | None = None
    wa_message_id: str | None = None
    payload: dict[str, Any] | None = None
    status: str = "pending"

    def params(self, wake: str = "") -> dict[str, Any]:
        return {
            "phone": self.phone,
            "channel": self.channel,
            "name": self.name,
            "at": utc(self.at),
            "text": self.text,
            "wa_message_id": self.wa_message_id,
            "status": self.status,
            "payload": None if self.payload is None else Jsonb(self.payload),
            "wake": wake,
        }


@dataclass(frozen=True, slots=True)
class StoredInbound:
    """The message stored (`message_id` None: its WhatsApp id was seen before, nothing
    stored), its customer and conversation as they were when it was stored."""

    customer_id: int
    conversation_id: int
    message_id: int | None
    new_conversation: bool
    customer_name: str | None
    state: dict[str, Any]
    handoff_status: str | None
    handoff_since: datetime | None


def outcome(row: tuple[Any, ...] | None, name: str | None) -> StoredInbound:
    """`STORE_INBOUND`'s row as a `StoredInbound`; raises Race when it stored nothing
    because a concurrent transaction created the customer or the conversation."""
    if row is None or row[0] is None or row[1] is None:
        raise Race("the customer or conversation was created concurrently")
    customer_id, conversation_id, message_id, new, known_name, state, handoff, since = row[:8]
    return StoredInbound(
        customer_id=int(customer_id),
        conversation_id=int(conversation_id),
        message_id=None if message_id is None else int(message_id),
        new_conversation=bool(new),
        customer_name=known_name or name,
        state=dict(state or {}),
        handoff_status=handoff,
        handoff_since=None if since is None else since.astimezone(UTC),
    )


def store_inbound(connection: Connection, message: Inbound) -> StoredInbound:
    """Store `message` on a SQLAlchemy connection to PostgreSQL, in its transaction (one
    statement, handed to the driver as it is; again after a `Race`)."""
    params = message.params()
    for attempt in range(RETRIES):
        row = connection.exec_driver_sql(STORE_INBOUND, params).first()
        try:
            return outcome(row, message.name)
        except Race:
            if attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


class AsyncStore:
    """Up to `size` psycopg AsyncConnections in autocommit, each opened when first
    needed, for one event loop (the ingest's): `await store(message, wake=...)`.

    `open()` (the app's startup) makes it usable (`opened`); `close()` (its shutdown)
    closes the connections. A connection that broke (the database went away) is
    closed and replaced by the next request.
    """

    def __init__(
        self,
        conninfo: str,
        *,
        size: int = 8,
        connection_class: type[psycopg.AsyncConnection[Any]] = psycopg.AsyncConnection,
        **connect_kwargs: Any,
    ) -> None:
        self.conninfo = conninfo
        self.size = size
        self.connection_class = connection_class
        self.connect_kwargs = connect_kwargs
        self._idle: list[psycopg.AsyncConnection[Any]] = []
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakes: dict[str, dict[int, None]] = {}
        """Customers to name in a NOTIFY, per channel, in the order they came."""
        self._waking: asyncio.Task[None] | None = None
        self._cursors: dict[psycopg.AsyncConnection[Any], psycopg.AsyncCursor[Any]] = {}
        """Each open connection's cursor for `STORE_INBOUND`, reused statement after
        statement (dropped with its connection)."""
        self.opened = False

    async def open(self) -> None:
        self.opened = True

    @asynccontextmanager
    async def connection(
        self, *, fresh: bool = False
    ) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """A connection of the pool (`fresh`: a new one, the idle ones closed first)."""
        loop = asyncio.get_running_loop()
        if self._slots is None or loop is not self._loop:  # first use, or another loop's
            await self._close_idle()
            self._slots, self._loop = asyncio.Semaphore(self.size), loop
        slots = self._slots
        waits = WAITS.get()
        asked = time.perf_counter() if waits is not None else 0.0
        async with slots:
            if waits is not None:
                waits[0] += time.perf_counter() - asked
            if fresh:
                await self._close_idle()
            connection = self._idle.pop() if self._idle else await self._connect()
            try:
                yield connection
            finally:  # a statement the database refused leaves the connection usable
                if _reusable(connection):
                    self._idle.append(connection)
                else:
                    self._cursors.pop(connection, None)
                    await connection.close()

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        return await self.connection_class.connect(
            self.conninfo, autocommit=True, **self.connect_kwargs
        )

    async def __call__(self, message: Inbound, *, wake: str = "") -> StoredInbound:
        """Store `message` (its own transaction); with `wake`, NOTIFY that channel with
        the customer's id when the message was new, right after (`_wake_soon`)."""
        params = message.params()
        try:
            stored = await self._store(params, message.name)
        except UNAVAILABLE:
            # The connection may have died idle with the server it was open to (a
            # restart): once more on a new one, the idle ones closed. (Had the statement
            # committed before the connection broke, this run finds the message: a
            # duplicate.)
            stored = await self._store(params, message.name, fresh=True)
        if wake and stored.message_id is not None:
            self._wake_soon(wake, stored.customer_id)
        return stored

    def _wake_soon(self, channel: str, customer_id: int) -> None:
        """NOTIFY `channel` naming the customer, in a statement (and transaction) of its
        own, sent by a task of the event loop, so the caller's answer does not wait for
        it: the message is committed already, so a woken worker finds it. Not in the
        message's transaction: PostgreSQL serialises the commits of transactions that
        NOTIFY (one lock, held through the commit's WAL flush), and the ingest's commits
        then queued behind each other and the turn workers' replies; a NOTIFY alone
        writes nothing to flush. Customers named while a NOTIFY is on its way go in the
        next one together. Lost (the process dies first, the database is away): the
        turn workers' poll finds the message."""
        self._wakes.setdefault(channel, {})[customer_id] = None
        if self._waking is None or self._waking.done():
            self._waking = asyncio.get_running_loop().create_task(self._send_wakes())

    async def _send_wakes(self) -> None:
        while self._wakes:
            wakes, self._wakes = self._wakes, {}
            for channel, customers in wakes.items():
                params = {"channel": channel, "payloads": _payloads(customers)}
                try:
                    async with self.connection() as connection:
                        await connection.execute(NOTIFY_MANY, params)
                except psycopg.Error as exc:
                    log.warning("ingest: NOTIFY %s failed (the poll finds them): %s", channel, exc)

    async def _store(
        self, params: dict[str, Any], name: str | None, *, fresh: bool = False
    ) -> StoredInbound:
        async with self.connection(fresh=fresh) as connection:
            cursor = self._cursors.get(connection)
            if cursor is None:  # kept: a new cursor per statement sets up its adapters again
                cursor = self._cursors[connection] = connection.cursor()
            for attempt in range(RETRIES):
                waits = WAITS.get()
                started = time.perf_counter() if waits is not None else 0.0
                await cursor.execute(STORE_INBOUND, params)
                row = await cursor.fetchone()
                if waits is not None:
                    waits[1] += time.perf_counter() - started
                try:
                    return outcome(row, name)
                except Race:
                    if attempt == RETRIES - 1:
                        raise
        raise AssertionError("unreachable")

    async def close(self) -> None:
        self.opened = False
        if self._waking is not None and not self._waking.done():
            await asyncio.wait([self._waking], timeout=5.0)  # the wakeups queued go out
        await self._close_idle()

    async def _close_idle(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            self._cursors.pop(connection, None)
            await connection.close()


def _payloads(customers: dict[int, None]) -> list[str]:
    """The customer ids, comma-separated, in as many payloads as a NOTIFY needs."""
    payloads: list[str] = []
    current = ""
    for customer in customers:
        part = str(customer)
        if current and len(current) + 1 + len(part) > MAX_PAYLOAD:
            payloads.append(current)
            current = ""
        current = f"{current},{part}" if current else part
    if current:
        payloads.append(current)
    return payloads


def _reusable(connection: psycopg.AsyncConnection[Any]) -> bool:
    return not connection.closed and connection.info.transaction_status == pq.TransactionStatus.IDLE
