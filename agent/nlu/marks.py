"""What the words around a date say about it: ruled out, or naming a booked session.

- excluded: "Saturdays are bad for me", "Friday doesn't work", "not on Mondays",
  "I can't do Fridays", "anything but Tuesday", "no Saturdays", and a day busy with the
  customer's own ("monday I have work", "el lunes tengo pega": right after the day);
- onward: the first day of a series, "ab 10.3.", "a partir del 10 de marzo",
  "starting March 10", "from the 10th on";
- a session reference: "my Thursday session", "the one on the 14th", "my
  appointment in May", "move my Thursday to Friday" (the first day names what to move).
`session_months` finds "the March one" / "my May appointment": a month that names a
session, which is not a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bookbot.agent.nlu.date_hits import DateHit
from bookbot.agent.nlu.lexicon import alternation, lexicon
from bookbot.agent.nlu.normalize import normalize


@dataclass(frozen=True, slots=True)
class _Marks:
    exclude_after: re.Pattern[str]
    busy_after: re.Pattern[str]
    exclude_before: re.Pattern[str]
    exclude_before_habit: re.Pattern[str]
    ref_after: re.Pattern[str]
    ref_before: re.Pattern[str]
    ref_before_alone: re.Pattern[str]
    month_ref: re.Pattern[str]
    onward_before: re.Pattern[str]
    onward_after: re.Pattern[str]
    onward_not_before: re.Pattern[str]


@lru_cache(maxsize=8)
def _marks(code: str) -> _Marks:
    lex = lexicon(code)

    def one(key: str) -> re.Pattern[str]:
        return re.compile(lex.regex(key))

    nouns = alternation([*lex.words["session_nouns"], *lex.words["ref_nouns"]])
    month_ref = re.compile(
        rf"\b(?:my|our|the|this|that)\s+(?P<mon>{alternation(lex.months)})\s+(?:{nouns})s?\b"
    )
    return _Marks(
        exclude_after=one("exclude_after"),
        busy_after=one("busy_after"),
        exclude_before=one("exclude_before"),
        exclude_before_habit=one("exclude_before_habit"),
        ref_after=one("ref_after"),
        ref_before=one("ref_before"),
        ref_before_alone=one("ref_before_alone"),
        month_ref=month_ref,
        onward_before=re.compile(rf"(?:^|\s)(?:{alternation(lex.word_list('onward_before'))})\s*$"),
        onward_not_before=re.compile(
            rf"^\s*(?:{alternation(lex.word_list('onward_not_before'))})(?![a-z])"
        ),
        onward_after=re.compile(rf"^\s*(?:{alternation(lex.word_list('onward_after'))})\b"),
    )


def mark(work: str, hit: DateHit, start: int, end: int, lang: str = "en") -> DateHit:
    """`hit` (spanning work[start:end] with its times) marked excluded or a session reference."""
    if hit.date is None and hit.shift is not None:
        return hit
    m = _marks(lang)
    before, after = work[:start], work[end:]
    excluded = hit.excluded or bool(  # a day gone by stays ruled out (`said_as_past`)
        m.exclude_after.match(after)
        # "el lunes tengo pega": the day itself, not "morgens hab ich Schule" after its time
        or m.busy_after.match(work[max(hit.end, start) :])
        or m.exclude_before.search(before)
        or (hit.recurring and m.exclude_before_habit.search(before))
    )
    ref = bool(
        # "the wednesday one at 5pm": the noun follows the day, before its time
        (m.ref_before.search(before) and m.ref_after.match(work[max(hit.end, start) :]))
        or (m.ref_before.search(before) and m.ref_after.match(after))
        or m.ref_before_alone.search(before)
    )
    onward = (
        hit.date is not None
        and not hit.recurring
        and hit.end_date is None
        and bool(m.onward_before.search(before) or m.onward_after.match(after))
        and not m.onward_not_before.match(after)
    )
    return replace(
        hit, excluded=excluded, session_ref=(ref or hit.session_ref) and not excluded,
        onward=onward and not excluded,
    )  # fmt: skip


@lru_cache(maxsize=8)
def _move_words(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon(code)
    return re.compile(lex.regex("move_from")), re.compile(lex.regex("move_to"))


def moved_from(text: str, spans: list[tuple[int, int]], lang: str = "en") -> int | None:
    """In a change, which of the days said at `spans` of `text` is the booking moved:
    the one after "from" / "von" / "del" when a later one follows "to" / "auf" / "al"
    ("pasar la clase del jueves al viernes"); None when the words do not say."""
    start, end = _move_words(lang)
    for i, (a, _) in enumerate(spans):
        if not start.search(normalize(text[:a], lang).text):
            continue
        if any(end.search(normalize(text[:b], lang).text) for b, _ in spans[i + 1 :]):
            return i
    return None


@lru_cache(maxsize=8)
def _adding(code: str) -> re.Pattern[str]:
    return re.compile(lexicon(code).regex("adding"))


def adds(text: str, lang: str = "en") -> bool:
    """The message adds a day to what is discussed: "and the 11th same time", "y el
    jueves también", "und Freitag dazu"."""
    return bool(_adding(lang).search(normalize(text, lang).text))


def session_months(text: str, lang: str = "en") -> tuple[int, ...]:
    """Months that name a booked session ("the March one", "my May appointment")."""
    lex = lexicon(lang)
    t = normalize(text, lang).text
    found = [lex.months[m.group("mon")] for m in _marks(lang).month_ref.finditer(t)]
    return tuple(dict.fromkeys(found))


_NUMERIC_MONTH = re.compile(r"\d{1,2}\s*[./-]\s*\d{1,2}(?!\d)")


def names_month(text: str, lang: str = "en") -> bool:
    """Whether the text names a month, in words ("März", "April") or digits ("15.2.")."""
    t = normalize(text, lang).text
    months = lexicon(lang).months
    return bool(_NUMERIC_MONTH.search(t)) or any(w.strip(".") in months for w in t.split())
