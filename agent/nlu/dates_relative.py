"""Dates counted from the time last discussed (the `reference`), and shifts.

"5 weeks after that" and "a month later" are that long after the reference (after
today when there is none); "2 days earlier" is only a shift back, since the day it
moves is the caller's to know; "the Wednesday after" is the first Wednesday after
the reference day, and "same day" is the reference day.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, timedelta

from bookbot.agent.nlu.date_hits import Ctx, DateHit, offset, on

_STEP = {"hour": timedelta(hours=1), "minute": timedelta(minutes=1)}


def _amount(m: re.Match[str], ctx: Ctx) -> int:
    if m.groupdict().get("n"):
        return int(m["n"])
    return ctx.lex.quantities.get(" ".join((m.groupdict().get("q") or "").split()), 1)


def later(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "a month later", "5 weeks after that": from the reference, else from now."""
    unit, amount = ctx.lex.units[m["unit"]], _amount(m, ctx)
    shift = (amount, unit)
    base = ctx.reference or ctx.now
    if unit in _STEP:
        if base is None:
            return replace(on(ctx.today), shift=shift)
        moved = (base.astimezone(UTC) + amount * _STEP[unit]).astimezone(base.tzinfo)
        hit = on(moved.date())
        return replace(hit, time=moved.time().replace(second=0, microsecond=0), shift=shift)
    start = ctx.reference.date() if ctx.reference is not None else ctx.today
    return replace(on(offset(start, amount, unit)), shift=shift)


def earlier(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "a week earlier", "2 days before that": a shift back, no date of its own."""
    unit, amount = ctx.lex.units[m["unit"]], _amount(m, ctx)
    return DateHit(0, 0, None, shift=(-amount, unit))


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
