"""The inbound queue: customers' messages, stored first, then claimed and answered in order.

Every way in stores a customer's message with `store_message`, which creates the
customer and their conversation on the channel when new. WhatsApp and the chat
page store it `pending` for the service's `InboundQueue`; the terminal chat and the
evals store it `received` and answer it at once. A message's life in the queue:

    pending --claim--> processing --mark_answered--> answered   (or set_status: failed)

- `next_pending` is the customer's oldest pending message (by the time WhatsApp
  stamped it, then by arrival); `claim` is a compare-and-set on its status, so a
  message is answered once even when two threads or processes reach it.
- `claim_next` is what the queue uses across processes: under the customer's lock
  (`db.lock_customer`) it re-queues the customer's expired claims, and claims the
  oldest pending message only when none of the customer's messages is being
  answered, so one customer has one turn at a time across replicas. A claim
  names its owner (a process) and expires; `renew_claims` is the owner's
  heartbeat, and `requeue_expired` (at startup and periodically) puts only
  expired claims back, never a live replica's.
- `load_turn` reads what the turn needs (it writes nothing); `mark_answered`
  closes the message in the transaction that stores its reply.
- `customers_with_pending` names the customers whose messages wait.

Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from bookbot.store.columns import utc
from bookbot.store.conversations import (
    ChatMessage,
    get_or_create_conversation,
    history,
    record_inbound,
)
from bookbot.store.customers import get_or_create_customer
from bookbot.store.db import lock_customer
from bookbot.store.models import ConversationRow, CustomerRow, MessageRow

PENDING, PROCESSING, ANSWERED, FAILED = "pending", "processing", "answered", "failed"
RECEIVED = "received"
"""A message answered at once, outside the queue (the terminal chat, the evals)."""
UNANSWERED = (PENDING, PROCESSING)


@dataclass(frozen=True, slots=True)
class Stored:
    """A customer's message just stored, with the customer and conversation it went to."""

    message_id: int
    customer_id: int
    conversation_id: int
    customer_name: str | None


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
    status: str = PENDING,
) -> Stored | None:
    """Store a customer's message with `status`; None when its WhatsApp id was seen before.

    The customer (by phone) and their conversation on `channel` are created when
    new. The conversation's window (`last_inbound_at`) only moves forward, so a
    message delivered late does not shorten it.
    """
    customer = get_or_create_customer(session, phone=phone, name=name)
    conversation = get_or_create_conversation(session, customer_id=customer.id, channel=channel)
    message = record_inbound(
        session,
        conversation_id=conversation.id,
        text=text,
        at=at,
        wa_message_id=wa_message_id,
        payload=payload,
        status=status,
    )
    if message is None:
        return None
    latest = conversation.last_inbound_at
    if latest is not None and latest > at:
        session.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conversation.id)
            .values(last_inbound_at=latest)
            .execution_options(synchronize_session=False)
        )
    session.flush()
    return Stored(message.id, customer.id, conversation.id, customer.name)


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
        .values(status=PROCESSING)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def set_status(session: Session, *, message_id: int, status: str) -> None:
    """Set the message's status (e.g. `failed`); raises NoResultFound for an unknown id."""
    session.get_one(MessageRow, message_id).status = status
    session.flush()


def _of_customer(customer_id: int) -> Any:
    return MessageRow.conversation_id.in_(
        select(ConversationRow.id).where(ConversationRow.customer_id == customer_id)
    )


def _expired(now: datetime) -> Any:
    """A claim past its expiry (or from before claims expired: no expiry)."""
    return and_(
        MessageRow.direction == "inbound",
        MessageRow.status == PROCESSING,
        or_(MessageRow.claim_expires_at.is_(None), MessageRow.claim_expires_at <= utc(now)),
    )


