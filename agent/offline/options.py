"""Numbered options: the starts a reply offers ("1. Wed 18 Mar 16:00"), kept in the
dialogue state as `alternatives`, sent out as structured choices (a channel shows
them as list rows or buttons), and picked by what the customer answers: the
number ("2", "2.", "#2"), an ordinal ("the second", "option 2"), "the earliest",
the time itself ("16:00", "the 4pm") or its day and time ("wed at 4").

A pick is only ever one of the options on the table; an answer that matches none
or several of them picks nothing (the dialogue then reads it as a new wish).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time

from bookbot.agent import nlu
from bookbot.agent.model import Choice, ModelResponse
from bookbot.agent.offline import catalogue
from bookbot.agent.offline.phase import JSON, LANG
from bookbot.agent.offline.understanding import Understanding

ALTERNATIVES = "alternatives"
MAX_OPTIONS = 10
"""WhatsApp shows at most ten list rows."""

_BARE_NUMBER = re.compile(r"^\W*(?:#|n[o°]\.?\s*)?(\d{1,2})\s*[.)]?\W*$", re.IGNORECASE)
"""A message that is only a number: '2', '2.', '#2', '(2)', 'no. 2'."""


def title(start: str, lang: str = "en") -> str:
    """'2026-03-18T16:00' as a row title: 'Wed 18 Mar 16:00' (in `lang`)."""
    return catalogue.option_text(lang, start)


def numbered(starts: Sequence[str], lang: str = "en") -> str:
    """The options as numbered lines, in the order a number picks them."""
    return "\n".join(f"{i}. {title(s, lang)}" for i, s in enumerate(starts, 1))


def choices(starts: Sequence[str], lang: str = "en") -> tuple[Choice, ...]:
    return tuple(Choice(id=s, title=title(s, lang)) for s in starts[:MAX_OPTIONS])


def offer(text: str, state: JSON, starts: Sequence[str]) -> ModelResponse:
    """A reply offering `starts` (numbered in `text` already): they wait in the state
    for a pick and travel as structured choices."""
    kept = [str(s)[:16] for s in starts][:MAX_OPTIONS]
    state[ALTERNATIVES] = kept
    return ModelResponse(content=text, state=state, choices=choices(kept, state.get(LANG) or "en"))


def bare_number(text: str) -> int | None:
    found = _BARE_NUMBER.match(text.strip())
    return int(found.group(1)) if found else None


def pick(u: Understanding, starts: Sequence[str], now: datetime) -> int | None:
    """The 0-based index of the option the message picks, or None: the language
    understanding's reading of a pick first, then a bare hour ("ok, 11 then")."""
    if not starts:
        return None
    moments = [datetime.fromisoformat(s).replace(tzinfo=now.tzinfo) for s in starts]
    found = nlu.pick_option(u.text, moments, now, u.lang)
    by_time = _by_time(u, starts) if u.has_when else None
    if found is not None and u.has_when and found != by_time and not _ordinal_as_day(u):
        return None  # "make the second one thurs 28th may": a new day, not option 2
    if found is not None:
        return found
    if u.choice_earliest:
        return moments.index(min(moments))
    said = by_time if by_time is not None or not u.has_when else _said_among(u, moments, now)
    if said is not None:
        return said
    number = u.choice if u.choice is not None and u.choice > 0 else bare_number(u.text)
    if u.choice == -1:
        number = len(starts)
    if number is None and u.count is not None and not u.has_when:
        return _by_hour(u.count, starts)  # "ok, 11 then" to options at 09:00 and 11:00
    if number is None or (u.has_when and not _ordinal_as_day(u)):
        return None  # "the 15th at 11 for the second one": a new time, not option 2
    if number > len(starts):
        return _by_hour(number, starts)
    return number - 1 if number >= 1 else None


def _by_hour(hour: int, starts: Sequence[str]) -> int | None:
    """The one option on the full hour `hour` (either half of the clock)."""
    hits = [
        i
        for i, s in enumerate(starts)
        if s[14:16] == "00" and int(s[11:13]) % 12 == hour % 12 and 1 <= hour <= 24
    ]
    return hits[0] if len(hits) == 1 else None


def _said_among(u: Understanding, moments: list[datetime], now: datetime) -> int | None:
    """ "his test is at 8:15 so the 7 o'clock one": the one option at a time the message
    says (either reading of a bare hour) on no other day, beside a time given as a reason."""
    said = [w for w in nlu.parse_when(u.text, now, lang=u.lang) if not w.excluded]
    times = {t for w in said for t in (w.time, w.alt_time) if t is not None}
    days = {w.date for w in said if w.date is not None}
    hits = [
        i for i, m in enumerate(moments)
        if m.time() in times and (not days or days == {m.date()})
    ]  # fmt: skip
    return hits[0] if len(hits) == 1 and len(times) > 1 else None


def _ordinal_as_day(u: Understanding) -> bool:
    """'the second' alone, read as the 2nd of the month too: with options shown, a pick."""
    only_day = len(u.dates) == 1 and not (u.datetimes or u.time_only or u.recurring)
    return only_day and u.choice is not None and u.dates[0].day == u.choice


def at_time(starts: Sequence[str], at: time) -> int | None:
    """The one option at the time of day `at`, on whatever day."""
    hits = [i for i, s in enumerate(starts) if datetime.fromisoformat(s).time() == at]
    return hits[0] if len(hits) == 1 else None


def _by_time(u: Understanding, starts: Sequence[str]) -> int | None:
    """The one option at the time (and day, when said) the message names."""
    moments = [datetime.fromisoformat(s) for s in starts]
    if u.datetimes and not u.recurring:
        wished = {f"{d:%Y-%m-%dT%H:%M}" for d in u.datetimes}
        hits = [i for i, m in enumerate(moments) if f"{m:%Y-%m-%dT%H:%M}" in wished]
    elif u.time_only is not None and not (u.dates or u.recurring):
        return at_time(starts, u.time_only)
    elif u.dates and not u.time_only and len(u.dates) == 1:
        hits = [i for i, m in enumerate(moments) if m.date() == u.dates[0]]
    else:
        return None
    return hits[0] if len(hits) == 1 else None
