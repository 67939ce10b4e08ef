"""Which of the offered options an answer picks: `pick_option(text, options, now)`.

The bot lists options (start times, earliest first or in any order); the customer
answers the way people answer a numbered list on WhatsApp:
- by its number: "1", "2.", "#2", "nr 2", "option 2", "opción 2", "die 2";
- by an ordinal: "the second", "die zweite", "la segunda", "the last one";
- by the time or the day itself: "the 10:30 one", "10:30", "Friday", "the 18th at 4";
- by asking for the soonest: "the soonest you have", "das früheste", "la primera
  disponible" (the earliest start, whatever its place in the list).
The answer is the option's index (0-based) or None when the text picks none, or
picks ambiguously (two options at 10:30 and no day said): the caller asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache

from bookbot.agent.nlu.language import detect_language
from bookbot.agent.nlu.lexicon import alternation, languages, lexicon
from bookbot.agent.nlu.normalize import normalize
from bookbot.agent.nlu.picks import extract_choice, picks_earliest
from bookbot.agent.nlu.when import When, parse_when
from bookbot.agent.nlu.yesno import ReplyKind, classify_reply


@lru_cache(maxsize=8)
def _bare_number(code: str) -> re.Pattern[str]:
    """A message that is only a number, perhaps marked: "2", "2.", "#2", "nr. 2", "die 2"."""
    w = lexicon(code).words
    marks = alternation([*w["choice_marks"], *w["choice_nouns"], *w["the"]])
    polite = alternation(w["politeness"])
    nouns = alternation(w["choice_nouns"])
    return re.compile(
        rf"^\W*(?:(?:{marks})\W*)*(?P<n>\d{{1,2}})(?:st|nd|rd|th|\.|\))?"
        rf"(?:\W+(?:{polite}|{nouns}))*\W*$"
    )


def pick_option(
    text: str,
    options: Sequence[datetime],
    now: datetime | None = None,
    lang: str | None = None,
) -> int | None:
    """The index (0-based) of the option `text` picks, or None (see the module docstring).

    `options` are the offered starts (aware); `now` (aware, business-local) resolves
    days such as "Friday"; without it, the day before the earliest option serves."""
    if not options:
        return None
    code = lang or detect_language(text)
    reference = now or (min(options) - timedelta(days=1))
    whens = [w for w in parse_when(text, reference, lang=code) if not w.excluded]
    timed = any(w.time is not None or w.window is not None for w in whens)
    fitting = _fitting(whens, options)
    # a pick is short and its words are few: the other languages may read it too
    for each in (code, *(c for c in languages() if c != code and lang is None)):
        if _earliest(text, each):
            pool = fitting or range(len(options))
            return min(pool, key=lambda k: options[k])
        side = _comparative(text, each)
        pool = fitting or range(len(options))
        if side is not None and not timed and len(pool) == 2:
            # "the later one" of two; of more it is unclear (the caller asks)
            return (min if side == "earlier" else max)(pool, key=lambda k: options[k])
        by_place = _by_place(text, len(options), each)
        if by_place is not None and not timed:
            # "the 2nd" after a list is its second row, not a date; but "the second one
            # on Thursday 28 May" names a day the second row must be on
            days = _named_days(whens, code)
            if days and not all(_fits(w, options[by_place]) for w in days):
                return None
            return by_place
    if classify_reply(text, code).kind is ReplyKind.NO:
        return None  # "none of those"
    return fitting[0] if fitting and len(fitting) == 1 else None


_SHORT = 6
"""Words an answer that asks for the soonest option may have ("the soonest you have")."""


def _earliest(text: str, code: str) -> bool:
    if picks_earliest(text, code):
        return True
    t = normalize(text, code).text
    words = alternation(lexicon(code).words["first_pick"])
    return len(t.split()) <= _SHORT and re.search(rf"(?<!\w)(?:{words})(?!\w)", t) is not None


_COMPARATIVE_WORDS = 10
"""Words an answer that picks "the later one" may have ("the later one is fine for me")."""


def _comparative(text: str, code: str) -> str | None:
    """ "the earlier one", "die spätere", "el de más tarde": "earlier" or "later", in a
    short answer that says no "not" (\"not the later one\")."""
    t = normalize(text, code).text
    negation, earlier, later = _comparatives(code)
    if len(t.split()) > _COMPARATIVE_WORDS or negation.search(t):
        return None
    return "earlier" if earlier.search(t) else "later" if later.search(t) else None


@lru_cache(maxsize=8)
def _comparatives(code: str) -> tuple[re.Pattern[str], ...]:
    w = lexicon(code).words
    keys = ("negation", "earlier_pick", "later_pick")
    return tuple(re.compile(rf"(?<!\w)(?:{alternation(w[k])})(?!\w)") for k in keys)


def _by_place(text: str, size: int, code: str) -> int | None:
    """A pick by number or ordinal, inside the list."""
    found = _bare_number(code).match(normalize(text, code, numbers=True).text)
    number = int(found["n"]) if found else extract_choice(text, code)
    if number == -1:
        return size - 1
    if number is not None and 1 <= number <= size:
        return number - 1
    return None


_NUMERIC_DATE = re.compile(r"\d{1,2}\s*[./-]\s*\d{1,2}")


def _named_days(whens: Sequence[When], code: str) -> list[When]:
    """The days a message names in words or as a numeric date ("Thursday", "28 May",
    "tomorrow", "28.5."), leaving out a bare ordinal ("the 2nd"), which picks a row."""
    lex = lexicon(code)
    names = {*lex.weekdays, *lex.months, *lex.weekday_plurals}
    keys = ("today", "tomorrow", "day_after_tomorrow", "next")
    said = alternation([p for key in keys for p in lex.word_list(key)])
    relative = re.compile(rf"(?<!\w)(?:{said})(?!\w)")
    out = []
    for when in whens:
        if when.date is None:
            continue
        text = normalize(when.text, code).text
        if any(w in names for w in text.split()) or relative.search(text):
            out.append(when)
        elif _NUMERIC_DATE.search(when.text):
            out.append(when)
    return out


def _fitting(whens: Sequence[When], options: Sequence[datetime]) -> list[int]:
    """The options the one named day and/or time fits; none when none or several are named."""
    said = [w for w in whens if w.date or w.time or w.window]
    if len(said) != 1:
        return []
    return [k for k, start in enumerate(options) if _fits(said[0], start)]


def _fits(when: When, start: datetime) -> bool:
    local = start.astimezone(start.tzinfo)
    if when.time is not None and not when.approximate:
        if local.time().replace(second=0, microsecond=0) not in (when.time, when.alt_time):
            return False
    elif when.time is not None or when.window is not None:
        low, high = when.window or (when.time, when.time)
        if low is None or high is None or not low <= local.time() <= high:
            return False
    if when.date is None:
        return True
    if when.floating:
        return local.weekday() in when.weekdays
    last = when.end_date or when.date
    return when.date <= local.date() <= last
