"""The shape of one language's word lists, and the registry that finds them.

The parsers in this package never spell a word themselves: every word they
look for comes from a `Lexicon`. English lives in `en.py`; another language
adds a module that builds a `Lexicon` and registers it with `register`.
The grammar (the order words come in) is shared: it covers "10 March",
"March 10", "next Tuesday", "Tuesday next week", "in 2 weeks" and the like,
which fits most European languages once their words are listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Literal

Meridiem = Literal["am", "pm"]


@dataclass(frozen=True, slots=True)
class DayPart:
    """A part of the day: the time we propose and the window it stands for."""

    preferred: time
    start: time
    end: time
    meridiem: Meridiem | None
    """How a bare hour next to it reads ("at 8 in the evening" is 20:00)."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    months: Mapping[str, int]
    """Every spelling of a month (full and short) to 1..12."""
    month_names: tuple[str, ...]
    """Twelve display names, for messages such as "February has no 30th"."""
    weekdays: Mapping[str, int]
    """Every spelling of a weekday to 0 (Monday)..6 (Sunday)."""
    weekday_plurals: Mapping[str, int]
    """Plural spellings ("mondays") that mean a weekly habit."""
    weekday_names: tuple[str, ...]
    risky: frozenset[str]
    """Month or weekday words that are also everyday words ("may", "sat")."""
    cardinals: Mapping[str, int]
    tens: Mapping[str, int]
    ordinals: Mapping[str, int]
    ordinal: Callable[[int], str]
    """Writes 24 as "24th"."""
    typos: Mapping[str, str]
    """Exact misspellings and chat shorthand to their word."""
    fuzzy_targets: tuple[str, ...]
    """Words a close misspelling is corrected to (calendar words)."""
    vocabulary: frozenset[str]
    """Words never corrected (so "monkey" is not taken for "monday")."""
    dayparts: Mapping[str, DayPart]
    """Keys may hold spaces ("early morning"); plurals add "s"."""
    words: Mapping[str, tuple[str, ...]]
    """Phrases per concept ("tomorrow", "next", "unit_week", ...), see en.py."""
    quantities: Mapping[str, int] = field(default_factory=dict)
    """Vague amounts: "a couple" is 2, "a few" is 3."""
    units: Mapping[str, str] = field(default_factory=dict)
    """Relative units to "day", "week", "month", "hour" or "minute"."""
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Regular expressions per meaning, for replies and intents."""
    stopwords: frozenset[str] = frozenset()
    generic_service_words: frozenset[str] = frozenset()
    """Words too general to pick a service by ("treatment", "package")."""
    fold_accents: bool = False
    """Write "mañana" as "manana", "nächste" as "nachste" before matching: customers
    leave accents out as often as they type them, so the word lists hold neither."""
    markers: frozenset[str] = frozenset()
    """Everyday words only this language uses ("bitte", "vale"), for `detect_language`."""

    def regex(self, key: str) -> str:
        """The phrases for `key` as one alternation; one that never matches when the
        language lists none (a language need not know every idiom)."""
        found = self.phrases.get(key, ())
        return "|".join(f"(?:{p})" for p in found) if found else "(?!)"

    def sentence(self, key: str, **fields: object) -> str:
        """A reason written in this language (`words[key][0]`, a `str.format` template),
        English when the language lists none."""
        found = self.words.get(key) or lexicon("en").words[key]
        return found[0].format(**fields)

    def word_list(self, key: str) -> tuple[str, ...]:
        """The words for `key`, empty when the language lists none."""
        return tuple(self.words.get(key, ()))


_REGISTRY: dict[str, Callable[[], Lexicon]] = {}
_LOADED: dict[str, Lexicon] = {}
_GENERATION = [0]
_BUILT_IN = ("en", "de", "es")
"""Languages shipped here (the package imports them, and each registers itself)."""


def languages() -> tuple[str, ...]:
    """Codes of every language that can be understood (built in or registered)."""
    return tuple(dict.fromkeys([*_BUILT_IN, *_REGISTRY]))


def register(code: str, factory: Callable[[], Lexicon]) -> None:
    """Make a language available under `code` (built on first use)."""
    _REGISTRY[code] = factory
    _LOADED.pop(code, None)
    _GENERATION[0] += 1


def generation() -> int:
    """Changes whenever a language is (re)registered: part of every cache key that
    depends on a lexicon's words."""
    return _GENERATION[0]


def lexicon(code: str = "en") -> Lexicon:
    """The lexicon for a language code; `KeyError` names the known ones."""
    found = _LOADED.get(code)
    if found is not None:
        return found
    try:
        factory = _REGISTRY[code]
    except KeyError:
        raise KeyError(f"no lexicon for language {code!r} (known: {sorted(_REGISTRY)})") from None
    built = _LOADED[code] = factory()
    return built


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace;
    one that never matches when there are none (an empty alternation matches anywhere)."""
    items = sorted(set(phrases), key=len, reverse=True)
    if not items:
        return "(?!)"
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in items)
