"""The outbox: every message bookbot sends, stored before it goes out.

Replies and proactive messages are `enqueue`d with a `dedupe_key` that names
what they are (`reply:message:17`, `reminder:booking:12`): a key seen before
is not enqueued again, so a second worker, a retried webhook or a rerun never
sends the same message twice (the unique index decides; the loser gets None).

Senders `claim_due` rows (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so concurrent
senders take disjoint rows; SQLite serialises writers anyway), try them, and
record the outcome with `mark_sent` or `mark_failed`. A failure is retried
with backoff until `max_attempts`, then stays `failed` with its last error:
visible to admins, never dropped. `move_due` moves a pending row's next attempt
(a sender's lease, a wait for the end of quiet hours) by compare-and-set, so of
two senders only one moves it. `existing_keys` says which dedupe keys are taken.

The delivery's hot path works on batches, with Core statements built once and run
on the session's connection (no ORM bookkeeping):
`lease_due` leases up to n due rows in ONE statement (an `UPDATE ... WHERE id IN
(SELECT ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING`: on PostgreSQL concurrent
senders skip each other's rows, on SQLite the single writer makes it atomic), and
`move_leased` / `finish_leased` move or finish many leased rows, each by
compare-and-set on the lease it holds (`send_after`), in one statement on
PostgreSQL (`UPDATE ... FROM unnest(...)`) and one cheap statement per row on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import Session

from bookbot.store.columns import utc
from bookbot.store.db import insert_missing
from bookbot.store.models import OutboxRow

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 30
KEY_CHUNK = 500
"""Dedupe keys per `IN (...)` list."""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    customer_id: int | None
    phone: str
    kind: str
    dedupe_key: str
    body: dict[str, Any]
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    send_after: datetime
    sent_at: datetime | None
    provider_message_id: str | None


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        customer_id=row.customer_id,
        phone=row.phone,
        kind=row.kind,
        dedupe_key=row.dedupe_key,
        body=dict(row.body),
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        send_after=row.send_after,
        sent_at=row.sent_at,
        provider_message_id=row.provider_message_id,
    )


def enqueue(
    session: Session,
    *,
    phone: str,
    kind: str,
    dedupe_key: str,
    body: dict[str, Any],
    now: datetime,
    customer_id: int | None = None,
    send_after: datetime | None = None,
) -> OutboxItem | None:
    """Store a message to send; None when `dedupe_key` was enqueued before.

    `body` is what the sender needs: `{"text": ...}` and optionally
    `"buttons"` (reply button titles) or `"template"` (name, language, params).
    """
    values = outbox_values(
        phone=phone,
        kind=kind,
        dedupe_key=dedupe_key,
        body=body,
        now=now,
        customer_id=customer_id,
        send_after=send_after,
    )
    created, due = values["created_at"], values["send_after"]
    item_id = insert_missing(session, OutboxRow, values, keys=["dedupe_key"])
    if item_id is None:
        return None
    return OutboxItem(
        item_id,
        customer_id,
        phone,
        kind,
        dedupe_key,
        dict(body),
        "pending",
        0,
        None,
        created,
        due,
        None,
        None,
    )


def outbox_values(
    *,
    phone: str,
    kind: str,
    dedupe_key: str,
    body: dict[str, Any],
    now: datetime,
    customer_id: int | None = None,
    send_after: datetime | None = None,
) -> dict[str, Any]:
    """The pending outbox row `enqueue` inserts."""
    return {
        "customer_id": customer_id,
        "phone": phone,
        "kind": kind,
        "dedupe_key": dedupe_key,
        "body": body,
        "created_at": utc(now),
        "send_after": utc(send_after or now),
        "status": "pending",
        "attempts": 0,
    }


def claim_due(session: Session, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
    """Pending messages due at `now`, oldest first, locked for this transaction."""
    rows = session.scalars(
        select(OutboxRow)
        .where(OutboxRow.status == "pending", OutboxRow.send_after <= utc(now))
        .order_by(OutboxRow.send_after, OutboxRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    return [_item(row) for row in rows]


_DUE = (
    select(OutboxRow.id)
    .where(OutboxRow.status == "pending", OutboxRow.send_after <= bindparam("now"))
    .order_by(OutboxRow.send_after, OutboxRow.id)
    .limit(bindparam("size"))
    .with_for_update(skip_locked=True)
    .cte("due")
    .prefix_with("MATERIALIZED", dialect="postgresql")
)
"""The due rows to lease, picked once: as `IN (subquery)` PostgreSQL may rescan the
subquery per row, and each rescan skips the rows this statement already moved and
takes the next ones, past the LIMIT."""
_LEASE = (
    update(OutboxRow)
    .where(
        OutboxRow.id.in_(select(_DUE.c.id)),
        OutboxRow.status == "pending",
        OutboxRow.send_after <= bindparam("now"),
    )
    .values(send_after=bindparam("until"))
    .returning(
        OutboxRow.id,
        OutboxRow.customer_id,
        OutboxRow.phone,
        OutboxRow.kind,
        OutboxRow.dedupe_key,
        OutboxRow.body,
        OutboxRow.status,
        OutboxRow.attempts,
        OutboxRow.last_error,
        OutboxRow.created_at,
        OutboxRow.send_after,
        OutboxRow.sent_at,
        OutboxRow.provider_message_id,
    )
)


def lease_due(session: Session, *, now: datetime, until: datetime, limit: int) -> list[OutboxItem]:
    """Lease up to `limit` rows due at `now` to the caller until `until`, oldest first,
    in one statement: each leased row's `send_after` is `until` (its lease, the value
    `move_leased` and `finish_leased` compare against). Rows leased by another
    sender are skipped (their `send_after` is in the future, or they are locked)."""
    params = {"now": utc(now), "until": utc(until), "size": limit}
    rows = session.connection().execute(_LEASE, params).all()
    items = [OutboxItem(*row) for row in rows]
    items.sort(key=lambda item: item.id)
    return items


@dataclass(frozen=True, slots=True)
class Finish:
    """How a leased row ends its try: `status` "sent", "pending" (a retry at
    `send_after`) or "failed", with `attempts` counting this one."""

    id: int
    lease: datetime
    status: str
    attempts: int
    send_after: datetime
    last_error: str | None = None
    sent_at: datetime | None = None
    provider_message_id: str | None = None


_MOVE_PG = text(
    """UPDATE outbox SET send_after = v.next
