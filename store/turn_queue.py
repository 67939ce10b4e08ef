"""The turn queue: inbound messages claimed and answered in order, one turn per customer.

A message stored `pending` (`bookbot.store.inbound`) waits here for its turn:

    pending --claim--> processing --mark_answered--> answered   (or set_status: failed)

- `next_pending` is the customer's oldest pending message (by the time WhatsApp
  stamped it, then by arrival); `claim` is a compare-and-set on its status, so a
  message is answered once even when two threads or processes reach it.
- `claim_oldest` (and `claim_next`, its message id) is what the queue uses across
  processes: under the customer's lock (an advisory transaction lock on
  PostgreSQL, the database's write lock on SQLite) it re-queues the customer's
  expired claims, and claims the oldest pending message only when none of the
  customer's messages is being answered, so one customer has one turn at a time
  across replicas; on PostgreSQL the lock and then all of that in one statement,
  which can also read the claimed message's turn (`load_claimed`). A claim
  names its owner (a process), counts as the message's next claim (`claims`, its
  generation) and expires; `renew_claims` is the owner's heartbeat (for the
  messages it knows it holds), `release_claim` and `fail_claimed` give a claim up,
  and `requeue_expired` (at startup and periodically) puts only expired claims
  back, never a live replica's.
- `load_turn` reads what the turn needs (it writes nothing; `turn_of_stored` for a
  message just stored), the claim's generation with it; `mark_answered` closes the
  message in the transaction that stores its reply.
- `ClaimFence` (`hold_claim`) is that claim checked in each write transaction of
  the turn's tools: while it commits, the claim can be neither taken over nor
  re-queued; a claim lost before is `ClaimLost`, and the write writes nothing.
- `customers_with_pending` names the customers whose messages wait.

Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from bookbot.core.errors import ClaimLost as ClaimLost  # re-exported: the queue catches it here
from bookbot.store.columns import db_now, utc
from bookbot.store.conversations import HISTORY_MESSAGES, ChatMessage, chat_of
from bookbot.store.db import CUSTOMER_LOCK_CLASS, plain_rows
from bookbot.store.inbound import PENDING, Stored
from bookbot.store.models import ConversationRow, CustomerRow, MessageRow

PROCESSING, ANSWERED, FAILED = "processing", "answered", "failed"
UNANSWERED = (PENDING, PROCESSING)


@dataclass(frozen=True, slots=True)
class TurnMessage:
    """A stored inbound message as its turn reads it: who wrote what, on which channel.

    `kind` is the payload's kind ("text", "button", "unsupported", ...; None when
    the message has no payload).
    """

    message_id: int
    conversation_id: int
    customer_id: int
    customer_name: str | None
    phone: str
    channel: str
    text: str
    kind: str | None


@dataclass(frozen=True, slots=True)
class TurnInput:
    """Everything a turn reads before it runs, read in one transaction.

    `history` is the conversation up to (not including) the message; `later_reply`
    is when the first reply stored after the message was written (None: none yet),
    so proposals shown in it are not answered by this message.
    """

    message: TurnMessage
    state: dict[str, Any]
    history: list[ChatMessage]
    later_reply: datetime | None
    payload: dict[str, Any]
    """The message's payload as stored (its kind, a button's id, a quoted message)."""
    written_at: datetime
    """When the message was written (its `created_at`)."""
    new_conversation: bool = False
    """The message began its conversation: it has no history and answers no proposal."""
    handoff_status: str | None = None
    """The conversation's handoff when the turn was read (`bookbot.service.handoff`)."""
    handoff_since: datetime | None = None
    open_offers: bool | None = None
    """Whether the conversation has a shown proposal the message may answer (shown,
    and not answered, or neither booked nor expired); None: not read."""
    claims: int | None = None
    """The message's claim generation (`messages.claims`) when the turn was read: the
    claim a queue's turn runs under is its owner's and this generation
    (`ClaimFence`). None: never claimed."""


