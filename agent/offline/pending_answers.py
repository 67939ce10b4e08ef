"""Decide-phase answers to what the last reply asked: a yes or no to a shown
proposal, the session to move, one of the numbered options, a bare yes or no."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bookbot.agent import nlu
from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import booking, options, replies
from bookbot.agent.offline.phase import ANOTHER_DAY, reply
from bookbot.agent.offline.state import Stage

if TYPE_CHECKING:
    from bookbot.agent.offline.decider import Decider

ACKNOWLEDGEMENTS = frozenset({"yes", "no", "thanks", "greeting"})


def answer_pending(d: Decider) -> ModelResponse | None:
    for step in (_to_proposal, _which_to_move, picked_option, _bare_no, _bare_yes):
        response = step(d)
        if response is not None:
            return response
    return None


def _to_proposal(d: Decider) -> ModelResponse | None:
    """A yes books (moves, cancels) what is shown; a plain no drops it."""
    u, state = d.u, d.state
    if d.stage is not Stage.CONFIRM or not state.get("proposal"):
        return None
    avoided = d._avoid_ruled_out()
    if avoided is not None:
        return avoided
    if d._agrees():
        return d._apply_proposal()
    other = bool(u.services) and u.services[0] != state.get("service")
    if u.reply != "no" or u.has_when or other:
        return None
    kind = state.get("kind")
    d.reset()
    if kind == "book":
        state["stage"] = Stage.ASK_START
        return reply(replies.declined(d.lang), state)
    return reply(replies.nothing_pending(d.lang), state)


def _which_to_move(d: Decider) -> ModelResponse | None:
    """'the second one' to "which session should move there?"."""
    u, state = d.u, d.state
    if d.stage is not Stage.ASK_WHICH:
        return None
    number = u.session_number if u.session_number is not None else u.choice
    if number is None:
        return None
    start = d.local(state.pop("move_to"))
    state.pop("stage", None)
    return d._move(number, start)


def _only_reply(d: Decider) -> bool:
    """The message is a bare yes or no (perhaps with thanks or a greeting)."""
    u = d.u
    said = u.has_when or u.services or u.count_all or u.count is not None
    return not said and not u.intents - ACKNOWLEDGEMENTS


def _bare_no(d: Decider) -> ModelResponse | None:
    if d.stage is None and d.u.reply == "no" and _only_reply(d):
        return reply(replies.nothing_pending(d.lang), d.state)
    return None


def _bare_yes(d: Decider) -> ModelResponse | None:
    """A bare yes to no proposal: to "would another day work?" the next free days;
    else what comes next in the plan (perhaps it answers a reminder)."""
    u, state, service = d.u, d.state, d.focus()
    bare_yes = u.reply == "yes" and _only_reply(d)
    if bare_yes and service is None and d.stage is None:
        if state.get("looked_up"):
            return reply(replies.nothing_pending(d.lang), state)
        return booking.find_focus(d)
    another = state.pop(ANOTHER_DAY, None)  # asked once: a later yes is to something else
    if not bare_yes or service is None:
        return None
    if another:
        first = max(date.fromisoformat(another), d.now.date()) + timedelta(days=1)
        return d._check_availability(service, first, first + timedelta(days=6))
    if "thanks" in u.intents:
        return None
    if d.stage in (Stage.ASK_START, Stage.ASK_COUNT):
        return reply(replies.ask_again(service, str(d.stage), d.lang), state)
    if d.stage is None:
        return booking.ask_next(d, service)
    return None


def picked_option(d: Decider) -> ModelResponse | None:
    """One of the numbered options shown, picked by its number, its time or a yes
    (a yes picks only when one option was offered, or the first was offered for
    it); a yes to several asks which."""
    u, state = d.u, d.state
    alternatives: list[str] = list(state.get("alternatives") or [])
    index = options.pick(u, alternatives, d.now)
    if index is None and d.stage is not Stage.ASK_RESCHEDULE:
        with_days = _picked_with_new_days(d, alternatives)
        if with_days:
            return d._propose(with_days)
    agreed = u.reply == "yes" and "thanks" not in u.intents and not d._sized()
    if index is None and alternatives and agreed and not u.has_when:
        if len(alternatives) > 1 and not state.get("yes_takes_first"):
            return options.offer(replies.which_option(alternatives, d.lang), state, alternatives)
        index = 0
    if index is None:
        return None
    start = d.local(alternatives[index])
    if d.stage is Stage.ASK_RESCHEDULE:
        return d._reschedule_to(start)
    starts = list(state.get("starts") or [])
    if state.get("replace") in starts:
        return d._propose(sorted(_replaced(d, starts, state["replace"], start)))
    return d._propose([start])


def _picked_with_new_days(d: Decider, alternatives: list[str]) -> list[datetime]:
    """ "listo el de las 10, y también el viernes 13 y el martes 17 a la misma hora": the
    option at the time said is picked, and the other days named with an "also" are wished
    at that time beside it (days none of the options is on)."""
    u = d.u
    if u.time_only is None or not u.dates or u.datetimes or u.recurring:
        return []
    if not nlu.concedes(u.text, u.lang):  # "just the 8am one on sat then" picks no option
        return []
    index = options.at_time(alternatives, u.time_only)
    if index is None or {d.local(a).date() for a in alternatives} & set(u.dates):
        return []
    new = [datetime.combine(day, u.time_only, tzinfo=d.zone) for day in u.dates]
    return sorted({d.local(alternatives[index]), *new})


def _replaced(d: Decider, starts: list[str], refused: str, picked: datetime) -> list[datetime]:
    """The wished starts with the refused one replaced by the picked option. A bare
    time ("8am then") re-times every wished start that had the refused time of day:
    the customer moves the whole request, not one day of it."""
    wished = [d.local(s) for s in starts]
    u = d.u
    if not u.time_only or u.dates or u.datetimes:
        return [picked if s == refused else w for s, w in zip(starts, wished, strict=True)]
    at = d.local(refused).time()
    return [w.replace(hour=picked.hour, minute=picked.minute) if w.time() == at else w
            for w in wished]  # fmt: skip
