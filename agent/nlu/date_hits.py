"""What a date expression resolved to (`DateHit`), and the helpers handlers share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bookbot.agent.nlu import cal
from bookbot.agent.nlu.lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class DateHit:
    """A date (or a range from `date` to `end_date`) found at [start, end) of the text."""

    start: int
    end: int
    date: dt.date | None
    end_date: dt.date | None = None
    weekdays: frozenset[int] = frozenset()
    recurring: bool = False
    invalid: str | None = None
    time: dt.time | None = None
    week_range: bool = False
    shift: tuple[int, str] | None = None
    """A move by an amount ("a week later" is (1, "week"), "2 days earlier" (-2, "day"))."""
    session_ref: bool = False
    """The day names a booked session ("my Thursday session"), not a wish."""
    excluded: bool = False
    """The day is ruled out ("Saturdays are bad for me")."""
    onward: bool = False
    """The day starts a series ("ab 10.3.", "a partir del 10 de marzo", "starting
    March 10"): the first day wanted, not the only one."""
    floating: bool = False
    """A bare weekday ("thursday", "on thu") read as its next occurrence from today;
    a caller that knows a better anchor (the session being moved) may re-anchor it."""


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a handler may look at: the text, the day it is, the words, the reading order."""

    text: str
    today: date
    lex: Lexicon
    day_first: bool
    now: datetime | None
    """The aware local now, for "in 2 hours"; None when only spans matter."""
    reference: datetime | None = None
    """The time last discussed, for "a week later", "the Wednesday after", "same day"."""


def amount(m: re.Match[str], ctx: Ctx) -> int:
    """The number a match says: its digits (`n`) or its quantity word (`q`: "a",
    "two", "zwei"), 1 when it says none."""
    if m.groupdict().get("n"):
        return int(m["n"])
    return ctx.lex.quantities.get(" ".join((m.groupdict().get("q") or "").split()), 1)


def on(found: date, *, recurring: bool = False) -> DateHit:
    return DateHit(0, 0, found, weekdays=frozenset({found.weekday()}), recurring=recurring)


def failed(reason: str) -> DateHit:
    return DateHit(0, 0, None, invalid=reason)


def checked(ctx: Ctx, found: date | str, weekday: int | None) -> DateHit:
    """A date, why it does not exist, or a mismatch with the weekday said next to it."""
    if isinstance(found, str):
        return failed(found)
    hit = on(found)
    if weekday is None or weekday == found.weekday():
        return hit
    names, months = ctx.lex.weekday_names, ctx.lex.month_names
    reason = ctx.lex.sentence(
        "weekday_mismatch", month=months[found.month - 1], n=found.day,
        weekday=names[found.weekday()], said=names[weekday],
    )  # fmt: skip
    return DateHit(0, 0, found, weekdays=hit.weekdays, invalid=reason)


def between(start: date, end: date, *, week: bool = False) -> DateHit:
    return DateHit(0, 0, start, end, week_range=week)


def offset(today: date, amount: int, unit: str) -> date:
    """`amount` days / weeks / fortnights / months after `today`."""
    if unit == "month":
        return cal.add_months(today, amount)
    days = {"day": 1, "week": 7, "fortnight": 14}[unit]
    return today + timedelta(days=amount * days)
