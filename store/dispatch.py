"""The delivery dispatcher's pass on PostgreSQL: record and lease in ONE statement.

`Senders` (the delivery role) loops: record the outcomes of the sends that finished,
lease as many due rows as there are free send slots, hand them out. On PostgreSQL a
pass is `RECORD_AND_LEASE`, one SQL statement of data-modifying CTEs, written once as
text for psycopg and run in autocommit on the dispatcher's own connection, so the
statement is its own transaction (one round trip, no BEGIN or COMMIT, no SQLAlchemy
statement built, no pool checkout or pre-ping):

- `finished`: every outcome recorded by compare-and-set on the lease its row was sent
  under (as `outbox.finish_leased`: a row whose lease another sender took over is not
  touched);
- `stored`: the stored messages of the rows recorded (a reply's message `sent` with
  the provider's id, or `failed`), the payload merged in SQL (as
  `sent_messages.record_sent_many` / `mark_messages_failed_many`);
- `due` / `leased`: up to `size` due rows leased until `until` (as `outbox.lease_due`:
  `FOR UPDATE SKIP LOCKED`, the pick `MATERIALIZED`), never one of the rows recorded
  by the same statement (a data-modifying CTE sees the snapshot the statement began
  with, so a row finished here would still look due);
- each leased reply's conversation (window, handoff) through its stored message, what
  `sent_messages.send_contexts` reads, joined in.

A pass whose outcomes need more than that (a proactive message sent, whose stored
message is inserted in the same transaction) is not this statement's: the caller
takes the Session path then. A leased row whose context is not joined (a proactive
message, a reply whose message is gone) is completed by `send_contexts` afterwards;
its lease is already committed, so a crash in between only leaves it due again when
the lease runs out.

Normally each send thread records its own outcome as soon as Graph answered, with
`RECORD_ONE` (the `finished` and `stored` CTEs alone, for one row: its values as
scalars, not arrays to dump and unnest) on a `Dispatch` connection of its own, and the
dispatcher's pass only leases (`LEASE`: nothing to record, no empty arrays); it records
what a send thread could not (a row with a problem, a recording that failed).

A connection the server dropped (a restart, `pg_terminate_backend`) fails the pass:
`Dispatch` closes it and runs the pass once more on a new one. Had the failed run
committed, the rerun finds its rows finished (its compare-and-sets miss: nothing is
recorded twice) and its leases taken (held by nobody: due again once they run out,
sent once).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Engine

from bookbot.store.columns import utc
from bookbot.store.outbox import Finish, OutboxItem, finish_arrays

RECORD_AND_LEASE = """\
WITH v AS (
    SELECT * FROM unnest(
        %(ids)s::integer[], %(leases)s::timestamptz[], %(statuses)s::text[],
        %(attempts)s::integer[], %(nexts)s::timestamptz[], %(errors)s::text[],
        %(sent_ats)s::timestamptz[], %(pids)s::text[], %(message_ids)s::integer[],
        %(message_statuses)s::text[], %(extras)s::text[])
      AS v(id, lease, status, attempts, next, error, sent_at, pid, message_id,
           message_status, extra)
),
finished AS (
    UPDATE outbox SET status = v.status, attempts = v.attempts, send_after = v.next,
        last_error = v.error, sent_at = v.sent_at, provider_message_id = v.pid
    FROM v
    WHERE outbox.id = v.id AND outbox.status = 'pending' AND outbox.send_after = v.lease
    RETURNING outbox.id
),
stored AS (
    UPDATE messages SET status = v.message_status,
        wa_message_id = coalesce(v.pid, messages.wa_message_id),
        payload = (CASE WHEN jsonb_typeof(messages.payload) = 'object'
                   THEN messages.payload ELSE '{}'::jsonb END) || CAST(v.extra AS jsonb)
    FROM v JOIN finished ON finished.id = v.id
    WHERE messages.id = v.message_id AND v.message_status IS NOT NULL
    RETURNING messages.id
),
due AS MATERIALIZED (
    SELECT id FROM outbox
    WHERE status = 'pending' AND send_after <= %(now)s::timestamptz
      AND id <> ALL (%(ids)s::integer[])
    ORDER BY send_after, id
    LIMIT %(size)s::integer
    FOR UPDATE SKIP LOCKED
),
leased AS (
    UPDATE outbox SET send_after = %(until)s::timestamptz
    FROM due
    WHERE outbox.id = due.id AND outbox.status = 'pending'
      AND outbox.send_after <= %(now)s::timestamptz
    RETURNING outbox.id, outbox.customer_id, outbox.phone, outbox.kind, outbox.dedupe_key,
        outbox.body, outbox.status, outbox.attempts, outbox.last_error, outbox.created_at,
        outbox.send_after, outbox.sent_at, outbox.provider_message_id,
        CASE WHEN jsonb_typeof(outbox.body -> 'message_id') = 'number'
                  AND (outbox.body ->> 'message_id') ~ '^-?[0-9]{1,9}$'
             THEN (outbox.body ->> 'message_id')::integer END AS message_id
)
SELECT true, finished.id, NULL::integer, NULL::varchar, NULL::varchar, NULL::varchar,
       NULL::jsonb, NULL::varchar, NULL::integer, NULL::text, NULL::timestamptz,
       NULL::timestamptz, NULL::timestamptz, NULL::varchar, NULL::integer, NULL::integer,
       NULL::timestamptz, NULL::varchar
