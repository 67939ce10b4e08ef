"""Which language one message is written in: `detect_language(text) -> "en" | "de" | "es"`.

Each language lists everyday words only it uses (`Lexicon.markers`: "bitte",
"passt", "vale", "porfa", weekday and month names); a message scores one point per
such word, and letters only one language writes ("ñ", "¿", "ß", "ä") count too.
Words two languages share ("no", "ok", "super") count for neither. The language
with the most points wins; a tie or no points at all is ambiguous: the caller's
`previous` language when given (a short "ok" in a Spanish conversation stays
Spanish), else English. Within a conversation, a sentence (four words or more) changes
its language only with two points more than the conversation's own.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from bookbot.agent.nlu.lexicon import generation, languages, lexicon
from bookbot.agent.nlu.normalize import without_accents

DEFAULT = "en"
_WORD = re.compile(r"[^\W\d_]+")
_CLOCK_SUFFIX = re.compile(r"(?<=\d)\s*[ap]\.?\s?m\b\.?")
"""The "am" of "9am" is no German "am"."""
_LETTERS: dict[str, str] = {"ñ": "es", "¿": "es", "¡": "es", "á": "es", "é": "es", "í": "es",
                            "ó": "es", "ú": "es", "ß": "de", "ä": "de", "ö": "de",
                            "ü": "de"}  # fmt: skip
"""Letters and marks one language writes: a point each for it (once per message)."""


def _plain(text: str) -> str:
    return without_accents(text.lower())


@lru_cache(maxsize=4)
def _markers(_generation: int) -> dict[str, frozenset[str]]:
    """Each language's marker words, minus any another language claims too."""
    found = {code: lexicon(code).markers | _calendar(code) for code in languages()}
    shared = Counter(w for words in found.values() for w in words)
    return {code: frozenset(w for w in words if shared[w] == 1) for code, words in found.items()}


def _calendar(code: str) -> frozenset[str]:
    """A language's calendar and number words mark it too ("wochen", "jueves")."""
    lex = lexicon(code)
    words = {*lex.weekdays, *lex.weekday_plurals, *lex.months, *lex.units, *lex.cardinals,
             *lex.ordinals}  # fmt: skip
    words |= {w for key in lex.dayparts for w in key.split()}
    keys = ("today", "tomorrow", "next", "week", "weekend", "at", "around", "oclock",
            "half_to", "quarter_past", "quarter_to", "half_after_hour", "quarter_before_hour",
            "month_part", "same_time", "before", "after", "between", "month", "later",
            "earlier")  # fmt: skip
    words |= {w for key in keys for p in
              lex.word_list(key) for w in p.split()}  # fmt: skip
    return frozenset(w for w in words if len(w) > 1 and w.isalpha())


def scores(text: str) -> dict[str, int]:
    """Points per language for `text` (see the module docstring)."""
    markers = _markers(generation())
    words = _WORD.findall(_CLOCK_SUFFIX.sub(" ", _plain(text)))
    points = {code: sum(w in found for w in words) for code, found in markers.items()}
    lowered = text.lower()
    for letter, code in _LETTERS.items():
        if letter in lowered and code in points:
            points[code] += 1
    return points


def detect_language(text: str, previous: str | None = None) -> str:
    """The language `text` is written in; `previous` (else English) when it is unclear."""
    points = scores(text)
    best = max(points.values(), default=0)
    winners = [code for code, p in points.items() if p == best]
    if best == 0 or len(winners) > 1:
        return previous if previous in points else DEFAULT
    if previous in points and winners[0] != previous and _stray(text, best - points[previous]):
        return previous  # one stray word ("Machet Se des so": "se") is no new language
    return winners[0]


SWITCH = 2
"""Points a sentence needs above the conversation's language to change it."""
SENTENCE = 4
"""Words from which a message is a sentence: a shorter one ("yes", "vale") switches
on its one marker word."""


def _stray(text: str, lead: int) -> bool:
    return lead < SWITCH and len(_WORD.findall(text)) >= SENTENCE
