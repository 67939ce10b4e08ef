"""A reply's rows: the outbound message, the proposals it shows, its outbox row, the
close of the message it answers, and the record of the turn that wrote it.

`write_reply` stores them in the turn's last write. On PostgreSQL it is one
statement (`reply_statement`, text written once per shape and run by
`store.db.plain_rows`): the message's INSERT ... RETURNING is a CTE that the
proposals' UPDATE (`proposals.show`: shown now unless shown before, shown in this
reply unless an earlier one showed them) and the outbox's INSERT ... ON CONFLICT DO
NOTHING (`outbox.enqueue`: a dedupe key seen before is not queued again) read its id
from; the outbox body names the message under "message_id", and a queued row
NOTIFYs the senders (`wakeups.OUTBOX`, delivered with the commit) unless the caller
wakes them after it; the turn's record (`turn_records`) and the message's close are
CTEs of it too. Being one statement, it is all or nothing on its own: the turn worker
runs it in autocommit (no BEGIN and COMMIT round trips), and a claim found lost fails
the statement itself (`CLAIM_LOST`). Elsewhere it is one statement each (and
SQLite's senders poll).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, exc, insert
from sqlalchemy.orm import Session

from bookbot.store import outbox, turn_queue, wakeups
from bookbot.store.columns import utc
from bookbot.store.conversations import ChatMessage, outbound_values
from bookbot.store.db import json_text, plain_rows
from bookbot.store.models import MessageRow
from bookbot.store.proposals import show
from bookbot.store.turn_records import TURN_CTES, TurnRecord, record_turn, turn_params

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
    turn: TurnRecord | None = None,
) -> ReplyRows:
    """Store the reply, mark `shown` shown in it, queue `send` for it, mark the
    message it `closes` answered (`turn_queue.mark_answered`), and store the `turn`
    that wrote it (`turn_records.record_turn`). Without `notify` the queued row wakes
    no sender with the commit: the caller does after it (`wakeups.Waker`)."""
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
        return _in_one(
            connection, message, list(shown), send, closes, at=at, notify=notify, turn=turn
        )
    if turn is not None:
        record_turn(session, turn)
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


CLAIM_LOST = "bookbot: the claim was lost"
"""In the error of a reply's statement that found the message's claim taken over: the
statement fails (a cast of this text to an integer), so everything it wrote is rolled
back, also in autocommit, where no transaction is left to roll back."""


@lru_cache(maxsize=64)
def reply_statement(
    *,
    shows: bool,
    queues: bool,
    notify: bool,
    closes: tuple[bool, bool, bool] | None,
    records: bool,
) -> str:
    """PostgreSQL: `write_reply` as one statement's text, for `plain_rows` (written once
    per shape, never compiled again): the reply's INSERT ... RETURNING is a CTE that the
    proposals' UPDATE (`shows`), the outbox row's INSERT ... ON CONFLICT DO NOTHING
    (`queues`; with `notify` its NOTIFY to the senders), the close of the message it
    answers (`closes`: whether a claim is checked, whether an answer is kept, whether the
    claim's generation is checked) read its
    id from; with `records`, the turn's record too (`turn_records.TURN_CTES`). Its row:
    the reply's id, the outbox row's id (`queues`), the NOTIFYs (`notify`), the
    messages closed (`closes`); a checked claim that was lost fails it (`CLAIM_LOST`)."""
    ctes = [
        "reply AS (\n    INSERT INTO messages (conversation_id, direction, text, created_at, "
        "status, payload)\n    VALUES (%(reply_conversation_id)s, %(reply_direction)s, "
        "%(reply_text)s, %(reply_created_at)s::timestamptz, %(reply_status)s, "
        "%(reply_payload)s::jsonb)\n    RETURNING id\n)"
    ]
    selected = ["(SELECT id FROM reply)"]
    if shows:
        ctes.append(
            "shown AS (\n    UPDATE proposals SET "
            "shown_at = coalesce(shown_at, %(shown_now)s::timestamptz),\n"
            "        shown_in_message_id = coalesce(shown_in_message_id, (SELECT id FROM reply))"
            "\n    WHERE id = ANY(%(shown)s::uuid[])\n)"
        )
    if queues:
        ctes.append(
            "item AS (\n    INSERT INTO outbox (customer_id, phone, kind, dedupe_key, body, "
            "status, attempts, created_at, send_after)\n    VALUES (%(item_customer_id)s, "
            "%(item_phone)s, %(item_kind)s, %(item_dedupe_key)s, %(item_body)s::jsonb || "
            f"jsonb_build_object('{MESSAGE_KEY}', (SELECT id FROM reply)), %(item_status)s, "
            "%(item_attempts)s, %(item_created_at)s::timestamptz, "
            "%(item_send_after)s::timestamptz)\n"
            "    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id\n)"
        )
        selected.append("(SELECT id FROM item)")
        if notify:  # the senders' wakeup, sent with the commit when the row was queued
            ctes.append(f"notified AS (SELECT pg_notify('{wakeups.OUTBOX}', '') FROM item)")
            selected.append("(SELECT count(*) FROM notified)")
    if closes is not None:
        ctes.append(_closing(*closes))
        selected.append("(SELECT count(*) FROM closed)")
        if closes[0]:
            selected.append(
                "(SELECT CAST(CASE WHEN count(*) = 1 THEN '1' "
                f"ELSE '{CLAIM_LOST}' END AS integer) FROM closed)"
            )
    if records:
        ctes.append(TURN_CTES)
        selected.append("(SELECT id FROM new_turn)")
    return "WITH " + ",\n".join(ctes) + "\nSELECT " + ", ".join(selected)


def _closing(claimed: bool, answered: bool, generation: bool) -> str:
    """The `closed` CTE: the answered message marked `answered` (as
    `turn_queue.mark_answered`), while `claimed`, only under its owner's claim, and
    with `generation`, only under the same claim (`messages.claims`)."""
    values = f"status = '{turn_queue.ANSWERED}', closed_at = clock_timestamp()"
    if answered:
        values += (
            ", confirmation = %(inbound_confirmation)s, "
            "confirmation_source = %(inbound_source)s, proposal_id = %(inbound_proposal)s::uuid"
        )
    where = "id = %(inbound_id)s"
    if claimed:
        where += f" AND status = '{turn_queue.PROCESSING}' AND claimed_by = %(inbound_owner)s"
    if generation:
        where += " AND claims = %(inbound_claims)s"
    return f"closed AS (\n    UPDATE messages SET {values}\n    WHERE {where}\n    RETURNING id\n)"


def _in_one(
    connection: Connection,
    message: dict[str, Any],
    shown: list[uuid.UUID],
    send: Send | None,
    closes: Closes | None,
    *,
    at: datetime,
    notify: bool,
    turn: TurnRecord | None,
) -> ReplyRows:
    """PostgreSQL: `write_reply` in one statement (`reply_statement`)."""
    params = {f"reply_{name}": value for name, value in message.items()}
    params["reply_payload"] = Jsonb(message["payload"], json_text)
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
        params |= {f"item_{name}": value for name, value in values.items()}
        params["item_body"] = Jsonb(values["body"], json_text)
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
    if turn is not None:
        params |= turn_params(turn)
    statement = reply_statement(
        shows=bool(shown),
        queues=send is not None,
        notify=send is not None and notify,
        closes=closing,
        records=turn is not None,
    )
    try:
        ((reply_id, *rest),) = plain_rows(connection, statement, params)
    except exc.DBAPIError as error:
        if closes is not None and CLAIM_LOST in str(error.orig):
            raise turn_queue.ClaimLost(
                f"message {closes.message_id}: the claim of {closes.owner} was lost"
            ) from error
        raise
    item_id = rest[0] if send is not None else None
    return ReplyRows(int(reply_id), None if item_id is None else int(item_id))
