"""Proposals: what the bot showed a customer, and may therefore book.

A proposal is created by a planning tool (replacing, through `expires_at`, the
conversation's earlier unbooked proposals for the same service), marked *shown*
when the turn's reply goes out (with the reply that showed it), *answered* when
the customer writes again (`answer`: how that message answers this proposal, see
`bookbot.store.confirmations`), and *booked* once applied. `bookable_proposal`
enforces the rule of DESIGN.md: only a proposal of this customer's conversation,
shown, the newest of its service, and confirmed: the customer's message that
answers it is an explicit yes to it (`NotConfirmedError` otherwise).
A proposal keeps its plan as JSON (`plan_payload` / `proposal_plan` convert).
Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Integer, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.orm import Session

from bookbot.core.config import Business, Service
from bookbot.core.errors import AlreadyBookedError, ProposalError
from bookbot.core.types import Plan, PlannedSession
from bookbot.store.columns import UTCDateTime, utc
from bookbot.store.db import json_text, plain, plain_rows
from bookbot.store.lookup import service_pk
from bookbot.store.models import MessageRow, ProposalRow, ServiceRow

SHOWN_KEY = "proposals"
"""The key of a reply's payload that lists the ids of the proposals it shows."""


class NotConfirmedError(ProposalError):
    """The customer's answer to the proposal is not a clear yes (`answer`: no, change,
    unclear, or None when they have not written since it was shown)."""

    def __init__(self, message: str, *, answer: str | None) -> None:
        super().__init__(message)
        self.answer = answer


@dataclass(frozen=True, slots=True)
class ProposalRecord:
    id: uuid.UUID
    conversation_id: int
    customer_id: int
    service_id: str
    group_id: uuid.UUID | None
    kind: str
    payload: dict[str, Any]
    shown_at: datetime | None
    answered_at: datetime | None
    booked_at: datetime | None
    replaced_at: datetime | None
    answer: str | None = None
    shown_in_message_id: int | None = None


_COLUMNS = (
    ProposalRow.id,
    ProposalRow.conversation_id,
    ProposalRow.customer_id,
    ServiceRow.slug,
    ProposalRow.session_group_id,
    ProposalRow.kind,
    ProposalRow.sessions,
    ProposalRow.shown_at,
    ProposalRow.answered_at,
    ProposalRow.booked_at,
    ProposalRow.expires_at,
    ProposalRow.answer,
    ProposalRow.shown_in_message_id,
)
_READ = select(*_COLUMNS).join(ServiceRow, ServiceRow.id == ProposalRow.service_id)
"""A proposal with its service's slug, read with Core (`_of` makes the record)."""


def _of(row: Any) -> ProposalRecord:
    """The record of a `_READ` row (the columns in `ProposalRecord`'s order)."""
    values = list(row)
    values[6] = dict(values[6])
    return ProposalRecord(*values)


def _record(row: ProposalRow, slug: str) -> ProposalRecord:
    return ProposalRecord(
        id=row.id,
        conversation_id=row.conversation_id,
        customer_id=row.customer_id,
        service_id=slug,
        group_id=row.session_group_id,
        kind=row.kind,
        payload=dict(row.sessions),
        shown_at=row.shown_at,
        answered_at=row.answered_at,
        booked_at=row.booked_at,
        replaced_at=row.expires_at,
        answer=row.answer,
        shown_in_message_id=row.shown_in_message_id,
    )


def plan_payload(plan: Plan) -> dict[str, Any]:
    """The plan as a proposal keeps it (JSON: local ISO times with their offsets)."""
    return {
        "sessions": [
            {"number": s.number, "start": s.start.isoformat(), "end": s.end.isoformat()}
            for s in plan.sessions
        ],
        "moved": list(plan.moved),
        "renumbered": [list(pair) for pair in plan.renumbered],
    }


def proposal_plan(proposal: ProposalRecord, service: Service) -> Plan:
    """The plan a proposal of `service` holds (its sessions named as the service names them)."""
    payload = proposal.payload
    sessions = tuple(
        PlannedSession(
            number=int(item["number"]),
            start=datetime.fromisoformat(str(item["start"])),
            end=datetime.fromisoformat(str(item["end"])),
            name=service.session_name(int(item["number"])),
        )
        for item in payload.get("sessions") or []
    )
    return Plan(
        sessions=sessions,
        moved=tuple(int(m) for m in payload.get("moved") or []),
        renumbered=tuple((int(a), int(b)) for a, b in payload.get("renumbered") or []),
    )


