"""Conversations and their messages (the record of each agent turn is
`bookbot.store.turn_records`'s).

The chat history the model reads is rebuilt from the messages: an inbound
message is a user message; a reply carries, in its payload, the assistant and
tool messages of the turn that produced it. Functions take a Session; the
caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, exists, insert, or_, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from bookbot.store.columns import utc
from bookbot.store.db import insert_missing
from bookbot.store.models import ConversationRow, MessageRow
from bookbot.store.proposals import SHOWN_KEY

ChatMessage = dict[str, Any]
STAFF_KIND = "staff"
"""The payload kind of a message staff wrote to the customer from the admin."""
HISTORY_MESSAGES = 60
"""Messages read back per turn; the agent trims further to its token budget."""


@dataclass(frozen=True, slots=True)
class ConversationRecord:
    id: int
    customer_id: int
    channel: str
    state: dict[str, Any]
    last_inbound_at: datetime | None
    handoff_status: str | None = None
    """"requested" or "taken" while the thread is with staff (`bookbot.store.handoff`)."""


@dataclass(frozen=True, slots=True)
class MessageRecord:
    id: int
    conversation_id: int
    direction: str
    text: str
    wa_message_id: str | None
    created_at: datetime


def _conversation(row: ConversationRow) -> ConversationRecord:
    return ConversationRecord(
        row.id,
        row.customer_id,
        row.channel,
        dict(row.state or {}),
        row.last_inbound_at,
        row.handoff_status,
    )


def _message(row: MessageRow) -> MessageRecord:
    return MessageRecord(
        row.id, row.conversation_id, row.direction, row.text, row.wa_message_id, row.created_at
    )


def get_or_create_conversation(
    session: Session, *, customer_id: int, channel: str = "whatsapp"
) -> ConversationRecord:
    """The customer's conversation on `channel`, created when new; race-safe across
    processes (the insert skips a conversation created meanwhile, then it is read)."""
    query = select(ConversationRow).where(
        ConversationRow.customer_id == customer_id, ConversationRow.channel == channel
    )
    row = session.scalar(query)
    if row is None:
        values = {"customer_id": customer_id, "channel": channel, "state": {}}
        insert_missing(session, ConversationRow, values, keys=["customer_id", "channel"])
        row = session.scalars(query).one()
    return _conversation(row)


def find_conversation(
    session: Session, *, customer_id: int, channel: str
) -> ConversationRecord | None:
    """The customer's conversation on `channel`; None when they never wrote there."""
    row = session.scalar(
        select(ConversationRow).where(
            ConversationRow.customer_id == customer_id, ConversationRow.channel == channel
        )
    )
    return None if row is None else _conversation(row)


def get_conversation(session: Session, *, conversation_id: int) -> ConversationRecord:
    row = session.get(ConversationRow, conversation_id)
    if row is None:
        raise LookupError(f"no conversation {conversation_id}")
    return _conversation(row)


def record_inbound(
    session: Session,
    *,
    conversation_id: int,
    text: str,
    at: datetime,
    wa_message_id: str | None = None,
    payload: dict[str, Any] | None = None,
    status: str = "received",
    moves_window: bool = True,
) -> MessageRecord | None:
    """Store a customer's message with `status`; None when this WhatsApp message id was seen.

    A WhatsApp id is unique: of two deliveries of one message (two replicas, a
    redelivery racing the first), the insert of the second is skipped. The
    conversation's window (`last_inbound_at`) moves to `at` unless it is later
    already (`moves_window=False`: the caller opened it at `at`)."""
    values: dict[str, Any] = {
        "conversation_id": conversation_id,
        "direction": "inbound",
        "text": text,
        "wa_message_id": wa_message_id,
        "created_at": utc(at),
        "status": status,
        "payload": payload,
    }
    connection = session.connection()
    if moves_window and connection.dialect.name == "postgresql":
        new_id = _insert_moving_window(connection, values, at=utc(at))
    elif wa_message_id is None:
        new_id = int(connection.execute(_INSERT_MESSAGE, values).scalar_one())
    else:
        new_id = insert_missing(session, MessageRow, values, keys=["wa_message_id"])
    if new_id is None:
        return None
    if moves_window and connection.dialect.name != "postgresql":
        connection.execute(_MOVE_WINDOW, {"conversation_id": conversation_id, "at": utc(at)})
    return MessageRecord(new_id, conversation_id, "inbound", text, wa_message_id, at)


def _insert_moving_window(
    connection: Connection, values: dict[str, Any], *, at: datetime
) -> int | None:
    """PostgreSQL: the inbound message's INSERT (skipped for a WhatsApp id seen before)
    and its window's move, in one statement built once (`_INSERT_MOVING_WINDOW`); the
    new message's id, or None."""
    params = {f"new_{name}": value for name, value in values.items()}
    found = connection.execute(_INSERT_MOVING_WINDOW, {**params, "new_at": at}).scalar()
    return None if found is None else int(found)


