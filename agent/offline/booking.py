"""Decide-phase booking: what the message wishes to book becomes a proposal, a
question for what is missing (the service, the day, the time, how many sessions)
or a look at the free times."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import replies
from bookbot.agent.offline.nlu_adapter import read_message as understand
from bookbot.agent.offline.phase import EITHER, calls, iso, reply
from bookbot.agent.offline.state import Stage
from bookbot.core.config import Service, Strategy

if TYPE_CHECKING:
    from bookbot.agent.offline.decider import Decider


def set_ask_stage(d: Decider, service: Service) -> None:
    multi = service.booking_strategy is Strategy.FLEXIBLE and service.total_sessions > 1
    d.state["stage"] = Stage.ASK_COUNT if multi else Stage.ASK_START


def book(d: Decider) -> ModelResponse:
    service = d.focus()
    if service is None:
        return _no_service(d)
    _recall_pending_when(d)
    u = d.u
    if service.booking_strategy is Strategy.FLEXIBLE and service.total_sessions > 1:
        return book_flexible(d, service)
    immediate = service.booking_strategy is Strategy.IMMEDIATE
    if immediate and (u.session_number or 0) > 1 and u.has_when:
        return d._reschedule()  # a new booking starts at session 1: this one exists
    if not u.has_when:
        return _thanks_or_next(d, service)
    if u.either and len(u.datetimes) > 1:
        return either_or(d, service)
    vague = vague_day(d)
    if vague is not None:
        return times_on(d, service, vague)
    start = d._first_start(allow_default_time=False)
    if start is not None:
        return d._propose([start])
    day = d._first_day()
    if day is not None:
        return times_on(d, service, day)
    return reply(replies.ask_start(service, d.lang), d.state)


def _thanks_or_next(d: Decider, service: Service) -> ModelResponse:
    if "thanks" in d.u.intents:
        return reply(replies.thanks(d.lang), d.state)
    return ask_next(d, service)


def _recall_pending_when(d: Decider) -> None:
    """A time said before the service was known ("friday at 10" ... "the laser one")."""
    if d.u.has_when or not d.state.get("pending_when"):
        return
    text = d.state.pop("pending_when")
    pending = understand(text, d.now, d.business, None, d.state.get("lang"))
    if pending.has_when:
        d.u = pending


def _no_service(d: Decider) -> ModelResponse:
    """Nothing in focus: the customer's one open plan, else which service."""
    u, state = d.u, d.state
    wishes = u.has_when or "book" in u.intents or bool(u.count)
    if wishes and not state.get("looked_up"):
        return find_focus(d)
    if u.has_when:
        state["pending_when"] = u.text
        return reply(replies.which_service(d.business, d.lang), state)
    if "greeting" in u.intents or "help" in u.intents or not u.intents:
        return _small_talk(d)
    if "thanks" in u.intents:
        return reply(replies.thanks(d.lang), state)
    return reply(replies.which_service(d.business, d.lang), state)


def _small_talk(d: Decider) -> ModelResponse:
    intents, state = d.u.intents, d.state
    if "book" in intents:
        return reply(replies.which_service(d.business, d.lang), state)
    if "thanks" in intents:
        return reply(replies.thanks(d.lang), state)
    return reply(replies.greeting(d.business, d.request.customer_name, d.lang), state)


def vague_day(d: Decider) -> date | None:
    """'Friday morning': one day and only a part of it, which asks for the free
    times then rather than a guessed time."""
    u = d.u
    if u.window is None or u.recurring or u.time_only or u.dates or len(u.datetimes) != 1:
        return None
    return u.datetimes[0].date()


def times_on(d: Decider, service: Service, day: date) -> ModelResponse:
    """The free times on `day` (inside the wished part of it); the next message
    names the time."""
    d.state["pending_date"] = day.isoformat()
    if d.u.window is not None:
        d.state["window"] = [f"{d.u.window[0]:%H:%M}", f"{d.u.window[1]:%H:%M}"]
    return d._check_availability(service, day, day)