FROM unnest(CAST(:ids AS integer[]), CAST(:leases AS timestamptz[]),
            CAST(:nexts AS timestamptz[])) AS v(id, lease, next)
WHERE outbox.id = v.id AND outbox.status = 'pending' AND outbox.send_after = v.lease
RETURNING outbox.id"""
)
_HOLDS_LEASE = (
    OutboxRow.id == bindparam("row_id"),
    OutboxRow.status == "pending",
    OutboxRow.send_after == bindparam("lease"),
)
"""The one-row compare-and-set: the row still holds the lease it was sent under."""
_MOVE_ONE = (
    update(OutboxRow)
    .where(*_HOLDS_LEASE)
    .values(send_after=bindparam("next"))
    .returning(OutboxRow.id)
)
_FINISH_PG = text(
    """UPDATE outbox SET status = v.status, attempts = v.attempts, send_after = v.next,
    last_error = v.error, sent_at = v.sent_at, provider_message_id = v.pid
FROM unnest(CAST(:ids AS integer[]), CAST(:leases AS timestamptz[]),
            CAST(:statuses AS text[]), CAST(:attempts AS integer[]),
            CAST(:nexts AS timestamptz[]), CAST(:errors AS text[]),
            CAST(:sent_ats AS timestamptz[]), CAST(:pids AS text[]))
     AS v(id, lease, status, attempts, next, error, sent_at, pid)