_REPLACE_OLDER = (
    update(ProposalRow)
    .where(
        ProposalRow.conversation_id == bindparam("replacing_conversation"),
        ProposalRow.service_id == bindparam("replacing_service"),
        ProposalRow.booked_at.is_(None),
        ProposalRow.expires_at.is_(None),
    )
    .values(expires_at=bindparam("replaced_at"))
)
_CREATE = insert(ProposalRow).values(
    {
        name: bindparam(f"new_{name}")
        for name in (
            "id",
            "conversation_id",
            "customer_id",
            "service_id",
            "session_group_id",
            "kind",
            "sessions",
            "created_at",
        )
    }
)
_CREATE_REPLACING = _CREATE.add_cte(_REPLACE_OLDER.cte("replaced"))
"""PostgreSQL: the replacement a data-modifying CTE of the insert. No parameter of
these statements is named like a column: SQLAlchemy would add that column to an
INSERT's or UPDATE's values (a CTE's too)."""
_CREATE_REPLACING_POSTGRES = str(_CREATE_REPLACING.compile(dialect=psycopg.dialect()))  # type: ignore[no-untyped-call]
"""`_CREATE_REPLACING` as PostgreSQL's text, for `plain_rows` (one statement: the turn
worker runs it in autocommit, `ToolContext.one_statement`)."""


def create_proposal(
    session: Session,
    *,
    business: Business,
    conversation_id: int,
    customer_id: int,
    service_id: str,
    group_id: uuid.UUID | None,
    kind: str,
    plan: Plan,
    now: datetime,
    service_key: int | None = None,
) -> ProposalRecord:
    """Keep `plan` as the conversation's proposal of `kind` for the service; it replaces
    the conversation's earlier unbooked proposals for that service.

    `service_key` is the service's database id when the caller read it already.
    Writes with Core (the row is not read back); on PostgreSQL the replacement and
    the insert are one statement (the UPDATE a data-modifying CTE of the INSERT: both
    see the snapshot before it, so the new proposal is not replaced)."""
    service = service_key
    if service is None:
        service = service_pk(session, business=business, service_id=service_id)
    key, payload = uuid.uuid4(), plan_payload(plan)
    params = {
        "new_id": key,
        "new_conversation_id": conversation_id,
        "new_customer_id": customer_id,
        "new_service_id": service,
        "new_session_group_id": group_id,
        "new_kind": kind,
        "new_sessions": payload,
        "new_created_at": now,
    }
    replacing = {
        "replacing_conversation": conversation_id,
        "replacing_service": service,
        "replaced_at": now,
    }
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        plain = {"new_sessions": Jsonb(payload, json_text), "new_created_at": utc(now)}
        plain_rows(
            connection,
            _CREATE_REPLACING_POSTGRES,
            params | plain | replacing | {"replaced_at": utc(now)},
        )
    else:
        connection.execute(_REPLACE_OLDER, replacing)
        connection.execute(_CREATE, params)
    return ProposalRecord(
        id=key,
        conversation_id=conversation_id,
        customer_id=customer_id,
        service_id=service_id,
        group_id=group_id,
        kind=kind,
        payload=payload,
        shown_at=None,
        answered_at=None,
        booked_at=None,
        replaced_at=None,
    )


def mark_shown(
    session: Session, *, conversation_id: int, now: datetime, message_id: int | None = None
) -> list[uuid.UUID]:
    """Every proposal of the conversation not yet shown was shown in this reply; their ids.

    `message_id` is the stored reply that shows them: it lists them in its payload
    (see `show_in`), so a button or a reaction under it names them.
    """
    shown = list(
        session.scalars(
            select(ProposalRow.id)
            .where(ProposalRow.conversation_id == conversation_id, ProposalRow.shown_at.is_(None))
            .order_by(ProposalRow.created_at, ProposalRow.id)
        )
    )
    if not shown:
        return []
    session.execute(
        update(ProposalRow)
        .where(ProposalRow.id.in_(shown))
        .values(shown_at=now)
        .execution_options(synchronize_session=False)
    )
    if message_id is not None:
        show_in(session, message_id=message_id, proposal_ids=shown)
    return shown


def show_in(session: Session, *, message_id: int, proposal_ids: list[uuid.UUID]) -> None:
    """The reply `message_id` shows `proposal_ids`: it lists them in its payload, and
    is the reply that showed each of them that no earlier reply showed."""
    if not proposal_ids:
        return
    session.execute(
        update(ProposalRow)
        .where(ProposalRow.id.in_(proposal_ids), ProposalRow.shown_in_message_id.is_(None))
        .values(shown_in_message_id=message_id)
        .execution_options(synchronize_session=False)
    )
    row = session.get_one(MessageRow, message_id)
    payload = dict(row.payload or {})
    listed = [str(p) for p in payload.get(SHOWN_KEY) or []]
    listed += [str(p) for p in proposal_ids if str(p) not in listed]
    row.payload = {**payload, SHOWN_KEY: listed}
    session.flush()


