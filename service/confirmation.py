"""A customer's message read as the answer to the offer it answers, before its turn.

Confirmation is data (`bookbot.store.confirmations`): before a message is
answered, the service reads it here and records how it answers the proposals
it answers; `book_group` (and applying a move or a cancellation) books only a
proposal whose answer is an explicit yes to *that* proposal:

- a reply button: its id names the verb and the proposal (`yes:<proposal id>`,
  see `confirmation_buttons`); the titles stay what the customer reads;
- a reaction: 👍, ✅ or 👌 to the reply that showed an offer is a yes to it;
  any other reaction (or one to a message that showed none) is stored and not
  answered (`Reading.answers` is False);
- text: the multilingual yes / no detector (`bookbot.agent.nlu.classify_reply`)
  reads it; a text quoting a reply (WhatsApp's context) answers that reply's offer.

A button or reaction under an offer a newer one replaced (or a yes quoting it)
books nothing: `Reading.stale` is set, and the service answers with
`replaced_reply` (the current offer, with its buttons) instead of a turn.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from bookbot.agent.nlu.yesno import ReplyKind, classify_reply
from bookbot.core.config import Business
from bookbot.store import confirmations as store
from bookbot.store import proposals as proposal_store
from bookbot.store import turn_queue
from bookbot.store.proposals import ProposalRecord
from bookbot.store.turn_queue import TurnInput
from bookbot.tools.views import human

Buttons = tuple[tuple[str, str], ...]
CONFIRM_BUTTONS: dict[str, tuple[tuple[str, str], ...]] = {
    "book": (("yes", "Yes, book it"), ("change", "Another time")),
    "reschedule": (("yes", "Confirm"), ("no", "No, keep it")),
    "cancel": (("yes", "Confirm"), ("no", "No, keep it")),
}
"""Reply buttons per proposal kind, as (verb, title); the titles are what the agent reads."""
DEFAULT_BUTTONS = (("yes", "Confirm"), ("no", "No"))
BUTTON_VERBS = {"yes": store.YES, "no": store.NO, "change": store.CHANGE}
YES_REACTIONS = frozenset({"👍", "✅", "👌"})
"""Reactions that confirm the offer they react to (any skin tone)."""
_TEXT_ANSWERS = {ReplyKind.YES: store.YES, ReplyKind.NO: store.NO, ReplyKind.CHANGE: store.CHANGE}


@dataclass(frozen=True, slots=True)
class Reading:
    """How a message answers: `confirmation` from `source`, for `offer` when it names
    one. `answers` is False for a message that answers nothing (a reaction that is
    not a yes to an offer); `stale` when the offer it confirms was replaced."""

    confirmation: str
    source: str
    offer: store.Offer | None = None
    answers: bool = True
    stale: bool = False


def button_id(verb: str, proposal_id: uuid.UUID | str) -> str:
    return f"{verb}:{proposal_id}"


def parse_button_id(reply_id: str | None) -> tuple[str | None, uuid.UUID | None]:
    """The verb and proposal a button id names: `yes:<uuid>` (or a bare `yes` of a
    reply sent before ids named proposals); (None, None) for any other id."""
    verb, _, rest = (reply_id or "").strip().partition(":")
    if verb not in BUTTON_VERBS:
        return None, None
    try:
        return verb, uuid.UUID(rest) if rest else None
    except ValueError:
        return None, None


def is_yes_reaction(emoji: str) -> bool:
    """👍, ✅ or 👌, with or without a skin tone or variation selector."""
    kept = "".join(c for c in emoji.strip() if not _modifier(c))
    return kept in YES_REACTIONS


def _modifier(char: str) -> bool:
    return (
        "\U0001f3fb" <= char <= "\U0001f3ff"
        or unicodedata.category(char) == "Mn"
        or (char in "\ufe0e\ufe0f")
    )


_ACTIONS = {
    "cancel": re.compile(
        r"\b(?:cancel\w*|call (?:it |them |that )?off|stornier\w*|absage\w*|absagen|"
        r"cancela\w*|anula\w*)\b",
        re.IGNORECASE,
    ),
    "reschedule": re.compile(
        r"\b(?:chang\w*|mov\w*|reschedul\w*|shift\w*|verschieb\w*|verleg\w*|änder\w*|"
        r"cambi\w*|muev\w*|muév\w*|reprogram\w*)\b",
        re.IGNORECASE,
    ),
}
"""The words that name a change proposal's own action: said in answer to it
("yes, cancel it", "please change it") they ask for it rather than refuse it."""
_NEGATION = re.compile(r"\b(?:not|never|no|nope|nein|nicht|kein\w*|nunca)\b|n'?t\b", re.IGNORECASE)


def classify_text(text: str, kinds: Collection[str] | Callable[[], Collection[str]] = ()) -> str:
    """yes, no, change or unclear: the shared multilingual yes / no detector, reading
    a change proposal's own action word (`kinds`: those answered, or a function
    reading them only when the text has such a word) as part of a yes."""
    answer = _read(text)
    text = _without_accents(text)  # "cancélala", "anúlala", "muévela": the verb's own form
    if answer == store.YES or not any(action.search(text) for action in _ACTIONS.values()):
        return answer
    answered = set(kinds() if callable(kinds) else kinds)
    for kind in sorted(answered & _ACTIONS.keys()):
        action = _ACTIONS[kind]
        if not action.search(text):
            continue
        rest = action.sub(" ", text)
        again = _read(rest)
        if again != store.UNCLEAR:
            return again
        if not _NEGATION.search(rest):
            return store.YES  # only the action itself: "cancel it"
    return answer


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _read(text: str) -> str:
    return _TEXT_ANSWERS.get(classify_reply(text).kind, store.UNCLEAR)


def read_answer(session: Session, turn: TurnInput) -> Reading:
    """How the stored inbound message of `turn` answers (see the module docstring).
    A text that quotes nothing costs no read."""
    message = turn.message
    cues = store.cues_of(turn.payload, message.text)
    conversation_id = message.conversation_id
    if cues.kind == "reaction":
        offer = store.offer_named(
            session, conversation_id=conversation_id, context_id=cues.context_id
        )
        if offer is None or not is_yes_reaction(cues.text):
            return Reading(store.UNCLEAR, store.REACTION, offer, answers=False)
        return _checked(session, Reading(store.YES, store.REACTION, offer))
    verb, proposal_id = parse_button_id(cues.reply_id) if cues.kind == "button" else (None, None)
    offer = store.offer_named(
        session,
        conversation_id=conversation_id,
        proposal_id=proposal_id,
        context_id=cues.context_id,
    )
    if verb is not None:
        return _checked(session, Reading(BUTTON_VERBS[verb], store.BUTTON, offer))
    kinds: Collection[str] | Callable[[], Collection[str]] = ()  # no open offer: none
    if turn.open_offers is not False:
        kinds = partial(store.answered_kinds, session, message_id=message.message_id)
    return _checked(session, Reading(classify_text(cues.text, kinds), store.TEXT, offer))


def _checked(session: Session, reading: Reading) -> Reading:
    """`reading`, stale when it confirms an offer that was replaced (a text only when
    it says yes: a "no, another day" quoting an old offer still gets its turn)."""
    offer = reading.offer
    if offer is None or (reading.source == store.TEXT and reading.confirmation != store.YES):
        return reading
    named = proposal_store.find_proposal(session, proposal_id=offer.named)
    stale = named is not None and named.booked_at is None and named.replaced_at is not None
    return Reading(reading.confirmation, reading.source, offer, reading.answers, stale)


def record(session: Session, reading: Reading, turn: TurnInput, *, now: datetime) -> None:
    """Store `reading` on the proposals it answers, and count every proposal shown
    before the message (before the first later reply) as answered. The message's
    own columns are written with its `answered` status (`answer_columns`). A message
    that names no offer costs one UPDATE."""
    message = turn.message
    if reading.offer is None and (turn.new_conversation or turn.open_offers is False):
        return  # no proposal of a conversation this message began, or none it may answer
    if reading.offer is None:
        store.answer_all(
            session,
            message_id=message.message_id,
            conversation_id=message.conversation_id,
            written_at=turn.written_at,
            confirmation=reading.confirmation,
            now=now,
            shown_before=turn.later_reply,
        )
        return
    proposal_store.mark_answered(
        session, conversation_id=message.conversation_id, now=now, shown_before=turn.later_reply
    )
    store.record_answer(
        session,
        message_id=message.message_id,
        confirmation=reading.confirmation,
        source=reading.source,
        offer=reading.offer,
        now=now,
        on_message=False,
    )


def answer_columns(reading: Reading | None) -> turn_queue.Answered | None:
    """What the message's own row keeps of `reading` (None: it answers nothing)."""
    if reading is None or not reading.answers:
        return None
    named = None if reading.offer is None else reading.offer.named
    return turn_queue.Answered(reading.confirmation, reading.source, named)


