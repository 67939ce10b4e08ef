"""The offline model's human handoff: a person from the business instead of the bot.

- "Can I talk to someone?", "mit einem Menschen sprechen", "hablar con una persona"
  (the HUMAN intent), or a yes to the bot's offer of a person: the `request_human`
  tool, then a reply saying when staff usually answer (`requested`).
- "Are you a bot?": an honest answer and the offer.
- The offer (`with_offer`) closes a reply when the customer sounds upset
  (`nlu.mood.is_upset`) or after two replies in a row that could not help
  (`UNHELPED`, counted by the decider's "cannot help" answers); a yes to it, or
  "person", hands over; a yes that only takes note of it ("right ok") does not.
  A yes while a proposal waits still answers the proposal.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from bookbot.agent import nlu
from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.nlu.mood import asks_if_bot
from bookbot.agent.offline.catalogue import day_long, say
from bookbot.agent.offline.phase import JSON, calls, reply
from bookbot.agent.offline.state import Stage
from bookbot.core.staff_hours import next_opening

if TYPE_CHECKING:
    from bookbot.agent.offline.decider import Decider

TOOL = "request_human"
OFFERED = "human_offered"
"""State key: the last reply offered a person (a yes to it hands over)."""
OFFER = "offer_human"
"""State key: this turn's reply ends with the offer (the customer sounds upset)."""
UNHELPED = "unhelped"
"""State key: how many replies in a row could not help."""
UNHELPED_OFFER = 2
BARE = frozenset({"yes", "thanks", "greeting"})
"""Intents a plain yes to the offer may carry."""


def request(decider: Decider) -> ModelResponse | None:
    """A decide step: hand over when asked (or the offer is taken up)."""
    u, state = decider.u, decider.state
    offered = state.pop(OFFERED, None)
    if "human" in u.intents:
        if asks_if_bot(u.text, u.lang):
            state[OFFERED] = True
            text = say(decider.lang, "handoff.bot", business=decider.business.name)
            return reply(f"{text} {say(decider.lang, 'handoff.offer')}", state)
        return _call(decider, "the customer asked for a person")
    if offered and _bare_yes(decider) and decider.stage is not Stage.CONFIRM:
        return _call(decider, "the customer accepted the offer of a person")
    return None


def _bare_yes(decider: Decider) -> bool:
    """A yes that asks nothing else ("yes please", not "ok, physio on Friday then")."""
    u = decider.u
    others = set(u.intents) - BARE
    if u.reply != "yes" or nlu.only_acknowledges(u.text, u.lang):
        return False  # "right ok" takes note of the offer, it does not take it up
    return not (others or u.services or u.has_when or u.unknown_service)


def _call(decider: Decider, reason: str) -> ModelResponse:
    for key in (OFFER, UNHELPED):
        decider.state.pop(key, None)
    return calls(decider.request, decider.state, (TOOL, {"reason": reason}))


def requested(result: JSON, lang: str, zone_now: datetime) -> str:
    """The reply once the thread waits for staff: when they usually answer."""
    if result.get("open_now"):
        return say(lang, "handoff.requested_open")
    opens = result.get("next_open")
    if not isinstance(opens, str):
        return say(lang, "handoff.requested_none")
    when = _when(lang, datetime.fromisoformat(opens), zone_now)
    return say(lang, "handoff.requested_later", when=when)


def with_offer(response: ModelResponse, lang: str, request: ModelRequest) -> ModelResponse:
    """A final reply, with the offer of a person at its end (saying when staff answer)
    when the customer sounds upset or this is the second reply in a row that could
    not help."""
    state = response.state
    if state is None or response.content is None or response.tool_calls:
        return response
    upset = bool(state.pop(OFFER, None))
    if not upset and int(state.get(UNHELPED) or 0) < UNHELPED_OFFER:
        return response
    state[OFFERED] = True
    offer = f"{say(lang, 'handoff.offer')} {staff_answer(request, lang)}"
    return replace(response, content=f"{response.content}\n\n{offer}")


def staff_answer(request: ModelRequest, lang: str) -> str:
    """When staff usually answer: now, or from the business's next opening."""
    opens = next_opening(request.business, request.now)
    if opens is None:
        return say(lang, "handoff.answers_later")
    if opens <= request.now:
        return say(lang, "handoff.answers_now")
    return say(
        lang,
        "handoff.answers_from",
        when=_when(
            lang,
            opens.astimezone(request.business.zone),
            request.now.astimezone(request.business.zone),
        ),
    )


def _when(lang: str, moment: datetime, now: datetime) -> str:
    if moment.date() == now.date():
        return f"{moment:%H:%M}"
    return f"{day_long(lang, moment.date())}, {moment:%H:%M}"
