"""Confirmation is data: how a customer's message answers the proposals it answers.

The service reads each inbound message as an answer (a reply button's verb, a
reaction's emoji, or the text's yes / no / change; see `bookbot.service`) and
records it here with `record_answer`:

- on the message: `confirmation` (yes, no, change, unclear), its source
  (button, reaction, text) and, when a button id or the message it quotes or
  reacts to names one, the exact `proposal_id`;
- on each open proposal it answers (shown in a reply stored before the message,
  neither booked nor replaced): `answer_message_id` and `answer`, how this
  message answers *that* proposal. A message that names an offer (the
  proposals one reply showed, see `offer_named`) answers those with its
  confirmation and is `unclear` for every other open proposal: a yes tapped
  under one offer confirms nothing else.

`bookbot.store.proposals.bookable_proposal` books only a proposal whose answer
is "yes". Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session

from bookbot.store.columns import UTCDateTime, utc
from bookbot.store.models import CONFIRMATION_SOURCES, CONFIRMATIONS, MessageRow, ProposalRow
from bookbot.store.proposals import SHOWN_KEY

YES, NO, CHANGE, UNCLEAR = CONFIRMATIONS
BUTTON, REACTION, TEXT = CONFIRMATION_SOURCES


@dataclass(frozen=True, slots=True)
class Cues:
    """What a stored customer message says about the offer it answers: its kind
    ("text", "button", "reaction", ...), its text (a button's title, a reaction's
    emoji), the id of the button tapped and the id of the message it answers."""

    kind: str | None
    text: str
    reply_id: str | None
    context_id: str | None


@dataclass(frozen=True, slots=True)
class Offer:
    """The proposals one reply showed, as a button or a reaction under it names
    them; `named` is the one the button named (else the newest of them)."""

    proposal_ids: tuple[uuid.UUID, ...]
    named: uuid.UUID


def message_cues(session: Session, *, message_id: int) -> Cues:
    """The cues of the stored message (its payload's `reply_id` and `context_id`,
    at the top or in the WhatsApp `event`); raises NoResultFound for an unknown id."""
    row = session.get_one(MessageRow, message_id)
    return cues_of(row.payload, row.text)


def cues_of(stored: dict[str, Any] | None, text: str) -> Cues:
    """The cues of a message with this payload and text (`message_cues` without the read)."""
    payload = stored if isinstance(stored, dict) else {}
    raw_event = payload.get("event")
    event: dict[str, Any] = raw_event if isinstance(raw_event, dict) else {}

    def cue(key: str) -> str | None:
        value = payload.get(key) or event.get(key)
        return value if isinstance(value, str) and value.strip() else None

    kind = payload.get("kind")
    return Cues(kind if isinstance(kind, str) else None, text, cue("reply_id"), cue("context_id"))


def offer_named(
    session: Session,
    *,
    conversation_id: int,
    proposal_id: uuid.UUID | None = None,
    context_id: str | None = None,
) -> Offer | None:
    """The offer a button's proposal id, else the message it answers (`context_id`,
    WhatsApp's id of our reply), names in this conversation; None when neither does."""
    quoted = _listed(_reply(session, conversation_id, context_id))
    named = session.get(ProposalRow, proposal_id) if proposal_id is not None else None
    if named is not None and named.conversation_id == conversation_id:
        listed = quoted if named.id in quoted else _listed(_shown_in(session, named))
        return Offer(tuple(listed) if named.id in listed else (named.id,), named.id)
    if quoted:
        return Offer(tuple(quoted), quoted[-1])
    return None


def _reply(session: Session, conversation_id: int, context_id: str | None) -> MessageRow | None:
    if context_id is None:
        return None
    return session.scalar(
        select(MessageRow).where(
            MessageRow.wa_message_id == context_id,
            MessageRow.conversation_id == conversation_id,
            MessageRow.direction == "outbound",
        )
    )


def _shown_in(session: Session, proposal: ProposalRow) -> MessageRow | None:
    if proposal.shown_in_message_id is None:
        return None
    return session.get(MessageRow, proposal.shown_in_message_id)