def confirmation_buttons(session: Session, conversation_id: int) -> Buttons:
    """Reply buttons when the conversation's newest proposal waits for a yes or no;
    each id names the verb and that proposal."""
    waiting = proposal_store.awaiting_answer(session, conversation_id=conversation_id)
    return () if waiting is None else buttons_for(waiting)


def buttons_for(proposal: ProposalRecord) -> Buttons:
    verbs = CONFIRM_BUTTONS.get(proposal.kind, DEFAULT_BUTTONS)
    return tuple((button_id(verb, proposal.id), title) for verb, title in verbs)


def current_offer(session: Session, reading: Reading) -> ProposalRecord | None:
    """The offer that replaced the one a stale `reading` confirms (None: no open one)."""
    if reading.offer is None:
        return None
    return proposal_store.current_offer(session, proposal_id=reading.offer.named)


REPLACED = "That offer was replaced by a newer one, so I have not booked it."


def replaced_reply(business: Business, current: ProposalRecord | None) -> tuple[str, Buttons]:
    """The reply to a yes under a replaced offer: the current offer, with its buttons."""
    if current is None:
        return f"{REPLACED} Tell me what you would like and I will make you a new offer.", ()
    service = business.service(current.service_id)
    plan = proposal_store.proposal_plan(current, service)
    if current.kind == "cancel":
        numbers = ", ".join(str(n) for n in plan.moved)
        lines = [f"The current offer: cancel session {numbers} of {service.name}."]
        lines.append("Shall I cancel it?")
    else:
        verb = "move" if current.kind == "reschedule" else "book"
        lines = [f"The current offer for {service.name} ({verb}):"]
        for planned in plan.sessions:
            when = human(planned.start, business.zone)
            name = f" ({planned.name})" if planned.name else ""
            label = f"Session {planned.number}{name}: " if service.total_sessions > 1 else ""
            lines.append(f"• {label}{when}")
        lines.append("Shall I book it?" if verb == "book" else "Shall I make this change?")
    return "\n".join([REPLACED, *lines]), buttons_for(current)
