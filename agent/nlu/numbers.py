"""How many sessions the customer means: "3 to start", "let's do five", "all 10", "a couple".

Numbers that are part of a date, a time, a price, a phone number or a session
number ("session 3", "2 of 10") are not counts. When several numbers remain,
the one next to a session word or a booking verb wins.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from bookbot.agent.nlu.corrections import corrected_hours, marker_spans, without_pauses
from bookbot.agent.nlu.dates import find_dates
from bookbot.agent.nlu.lexicon import alternation, generation, lexicon
from bookbot.agent.nlu.normalize import Normalized, normalize
from bookbot.agent.nlu.times import find_times
from bookbot.agent.nlu.times_grammar import other_reading, resolve_hour

_ANY_DAY = date(2001, 1, 1)  # spans only: which day it is does not matter here
_DIGITS_SHAPE = r"(?<![\d.,:/+-])(?<![^\W\d_])\d{1,3}(?![\d:/]|[.,]\d|[^\W\d_]|\s*(?:{units})\b)"
"""A number standing alone: digits glued to letters ("3D", "v2", "4x4") are names, and a
unit after it ("3 weeks", "20%") makes it no count (the units are the lexicon's)."""
_SYMBOLS = "[$\u20ac\u00a3]"
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")


@dataclass(frozen=True, slots=True)
class Count:
    """A number of sessions. `value` is None for "all of them" without a number."""

    value: int | None
    span: tuple[int, int]
    text: str
    all: bool = False
    more: bool = False
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class BareHour:
    """A lone number that may be a time of day ("make it 11"): read as `time` by the
    rule for bare hours, `alt` the other half of the day."""

    value: int
    time: dt.time
    alt: dt.time | None
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Rules:
    all: re.Pattern[str]
    after: re.Pattern[str]
    before: re.Pattern[str]
    not_count: re.Pattern[str]
    quantity: re.Pattern[str]
    more: re.Pattern[str]
    hour_before: re.Pattern[str]
    hour_after: re.Pattern[str]
    hour_instead: re.Pattern[str]
    digits: re.Pattern[str]
    money: re.Pattern[str]
    out_of: re.Pattern[str]
    aside: re.Pattern[str]


@lru_cache(maxsize=8)
def _rules(code: str) -> _Rules:
    lex = lexicon(code)

    def one(key: str) -> re.Pattern[str]:
        return re.compile(lex.regex(key))

    return _Rules(
        all=one("count_all"),
        after=one("count_after"),
        before=one("count_before"),
        not_count=one("count_not"),
        quantity=re.compile(rf"(?<![\w])(?:{alternation(lex.quantities)})\b"),
        more=re.compile(r"\s*(?:more|extra|additional|further)\b"),
        hour_before=one("hour_before"),
        hour_after=one("hour_after"),
        hour_instead=one("hour_instead"),
        digits=re.compile(_DIGITS_SHAPE.replace("{units}", lex.regex("number_unit"))),
        money=re.compile(
            rf"(?:{_SYMBOLS}|\b(?:{lex.regex('money_word')}))\s*\d[\d'.,]*|\d[\d'.,]*\s*"
            rf"(?:{_SYMBOLS}|(?:{lex.regex('money_word')})(?![^\W\d_]))"
        ),
        out_of=re.compile(rf"\d+\s*(?:(?:{lex.regex('out_of')})(?![^\W\d_])|/)\s*\d+"),
        aside=one("count_aside"),
    )


def parse_number(text: str, lang: str = "en") -> int | None:
    """The number a short text is, in digits or words ("21", "twenty-one"), else None."""
    norm = normalize(text, lang, numbers=True).text.strip(" .!?,")
    return int(norm) if norm.isdigit() else None


def extract_count(text: str, lang: str = "en") -> Count | None:
    """The count of sessions `text` asks for, if it names one."""
    rules = _rules(lang)
    norm = normalize(text, lang, numbers=True)
    t = norm.text
    blocked = _blocked(t, lang)
    best: tuple[int, Count] | None = None
    for match in rules.digits.finditer(t):
        if any(a <= match.start() < b for a, b in blocked) or int(match.group()) == 0:
            continue
        if rules.not_count.search(t, 0, match.start()):
            continue
        score = _score(t, match.start(), match.end(), rules)
        count = _count(norm, match.start(), match.end(), int(match.group()))
        if rules.more.match(t, match.end()):
            count = replace(count, more=True)
        if best is None or score > best[0]:
            best = (score, count)
    for match in rules.quantity.finditer(t):
        if not _counts_sessions(t, match.end(), rules):
            continue  # "unas verrugas", "a few questions": some things, not sessions
        phrase = " ".join(match.group().split())
        count = replace(
            _count(norm, *match.span(), lexicon(lang).quantities[phrase]),
            approximate=phrase not in lexicon(lang).words["exact_quantities"],
            more=bool(rules.more.match(t, match.end())),
        )
        score = _score(t, *match.span(), rules)
        if best is None or score > best[0]:
            best = (score, count)
    every = rules.all.search(t)
    if every is not None:
        value = best[1].value if best is not None and best[1].span[0] >= norm.span(
            *every.span())[0] else None  # fmt: skip
        start, end = norm.span(*every.span())
        return Count(value, (start, end), text[start:end], all=True)
    return best[1] if best is not None else None


def extract_bare_hour(text: str, lang: str = "en") -> BareHour | None:
    """A lone number said the way a time is changed ("make it 11", "can we do 3
    instead", "how about 10?"): the caller decides between it and a count."""
    rules = _rules(lang)
    norm = normalize(text, lang, numbers=True)
    t = norm.text
    blocked = _blocked(t, lang)
    for match in rules.digits.finditer(t):
        value = int(match.group())
        if not 1 <= value <= 23 or any(a <= match.start() < b for a, b in blocked):
            continue
        instead = rules.hour_instead.match(t, match.end()) is not None
        last = rules.hour_after.match(t, match.end()) is not None
        framed = rules.hour_before.search(t, 0, match.start()) is not None
        if not (instead or (framed and last)):
            continue
        at = resolve_hour(value, 0, None, None)
        if at is not None:
            alt = other_reading(value, 0, None, at)
            return BareHour(value, at, alt, norm.span(*match.span()))
    return None


def _blocked(t: str, lang: str) -> tuple[tuple[int, int], ...]:
    """The spans of `t` no count or bare hour is read in: dates, times, prices, phone
    numbers. Both `extract_count` and `extract_bare_hour` ask, so the answer is kept."""
    return _blocked_spans(t, lang, generation())


@lru_cache(maxsize=1024)
def _blocked_spans(t: str, lang: str, _generation: int) -> tuple[tuple[int, int], ...]:
    t = without_pauses(t)  # "a las 10.. no, mejor a las 11": 10 is a time, no count
    dates = find_dates(t, _ANY_DAY, lang)
    spans = [(d.start, d.end) for d in dates]
    times = find_times(t, lang, tuple(spans))
    spans += [(h.start, h.end) for h in times]
    if times:  # "at 4, no sorry make that 5": the 5 replaces a time, it counts nothing
        first = min(h.start for h in times)
        markers = [m for m in marker_spans(t, lang) if m[0] > first]
        spans += [(a, b) for a, b, _, _ in corrected_hours(t, markers, lang)]
    rules = _rules(lang)
    for pattern in (rules.money, _PHONE, rules.out_of, rules.aside):
        spans += [m.span() for m in pattern.finditer(t)]
    return tuple(spans)


def _score(t: str, start: int, end: int, rules: _Rules) -> int:
    score = 1
    if rules.after.match(t, end):
        score += 3
    if rules.before.search(t[max(0, start - 40) : start]):
        score += 2
    if not t[:start].strip(" .,!?") and not t[end:].strip(" .,!?"):
        score += 2
    return score


def _counts_sessions(t: str, end: int, rules: _Rules) -> bool:
    """A vague amount ("a few", "unos", "ein paar") is a count of sessions only with a
    session word or "more" after it, or nothing at all."""
    rest = t[end:]
    return bool(rules.after.match(rest) or rules.more.match(rest) or not rest.strip(" .,!?"))


def _count(norm: Normalized, start: int, end: int, value: int) -> Count:
    a, b = norm.span(start, end)
    return Count(value, (a, b), norm.original[a:b])