def _listed(reply: MessageRow | None) -> list[uuid.UUID]:
    """The proposal ids a stored reply lists as shown (ids that do not parse are skipped)."""
    if reply is None or not isinstance(reply.payload, dict):
        return []
    found: list[uuid.UUID] = []
    for value in reply.payload.get(SHOWN_KEY) or []:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def record_answer(
    session: Session,
    *,
    message_id: int,
    confirmation: str,
    source: str,
    offer: Offer | None,
    now: datetime,
    on_message: bool = True,
) -> dict[uuid.UUID, str]:
    """Record the inbound message `message_id` as an answer (see the module
    docstring); each proposal it answers, with that proposal's answer. With
    `on_message=False` the message's own columns are left to the caller."""
    if confirmation not in CONFIRMATIONS or source not in CONFIRMATION_SOURCES:
        raise ValueError(f"not an answer: {confirmation!r} from {source!r}")
    message = session.get_one(MessageRow, message_id)
    if on_message:
        message.confirmation, message.confirmation_source = confirmation, source
        message.proposal_id = None if offer is None else offer.named
    named = () if offer is None else offer.proposal_ids
    rows = _answered_by(session, message, named)
    answers: dict[uuid.UUID, str] = {}
    for row in rows:
        answer = confirmation if offer is None or row.id in named else UNCLEAR
        row.answer, row.answer_message_id = answer, message_id
        row.answered_at = row.answered_at or now
        answers[row.id] = answer
    session.flush()
    return answers


def answer_all(
    session: Session,
    *,
    message_id: int,
    conversation_id: int,
    written_at: datetime,
    confirmation: str,
    now: datetime,
    shown_before: datetime | None,
) -> None:
    """`record_answer` for a message that names no offer, with
    `proposals.mark_answered`, in one UPDATE: every open proposal the message
    answers (see `_answered_by`) gets `confirmation` as its answer, and every
    proposal shown before it (before `shown_before`, the first later reply, when
    set) counts as answered at `now`. The message's own columns are left to the
    caller (`turn_queue.mark_answered` writes them with its status)."""
    if confirmation not in CONFIRMATIONS:
        raise ValueError(f"not an answer: {confirmation!r}")
    params = {
        "answering_conversation": conversation_id,
        "message_id": message_id,
        "written_at": written_at,
        "confirmation": confirmation,
        "now": now,
        "shown_before": shown_before,
    }
    statement = _ANSWER_ALL if shown_before is None else _ANSWER_ALL_SHOWN_BEFORE
    session.connection().execute(statement, params)


def _answer_all(*, shown_before: bool) -> Any:
    """`answer_all`'s UPDATE, its values bound parameters (built once per shape; none
    named like a column of proposals, which an UPDATE would set)."""
    answered = and_(
        ProposalRow.booked_at.is_(None),
        ProposalRow.shown_at.is_not(None),
        ProposalRow.expires_at.is_(None),
        or_(
            ProposalRow.shown_in_message_id < bindparam("message_id"),
            and_(
                ProposalRow.shown_in_message_id.is_(None),
                ProposalRow.shown_at <= bindparam("written_at", type_=UTCDateTime()),
            ),
        ),
    )
    marked = and_(ProposalRow.shown_at.is_not(None), ProposalRow.answered_at.is_(None))
    if shown_before:
        marked = and_(marked, ProposalRow.shown_at < bindparam("shown_before", type_=UTCDateTime()))
    return (
        update(ProposalRow)
        .where(
            ProposalRow.conversation_id == bindparam("answering_conversation"),
            or_(answered, marked),
        )
        .values(
            answered_at=func.coalesce(
                ProposalRow.answered_at, bindparam("now", type_=UTCDateTime())
            ),
            answer=case(
                (answered, bindparam("confirmation", type_=String())), else_=ProposalRow.answer
            ),
            answer_message_id=case(
                (answered, bindparam("message_id")), else_=ProposalRow.answer_message_id
            ),
        )
    )


_ANSWER_ALL = _answer_all(shown_before=False)
_ANSWER_ALL_SHOWN_BEFORE = _answer_all(shown_before=True)


def answered_kinds(session: Session, *, message_id: int) -> set[str]:
    """The kinds (book, reschedule, cancel) of the open proposals the message answers."""
    message = session.get_one(MessageRow, message_id)
    return {row.kind for row in _answered_by(session, message, ())}


def _shown_before(message_id: int, written_at: datetime) -> Any:
    """A proposal shown in a reply stored before the message (before it was written,
    for one shown without a reply id)."""
    return or_(
        ProposalRow.shown_in_message_id < message_id,
        and_(
            ProposalRow.shown_in_message_id.is_(None),
            ProposalRow.shown_at <= utc(written_at),
        ),
    )


def _answered_by(
    session: Session, message: MessageRow, named: tuple[uuid.UUID, ...]
) -> list[ProposalRow]:
    """The proposals `message` answers: the open ones shown in a reply stored before
    it (before it was written, for one shown without a reply id), and `named`."""
    shown_before = _shown_before(message.id, message.created_at)
    query = select(ProposalRow).where(
        ProposalRow.conversation_id == message.conversation_id,
        ProposalRow.booked_at.is_(None),
        or_(
            and_(ProposalRow.shown_at.is_not(None), ProposalRow.expires_at.is_(None), shown_before),
            ProposalRow.id.in_(named),
        ),
    )
    return list(session.scalars(query.order_by(ProposalRow.created_at, ProposalRow.id)))
