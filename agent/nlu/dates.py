"""Dates in normalised text, resolved against `today` (never into the past).

Resolution rules:
- No year given: the first such date on or after today ("March 1st" on March 2 is next year).
- "the 24th": this month if the 24th is today or later, else next month.
- A bare weekday ("Friday") is the next one after today: on a Friday it means in
  7 days (say "today" or "this Friday" for today).
- "this Friday": this week's Friday if it is today or later, else the coming one.
- "next Friday" / "Friday next week": Friday of next calendar week (weeks start on Monday);
  "Friday after next" is Friday of the calendar week after that.
- "Friday week" / "a week on Friday": a week after the bare "Friday"; "a week today",
  "2 weeks tomorrow" count from today or tomorrow ("for a week on Monday" is a length).
- "10/03" and "10.03." are day first; "3/24" (second part above 12) is month first.
- Numbers are not shifted: "February 30th" and "31/04" come back with `invalid` set,
  and a weekday that does not match its date ("Wednesday the 24th" when the 24th is a
  Tuesday) is reported with the date as a hint.
Ranges ("next week", "in April", "the first week of April") carry `end`. Parts of a
week are approximate: early is Monday-Wednesday, mid Tuesday-Thursday, end Thursday-Sunday
("end of next week"); parts of a month are days 1-10, 11-20, 21-end ("end of the month").
A part already over is not moved to another week: it is not read as a date at all.
Relative to the time last discussed (`reference`): "a month later", "5 weeks after
that" (from today when there is none), "the Wednesday after" (the first Wednesday
after it), "same day"; "a week earlier" is only a shift (`DateHit.shift`), no date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from bookbot.agent.nlu.date_hits import Ctx, DateHit, on
from bookbot.agent.nlu.dates_grammar import Handler, grammar
from bookbot.agent.nlu.dates_relative import counted_from, day_after, said_as_past
from bookbot.agent.nlu.lexicon import generation

__all__ = ["DateHit", "find_dates"]


def find_dates(
    text: str,
    today: date,
    lang: str = "en",
    *,
    day_first: bool = True,
    now: datetime | None = None,
    reference: datetime | None = None,
) -> list[DateHit]:
    """Every date expression in normalised `text`, in text order, without overlaps.

    `reference` (local) is the time last discussed: "a week later", "5 weeks after
    that", "the Wednesday after" and "same day" count from it; without one, "later"
    counts from today and the others are not dates."""
    gram = grammar(lang)
    ctx = Ctx(text, today, gram.lex, day_first, now, reference)
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    unresolved: list[re.Match[str]] = []
    for handler, matches in _scan(text, lang, generation()):
        for match in matches:
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            found = handler(match, ctx)
            if found is None:
                if handler is day_after:
                    unresolved.append(match)
                continue
            hits.append(replace(found, start=start, end=end))
            taken.append((start, end))
    hits.sort(key=lambda h: h.start)
    hits = _after_the_day_before(hits, unresolved)
    return said_as_past(counted_from(hits, ctx, lang), ctx, lang)


def _after_the_day_before(hits: list[DateHit], unresolved: list[re.Match[str]]) -> list[DateHit]:
    """ "tomorrow evening 6 and day after evening 6": without a time last discussed,
    "the day after" follows the day named before it in the same message."""
    out = list(hits)
    for match in unresolved:
        start, end = match.span()
        if any(start < h.end and h.start < end for h in out):
            continue
        before = [h for h in out if h.end <= start]
        day = before[-1].date if before and before[-1].end_date is None else None
        if day is not None and not before[-1].invalid:
            out.append(replace(on(day + timedelta(days=1)), start=start, end=end))
    return sorted(out, key=lambda h: h.start)


@lru_cache(maxsize=4096)
def _scan(
    text: str, lang: str, _generation: int
) -> tuple[tuple[Handler, tuple[re.Match[str], ...]], ...]:
    """The matches of every pattern of the grammar in `text`, in pattern order (patterns
    that match nothing left out): they depend on the text alone, not on the day the
    dates are resolved against, and a turn reads the same text against several days."""
    patterns = grammar(lang).patterns
    found = ((handler, tuple(pattern.finditer(text))) for pattern, handler in patterns)
    return tuple((handler, matches) for handler, matches in found if matches)