FROM finished
UNION ALL
SELECT false, l.id, l.customer_id, l.phone, l.kind, l.dedupe_key, l.body, l.status,
       l.attempts, l.last_error, l.created_at, l.send_after, l.sent_at,
       l.provider_message_id, m.id, c.id, c.last_inbound_at, c.handoff_status
FROM leased AS l
LEFT JOIN messages AS m ON m.id = l.message_id
LEFT JOIN conversations AS c ON c.id = m.conversation_id
"""
"""Record the outcomes, lease the next rows (see the module's docstring)."""

RECORD = RECORD_AND_LEASE[: RECORD_AND_LEASE.index("due AS MATERIALIZED (")].rstrip().rstrip(",")
RECORD += "\nSELECT id FROM finished\n"
"""Record outcomes only: the `finished` and `stored` CTEs of `RECORD_AND_LEASE`, the
ids recorded."""

RECORD_ONE = """\
WITH finished AS (
    UPDATE outbox SET status = %(status)s, attempts = %(attempts)s,
        send_after = %(next)s::timestamptz, last_error = %(error)s::text,
        sent_at = %(sent_at)s::timestamptz, provider_message_id = %(pid)s::text
    WHERE outbox.id = %(id)s AND outbox.status = 'pending'
      AND outbox.send_after = %(lease)s::timestamptz
    RETURNING outbox.id
),
stored AS (
    UPDATE messages SET status = %(message_status)s::text,
        wa_message_id = coalesce(%(pid)s::text, messages.wa_message_id),
        payload = (CASE WHEN jsonb_typeof(messages.payload) = 'object'
                   THEN messages.payload ELSE '{}'::jsonb END) || CAST(%(extra)s::text AS jsonb)
    FROM finished
    WHERE messages.id = %(message_id)s::integer AND %(message_status)s::text IS NOT NULL
    RETURNING messages.id
)
SELECT id FROM finished
"""
"""`RECORD` of one outcome (a send thread's own, right after Graph answered), its
values as scalars: no arrays to dump and unnest for a single row."""

LEASE = "WITH " + RECORD_AND_LEASE[RECORD_AND_LEASE.index("due AS MATERIALIZED (") :]
LEASE = LEASE.replace("      AND id <> ALL (%(ids)s::integer[])\n", "")
LEASE = (
    LEASE[: LEASE.index("SELECT true, finished.id")] + LEASE[LEASE.index("SELECT false, l.id") :]
)
"""Lease only (a pass with nothing to record, the usual one): the `due` and `leased`
CTEs of `RECORD_AND_LEASE` with each leased reply's conversation."""

UNAVAILABLE: tuple[type[Exception], ...] = (psycopg.OperationalError, psycopg.InterfaceError)
"""What a dropped or unreachable connection raises (the pass runs once more)."""


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    """A recorded row's stored message: its new status and the payload additions."""

    message_id: int
    status: str
    extra: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LeasedRow:
    """A row the pass leased, with its stored reply's conversation when it has one."""

    item: OutboxItem
    message_id: int | None
    conversation_id: int | None
    last_inbound_at: datetime | None
    handoff_status: str | None


@dataclass(frozen=True, slots=True)
class Pass:
    """What one pass did: the ids recorded (compare-and-set held) and the rows leased."""

    kept: set[int]
    leased: list[LeasedRow]


def params(
    finishes: Sequence[Finish],
    stored: Sequence[StoredUpdate | None],
    *,
    now: datetime,
    until: datetime,
    size: int,
) -> dict[str, Any]:
    """The statement's parameters; `stored[i]` is the message update of `finishes[i]`."""
    return {
        **array_params(finishes, stored),
        "now": utc(now),
        "until": utc(until),
        "size": size,
    }


def record_params(
    finishes: Sequence[Finish], stored: Sequence[StoredUpdate | None]
) -> dict[str, Any]:
    """`Dispatch.record`'s parameters: `RECORD_ONE`'s for one outcome, else `RECORD`'s."""
    if len(finishes) != 1:
        return array_params(finishes, stored)
    finish, update = finishes[0], stored[0]
    return {
        "id": finish.id,
        "lease": utc(finish.lease),
        "status": finish.status,
        "attempts": finish.attempts,
        "next": utc(finish.send_after),
        "error": finish.last_error,
        "sent_at": None if finish.sent_at is None else utc(finish.sent_at),
        "pid": finish.provider_message_id,
        "message_id": None if update is None else update.message_id,
        "message_status": None if update is None else update.status,
        "extra": None if update is None else json.dumps(update.extra),
    }


def array_params(
    finishes: Sequence[Finish], stored: Sequence[StoredUpdate | None]
) -> dict[str, Any]:
    """`RECORD`'s parameters (`params` without the lease's): the outcomes as arrays."""
    return {
        **finish_arrays(finishes),
        "message_ids": [None if s is None else s.message_id for s in stored],
        "message_statuses": [None if s is None else s.status for s in stored],
        "extras": [None if s is None else json.dumps(s.extra) for s in stored],
    }


def conninfo_of(engine: Engine) -> tuple[str, dict[str, Any]]:
    """psycopg's connection arguments for the database of a SQLAlchemy engine."""
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)  # SQLAlchemy's adapters: psycopg's own serve plain SQL
    return " ".join(str(a) for a in args), dict(kwargs)


