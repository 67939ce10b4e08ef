"""Dates counted from the time last discussed (the `reference`), and shifts.

"5 weeks after that" and "a month later" are that long after the reference (after
today when there is none); "2 days earlier" is only a shift back, since the day it
moves is the caller's to know; "the Wednesday after" is the first Wednesday after
the reference day, and "same day" is the reference day. "A week after the 14th"
counts from the date named instead (`counted_from`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, timedelta
from functools import lru_cache

from bookbot.agent.nlu import cal
from bookbot.agent.nlu.date_hits import Ctx, DateHit, amount, offset, on
from bookbot.agent.nlu.lexicon import alternation, lexicon

_STEP = {"hour": timedelta(hours=1), "minute": timedelta(minutes=1)}


def later(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "a month later", "5 weeks after that": from the reference, else from now."""
    unit, count = ctx.lex.units[m["unit"]], amount(m, ctx)
    shift = (count, unit)
    base = ctx.reference or ctx.now
    if unit in _STEP:
        if base is None:
            return replace(on(ctx.today), shift=shift)
        moved = (base.astimezone(UTC) + count * _STEP[unit]).astimezone(base.tzinfo)
        hit = on(moved.date())
        return replace(hit, time=moved.time().replace(second=0, microsecond=0), shift=shift)
    start = ctx.reference.date() if ctx.reference is not None else ctx.today
    return replace(on(offset(start, count, unit)), shift=shift)


def earlier(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "a week earlier", "2 days before that": a shift back, no date of its own."""
    unit, count = ctx.lex.units[m["unit"]], amount(m, ctx)
    return DateHit(0, 0, None, shift=(-count, unit))


def weekday_after(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "the Wednesday after": the first Wednesday after the reference day."""
    if ctx.reference is None:
        return None
    wd = ctx.lex.weekdays[m["wd"].rstrip(".")]
    day = ctx.reference.date()
    return on(day + timedelta(days=(wd - day.weekday() - 1) % 7 + 1))


def day_after(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "the day after": the day after the reference."""
    if ctx.reference is None:
        return None
    return replace(on(ctx.reference.date() + timedelta(days=1)), shift=(1, "day"))


def same_day(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "same day": the reference day."""
    return None if ctx.reference is None else on(ctx.reference.date())


_COUNTED_UNITS = frozenset({"day", "week", "fortnight", "month"})


@lru_cache(maxsize=8)
def _amount_after(code: str) -> re.Pattern[str]:
    """ "a fortnight after ", "zwei Wochen nach dem ", "dos semanas después del " at the
    end of the text before a date."""
    lex = lexicon(code)
    w = lex.words
    qty = alternation([*lex.quantities, *w["a"]])
    the = alternation(w["the"])
    after = alternation(w["after_date"])
    # the word for after may open the date's own words ("after the 14th")
    return re.compile(
        rf"(?<!\w)(?:(?P<n>\d{{1,3}})|(?P<q>{qty}))\s+(?P<unit>{alternation(lex.units)})\s+"
        rf"(?:(?P<after>{after})\s+(?:(?:{the})\s+)?)?$|^(?P<opens>{after})\s"
    )


def counted_from(hits: list[DateHit], ctx: Ctx, code: str) -> list[DateHit]:
    """ "a week after the 14th", "zwei Wochen nach dem 3.5.": the date that long after the
    one named (the hit is widened to the amount). A range, a failed date or a shift is
    left as it is."""
    pattern = _amount_after(code)
    out: list[DateHit] = []
    for hit in hits:
        found = None
        if hit.date is not None and hit.end_date is None and not hit.invalid and not hit.shift:
            found = pattern.search(ctx.text, max(0, hit.start - 60), hit.start)
        if found is not None and not found["after"]:
            # "a week" right before the date: only when the date's own words open with
            # the word for after ("after the 14th")
            opens = pattern.match(ctx.text[hit.start : hit.end])
            found = found if opens is not None and opens["opens"] else None
        unit = ctx.lex.units.get(found["unit"]) if found else None
        if found is None or unit not in _COUNTED_UNITS or any(h.end > found.start() for h in out):
            out.append(hit)
            continue
        assert hit.date is not None and unit is not None
        moved = on(offset(hit.date, amount(found, ctx), unit))
        out.append(replace(moved, start=found.start(), end=hit.end))
    return out


@lru_cache(maxsize=8)
def _last_before(code: str) -> re.Pattern[str]:
    words = alternation(lexicon(code).words["previous"])
    return re.compile(rf"(?<!\w)(?:{words})\s+$")


def said_as_past(hits: list[DateHit], ctx: Ctx, code: str) -> list[DateHit]:
    """ "done with my first one last March 1": a date after the word for last is the
    one gone by, and a day gone by is no day wished (`excluded`)."""
    pattern = _last_before(code)
    out: list[DateHit] = []
    for hit in hits:
        past = hit.date is not None and hit.end_date is None and not hit.floating
        if not past or pattern.search(ctx.text, max(0, hit.start - 20), hit.start) is None:
            out.append(hit)
            continue
        assert hit.date is not None
        day = cal.add_months(hit.date, -12) if hit.date > ctx.today else hit.date
        out.append(replace(hit, date=day, weekdays=frozenset({day.weekday()}), excluded=True))
    return out
