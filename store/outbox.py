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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
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
    if retryable and row.attempts < max_attempts:
        delay = RETRY_BASE_SECONDS * 2 ** (row.attempts - 1)
        retry = utc(now) + timedelta(seconds=delay)
        row.send_after = max(retry, utc(defer(retry))) if defer is not None else retry
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
