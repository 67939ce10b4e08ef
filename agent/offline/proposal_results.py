"""Compose-phase answers to `propose_schedule` and a move's or cancellation's
preview, read through the tool's own result schema (`ProposalResult`): the
proposal shown for a yes, or the refusal with the options that fit instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bookbot.agent import nlu
from bookbot.agent.model import ModelResponse
from bookbot.agent.nlu import ReplyKind
from bookbot.agent.offline import conflicts, exclusions, options, recall, replies
from bookbot.agent.offline.catalogue import say
from bookbot.agent.offline.phase import ANOTHER_DAY, JSON, reply
from bookbot.agent.offline.state import Stage
from bookbot.core.config import Service, Strategy
from bookbot.tools.views import ProposalResult

if TYPE_CHECKING:
    from bookbot.agent.offline.composer import Composer


def after_proposal(c: Composer, name: str, service: Service, raw: JSON) -> ModelResponse:
    result = ProposalResult.model_validate(raw)
    note = c.state.pop("note", None)
    if not result.ok:
        return _refused(c, name, service, raw.get("conflict") or {})
    if result.kind in (None, "book") and _repeats_a_declined_plan(c, result):
        # The same plan again after "no, not Saturdays...": offering it would let the
        # next "yes" book what the customer just turned down. Ask instead.
        return reply(say(c.lang, "proposal.unchanged"), c.state)
    _shown(c, service, result)
    if result.kind == "reschedule":
        return reply(replies.reschedule_preview(service, raw, c.lang), c.state)
    if result.kind == "cancel":
        return reply(replies.cancel_preview(service, raw, c.lang), c.state)
    text = replies.proposal(c.business, service, raw, c.lang)
    if note == "nothing_to_move":
        one = replies.unit(service, c.lang)
        told = say(c.lang, "moved.nothing_to_move", unit=one, Unit=one[:1].upper() + one[1:])
        text = f"{told}\n{text}"
    return reply(text, c.state)


def _shown(c: Composer, service: Service, result: ProposalResult) -> None:
    """The state waits for a yes to the proposal now on screen."""
    state, kind = c.state, result.kind or "book"
    starts = [s.start for s in result.sessions] if kind == "book" else []
    wished = state.get("starts") or []
    c.reset()
    state.update(stage=Stage.CONFIRM, proposal=result.proposal_id, kind=kind)
    if kind == "reschedule" and result.moved_sessions:
        state["session"] = result.moved_sessions[0]  # "what about the 12th?" moves it too
    if wished and len(wished) in (1, len(starts)):
        state["starts"] = starts[: len(wished)]  # what a "make it 5:30" changes
    if kind in ("book", "cancel"):
        # "yeah cancel the fri one", "yes book him in for thurs at 4": the shown starts again
        state["shown_starts"] = [s.start for s in result.sessions]
    if kind == "book":
        state["shown"] = [[s.number, s.of, s.when] for s in result.sessions]
        recall.remember(state, service.id, starts)


def _already_booked(service: Service, conflict: JSON) -> bool:
    """The conflict of a new booking for an immediate plan that is booked already."""
    immediate = service.strategy is Strategy.IMMEDIATE and service.total_sessions > 1
    return immediate and conflict.get("rule") == "no_sessions_left"


def _refused(c: Composer, name: str, service: Service, conflict: JSON) -> ModelResponse:
    """The refusal in the customer's words, with the options that fit instead."""
    state = c.state
    wished = state.get("starts") or []
    if _already_booked(service, conflict) and name == "propose_schedule" and wished:
        # A new day for a plan booked in full: a move of one of its sessions.
        c.reset()
        state.update(stage=Stage.ASK_WHICH, move_to=wished[0])
        return reply(replies.ask_which_to_move(service, wished[0], c.lang), state)
    conflict = _suitable_alternatives(c, conflict)
    keep_stage = Stage.ASK_RESCHEDULE if name == "reschedule_session" else Stage.ASK_START
    session, starts = state.get("session"), state.get("starts")
    c.reset()
    state["stage"] = keep_stage
    if session is not None:
        state["session"] = session
    if starts:
        state["starts"] = starts  # "8am then" changes these, not a new wish
    if starts and len(starts) > 1 and conflict.get("requested") in starts:
        # A pick replaces only the start that did not fit, not the others.
        state["replace"] = conflict["requested"]
    text = conflicts.conflict(c.business, service, conflict, c.lang)
    offered = conflicts.offered(conflict)
    day_fixes = conflict.get("rule") not in conflicts.NO_DAY_FIXES
    if not offered and conflict.get("requested") and day_fixes:
        state[ANOTHER_DAY] = str(conflict["requested"])[:10]
    return options.offer(text, state, offered)


def _repeats_a_declined_plan(c: Composer, result: ProposalResult) -> bool:
    """Whether `result` shows exactly the plan on screen although the customer's
    message did not accept it (a no, a change, or anything but a plain yes)."""
    shown = c.state.get("shown")
    if c.state.get("stage") != Stage.CONFIRM or not shown:
        return False
    again = [[s.number, s.of, s.when] for s in result.sessions]
    if again != shown:
        return False
    return nlu.classify_reply(customer_text(c), c.lang).kind is not ReplyKind.YES


def customer_text(c: Composer) -> str:
    for message in reversed(c.request.messages):
        if message.get("role") == "user":
            return str(message.get("content") or "")
    return ""


def _suitable_alternatives(c: Composer, conflict: JSON) -> JSON:
    """The conflict's alternatives without the days the customer ruled out."""
    starts, whens = conflict.get("alternatives") or [], conflict.get("alternatives_when")
    if not starts or not whens or len(starts) != len(whens):
        return conflict
    kept = [
        (a, w)
        for a, w in zip(starts, whens, strict=True)
        if not exclusions.ruled_out(c.state, str(a)[:10])
    ]
    return {
        **conflict,
        "alternatives": [a for a, _ in kept],
        "alternatives_when": [w for _, w in kept],
    }
