"""Fold the answers of `bookbot.agent.nlu` into one `Understanding`.

The language understanding speaks in parser terms (`When`, `Reply`, `Intent`);
the dialogue policy wants plain fields: resolved start times, bare dates, a
time without a day, weekly habits, a yes or no. This module is the only place
that knows both vocabularies.
"""

from __future__ import annotations

from datetime import date, datetime, time

from bookbot.agent import nlu
from bookbot.agent.nlu import Intent, ReplyKind, When
from bookbot.agent.offline.session_names import named_session
from bookbot.agent.offline.understanding import Recurring, Understanding
from bookbot.core.config import Business

_INTENT_NAMES: dict[Intent, str] = {
    Intent.LIST_BOOKINGS: "list",
    Intent.PLAN_INFO: "info",
}
"""Policy names that differ from the parser's; every other intent keeps its value."""

_REPLIES = {ReplyKind.YES: "yes", ReplyKind.NO: "no", ReplyKind.CHANGE: "change"}


def read_message(
    text: str, now: datetime, business: Business, reference: datetime | None = None
) -> Understanding:
    """Everything the offline model needs from one message, at the business clock `now`."""
    zone = business.zone
    local_now = now.astimezone(zone)
    whens = nlu.parse_when(text, local_now, reference)
    valid = [w for w in whens if w.valid]
    count = nlu.extract_count(text)
    services = tuple(m.service.id for m in _service_matches(text, business))
    session_number = nlu.extract_session_number(text)
    if session_number is None:
        named = named_session(text, business.services, services)
        if named is not None and (not services or named[0] in services):
            services, session_number = services or (named[0],), named[1]
    return Understanding(
        text=text,
        reply=_REPLIES.get(nlu.classify_reply(text).kind),
        intents=frozenset(_INTENT_NAMES.get(i, i.value) for i in nlu.detect_intents(text)),
        services=services,
        datetimes=_datetimes(valid, business),
        dates=_dates(valid),
        time_only=_time_only(valid),
        period=next(
            ((w.date, w.end_date) for w in valid if w.date and w.end_date and not w.recurring),
            None,
        ),
        recurring=tuple(
            Recurring(weekdays=tuple(sorted(w.weekdays)), at=w.time)
            for w in valid
            if w.recurring and w.weekdays
        ),
        invalid=tuple(str(w.invalid_reason) for w in whens if not w.valid),
        count=count.value if count is not None else None,
        session_number=session_number,
        choice=nlu.extract_choice(text),
        window=next((w.window for w in valid if w.approximate and w.window), None),
    )


def _service_matches(text: str, business: Business) -> list[nlu.ServiceMatch]:
    """The services the text names clearly enough to act on, best first."""
    matches = nlu.match_services(text, business.services)
    return matches if nlu.is_clear(matches) else []


def _datetimes(whens: list[When], business: Business) -> tuple[datetime, ...]:
    found: list[datetime] = []
    for when in whens:
        if when.recurring:
            continue
        moment = when.at(business.zone)
        if moment is not None and moment not in found:
            found.append(moment)
    return tuple(found)


def _dates(whens: list[When]) -> tuple[date, ...]:
    found: list[date] = []
    for when in whens:
        if when.recurring or when.date is None or when.time is not None:
            continue
        for day in (when.date, when.end_date):
            if day is not None and day not in found:
                found.append(day)
    return tuple(found)


def _time_only(whens: list[When]) -> time | None:
    for when in whens:
        if when.date is None and when.time is not None and not when.recurring:
            return when.time
    return None
