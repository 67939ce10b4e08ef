"""Proposals: what the bot showed a customer, and may therefore book.

A proposal is created by a planning tool (replacing, through `expires_at`, the
conversation's earlier unbooked proposals for the same service), marked *shown*
when the turn's reply goes out, marked *answered* when the customer writes again, and *booked* once
applied. `bookable_proposal` enforces the rule of DESIGN.md: only a proposal of
this customer's conversation, shown, answered, and the newest of its service.
Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.core.errors import AlreadyBookedError, ProposalError
from bookbot.store.columns import utc
from bookbot.store.lookup import service_pk
from bookbot.store.models import ProposalRow, ServiceRow


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
    )


def create_proposal(
    session: Session,
    *,
    business: Business,
    conversation_id: int,
    customer_id: int,
    service_id: str,
    group_id: uuid.UUID | None,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
) -> ProposalRecord:
    service = service_pk(session, business=business, service_id=service_id)
    session.execute(
        update(ProposalRow)
        .where(
            ProposalRow.conversation_id == conversation_id,
            ProposalRow.service_id == service,
            ProposalRow.booked_at.is_(None),
            ProposalRow.expires_at.is_(None),
        )
        .values(expires_at=now)
    )
    row = ProposalRow(
        conversation_id=conversation_id,
        customer_id=customer_id,
        service_id=service,
        session_group_id=group_id,
        kind=kind,
        sessions=payload,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _record(row, service_id)


def mark_shown(session: Session, *, conversation_id: int, now: datetime) -> None:
    """Every proposal of the conversation not yet shown was shown in this reply."""
    session.execute(
        update(ProposalRow)
        .where(ProposalRow.conversation_id == conversation_id, ProposalRow.shown_at.is_(None))
        .values(shown_at=now)
    )


def mark_answered(
    session: Session,
    *,
    conversation_id: int,
    now: datetime,
    shown_before: datetime | None = None,
) -> None:
    """The customer wrote after every shown proposal of the conversation (with
    `shown_before`: after those shown before that moment)."""
    query = update(ProposalRow).where(
        ProposalRow.conversation_id == conversation_id,
        ProposalRow.shown_at.is_not(None),
        ProposalRow.answered_at.is_(None),
    )
    if shown_before is not None:
        query = query.where(ProposalRow.shown_at < utc(shown_before))
    session.execute(query.values(answered_at=now))


def awaiting_answer_kind(session: Session, *, conversation_id: int) -> str | None:
    """The kind of the conversation's newest shown proposal still waiting for a yes or no.

    Waiting: shown, and not yet answered, booked or replaced. None when no
    proposal waits (the reply then needs no confirmation buttons).
    """
    return session.scalar(
        select(ProposalRow.kind)
        .where(
            ProposalRow.conversation_id == conversation_id,
            ProposalRow.shown_at.is_not(None),
            ProposalRow.answered_at.is_(None),
            ProposalRow.booked_at.is_(None),
            ProposalRow.expires_at.is_(None),
        )
        .order_by(ProposalRow.created_at.desc())
        .limit(1)
    )


def claim_for_booking(session: Session, *, proposal_id: uuid.UUID, now: datetime) -> None:
    """Mark the proposal booked, in the transaction that books it.

    Raises AlreadyBookedError when it was booked before (also by a concurrent
    transaction that committed first), so a proposal is applied at most once, and
    ProposalError when a newer proposal replaced it in the meantime.
    """
    claimed = session.execute(
        update(ProposalRow)
        .where(
            ProposalRow.id == proposal_id,
            ProposalRow.booked_at.is_(None),
            ProposalRow.expires_at.is_(None),
        )
        .values(booked_at=now)
    )
    if getattr(claimed, "rowcount", 0) == 1:
        return
    booked = session.scalar(select(ProposalRow.booked_at).where(ProposalRow.id == proposal_id))
    if booked is not None:
        raise AlreadyBookedError(f"proposal {proposal_id} was booked before")
    raise ProposalError("a newer proposal for this service replaced this one; use that one")


def bookable_proposal(
    session: Session, *, proposal_id: str, conversation_id: int, customer_id: int
) -> ProposalRecord:
    """The proposal, if this customer may book it now; else ProposalError saying why."""
    try:
        key = uuid.UUID(str(proposal_id).strip())
    except ValueError:
        raise ProposalError(f"{proposal_id!r} is not a proposal id") from None
    found = session.execute(
        select(ProposalRow, ServiceRow.slug)
        .join(ServiceRow, ServiceRow.id == ProposalRow.service_id)
        .where(
            ProposalRow.id == key,
            ProposalRow.customer_id == customer_id,
            ProposalRow.conversation_id == conversation_id,
        )
    ).first()
    if found is None:
        raise ProposalError(f"no proposal {proposal_id} in this conversation")
    row, slug = found
    record = _record(row, slug)
    if record.booked_at is not None:
        return record
    if record.shown_at is None or record.answered_at is None:
        raise ProposalError(
            "this proposal has not been shown to the customer and answered yet; "
            "show it and wait for the customer's confirmation"
        )
    if record.replaced_at is not None:
        raise ProposalError("a newer proposal for this service replaced this one; use that one")
    return record
