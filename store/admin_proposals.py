"""What the admin needs to act for a customer through the chat's own tools.

The tools keep a proposal per conversation and book one only once it was shown
and answered (`proposals.bookable_proposal`). When the admin previews a change,
the admin is the one who sees it and says yes: `confirm_by_admin` marks that one
proposal shown and answered. `customer_conversation` is the conversation the
admin's proposals belong to: the one the customer wrote in last (or a new
WhatsApp one). Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bookbot.core.errors import NotFoundError
from bookbot.store.columns import utc
from bookbot.store.conversations import get_or_create_conversation
from bookbot.store.models import ConversationRow, ProposalRow, ServiceRow


@dataclass(frozen=True, slots=True)
class ProposalOwner:
    id: uuid.UUID
    customer_id: int
    conversation_id: int
    service_id: str
    group_id: uuid.UUID | None
    kind: str


def customer_conversation(session: Session, *, customer_id: int) -> int:
    """The id of the conversation the customer wrote in last (created if none)."""
    latest = session.scalar(
        select(ConversationRow.id)
        .where(ConversationRow.customer_id == customer_id)
        .order_by(
            ConversationRow.last_inbound_at.is_(None),
            ConversationRow.last_inbound_at.desc(),
            ConversationRow.id.desc(),
        )
        .limit(1)
    )
    if latest is not None:
        return latest
    return get_or_create_conversation(session, customer_id=customer_id).id


def proposal_owner(session: Session, *, proposal_id: uuid.UUID) -> ProposalOwner:
    found = session.execute(
        select(ProposalRow, ServiceRow.slug)
        .join(ServiceRow, ServiceRow.id == ProposalRow.service_id)
        .where(ProposalRow.id == proposal_id)
    ).first()
    if found is None:
        raise NotFoundError(f"no proposal {proposal_id}")
    row, slug = found
    return ProposalOwner(
        row.id, row.customer_id, row.conversation_id, slug, row.session_group_id, row.kind
    )


def confirm_by_admin(session: Session, *, proposal_id: uuid.UUID, now: datetime) -> None:
    """The admin saw the proposal and said yes: shown and answered (kept if set)."""
    moment = utc(now)
    session.execute(
        update(ProposalRow)
        .where(ProposalRow.id == proposal_id)
        .values(
            shown_at=func.coalesce(ProposalRow.shown_at, moment),
            answered_at=func.coalesce(ProposalRow.answered_at, moment),
            answer="yes",  # the admin's own yes: bookable under the confirmation rule
        )
    )


def mark_shown(session: Session, *, proposal_id: uuid.UUID, now: datetime) -> None:
    """The proposal went to the customer in a message: their next answer decides it."""
    session.execute(
        update(ProposalRow)
        .where(ProposalRow.id == proposal_id, ProposalRow.shown_at.is_(None))
        .values(shown_at=utc(now))
    )
