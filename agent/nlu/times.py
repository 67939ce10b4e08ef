"""Times of day in normalised text: "2:30 pm", "14h", "half past 2", "noon", "mornings".

Rules (documented for the bot's users):
- A bare hour 1-7 without am/pm is in the afternoon (business hours): "at 3" is 15:00,
  "2:30" is 14:30; 8-11 are mornings; 12 is noon; 13-23 are read as 24-hour times.
- A part of the day next to an hour decides instead: "8 in the evening" is 20:00.
  Without one, the hit keeps the other reading (`alt`: 07:00 for "at 7"), so a
  caller that knows the opening hours can prefer the one inside them.
- A part of the day alone is approximate: its preferred time plus a window
  (morning 09:00 in 08:00-12:00, afternoon 14:00 in 12:00-17:00, evening 18:00 in 17:00-21:00).
- "after 3pm" is 15:00 with the window 15:00-23:59; "before 11" has no time, the window
  00:00-11:00; "between 2 and 4" is 14:00 with the window 14:00-16:00; "around 3" is
  approximate.
- "half 2" is 2:30 (British), as is "half past 2"; "at 1530" is 15:30 (four digits right
  after "at", not followed by a currency or "per").
- "at 5 or 6" gives both; "25:00" is reported as invalid, not dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time
from functools import lru_cache

from bookbot.agent.nlu.lexicon import Lexicon, Meridiem, alternation, generation, lexicon
from bookbot.agent.nlu.times_grammar import (
    TimeHit,
    ap_of,
    grammar,
    meridiem,
    other_reading,
    resolve_hour,
    shape,
)

__all__ = ["TimeHit", "find_times", "resolve_hour"]


@lru_cache(maxsize=8)
def _greeting(lang: str) -> re.Pattern[str]:
    return re.compile(lexicon(lang).regex("greeting_daypart"))


def find_times(
    text: str, lang: str = "en", mask: tuple[tuple[int, int], ...] = ()
) -> list[TimeHit]:
    """Every time expression in normalised `text`, outside the `mask` spans, in text order."""
    return list(_find_times(text, lang, mask, generation()))


@lru_cache(maxsize=4096)
def _find_times(
    text: str, lang: str, mask: tuple[tuple[int, int], ...], _generation: int
) -> tuple[TimeHit, ...]:
    lex = lexicon(lang)
    work = list(text)
    greeting = _greeting(lang).match(text)
    for a, b in (*mask, *([greeting.span()] if greeting else [])):
        work[a:b] = " " * (b - a)
    hits: list[TimeHit] = []
    for pattern, handler in grammar(lang).patterns_for(text):
        current = "".join(work)
        for match in pattern.finditer(current):
            hit = handler(match, lex)
            if hit is None:
                continue
            hits.append(hit)
            work[hit.start : hit.end] = " " * (hit.end - hit.start)
    hits.sort(key=lambda h: h.start)
    hits = _without_counts_before_times(hits, text)
    hits = _alternatives(hits, "".join(work), lex)
    merged: list[TimeHit] = []
    for hit in hits:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.same_time
            and hit.time is not None
            and _said_out(lex.code).match(text[prev.end : hit.start])
        ):
            merged[-1] = replace(hit, start=prev.start)  # "same time, 10am": 10am
        elif (
            prev is not None
            and prev.daypart != hit.daypart
            and _glue(lex.code).match(text[prev.end : hit.start])
        ):
            merged[-1] = _merge(prev, hit, lex)
        else:
            merged.append(hit)
    return tuple(merged)


@lru_cache(maxsize=8)
def _said_out(code: str) -> re.Pattern[str]:
    """What may stand between "same time" and the time it spells out ("same time,
    10am", "gleiche Uhrzeit um 10", "a la misma hora, a las 10")."""
    words = alternation(lexicon(code).words["tight"])
    return re.compile(rf"^[\s,:(-]*(?:(?:{words})\b[\s,:(-]*)*$")


def _without_counts_before_times(hits: list[TimeHit], text: str) -> list[TimeHit]:
    """ "las tres a las 18:00", "los dos a las 5": a bare whole hour read only through a
    loose "las"/"los", right before a time with its own preposition, counts the
    sessions ("all three at 18:00"); it is no time of its own."""
    kept: list[TimeHit] = []
    for k, hit in enumerate(hits):
        nxt = hits[k + 1] if k + 1 < len(hits) else None
        bare = hit.raw is not None and hit.raw[1] == 0 and hit.raw[2] is None and hit.pre
        if (
            bare
            and nxt is not None
            and nxt.pre
            and not text[hit.end : nxt.start].strip(" ,")
            and text[hit.start : hit.end].split()[0] in _LOOSE_ARTICLES
        ):
            continue
        kept.append(hit)
    return kept


_LOOSE_ARTICLES = frozenset({"las", "los", "la"})
"""Spanish articles that stand for "at" before an hour ("las 3") and before a count
("las tres", all three): only there is the count reading possible."""


@lru_cache(maxsize=8)
def _glue(code: str) -> re.Pattern[str]:
    """What may stand between an hour and its part of the day ("8 in the evening",
    "5 de la tarde")."""
    words = alternation(lexicon(code).words["daypart_glue"])
    return re.compile(rf"^\s*,?\s*(?:(?:{words}|,)\s*)*$")


def _merge(a: TimeHit, b: TimeHit, lex: Lexicon) -> TimeHit:
    """An hour and a part of the day next to each other: "8 in the evening"."""
    part, clock = (a, b) if a.daypart else (b, a)
    joined = replace(
        clock,
        plural=part.plural,
        today=part.today,
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        alt=None,
    )
    if clock.raw is None or clock.raw[2] is not None or part.window is None:
        return joined
    hint: Meridiem | None = "am" if part.window[1] <= time(12) else "pm"
    resolved = resolve_hour(clock.raw[0], clock.raw[1], None, hint)
    if resolved is None:  # pragma: no cover - the clock resolved before
        return joined
    return shape(joined, resolved, lex)


@lru_cache(maxsize=8)
def _alt_pattern(code: str) -> re.Pattern[str]:
    w = lexicon(code).words
    seps = alternation(w["list_sep"])
    # "at 5 or 6 sessions" is a count, "5 or 6 of them" too
    nouns = alternation(w["count_nouns"])
    return re.compile(
        rf"\s*(?:,\s*)?(?:{seps})\s+(?P<h>\d{{1,2}})(?:[:.](?P<m>[0-5]\d))?"
        rf"(?:\s*(?P<ap>{meridiem(lexicon(code))})\b)?"
        rf"(?![\d:./]|(?:st|nd|rd|th)\b|\s*(?:%|(?:{nouns})\b))"
    )


@lru_cache(maxsize=8)
def _alt_before(code: str) -> re.Pattern[str]:
    either = alternation(lexicon(code).words["either_sep"])
    return re.compile(
        rf"(?<![\w:./])(?P<h>\d{{1,2}})(?:[:.](?P<m>[0-5]\d))?\s*,?\s*(?:{either})\s+$"
    )


def _options_before(hits: list[TimeHit], work: str, lex: Lexicon) -> list[TimeHit]:
    """ "Friday morning? 10 or half 11": a bare hour before "or" and a clock time is
    another option, on the same half of the day when it can be."""
    out: list[TimeHit] = []
    pattern = _alt_before(lex.code)
    for k, hit in enumerate(hits):
        previous_end = hits[k - 1].end if k else 0
        match = pattern.search(work, previous_end, hit.start) if hit.raw is not None else None
        if match is not None and hit.raw is not None and hit.time is not None:
            hour, minute = int(match.group("h")), int(match.group("m") or 0)
            hint: Meridiem | None = "pm" if hit.time >= time(12) and hour < 12 else None
            resolved = resolve_hour(hour, minute, None, hint)
            if resolved is not None and resolved <= hit.time:
                out.append(TimeHit(match.start("h"), match.end("h") if not match.group("m")
                                   else match.end("m"), resolved, raw=(hour, minute, None),
                                   approximate=hit.approximate))  # fmt: skip
        out.append(hit)
    return out


def _alternatives(hits: list[TimeHit], work: str, lex: Lexicon) -> list[TimeHit]:
    """ "at 5 or 6": the bare 6 after a clock time is another option of the same kind."""
    hits = _options_before(hits, work, lex)
    out: list[TimeHit] = []
    pattern = _alt_pattern(lex.code)
    for hit in hits:
        out.append(hit)
        match = pattern.match(work, hit.end) if hit.raw is not None else None
        if match is None or any(h.start < match.end() and match.start() < h.end for h in hits):
            continue
        ap = ap_of(match) or hit.raw[2] if hit.raw is not None else None
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        resolved = resolve_hour(hour, minute, ap, None)
        if resolved is not None:
            start = match.start("h")
            alt = other_reading(hour, minute, ap, resolved)
            out.append(TimeHit(start, match.end(), resolved, raw=(hour, minute, ap),
                               approximate=hit.approximate, alt=alt))  # fmt: skip
    return out