def claim_next(
    session: Session, *, customer_id: int, owner: str, now: datetime, until: datetime
) -> int | None:
    """Claim the customer's oldest pending message for `owner` until `until`; None
    when none waits or one of the customer's messages is being answered (by any
    process). Holds the customer's lock to the end of the transaction."""
    lock_customer(session, customer_id)
    session.execute(
        update(MessageRow)
        .where(_of_customer(customer_id), _expired(now))
        .values(status=PENDING, claimed_by=None, claim_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    busy = session.scalar(
        select(MessageRow.id)
        .where(
            _of_customer(customer_id),
            MessageRow.direction == "inbound",
            MessageRow.status == PROCESSING,
        )
        .limit(1)
    )
    if busy is not None:
        return None
    message_id = next_pending(session, customer_id=customer_id)
    if message_id is None:
        return None
    result = session.execute(
        update(MessageRow)
        .where(MessageRow.id == message_id, MessageRow.status == PENDING)
        .values(status=PROCESSING, claimed_by=owner, claim_expires_at=utc(until))
        .execution_options(synchronize_session=False)
    )
    return message_id if getattr(result, "rowcount", 0) == 1 else None


def fail_claimed(session: Session, *, message_id: int, owner: str) -> bool:
    """Mark the message `failed` if `owner` still holds its claim; whether it did."""
    result = session.execute(
        update(MessageRow)
        .where(
            MessageRow.id == message_id,
            MessageRow.status == PROCESSING,
            MessageRow.claimed_by == owner,
        )
        .values(status=FAILED)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def renew_claims(session: Session, *, owner: str, until: datetime) -> int:
    """Extend every claim `owner` holds to `until` (its heartbeat); how many."""
    result = session.execute(
        update(MessageRow)
        .where(MessageRow.claimed_by == owner, MessageRow.status == PROCESSING)
        .values(claim_expires_at=utc(until))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def requeue_expired(session: Session, *, now: datetime) -> int:
    """Put messages whose claim expired (its process stopped renewing it) back to
    pending; how many. A live claim, this process's or another's, stays."""
    result = session.execute(
        update(MessageRow)
        .where(_expired(now))
        .values(status=PENDING, claimed_by=None, claim_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def customers_with_pending(session: Session) -> list[int]:
    """The ids of the customers with pending inbound messages, in id order."""
    rows = session.scalars(
        select(ConversationRow.customer_id)
        .join(MessageRow, MessageRow.conversation_id == ConversationRow.id)
        .where(MessageRow.direction == "inbound", MessageRow.status == PENDING)
        .distinct()
    )
    return sorted(set(rows))


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


def load_turn(session: Session, *, message_id: int) -> TurnInput:
    """What the turn for the stored message `message_id` reads; raises NoResultFound
    for an unknown id. Reads only: the caller decides what the message answers."""
    row = session.get_one(MessageRow, message_id)
    conversation = session.get_one(ConversationRow, row.conversation_id)
    customer = session.get_one(CustomerRow, conversation.customer_id)
    later_reply = session.scalar(
        select(func.min(MessageRow.created_at)).where(
            MessageRow.conversation_id == conversation.id,
            MessageRow.direction == "outbound",
            MessageRow.id > row.id,
        )
    )
    kind = (row.payload or {}).get("kind")
    message = TurnMessage(
        message_id=row.id,
        conversation_id=conversation.id,
        customer_id=customer.id,
        customer_name=customer.name,
        phone=customer.phone,
        channel=conversation.channel,
        text=row.text,
        kind=kind if isinstance(kind, str) else None,
    )
    chat = history(session, conversation_id=conversation.id, before_inbound=row.id)
    return TurnInput(message, dict(conversation.state or {}), chat, later_reply)


class ClaimLost(RuntimeError):
    """The message's claim is no longer this owner's (it expired and was re-queued)."""


def mark_answered(session: Session, *, message_id: int, owner: str | None = None) -> None:
    """The inbound message `message_id` has its reply (stored in this transaction).

    With `owner`, only while that owner's claim holds: otherwise ClaimLost, and the
    caller's transaction (the reply with it) rolls back, so a turn whose claim ran
    out never stores a second reply next to the one of the process that took over.
    """
    query = update(MessageRow).where(MessageRow.id == message_id)
    if owner is not None:
        query = query.where(MessageRow.status == PROCESSING, MessageRow.claimed_by == owner)
    result = session.execute(
        query.values(status=ANSWERED).execution_options(synchronize_session=False)
    )
    if owner is not None and getattr(result, "rowcount", 0) != 1:
        raise ClaimLost(f"message {message_id}: the claim of {owner} was lost")
