"""A reply's rows: the outbound message, the proposals it shows, its outbox row.

`write_reply` stores them in the turn's last transaction. On PostgreSQL it is one
statement: the message's INSERT ... RETURNING is a CTE that the proposals' UPDATE
(`proposals.show`: shown now unless shown before, shown in this reply unless an
earlier one showed them) and the outbox's INSERT ... ON CONFLICT DO NOTHING
(`outbox.enqueue`: a dedupe key seen before is not queued again) read its id from;
the outbox body names the message under "message_id", and a queued row
NOTIFYs the senders (`wakeups.OUTBOX`, delivered with the commit, so the turn
worker needs no transaction of its own for it). Elsewhere it is one statement
each (and SQLite's senders poll).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from bookbot.store import outbox, turn_queue, wakeups
from bookbot.store.columns import UTCDateTime, db_now, utc
from bookbot.store.conversations import ChatMessage, outbound_values
from bookbot.store.models import MessageRow, OutboxRow, ProposalRow
from bookbot.store.proposals import show

MESSAGE_KEY = "message_id"
"""The key of an outbox body that names the stored message it sends."""


@dataclass(frozen=True, slots=True)
class Send:
    """The outbox row that sends a reply (its body without the message's id)."""

    phone: str
    kind: str
    dedupe_key: str
    body: dict[str, Any]
    customer_id: int | None


@dataclass(frozen=True, slots=True)
class Closes:
    """The inbound message a reply answers: marked `answered` (with how it answered
    the offers, `answer`) in the reply's statement; with `owner`, only while that
    owner's claim holds, with `claims` that claim generation of it
    (`turn_queue.ClaimLost` otherwise: the caller's transaction rolls back, so a turn
    whose claim ran out stores nothing)."""

    message_id: int
    owner: str | None = None
    answer: turn_queue.Answered | None = None
    claims: int | None = None


@dataclass(frozen=True, slots=True)
class ReplyRows:
    """What `write_reply` stored: the message's id, the outbox row's (None: not
    queued, or its dedupe key was queued before)."""

    message_id: int
    outbox_id: int | None


def write_reply(
    session: Session,
    *,
    conversation_id: int,
    text: str,
    at: datetime,
    chat: list[ChatMessage] | None,
    kind: str,
    buttons: Sequence[tuple[str, str]],
    status: str,
    shown: Sequence[uuid.UUID],
    send: Send | None,
    closes: Closes | None = None,
    notify: bool = True,
) -> ReplyRows:
    """Store the reply, mark `shown` shown in it, queue `send` for it, and mark the
    message it `closes` answered (`turn_queue.mark_answered`). Without `notify` the queued
    row wakes no sender with the commit: the caller does after it (`wakeups.Waker`)."""
    message = outbound_values(
        conversation_id=conversation_id,
        text=text,
        at=at,
        chat=chat,
        status=status,
        kind=kind,
        buttons=buttons,
        shown=shown,
    )
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _in_one(connection, message, list(shown), send, closes, at=at, notify=notify)
    reply_id = int(connection.execute(_INSERT_REPLY, message).scalar_one())
    show(session, message_id=reply_id, proposal_ids=shown, now=at)
    if closes is not None:
        turn_queue.mark_answered(
            session,
            message_id=closes.message_id,
            owner=closes.owner,
            answer=closes.answer,
            claims=closes.claims,
        )
    if send is None:
        return ReplyRows(reply_id, None)
    item = outbox.enqueue(
        session,
        phone=send.phone,
        kind=send.kind,
        dedupe_key=send.dedupe_key,
        body={**send.body, MESSAGE_KEY: reply_id},
        now=at,
        customer_id=send.customer_id,
    )
    return ReplyRows(reply_id, None if item is None else item.id)


_INSERT_REPLY = insert(MessageRow).returning(MessageRow.id)
_SHOWN_NOW = bindparam("shown_now", type_=UTCDateTime())
_Shape = tuple[tuple[str, ...], bool, tuple[str, ...] | None, tuple[bool, bool, bool] | None, bool]
_IN_ONE: dict[_Shape, Any] = {}
"""`_in_one`'s statements by shape (the message's columns, whether it shows
proposals, the outbox row's columns or None, and for the message it closes
whether a claim is checked, an answer kept and the claim's generation checked,
or None, and whether a queued row NOTIFYs the senders with the commit), each
built once, so
SQLAlchemy neither rebuilds nor re-keys nor recompiles it per reply."""


def _statement(shape: _Shape) -> Any:
    """The one statement of `_in_one` for `shape`, its values all bound parameters
    (`reply_` and `item_` and their columns' names; the proposals `shown`): none
    named like a column, which SQLAlchemy would add to a (CTE's) INSERT or UPDATE."""
    columns, shows, item_columns, closes, notify = shape
    reply = (
        insert(MessageRow)
        .values({name: bindparam(f"reply_{name}") for name in columns})
        .returning(MessageRow.id)
        .cte("reply")
    )
    reply_id = select(reply.c.id).scalar_subquery()
    selected: list[Any] = [reply.c.id]
    ctes = []
    if shows:
        marked = (
            update(ProposalRow)
            .where(ProposalRow.id.in_(bindparam("shown", expanding=True)))
            .values(
                shown_at=func.coalesce(
                    ProposalRow.shown_at, bindparam("shown_now", type_=UTCDateTime())
                ),
                shown_in_message_id=func.coalesce(ProposalRow.shown_in_message_id, reply_id),
            )
        )
        ctes.append(marked.cte("shown"))
    if item_columns is not None:
        values: dict[str, Any] = {name: bindparam(f"item_{name}") for name in item_columns}
        body = bindparam("item_body", type_=postgresql.JSONB)
        values["body"] = body.op("||")(func.jsonb_build_object(MESSAGE_KEY, reply_id))
        item = (
            postgresql.insert(OutboxRow)
            .values(values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(OutboxRow.id)
            .cte("item")
        )
        selected.append(select(item.c.id).scalar_subquery())
        if notify:  # the senders' wakeup, sent with the commit when the row was queued
            notified = select(func.pg_notify(wakeups.OUTBOX, "")).select_from(item).cte("notified")
            selected.append(select(func.count()).select_from(notified).scalar_subquery())
    if closes is not None:
        claimed, answered, generation = closes
        closing = update(MessageRow).where(MessageRow.id == bindparam("inbound_id"))
        if claimed:
            closing = closing.where(
                MessageRow.status == turn_queue.PROCESSING,
                MessageRow.claimed_by == bindparam("inbound_owner"),
            )
        if generation:
            closing = closing.where(MessageRow.claims == bindparam("inbound_claims"))
        closed_values: dict[str, Any] = {"status": turn_queue.ANSWERED, "closed_at": db_now()}
        if answered:
            closed_values |= {
                "confirmation": bindparam("inbound_confirmation"),
                "confirmation_source": bindparam("inbound_source"),
                "proposal_id": bindparam("inbound_proposal"),
            }
        closed = closing.values(closed_values).returning(MessageRow.id).cte("closed")
        selected.append(select(func.count()).select_from(closed).scalar_subquery())
    return select(*selected).add_cte(*ctes) if ctes else select(*selected)


def _in_one(
    connection: Connection,
    message: dict[str, Any],
    shown: list[uuid.UUID],
    send: Send | None,
    closes: Closes | None,
    *,
    at: datetime,
    notify: bool,
) -> ReplyRows:
    """PostgreSQL: `write_reply` in one statement."""
    params = {f"reply_{name}": value for name, value in message.items()}
    item_columns = None
    if shown:
        params |= {"shown": shown, "shown_now": utc(at)}
    if send is not None:
        values = outbox.outbox_values(
            phone=send.phone,
            kind=send.kind,
            dedupe_key=send.dedupe_key,
            body=send.body,
            now=at,
            customer_id=send.customer_id,
        )
        item_columns = tuple(values)
        params |= {f"item_{name}": value for name, value in values.items()}
    closing = None
    if closes is not None:
        claimed = closes.owner is not None
        closing = (claimed, closes.answer is not None, claimed and closes.claims is not None)
        params |= {"inbound_id": closes.message_id, "inbound_owner": closes.owner}
        if closing[2]:
            params["inbound_claims"] = closes.claims
        if closes.answer is not None:
            params |= {
                "inbound_confirmation": closes.answer.confirmation,
                "inbound_source": closes.answer.source,
                "inbound_proposal": closes.answer.proposal_id,
            }
    shape = (tuple(message), bool(shown), item_columns, closing, notify)
    statement = _IN_ONE.get(shape)
    if statement is None:
        statement = _IN_ONE.setdefault(shape, _statement(shape))
    found = connection.execute(statement, params).one()
    if closes is not None and closes.owner is not None and found[-1] != 1:
        raise turn_queue.ClaimLost(
            f"message {closes.message_id}: the claim of {closes.owner} was lost"
        )
    item_id = found[1] if send is not None else None
    return ReplyRows(int(found[0]), None if item_id is None else int(item_id))