def either_or(d: Decider, service: Service) -> ModelResponse:
    """ "thurs the 12th at 5 or at 6:30": alternatives for one visit. Their days'
    free times are looked up; the free ones are offered to pick from."""
    starts = sorted({d._listed_start(at.astimezone(d.zone)) for at in d.u.datetimes})
    d.state[EITHER] = [iso(s) for s in starts]
    return d._check_availability(service, starts[0].date(), starts[-1].date())


def _take_count(d: Decider, service: Service) -> None:
    """'3 sessions', 'all of them': how many of the package to book now."""
    u, state = d.u, d.state
    if not (u.count or u.count_all):
        return
    state["count"] = u.count or service.total_sessions
    state["collected"] = []
    state.pop("offset", None)
    state["all"] = u.count_all and not u.count  # every session left, once known


def book_flexible(d: Decider, service: Service) -> ModelResponse:
    """A flexible package: collect a start for each of the sessions asked for."""
    u, state = d.u, d.state
    _take_count(d, service)
    count = state.get("count")
    collected: list[str] = list(state.get("collected") or [])
    if u.either and len(u.datetimes) > 1 and not collected:
        return either_or(d, service)
    bare_time = u.time_only and not (u.dates or u.datetimes or u.recurring)
    if bare_time and collected and not state.get("pending_date"):
        # A time alone for a later session of a package names no day: ask for it.
        number = int(state.get("offset") or 0) + len(collected) + 1
        return reply(replies.ask_day_for(service, number, d.lang), state)
    vague = vague_day(d)
    starts = [] if vague else d._starts((count - len(collected)) if count else None)
    day = vague or (u.dates[0] if u.dates else None)
    if not starts and day is not None and (not count or "offset" in state):
        return times_on(d, service, day)  # a day without a time: which times are free
    if count and "offset" not in state and len(collected) + len(starts) < count:
        return _number_first(d, service, collected, [iso(s) for s in starts], day)
    if not starts:
        return _ask_for_start(d, service, count, collected)
    collected.extend(iso(s) for s in starts)
    state["ref"] = collected[-1]  # "same time" for the next one means this one's time
    if count and len(collected) < count:
        state.update(collected=collected, stage=Stage.COLLECT)
        number = int(state.get("offset") or 0) + len(collected) + 1
        text = replies.ask_next_start(service, number, count, first=False, lang=d.lang)
        return reply(text, state)
    return d._propose([d.local(c) for c in collected])


def _number_first(
    d: Decider, service: Service, collected: list[str], starts: list[str], day: date | None
) -> ModelResponse:
    """Number the new sessions after the ones already in the package first."""
    state, window = d.state, d.u.window
    state["collected"] = collected + starts
    state["pending"] = {"intent": "collect"}
    if starts:
        state["ref"] = starts[-1]
    elif day is not None:
        state["pending"]["day"] = day.isoformat()  # its free times, once numbered
        if window is not None:
            state["window"] = [f"{window[0]:%H:%M}", f"{window[1]:%H:%M}"]
    return calls(d.request, state, ("get_progress", {"service_id": service.id}))


def _ask_for_start(
    d: Decider, service: Service, count: int | None, collected: list[str]
) -> ModelResponse:
    state = d.state
    if not count:
        return _thanks_or_next(d, service)
    state["stage"] = Stage.COLLECT
    number = int(state["offset"]) + len(collected) + 1
    text = replies.ask_next_start(service, number, count, first=not collected, lang=d.lang)
    return reply(text, state)


def find_focus(d: Decider) -> ModelResponse:
    """No service named: the customer's one open plan is what they mean, if
    they have one (they may be answering an invitation to book the next
    session). The composer then decides this message again."""
    d.state["pending"] = {"intent": "focus", "text": d.u.text}
    return calls(d.request, d.state, ("get_progress", {}))


def ask_next(d: Decider, service: Service) -> ModelResponse:
    """Where the customer stands in this service's plan decides what to ask."""
    d.state["pending"] = {"intent": "next"}
    return calls(d.request, d.state, ("get_progress", {"service_id": service.id}))