def show(
    session: Session, *, message_id: int, proposal_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    """The reply `message_id` (which lists them in its payload, see
    `conversations.record_outbound(shown=...)`) shows `proposal_ids`: shown at `now`
    unless shown before, and shown in this reply unless an earlier reply showed
    them. One UPDATE."""
    if not proposal_ids:
        return
    session.connection().execute(
        _SHOW, {"ids": list(proposal_ids), "now": now, "message_id": message_id}
    )


_SHOW = (  # parameters not named like a column: an UPDATE would set that column
    update(ProposalRow)
    .where(ProposalRow.id.in_(bindparam("ids", expanding=True)))
    .values(
        shown_at=func.coalesce(ProposalRow.shown_at, bindparam("now", type_=UTCDateTime())),
        shown_in_message_id=func.coalesce(
            ProposalRow.shown_in_message_id, bindparam("message_id", type_=Integer())
        ),
    )
)


_WAITS = and_(
    ProposalRow.answered_at.is_(None),
    ProposalRow.booked_at.is_(None),
    ProposalRow.expires_at.is_(None),
)
_TO_SHOW = _READ.where(
    ProposalRow.conversation_id == bindparam("conversation_id"),
    or_(ProposalRow.shown_at.is_(None), _WAITS),
).order_by(ProposalRow.created_at, ProposalRow.id)
_TO_SHOW_POSTGRES = str(_TO_SHOW.compile(dialect=psycopg.dialect()))  # type: ignore[no-untyped-call]
"""`_TO_SHOW` as PostgreSQL's text, for `plain_rows`."""


def to_show(
    session: Session, *, conversation_id: int
) -> tuple[list[uuid.UUID], ProposalRecord | None]:
    """In one read: the conversation's proposals not yet shown (which the next reply
    shows), and the newest proposal that waits for a yes or no once they are shown
    (`awaiting_answer` after `mark_shown`)."""
    connection = session.connection()
    params = {"conversation_id": conversation_id}
    if connection.dialect.name == "postgresql":  # a statement of every turn's write
        rows: Sequence[Any] = plain_rows(connection, _TO_SHOW_POSTGRES, params)
    else:
        rows = connection.execute(_TO_SHOW, params).all()
    # the columns of `_READ`: 0 id, 7 shown_at, 8 answered_at, 9 booked_at, 10 replaced
    unshown = [row[0] for row in rows if row[7] is None]
    waiting = [row for row in rows if row[8] is None and row[9] is None and row[10] is None]
    return unshown, (_plain_of(waiting[-1]) if waiting else None)


def _plain_of(row: Any) -> ProposalRecord:
    """`_of` for a row read without SQLAlchemy's types (`plain_rows`): its
    timestamps in UTC, as `UTCDateTime` reads them."""
    values = list(row)
    for index in (7, 8, 9, 10):
        if values[index] is not None:
            values[index] = utc(values[index])
    return _of(values)


_MARK_ANSWERED = (
    update(ProposalRow)
    .where(
        ProposalRow.conversation_id == bindparam("answering_conversation"),
        ProposalRow.shown_at.is_not(None),
        ProposalRow.answered_at.is_(None),
    )
    .values(answered_at=bindparam("now"))
)
_MARK_ANSWERED_BEFORE = _MARK_ANSWERED.where(ProposalRow.shown_at < bindparam("shown_before"))


def mark_answered(
    session: Session,
    *,
    conversation_id: int,
    now: datetime,
    shown_before: datetime | None = None,
) -> None:
    """The customer wrote after every shown proposal of the conversation (with
    `shown_before`: after those shown before that moment)."""
    statement = _MARK_ANSWERED if shown_before is None else _MARK_ANSWERED_BEFORE
    params = {"answering_conversation": conversation_id, "now": now, "shown_before": shown_before}
    session.connection().execute(statement, params)


def awaiting_answer_kind(session: Session, *, conversation_id: int) -> str | None:
    """The kind of the conversation's newest shown proposal still waiting for a yes or no.

    Waiting: shown, and not yet answered, booked or replaced. None when no
    proposal waits (the reply then needs no confirmation buttons).
    """
    waiting = awaiting_answer(session, conversation_id=conversation_id)
    return None if waiting is None else waiting.kind


_AWAITING = (
    _READ.where(
        ProposalRow.conversation_id == bindparam("conversation_id"),
        ProposalRow.shown_at.is_not(None),
        _WAITS,
    )
    .order_by(ProposalRow.created_at.desc(), ProposalRow.id.desc())
    .limit(1)
)
_FIND = _READ.where(ProposalRow.id == bindparam("proposal_id"))


def awaiting_answer(session: Session, *, conversation_id: int) -> ProposalRecord | None:
    """The conversation's newest shown proposal still waiting for a yes or no (see
    `awaiting_answer_kind`); None when none waits."""
    found = session.connection().execute(_AWAITING, {"conversation_id": conversation_id}).first()
    return None if found is None else _of(found)


def find_proposal(session: Session, *, proposal_id: uuid.UUID) -> ProposalRecord | None:
    found = session.connection().execute(_FIND, {"proposal_id": proposal_id}).first()
    return None if found is None else _of(found)


def current_offer(session: Session, *, proposal_id: uuid.UUID) -> ProposalRecord | None:
    """What replaced the proposal: its conversation's newest proposal for the same
    service, when that one was shown and is neither booked nor replaced; else None."""
    old = session.get(ProposalRow, proposal_id)
    if old is None:
        return None
    found = session.execute(
        select(ProposalRow, ServiceRow.slug)
        .join(ServiceRow, ServiceRow.id == ProposalRow.service_id)
        .where(
            ProposalRow.conversation_id == old.conversation_id,
            ProposalRow.service_id == old.service_id,
            ProposalRow.shown_at.is_not(None),
            ProposalRow.booked_at.is_(None),
            ProposalRow.expires_at.is_(None),
        )
        .order_by(ProposalRow.created_at.desc(), ProposalRow.id.desc())
        .limit(1)
    ).first()
    return None if found is None else _record(*found)


_CLAIM_FOR_BOOKING = (
    update(ProposalRow)
    .where(
        ProposalRow.id == bindparam("proposal_id"),
        ProposalRow.booked_at.is_(None),
        ProposalRow.expires_at.is_(None),
        ProposalRow.answer == "yes",
    )
    .values(booked_at=bindparam("now"))
)


def claim_for_booking(session: Session, *, proposal_id: uuid.UUID, now: datetime) -> None:
    """Mark the proposal booked, in the transaction that books it.

    Raises AlreadyBookedError when it was booked before (also by a concurrent
    transaction that committed first), so a proposal is applied at most once,
    ProposalError when a newer proposal replaced it in the meantime, and
    NotConfirmedError when the customer's answer to it is not (or no longer) a yes.
    """
    connection = session.connection()
    params = {"proposal_id": proposal_id, "now": utc(now)}
    if connection.dialect.name == "postgresql":
        if _CLAIM_FOR_BOOKING_POSTGRES.rows(connection, params):
            return
    elif connection.execute(_CLAIM_FOR_BOOKING, params).rowcount == 1:
        return
    found = session.execute(
        select(ProposalRow.booked_at, ProposalRow.expires_at, ProposalRow.answer).where(
            ProposalRow.id == proposal_id
        )
    ).first()
    if found is None:
        raise ProposalError(f"no proposal {proposal_id}")
    booked, replaced, answer = found
    if booked is not None:
        raise AlreadyBookedError(f"proposal {proposal_id} was booked before")
    if replaced is not None:
        raise ProposalError("a newer proposal for this service replaced this one; use that one")
    raise NotConfirmedError(_UNCONFIRMED[answer], answer=answer)


_CLAIM_FOR_BOOKING_POSTGRES = plain(_CLAIM_FOR_BOOKING.returning(ProposalRow.id))
"""`_CLAIM_FOR_BOOKING` for `plain_rows`: the proposal's id when it was claimed."""
_BOOKABLE = _FIND.where(
    ProposalRow.customer_id == bindparam("customer_id"),
    ProposalRow.conversation_id == bindparam("conversation_id"),
)
_BOOKABLE_POSTGRES = plain(_BOOKABLE)


def bookable_proposal(
    session: Session, *, proposal_id: str, conversation_id: int, customer_id: int
) -> ProposalRecord:
    """The proposal, if this customer may book it now; else ProposalError saying why."""
    try:
        key = uuid.UUID(str(proposal_id).strip())
    except ValueError:
        raise ProposalError(f"{proposal_id!r} is not a proposal id") from None
    params = {"proposal_id": key, "customer_id": customer_id, "conversation_id": conversation_id}
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # a statement of every booking turn
        rows = _BOOKABLE_POSTGRES.rows(connection, params)
        record = _plain_of(rows[0]) if rows else None
    else:
        found = connection.execute(_BOOKABLE, params).first()
        record = None if found is None else _of(found)
    if record is None:
        raise ProposalError(f"no proposal {proposal_id} in this conversation")
    if record.booked_at is not None:
        return record
    if record.shown_at is None:
        raise ProposalError(
            "this proposal has not been shown to the customer yet; "
            "show it and wait for the customer's confirmation"
        )
    if record.replaced_at is not None:
        raise ProposalError("a newer proposal for this service replaced this one; use that one")
    if record.answer != "yes":
        raise NotConfirmedError(_UNCONFIRMED[record.answer], answer=record.answer)
    return record


_UNCONFIRMED: dict[str | None, str] = {
    None: "the customer has not answered this proposal yet",
    "no": "the customer said no to this proposal",
    "change": "the customer asked for a change to this proposal",
    "unclear": "the customer's last message is not a clear yes to this proposal",
}