class Dispatch:
    """A psycopg connection in autocommit (opened when first needed; one thread uses
    it): the dispatcher's, running `RECORD_AND_LEASE`, or a send thread's, `RECORD`."""

    def __init__(self, conninfo: str, **connect_kwargs: Any) -> None:
        self.conninfo = conninfo
        self.connect_kwargs = connect_kwargs
        self._connection: psycopg.Connection[Any] | None = None
        self._cursor: psycopg.Cursor[Any] | None = None

    @classmethod
    def for_engine(cls, engine: Engine) -> Dispatch:
        conninfo, kwargs = conninfo_of(engine)
        return cls(conninfo, **kwargs)

    def run(self, parameters: dict[str, Any]) -> Pass:
        """One pass; once more on a new connection when the first one dropped."""
        try:
            return self._run(parameters)
        except UNAVAILABLE:
            self.close()
        return self._run(parameters)

    def record(self, parameters: dict[str, Any]) -> set[int]:
        """`RECORD` (`record_params`): the ids whose compare-and-set held; once more on
        a new connection when the first one dropped (had the first run committed, the
        rerun's compare-and-sets miss: nothing is recorded twice)."""
        try:
            return self._record(parameters)
        except UNAVAILABLE:
            self.close()
        return self._record(parameters)

    def _record(self, parameters: dict[str, Any]) -> set[int]:
        rows = self._execute(RECORD if "ids" in parameters else RECORD_ONE, parameters)
        return {int(row[0]) for row in rows}

    def _connected(self) -> psycopg.Connection[Any]:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(
                self.conninfo, autocommit=True, **self.connect_kwargs
            )
        return self._connection

    def _execute(self, statement: str, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The statement's rows, on the connection's one cursor: kept from statement to
        statement, since a new cursor sets up its adapters again (`connection.execute`
        costs about a third more client CPU per statement)."""
        connection = self._connected()
        cursor = self._cursor
        if cursor is None or cursor.connection is not connection:
            cursor = self._cursor = connection.cursor()
        cursor.execute(statement, parameters)
        return cursor.fetchall()

    def _run(self, parameters: dict[str, Any]) -> Pass:
        statement = RECORD_AND_LEASE if parameters["ids"] else LEASE
        rows = self._execute(statement, parameters)
        kept: set[int] = set()
        leased: list[LeasedRow] = []
        for row in rows:
            if row[0]:
                kept.add(int(row[1]))
                continue
            (item_id, customer_id, phone, kind, key, body, status, attempts, error,
             created, send_after, sent_at, pid, message_id, conversation_id, last_inbound,
             handoff) = row[1:]  # fmt: skip
            item = OutboxItem(
                item_id, customer_id, phone, kind, key, dict(body or {}), status, attempts,
                error, utc(created), utc(send_after), None if sent_at is None else utc(sent_at),
                pid,
            )  # fmt: skip
            window = None if last_inbound is None else utc(last_inbound)
            leased.append(LeasedRow(item, message_id, conversation_id, window, handoff))
        leased.sort(key=lambda one: one.item.id)
        return Pass(kept, leased)

    @property
    def connection(self) -> psycopg.Connection[Any] | None:
        """The connection in use (None before the first pass); tests end its backend."""
        return self._connection

    def close(self) -> None:
        connection, self._connection = self._connection, None
        self._cursor = None
        if connection is not None:
            try:
                connection.close()
            except psycopg.Error:
                pass
