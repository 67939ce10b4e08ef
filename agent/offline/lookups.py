"""Decide-phase handlers that show what is asked: the customer's progress and
bookings, prices, a service's description, free times and opening hours."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import booking, free_times, replies
from bookbot.agent.offline.phase import SOONEST, calls, reply

if TYPE_CHECKING:
    from bookbot.agent.offline.decider import Decider


def progress(d: Decider) -> ModelResponse | None:
    """Where the customer stands; a booking asked in the same message ("how many are
    left? and book two more on...") is decided once that answer is kept as the
    reply's first part (`pending` intent `progress_then`)."""
    if d.progress_told:
        return None
    service = d.service(d.u.services[0]) if d.u.services else None
    args = {"service_id": service.id} if service else {}
    if _books_too(d):
        d.state["pending"] = {"intent": "progress_then", "text": d.u.text}
    return calls(d.request, d.state, ("get_progress", args))


def _books_too(d: Decider) -> bool:
    """Besides the progress question, the message asks to book at a named time."""
    u = d.u
    wish = "book" in u.intents or bool(u.count) or u.count_all
    return wish and u.has_when and not (u.intents & {"cancel", "reschedule"})


def bookings(d: Decider) -> ModelResponse | None:
    """'What do I have booked?', 'when is my fitting?'. A day with its time beside
    "my next appointment" ("next session for my knee: Monday at 5:15?", "when can we
    do the next one? Mondays at half 2 again, ideally") is a wish to book it: booking
    decides."""
    service, u = d.focus(), d.u
    timed = u.datetimes or any(r.at is not None for r in u.recurring)
    if service is not None and timed and not u.intents & {"cancel", "reschedule"}:
        return None
    if service is not None and d._target() is not None:
        d.state["asked"] = [service.id, d._target()]  # "when is my fitting?"
    return calls(d.request, d.state, ("list_bookings", {}))


def price(d: Decider) -> ModelResponse | None:
    service, u = d.focus(), d.u
    if service is not None and "info" in u.intents:
        return None  # the description answers both, price included
    if service is None or ("services" in u.intents and not u.services):
        lines = [replies.price(d.business, s, d.lang) for s in d.business.services]
        return reply("\n".join(lines), d.state)
    asks_opening = "opening" in u.intents and "book" not in u.intents
    if u.has_when and not asks_opening:  # the day is the opening question's, not a wish
        return None
    if "availability" in u.intents and not asks_opening:
        d.state["preface"] = replies.price(d.business, service, d.lang)
        return None  # "and when's the earliest?": the free times follow the price
    return reply(replies.price(d.business, service, d.lang), d.state)


def info(d: Decider) -> ModelResponse | None:
    service = d.focus()
    if service is None or d.u.has_when:
        return None
    booking.set_ask_stage(d, service)
    return reply(replies.describe(d.business, service, lang=d.lang), d.state)


def availability(d: Decider) -> ModelResponse | None:
    u, service = d.u, d.focus()
    if u.choice_earliest and not u.has_when and service is not None:
        d.state[SOONEST] = True  # "the soonest you have": the first free start
    if service is None and not (u.datetimes or u.dates or u.time_only):
        return opening_hours(d)
    timed = u.datetimes or any(r.at is not None for r in u.recurring)
    if service is None or (timed and u.window is None):
        return None  # an exact time ("Mondays at 2:30") is a wish to book it, not a question
    days = sorted(u.dates or tuple(m.date() for m in u.datetimes))  # said in any order
    if days:
        d.state["asked_days"] = [days[0].isoformat(), days[-1].isoformat()]
    first = days[0] if days else d.now.date()
    last = days[-1] if days else first + timedelta(days=6)
    d.state.pop("pending_date", None)
    if u.window is not None:
        d.state["window"] = [f"{u.window[0]:%H:%M}", f"{u.window[1]:%H:%M}"]
    return d._check_availability(service, first, last)


def opening_hours(d: Decider) -> ModelResponse:
    """'When are you open?', 'are you open on Saturdays?' with no service in mind."""
    weekdays = tuple(sorted({w for r in d.u.recurring for w in r.weekdays}))
    today = d.now.date()
    soon = [c for c in d.business.closed if today <= c <= today + timedelta(days=90)]
    weekly = d.business.hours
    closed = sorted(c for c in soon if weekly.get(f"{c:%a}".lower()))  # else closed anyway
    days = [c.isoformat() for c in closed[:5]]
    return reply(free_times.opening_hours(d.business, weekdays, days, d.lang), d.state)
