"""Parts of a week or a month: "end of next week", "Anfang Mai", "a finales de mes".

Early is Monday-Wednesday or days 1-10, mid Tuesday-Thursday or 11-20, late
Thursday-Sunday or 21 to the end. Which words say which part is the lexicon's
(`part_early`, `part_mid`, `part_late`). A part already over is not moved to
another week or month: it is not read as a date at all.
"""

from __future__ import annotations

import re
from datetime import date

from bookbot.agent.nlu import cal
from bookbot.agent.nlu.date_hits import Ctx, DateHit, between


def _norm(phrase: str | None) -> str:
    return " ".join((phrase or "").split())


_PARTS = ("early", "mid", "late")


def part_of(ctx: Ctx, phrase: str | None) -> str | None:
    """ "end of" / "Ende" / "a finales de" -> "late": which part of a week or month."""
    said = _norm(phrase)
    return next((p for p in _PARTS if said in ctx.lex.word_list(f"part_{p}")), None)


_WEEK_PARTS = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}


def week_part(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "end of next week" (Thursday to Sunday), "early this week" (Monday to Wednesday)."""
    ahead = 1 if _norm(m["rel"]) in ctx.lex.words["next"] else 0
    if m.groupdict().get("after_next"):
        ahead = 2
    first, last = _WEEK_PARTS[part_of(ctx, m["part"]) or "early"]
    return _clipped(ctx, cal.in_week(ctx.today, ahead, first), cal.in_week(ctx.today, ahead, last))


def month_part(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "end of the month" (the 21st on), "beginning of next month" (up to the 10th)."""
    month = ctx.today.replace(day=1)
    if _norm(m["rel"]) in ctx.lex.words["next"]:
        month = cal.add_months(month, 1)
    first, last = cal.month_range(month, month.month, part_of(ctx, m["part"]), month.year)
    return _clipped(ctx, first, last)


def _clipped(ctx: Ctx, first: date, last: date) -> DateHit | None:
    """The part of a range not yet past; None when all of it is (no guessing)."""
    if last < ctx.today:
        return None
    return between(max(first, ctx.today), last)