def _insert_moving_window_statement() -> Any:
    """The move is a CTE that runs only when the message was inserted. (The parameters
    are named `new_*`: a parameter named like a column, `created_at`, would be taken
    as a value of that column by the UPDATE as well.)"""
    columns = ("conversation_id", "direction", "text", "wa_message_id", "status")
    row: dict[str, Any] = {name: bindparam(f"new_{name}") for name in columns}
    row["created_at"] = bindparam("new_created_at", type_=MessageRow.created_at.type)
    row["payload"] = bindparam("new_payload", type_=MessageRow.payload.type)
    inserted = (
        postgresql.insert(MessageRow)
        .values(row)
        .on_conflict_do_nothing(index_elements=["wa_message_id"])
        .returning(MessageRow.id)
        .cte("inserted")
    )
    at = bindparam("new_at", type_=ConversationRow.last_inbound_at.type)
    moved = (
        update(ConversationRow)
        .where(
            ConversationRow.id == bindparam("new_conversation_id"),
            or_(ConversationRow.last_inbound_at.is_(None), ConversationRow.last_inbound_at < at),
            exists(select(inserted.c.id)),
        )
        .values(last_inbound_at=at)
        .cte("moved")
    )
    return select(inserted.c.id).add_cte(moved)


_INSERT_MOVING_WINDOW = _insert_moving_window_statement()


_INSERT_MESSAGE = insert(MessageRow).returning(MessageRow.id)
_MOVE_WINDOW = (
    update(ConversationRow)
    .where(
        ConversationRow.id == bindparam("conversation_id"),
        or_(
            ConversationRow.last_inbound_at.is_(None),
            ConversationRow.last_inbound_at < bindparam("at"),
        ),
    )
    .values(last_inbound_at=bindparam("at"))
    .execution_options(synchronize_session=False)
)
"""The window opens at a message's time, never earlier than it was."""


def record_outbound(
    session: Session,
    *,
    conversation_id: int,
    text: str,
    at: datetime,
    chat: list[ChatMessage] | None = None,
    status: str = "queued",
    kind: str = "reply",
    buttons: Sequence[tuple[str, str]] = (),
    shown: Sequence[uuid.UUID] = (),
    by: str | None = None,
) -> MessageRecord:
    """Store a message to the customer (one INSERT); `chat` is the turn's
    assistant/tool trail, `buttons` the (id, title) reply buttons it offers, `shown`
    the proposals it shows (listed in its payload, see `proposals.show`), `by` the
    staff member who wrote it (a message of kind "staff")."""
    values = outbound_values(
        conversation_id=conversation_id,
        text=text,
        at=at,
        chat=chat,
        status=status,
        kind=kind,
        buttons=buttons,
        shown=shown,
        by=by,
    )
    new_id = int(session.connection().execute(_INSERT_MESSAGE, values).scalar_one())
    return MessageRecord(new_id, conversation_id, "outbound", text, None, at)


def outbound_values(
    *,
    conversation_id: int,
    text: str,
    at: datetime,
    chat: list[ChatMessage] | None,
    status: str,
    kind: str,
    buttons: Sequence[tuple[str, str]],
    shown: Sequence[uuid.UUID],
    by: str | None = None,
) -> dict[str, Any]:
    """The messages row of `record_outbound`."""
    payload: dict[str, Any] = {"kind": kind}
    if by is not None:
        payload["by"] = by
    if chat is not None:
        payload["chat"] = chat
    if buttons:
        payload["buttons"] = [list(b) for b in buttons]
    if shown:
        payload[SHOWN_KEY] = [str(p) for p in shown]
    return {
        "conversation_id": conversation_id,
        "direction": "outbound",
        "text": text,
        "created_at": utc(at),
        "status": status,
        "payload": payload,
    }


def set_message_status(
    session: Session, *, message_id: int, status: str, wa_message_id: str | None = None
) -> None:
    row = session.get(MessageRow, message_id)
    if row is not None:
        row.status = status
        if wa_message_id is not None:
            row.wa_message_id = wa_message_id
        session.flush()


def history(
    session: Session,
    *,
    conversation_id: int,
    limit: int = HISTORY_MESSAGES,
    before_inbound: int | None = None,
) -> list[ChatMessage]:
    """The conversation in chat format, oldest first (the newest `limit` messages).

    With `before_inbound`, only the customer's messages stored before that message
    id count (the history of its turn: earlier messages and every reply so far).
    """
    query = select(MessageRow.direction, MessageRow.text, MessageRow.payload).where(
        MessageRow.conversation_id == conversation_id
    )
    if before_inbound is not None:
        query = query.where(or_(MessageRow.direction == "outbound", MessageRow.id < before_inbound))
    rows = session.execute(query.order_by(MessageRow.id.desc()).limit(limit)).all()
    return chat_of((r.direction, r.text, r.payload) for r in reversed(rows))


def chat_of(rows: Iterable[tuple[str, str, dict[str, Any] | None]]) -> list[ChatMessage]:
    """Stored messages (direction, text, payload), oldest first, in chat format. A
    message staff wrote (human handoff) reads "[staff: NAME] text", so the model
    knows a person said it."""
    chat: list[ChatMessage] = []
    for direction, text, payload in rows:
        if direction == "inbound":
            chat.append({"role": "user", "content": text})
        elif payload and payload.get("kind") == STAFF_KIND:
            chat.append({"role": "assistant", "content": f"[staff: {payload.get('by')}] {text}"})
        elif payload and payload.get("chat"):
            chat.extend(payload["chat"])
        else:
            chat.append({"role": "assistant", "content": text})
    return chat


def messages(session: Session, *, conversation_id: int) -> list[MessageRecord]:
    rows = session.scalars(
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation_id)
        .order_by(MessageRow.id)
    ).all()
    return [_message(r) for r in rows]