def _pending_of(customer_id: int) -> Select[int]:
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


def next_pending(session: Session, *, customer_id: int) -> int | None:
    """The id of the customer's oldest pending message (any channel); None when none waits."""
    message_id = session.scalar(_pending_of(customer_id).limit(1))
    return None if message_id is None else int(message_id)


def claim(session: Session, *, message_id: int) -> bool:
    """Move the message from pending to processing; False when it was not pending (any more)."""
    result = session.execute(
        update(MessageRow)
        .where(MessageRow.id == message_id, MessageRow.status == PENDING)
        .values(status=PROCESSING, claimed_at=db_now(), claims=_ONE_MORE_CLAIM)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def set_status(session: Session, *, message_id: int, status: str) -> None:
    """Set the message's status (e.g. `failed`); raises NoResultFound for an unknown id."""
    session.get_one(MessageRow, message_id).status = status
    session.flush()


@dataclass(frozen=True, slots=True)
class Claimed:
    """A message `claim_oldest` claimed, and how many of the customer's messages were
    waiting when it did (this one included): 1 means none waits behind it."""

    message_id: int
    waiting: int
    turn: Any = None
    """With `claim_oldest(read=True)` on PostgreSQL: the message's turn as the claim
    read it (`load_claimed` makes it a `TurnInput`)."""


_CLAIM_POSTGRES = """
WITH mine AS (
    SELECT m.id, m.status, m.claim_expires_at, m.created_at
    FROM messages AS m JOIN conversations AS c ON c.id = m.conversation_id
    WHERE c.customer_id = %(customer_id)s AND m.direction = 'inbound'
      AND m.status IN ('pending', 'processing')
), claims_now AS (
    SELECT m.id, m.status, m.claim_expires_at, m.created_at FROM messages AS m
    WHERE m.id IN (SELECT id FROM mine WHERE status = 'processing')
      AND m.status IN ('pending', 'processing')
    FOR NO KEY UPDATE
), latest AS (
    SELECT * FROM mine WHERE status = 'pending' UNION ALL SELECT * FROM claims_now
), open AS (
    SELECT id, created_at, status = 'processing' AS expired FROM latest
    WHERE status = 'pending' OR claim_expires_at IS NULL OR claim_expires_at <= %(now)s
), chosen AS (
    SELECT id FROM open
    WHERE NOT EXISTS (
        SELECT 1 FROM latest WHERE status = 'processing' AND claim_expires_at > %(now)s
    )
    ORDER BY created_at, id
    LIMIT 1
), changed AS (
    UPDATE messages AS m SET
        status = CASE WHEN m.id = (SELECT id FROM chosen) THEN 'processing' ELSE 'pending' END,
        claimed_by = CASE WHEN m.id = (SELECT id FROM chosen) THEN %(owner)s END,
        claim_expires_at = CASE WHEN m.id = (SELECT id FROM chosen) THEN %(until)s END,
        claimed_at = CASE WHEN m.id = (SELECT id FROM chosen) THEN clock_timestamp()
                          ELSE m.claimed_at END,
        claims = CASE WHEN m.id = (SELECT id FROM chosen) THEN coalesce(m.claims, 0) + 1
                      ELSE m.claims END
    WHERE m.id IN (SELECT id FROM open WHERE expired UNION ALL SELECT id FROM chosen)
      AND (m.status = 'pending' OR (m.status = 'processing'
           AND (m.claim_expires_at IS NULL OR m.claim_expires_at <= %(now)s)))
    RETURNING m.id, m.status, m.claims
)
SELECT (SELECT id FROM changed WHERE status = 'processing'), (SELECT count(*) FROM open)
"""
"""PostgreSQL: the claim in one statement, run right after the customer's lock (a
statement of its own, so that this one's snapshot sees every claim committed
before the lock was granted). Of the customer's open messages (pending, or
processing under an expired claim) it claims the oldest when no live claim is
left, and puts the other expired ones back to pending: what `requeue_expired`
for the customer, the busy check, `next_pending` and `claim` did one after the
other. The UPDATE re-checks each row, so a row changed meanwhile (answered by
the owner whose claim just expired) is left alone and nothing is claimed.

The customer's claims are read locked (`claims_now`: FOR NO KEY UPDATE, which
waits for a transaction changing one and then reads it as committed), not from
the snapshot: their owners change them without the customer's lock (a
heartbeat's renewal, the close, a release), and a claim that looked expired in
the snapshot but was renewed meanwhile must keep the customer, not only its own
message (the UPDATE's re-check alone left it to its owner and claimed an older
pending message beside it). Until the commit, an owner's close or renewal of a
claim read here waits, and sees what this statement did. No claim of the
customer, the usual case: nothing is locked. The
claimed row gets the database's clock (`claimed_at`, read after the lock was
granted) and one more `claims`."""
_CLAIM_AND_READ_POSTGRES = (
    _CLAIM_POSTGRES.removesuffix(
        "SELECT (SELECT id FROM changed WHERE status = 'processing'), (SELECT count(*) FROM open)\n"
    )
    + """, claimed AS (SELECT id, claims FROM changed WHERE status = 'processing')
SELECT claimed.id, (SELECT count(*) FROM open),
    m.text, m.payload, m.created_at, c.id, c.channel, c.state, c.handoff_status,
    c.handoff_since, u.id, u.name, u.phone,
    (SELECT json_agg(json_build_array(h.id, h.direction, h.text, h.payload, h.created_at))
     FROM (SELECT h.id, h.direction, h.text, h.payload, h.created_at FROM messages AS h
           WHERE h.conversation_id = m.conversation_id
             AND (h.direction = 'outbound' OR h.id < m.id)
           ORDER BY h.id DESC LIMIT %(history)s) AS h),
    EXISTS (SELECT 1 FROM proposals AS p
            WHERE p.conversation_id = m.conversation_id AND p.shown_at IS NOT NULL
              AND (p.answered_at IS NULL OR (p.booked_at IS NULL AND p.expires_at IS NULL))),
    claimed.claims
FROM (SELECT 1) AS one
LEFT JOIN claimed ON true
LEFT JOIN messages AS m ON m.id = claimed.id
LEFT JOIN conversations AS c ON c.id = m.conversation_id
LEFT JOIN customers AS u ON u.id = c.customer_id
"""
)
"""`_CLAIM_POSTGRES` that also reads what the claimed message's turn needs, as
`load_turn` does (the message with its conversation and customer, and its
history, newest first, as one JSON array): the claim and the turn's read in one
round trip. The history is read in the claim's snapshot, taken after the
customer's lock was granted, so every reply of the customer's earlier turns is
in it (each was committed with its message's `answered` status). The next column
says whether the conversation has a shown proposal the message may answer (the
rows `confirmations.answer_all` and `answered_kinds` look at are among these):
without one, the message's answer costs no statement (`TurnInput.open_offers`).
The last is the claim's generation as the claim wrote it (`TurnInput.claims`; the
joined message row is the snapshot's, from before the claim)."""
_LOCK_CUSTOMER_POSTGRES = (
    "SELECT pg_advisory_xact_lock(CAST(%(lock_class)s AS integer), CAST(%(key)s AS integer)),"
    " set_config('synchronous_commit', 'off', true)"
)
"""The customer's lock, and this transaction's commit without waiting for its WAL
flush (`synchronous_commit` off for it alone). A claim lost to a database crash
only puts its message back: whatever the turn does next that matters is committed
synchronously after it (the tools' writes, the reply with its outbox row), and a
synchronous commit flushes the WAL up to itself, the claim's commit record
included. A reply stored in the claim's own transaction (`durable_commit`) turns
it back on."""

_ONE_MORE_CLAIM = func.coalesce(MessageRow.claims, 0) + 1
_MINE = select(ConversationRow.id).where(ConversationRow.customer_id == bindparam("customer_id"))
_REQUEUE_EXPIRED_OF = (
    update(MessageRow)
    .where(
        MessageRow.conversation_id.in_(_MINE),
        MessageRow.direction == "inbound",
        MessageRow.status == PROCESSING,
        or_(
            MessageRow.claim_expires_at.is_(None),
            MessageRow.claim_expires_at <= bindparam("now"),
        ),
    )
    .values(status=PENDING, claimed_by=None, claim_expires_at=None)
)
_OPEN_OF = (
    select(MessageRow.id, MessageRow.status)
    .where(
        MessageRow.conversation_id.in_(_MINE),
        MessageRow.direction == "inbound",
        MessageRow.status.in_(UNANSWERED),
    )
    .order_by(MessageRow.created_at, MessageRow.id)
)
_CLAIM = (
    update(MessageRow)
    .where(MessageRow.id == bindparam("message_id"), MessageRow.status == PENDING)
    .values(
        status=PROCESSING,
        claimed_by=bindparam("owner"),
        claim_expires_at=bindparam("until"),
        claimed_at=db_now(),
        claims=_ONE_MORE_CLAIM,
    )
)
"""SQLite (the whole database is locked by `write_session`): the claim's steps as
module-level statements, so SQLAlchemy's compiled cache serves them."""


def claim_oldest(
    session: Session,
    *,
    customer_id: int,
    owner: str,
    now: datetime,
    until: datetime,
    read: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> Claimed | None:
    """Claim the customer's oldest pending message for `owner` until `until`; None
    when none waits or one of the customer's messages is being answered (by any
    process). The customer's expired claims go back to pending first. Holds the
    customer's lock to the end of the transaction. On PostgreSQL two statements
    (the lock, then the claim); on SQLite three. With `read` (PostgreSQL) the claim
    also reads the message's turn (`Claimed.turn`, see `load_claimed`).

    With `clock` (PostgreSQL), `now` is read again once the customer's lock is
    granted and `until` moves with it: a claim that waited for the lock (another
    process's claim of the customer, on a busy machine seconds) still holds for its
    whole length, so its owner's heartbeat renews it before it runs out."""
    connection = session.connection()
    at, until = utc(now), utc(until)
    if connection.dialect.name == "postgresql":
        plain_rows(
            connection,
            _LOCK_CUSTOMER_POSTGRES,
            {"lock_class": CUSTOMER_LOCK_CLASS, "key": customer_id},
        )
        if clock is not None:
            granted = utc(clock())
            at, until = granted, until + (granted - at)
        params = {"customer_id": customer_id, "owner": owner, "now": at, "until": until}
        if read:
            params["history"] = HISTORY_MESSAGES
            (found,) = plain_rows(connection, _CLAIM_AND_READ_POSTGRES, params)
            return None if found[0] is None else Claimed(int(found[0]), int(found[1]), found)
        (found,) = plain_rows(connection, _CLAIM_POSTGRES, params)
        return None if found[0] is None else Claimed(int(found[0]), int(found[1]))
    connection.execute(_REQUEUE_EXPIRED_OF, {"customer_id": customer_id, "now": at})
    rows = connection.execute(_OPEN_OF, {"customer_id": customer_id}).all()
    if not rows or any(status == PROCESSING for _, status in rows):
        return None
    message_id = int(rows[0][0])
    result = connection.execute(_CLAIM, {"message_id": message_id, "owner": owner, "until": until})
    return Claimed(message_id, len(rows)) if result.rowcount == 1 else None


def claim_next(
    session: Session, *, customer_id: int, owner: str, now: datetime, until: datetime
) -> int | None:
    """`claim_oldest`'s message id: the customer's oldest pending message, claimed
    for `owner` until `until`; None when none waits or one of the customer's
    messages is being answered (by any process)."""
    claimed = claim_oldest(session, customer_id=customer_id, owner=owner, now=now, until=until)
    return None if claimed is None else claimed.message_id


def fail_claimed(session: Session, *, message_id: int, owner: str) -> bool:
    """Mark the message `failed` if `owner` still holds its claim; whether it did."""
    result = session.execute(
        update(MessageRow)
        .where(
            MessageRow.id == message_id,
            MessageRow.status == PROCESSING,
            MessageRow.claimed_by == owner,
        )
        .values(status=FAILED, closed_at=db_now())
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def holds_claim(session: Session, *, message_id: int, owner: str) -> bool:
    """Whether `owner` still holds the message's claim (it is being answered by it)."""
    found = session.connection().execute(_HOLDS, {"message_id": message_id, "owner": owner})
    return found.first() is not None


_HOLDS = select(MessageRow.id).where(
    MessageRow.id == bindparam("message_id"),
    MessageRow.status == PROCESSING,
    MessageRow.claimed_by == bindparam("owner"),
)


def release_claim(session: Session, *, message_id: int, owner: str) -> bool:
    """Put the message back to pending if `owner` still holds its claim (its turn
    could not reach the database); whether it did."""
    result = session.connection().execute(_RELEASE, {"message_id": message_id, "owner": owner})
    return result.rowcount == 1


_RELEASE = (
    update(MessageRow)
    .where(
        MessageRow.id == bindparam("message_id"),
        MessageRow.status == PROCESSING,
        MessageRow.claimed_by == bindparam("owner"),
    )
    .values(status=PENDING, claimed_by=None, claim_expires_at=None)
)


def renew_claims(
    session: Session, *, owner: str, until: datetime, message_ids: Collection[int]
) -> int:
    """Extend the claims `owner` holds on these messages to `until` (its heartbeat);
    how many. Only the messages named: a claim of `owner` that no turn of it knows
    (its claim committed, but the connection was lost before the owner saw it) is
    left to run out, and is then re-queued (`requeue_expired`). No message, no
    statement."""
    if not message_ids:
        return 0
    result = session.connection().execute(
        _RENEW, {"owner": owner, "until": utc(until), "message_ids": sorted(set(message_ids))}
    )
    return int(result.rowcount or 0)


_RENEW = (
    update(MessageRow)
    .where(
        MessageRow.id.in_(bindparam("message_ids", expanding=True)),
        MessageRow.claimed_by == bindparam("owner"),
        MessageRow.status == PROCESSING,
    )
    .values(claim_expires_at=bindparam("until"))
)


_EXPIRED_CLAIM = and_(
    MessageRow.direction == "inbound",
    MessageRow.status == PROCESSING,
    or_(MessageRow.claim_expires_at.is_(None), MessageRow.claim_expires_at <= bindparam("now")),
)
_REQUEUE_EXPIRED = (
    update(MessageRow)
    .where(_EXPIRED_CLAIM)
    .values(status=PENDING, claimed_by=None, claim_expires_at=None)
)
_WITH_PENDING = (
    select(ConversationRow.customer_id)
    .join(MessageRow, MessageRow.conversation_id == ConversationRow.id)
    .where(MessageRow.direction == "inbound", MessageRow.status == PENDING)
    .distinct()
)
_REQUEUED = _REQUEUE_EXPIRED.returning(MessageRow.conversation_id).cte("requeued")
_REQUEUE_AND_FIND_POSTGRES = _WITH_PENDING.union(
    select(ConversationRow.customer_id).join(
        _REQUEUED, _REQUEUED.c.conversation_id == ConversationRow.id
    )
)
"""PostgreSQL: `requeue_expired` and `customers_with_pending` in one statement (the
UPDATE a CTE; the read does not see its rows, so their customers are added)."""


def requeue_expired(session: Session, *, now: datetime) -> int:
    """Put messages whose claim expired (its process stopped renewing it) back to
    pending; how many. A live claim, this process's or another's, stays."""
    result = session.connection().execute(_REQUEUE_EXPIRED, {"now": now})
    return int(result.rowcount or 0)


def customers_with_pending(session: Session) -> list[int]:
    """The ids of the customers with pending inbound messages, in id order."""
    return sorted(set(session.connection().execute(_WITH_PENDING).scalars()))


def requeue_and_find_pending(session: Session, *, now: datetime) -> list[int]:
    """`requeue_expired`, then `customers_with_pending`: the poll of a turn worker
    (on PostgreSQL one statement)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        found = connection.execute(_REQUEUE_AND_FIND_POSTGRES, {"now": now}).scalars()
        return sorted(set(found))
    requeue_expired(session, now=now)
    return customers_with_pending(session)


def has_unanswered(session: Session, *, conversation_id: int) -> bool:
    """Whether a message of the conversation is still pending or being answered."""
    busy = session.scalar(
        select(MessageRow.id)
        .where(
            MessageRow.conversation_id == conversation_id,
            MessageRow.direction == "inbound",
            MessageRow.status.in_(UNANSWERED),
        )
        .limit(1)
    )
    return busy is not None


_TURN = (
    select(
        MessageRow.id,
        MessageRow.text,
        MessageRow.payload,
        MessageRow.created_at,
        ConversationRow.id,
        ConversationRow.channel,
        ConversationRow.state,
        ConversationRow.handoff_status,
        ConversationRow.handoff_since,
        CustomerRow.id,
        CustomerRow.name,
        CustomerRow.phone,
        MessageRow.claims,
    )
    .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
    .join(CustomerRow, CustomerRow.id == ConversationRow.customer_id)
    .where(MessageRow.id == bindparam("message_id"))
)
"""The message (with its claim's generation) with its conversation and customer: one read."""
_HISTORY = (
    select(
        MessageRow.id,
        MessageRow.direction,
        MessageRow.text,
        MessageRow.payload,
        MessageRow.created_at,
    )
    .where(
        MessageRow.conversation_id == bindparam("conversation_id"),
        or_(MessageRow.direction == "outbound", MessageRow.id < bindparam("message_id")),
    )
    .order_by(MessageRow.id.desc())
    .limit(HISTORY_MESSAGES)
)
"""A turn's history (earlier messages and every reply so far), newest first."""


def load_turn(session: Session, *, message_id: int) -> TurnInput:
    """What the turn for the stored message `message_id` reads; raises NoResultFound
    for an unknown id. Reads only (two statements: the message with its
    conversation and customer, then the history, which also says when the first
    reply stored after the message was written); the caller decides what the
    message answers."""
    row = session.connection().execute(_TURN, {"message_id": message_id}).one()
    (_, text, payload, written_at, conversation_id, channel, state, handoff, since) = row[:9]
    customer_id, name, phone, claims = row[9:]
    payload = payload if isinstance(payload, dict) else {}
    message = _turn_message(
        message_id, conversation_id, customer_id, name, phone, channel, text, payload
    )
    turn = _with_history(session, message, dict(state or {}), payload, written_at)
    return replace(turn, handoff_status=handoff, handoff_since=since, claims=claims)


def _turn_message(
    message_id: int,
    conversation_id: int,
    customer_id: int,
    name: str | None,
    phone: str,
    channel: str,
    text: str,
    payload: dict[str, Any],
) -> TurnMessage:
    """The message a turn answers, from the columns its read returns."""
    kind = payload.get("kind")
    return TurnMessage(
        message_id=message_id,
        conversation_id=conversation_id,
        customer_id=customer_id,
        customer_name=name,
        phone=phone,
        channel=channel,
        text=text,
        kind=kind if isinstance(kind, str) else None,
    )


def load_claimed(session: Session, claimed: Claimed) -> TurnInput:
    """`load_turn` for a message `claim_oldest(read=True)` claimed in this transaction:
    on PostgreSQL from what the claim read (no statement, unless the history is
    full and the first later reply is older than it), on SQLite `load_turn`."""
    row = claimed.turn
    if row is None:
        return load_turn(session, message_id=claimed.message_id)
    (text, payload, written_at, conversation_id, channel, state, handoff, since) = row[2:10]
    customer_id, name, phone, history, open_offers, claims = row[10:16]
    payload = payload if isinstance(payload, dict) else {}
    message_id = claimed.message_id
    message = _turn_message(
        message_id, conversation_id, customer_id, name, phone, channel, text, payload
    )
    rows = history or []  # [id, direction, text, payload, created_at], newest first
    later = [at for (id_, _, _, _, at) in rows if id_ > message_id]
    if len(later) == len(rows) == HISTORY_MESSAGES:  # the read may not reach back far enough
        later_reply = _later_reply(session, conversation_id, message_id)
    else:
        later_reply = min((utc(datetime.fromisoformat(at)) for at in later), default=None)
    chat = chat_of((direction, text_, body) for (_, direction, text_, body, _) in reversed(rows))
    since = None if since is None else utc(since)
    return TurnInput(
        message,
        dict(state or {}),
        chat,
        later_reply,
        payload,
        utc(written_at),
        False,
        handoff,
        since,
        bool(open_offers),
        claims,
    )


def _with_history(
    session: Session,
    message: TurnMessage,
    state: dict[str, Any],
    payload: dict[str, Any],
    written_at: datetime,
) -> TurnInput:
    """The turn's input: `message` with its history, read in one statement (which
    also says when the first reply stored after the message was written)."""
    message_id, conversation_id = message.message_id, message.conversation_id
    rows = (
        session.connection()
        .execute(_HISTORY, {"conversation_id": conversation_id, "message_id": message_id})
        .all()
    )
    later = [r.created_at for r in rows if r.id > message_id]
    if len(later) == len(rows) == HISTORY_MESSAGES:  # the read may not reach back far enough
        later_reply = _later_reply(session, conversation_id, message_id)
    else:
        later_reply = min(later, default=None)
    chat = chat_of((r.direction, r.text, r.payload) for r in reversed(rows))
    return TurnInput(message, state, chat, later_reply, payload, written_at)


def turn_of_stored(
    session: Session, stored: Stored, *, text: str, channel: str, at: datetime
) -> TurnInput:
    """`load_turn` for a text message just stored in this transaction (`stored`, with
    its `text`, `channel` and time `at`): only the history is read, and nothing when
    the message began its conversation."""
    message = TurnMessage(
        message_id=stored.message_id,
        conversation_id=stored.conversation_id,
        customer_id=stored.customer_id,
        customer_name=stored.customer_name,
        phone=stored.phone,
        channel=channel,
        text=text,
        kind=None,
    )
    if stored.new_conversation:
        return TurnInput(message, dict(stored.state or {}), [], None, {}, utc(at), True)
    turn = _with_history(session, message, dict(stored.state or {}), {}, utc(at))
    return replace(turn, handoff_status=stored.handoff_status, handoff_since=stored.handoff_since)


def _later_reply(session: Session, conversation_id: int, message_id: int) -> datetime | None:
    """When the first reply stored after the message was written (None: none yet)."""
    return session.scalar(
        select(func.min(MessageRow.created_at)).where(
            MessageRow.conversation_id == conversation_id,
            MessageRow.direction == "outbound",
            MessageRow.id > message_id,
        )
    )


@dataclass(frozen=True, slots=True)
class ClaimFence:
    """The claim a queue's turn runs under: `owner`'s claim of the message, its
    generation `claims`. Called with a session (`store.db.fenced` makes it the first
    statement of each of the turn's tools' write transactions), it is `hold_claim`."""

    message_id: int
    owner: str
    claims: int | None

    def __call__(self, session: Session) -> None:
        hold_claim(session, message_id=self.message_id, owner=self.owner, claims=self.claims)


def hold_claim(session: Session, *, message_id: int, owner: str, claims: int | None) -> None:
    """Keep `owner`'s claim of the message, generation `claims`, to the end of this
    transaction; `ClaimLost` when it is not held any more (taken over, re-queued,
    answered, or claimed again since: another generation). One statement.

    PostgreSQL: a FOR SHARE lock on the message row, which every change of the claim
    waits for (another process's claim, `requeue_expired`, the owner's heartbeat,
    which then waits for this transaction's commit: milliseconds). Run first in its
    transaction, before any other lock, so a transaction waiting for it holds
    nothing another could wait for. A claim taken over while this waited is read as
    committed (no row: ClaimLost). SQLite: `write_session` holds the database's
    write lock already. A claim past its expiry that nobody took over still holds:
    what it writes commits before another claim can read the message."""
    found = session.connection().execute(
        _HOLD, {"message_id": message_id, "owner": owner, "generation": claims}
    )
    if found.first() is None:
        raise ClaimLost(f"message {message_id}: the claim of {owner} (claim {claims}) was lost")


_HOLD = (
    select(MessageRow.id)
    .where(
        MessageRow.id == bindparam("message_id"),
        MessageRow.status == PROCESSING,
        MessageRow.claimed_by == bindparam("owner"),
        MessageRow.claims == bindparam("generation"),
    )
    .with_for_update(read=True)
)


@dataclass(frozen=True, slots=True)
class Answered:
    """How an inbound message answers the offer it answers, as its row keeps it
    (see `bookbot.store.confirmations`): yes/no/change/unclear, from a button, a
    reaction or the text, and the proposal it names."""

    confirmation: str
    source: str
    proposal_id: uuid.UUID | None = None


def mark_answered(
    session: Session,
    *,
    message_id: int,
    owner: str | None = None,
    answer: Answered | None = None,
    claims: int | None = None,
) -> None:
    """The inbound message `message_id` has its reply (stored in this transaction),
    and (with `answer`) this is how it answered: one UPDATE.

    With `owner`, only while that owner's claim holds (with `claims`, that claim
    generation of it): otherwise ClaimLost, and the caller's transaction (the reply
    with it) rolls back, so a turn whose claim ran out never stores a second reply
    next to the one of the turn that took over (in another process, or in this one).
    """
    fenced = owner is not None and claims is not None
    statement = _MARK_ANSWERED[owner is not None, answer is not None, fenced]
    params: dict[str, Any] = {"message_id": message_id, "owner": owner, "generation": claims}
    if answer is not None:
        params |= {
            "confirmation": answer.confirmation,
            "confirmation_source": answer.source,
            "proposal_id": answer.proposal_id,
        }
    result = session.connection().execute(statement, params)
    if owner is not None and result.rowcount != 1:
        raise ClaimLost(f"message {message_id}: the claim of {owner} was lost")


def _mark_answered(*, claimed: bool, answered: bool, generation: bool) -> Any:
    query = update(MessageRow).where(MessageRow.id == bindparam("message_id"))
    if claimed:
        query = query.where(
            MessageRow.status == PROCESSING, MessageRow.claimed_by == bindparam("owner")
        )
    if generation:
        query = query.where(MessageRow.claims == bindparam("generation"))
    values: dict[str, Any] = {"status": ANSWERED, "closed_at": db_now()}
    if answered:
        values |= {
            name: bindparam(name) for name in ("confirmation", "confirmation_source", "proposal_id")
        }
    return query.values(values)


_MARK_ANSWERED = {
    (claimed, answered, generation): _mark_answered(
        claimed=claimed, answered=answered, generation=generation
    )
    for claimed in (False, True)
    for answered in (False, True)
    for generation in (False, True)
}
"""`mark_answered`'s UPDATE by (checks a claim, keeps an answer, checks the claim's
generation), each built once."""