WHERE outbox.id = v.id AND outbox.status = 'pending' AND outbox.send_after = v.lease
RETURNING outbox.id"""
)
_FINISH_ONE = (
    update(OutboxRow)
    .where(*_HOLDS_LEASE)
    .values(
        status=bindparam("new_status"),
        attempts=bindparam("new_attempts"),
        send_after=bindparam("next"),
        last_error=bindparam("error"),
        sent_at=bindparam("at"),
        provider_message_id=bindparam("pid"),
    )
    .returning(OutboxRow.id)
)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)


def move_leased(session: Session, moves: Sequence[tuple[int, datetime, datetime]]) -> set[int]:
    """Move each `(id, lease, to)` row's `send_after` from its lease to `to` (a renewed
    lease, the end of quiet hours) if it still holds that lease; the ids moved."""
    if not moves:
        return set()
    connection = session.connection()
    if _postgres(session):
        params = {
            "ids": [m[0] for m in moves],
            "leases": [utc(m[1]) for m in moves],
            "nexts": [utc(m[2]) for m in moves],
        }
        return set(connection.execute(_MOVE_PG, params).scalars())
    moved: set[int] = set()
    for item_id, lease, to in moves:
        params = {"row_id": item_id, "lease": utc(lease), "next": utc(to)}
        moved.update(connection.execute(_MOVE_ONE, params).scalars())
    return moved


def finish_leased(session: Session, finishes: Sequence[Finish]) -> set[int]:
    """Record how each leased row's try ended, if the row still holds the lease it
    was sent under (another sender may have taken it over once it ran out); the ids
    recorded."""
    if not finishes:
        return set()
    connection = session.connection()
    if _postgres(session):
        return set(connection.execute(_FINISH_PG, finish_arrays(finishes)).scalars())
    done: set[int] = set()
    for f in finishes:
        params = {
            "row_id": f.id,
            "lease": utc(f.lease),
            "new_status": f.status,
            "new_attempts": f.attempts,
            "next": utc(f.send_after),
            "error": f.last_error,
            "at": _utc_or_none(f.sent_at),
            "pid": f.provider_message_id,
        }
        done.update(connection.execute(_FINISH_ONE, params).scalars())
    return done


def finish_arrays(finishes: Sequence[Finish]) -> dict[str, list[Any]]:
    """The outcomes as the parallel arrays PostgreSQL's `unnest` reads them (the
    compare-and-set of `finish_leased`, and of the delivery's one statement,
    `store.dispatch`)."""
    return {
        "ids": [f.id for f in finishes],
        "leases": [utc(f.lease) for f in finishes],
        "statuses": [f.status for f in finishes],
        "attempts": [f.attempts for f in finishes],
        "nexts": [utc(f.send_after) for f in finishes],
        "errors": [f.last_error for f in finishes],
        "sent_ats": [_utc_or_none(f.sent_at) for f in finishes],
        "pids": [f.provider_message_id for f in finishes],
    }


def next_try(
    *,
    attempts: int,
    now: datetime,
    retryable: bool,
    max_attempts: int = MAX_ATTEMPTS,
    defer: Callable[[datetime], datetime] | None = None,
) -> datetime | None:
    """When a row whose `attempts`-th try failed is tried again (backoff, moved past
    `defer`), or None: never (failed for good)."""
    if not retryable or attempts >= max_attempts:
        return None
    delay = RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    retry = utc(now) + timedelta(seconds=delay)
    return max(retry, utc(defer(retry))) if defer is not None else retry


def mark_sent(
    session: Session, *, item_id: int, now: datetime, provider_message_id: str | None = None
) -> None:
    row = session.get_one(OutboxRow, item_id)
    row.status = "sent"
    row.attempts += 1
    row.sent_at = utc(now)
    row.provider_message_id = provider_message_id
    row.last_error = None


def mark_failed(
    session: Session,
    *,
    item_id: int,
    now: datetime,
    error: str,
    retryable: bool = True,
    max_attempts: int = MAX_ATTEMPTS,
    defer: Callable[[datetime], datetime] | None = None,
) -> OutboxItem:
    """Record a failed try: retried later with backoff, or `failed` for good.

    `defer` may move the next attempt later than the backoff says (a sender waits
    out the quiet hours with it); it never brings it forward.
    """
    row = session.get_one(OutboxRow, item_id)
    row.attempts += 1
    row.last_error = error[:2000]
    retry = next_try(
        attempts=row.attempts,
        now=now,
        retryable=retryable,
        max_attempts=max_attempts,
        defer=defer,
    )
    if retry is not None:
        row.send_after = retry
    else:
        row.status = "failed"
    session.flush()
    return _item(row)


def fail_sent(session: Session, *, provider_message_id: str, error: str) -> None:
    """WhatsApp reported a sent message failed: its row is `failed` with the error."""
    row = session.scalar(
        select(OutboxRow).where(OutboxRow.provider_message_id == provider_message_id)
    )
    if row is not None:
        row.status = "failed"
        row.last_error = error[:2000]
        session.flush()


def items(
    session: Session,
    *,
    customer_id: int | None = None,
    status: str | None = None,
    since: datetime | None = None,
    limit: int = 500,
) -> list[OutboxItem]:
    """Outbox rows, oldest first, filtered by customer, status and creation time."""
    query = select(OutboxRow).order_by(OutboxRow.created_at, OutboxRow.id).limit(limit)
    if customer_id is not None:
        query = query.where(OutboxRow.customer_id == customer_id)
    if status is not None:
        query = query.where(OutboxRow.status == status)
    if since is not None:
        query = query.where(OutboxRow.created_at >= utc(since))
    return [_item(row) for row in session.scalars(query)]


def find(session: Session, *, dedupe_key: str) -> OutboxItem | None:
    row = session.scalar(select(OutboxRow).where(OutboxRow.dedupe_key == dedupe_key))
    return None if row is None else _item(row)


def existing_keys(session: Session, *, keys: Iterable[str]) -> set[str]:
    """Which of `keys` the outbox already holds (sent, pending or failed)."""
    wanted = sorted(set(keys))
    present: set[str] = set()
    for start in range(0, len(wanted), KEY_CHUNK):
        chunk = wanted[start : start + KEY_CHUNK]
        query = select(OutboxRow.dedupe_key).where(OutboxRow.dedupe_key.in_(chunk))
        present.update(session.scalars(query))
    return present


def move_due(session: Session, *, item_id: int, expected: datetime, to: datetime) -> bool:
    """Set a pending row's `send_after` to `to` if it still is `expected`; whether it did.

    A compare-and-set: of two senders that claimed the same row, only the first
    moves it (and so may send it); the other sees False and leaves the row alone.
    """
    result = session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.id == item_id,
            OutboxRow.status == "pending",
            OutboxRow.send_after == utc(expected),
        )
        .values(send_after=utc(to))
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1
