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
        return phrase_alternation(found) if found else "(?!)"

    def sentence(self, key: str, **fields: object) -> str:
        """A reason written in this language (`words[key][0]`, a `str.format` template),
        English when the language lists none."""
        found = self.words.get(key) or lexicon("en").words[key]
        return found[0].format(**fields)

    def word_list(self, key: str) -> tuple[str, ...]:
        """The words for `key`, empty when the language lists none."""
        return tuple(self.words.get(key, ()))


def phrase_alternation(phrases: Iterable[str]) -> str:
    """ "(?:a)|(?:b)|..." for the phrases, with a word boundary that starts each of a run
    of them said once before the run: "\\b(?:(?:yes)|(?:ok))" for "(?:\\byes)|(?:\\bok)".
    It matches alike (the boundary is checked at the same place either way) and faster:
    the engine passes over an alternative at its first letter where the text holds
    another one. A phrase with an alternation of its own outside any group ("\\ba|b")
    keeps its boundary, as that belongs to its first branch only."""
    out: list[str] = []
    run: list[str] = []
    for phrase in [*phrases, None]:  # None closes the last run
        if phrase is not None and phrase.startswith(r"\b") and not _has_top_level_bar(phrase):
            run.append(f"(?:{phrase[2:]})")
            continue
        if run:
            out.append(rf"\b(?:{'|'.join(run)})")
            run = []
        if phrase is not None:
            out.append(f"(?:{phrase})")
    return "|".join(out)


def _has_top_level_bar(pattern: str) -> bool:
    """Whether `pattern` is an alternation at its top level ("a|b", not "(?:a|b)")."""
    depth = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # an escaped character
        elif c == "[":  # a character class: "]" right after "[" or "[^" is one of it
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            i += 1 if pattern[i : i + 1] == "]" else 0
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


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
    if not all(_caseless_head(p) for p in items):
        return "|".join(_spaced(p) for p in items)
    return "|".join(_by_first_letter(items))


def _spaced(phrase: str) -> str:
    return re.escape(phrase).replace(r"\ ", r"\s+")


def _caseless_head(phrase: str) -> bool:
    """Whether the phrase starts with a character no other one matches, whatever the
    case (not "A", "ſ" or "K", which an IGNORECASE pattern's "a", "s", "k" match too)."""
    head = phrase[:1]
    return bool(head) and head.lower() == head == head.upper().lower()


def _by_first_letter(items: list[str]) -> list[str]:
    """The alternatives of `items` in their order, those that start with the same
    lower-case letter or digit written as one ("a(?:round|t)" for "around|at"): the
    regex engine passes over them at once where the text holds another character.
    Only phrases that start alike can match at the same place, and their order stays,
    so the alternation matches as the flat one does."""
    out: list[tuple[str, list[str]]] = []
    tails: dict[str, list[str]] = {}
    for item in items:
        head = item[0]
        if not ("a" <= head <= "z" or "0" <= head <= "9"):
            out.append((item, [""]))
        elif head in tails:
            tails[head].append(item[1:])
        else:
            tails[head] = [item[1:]]
            out.append((head, tails[head]))
    return [_one_head(head, rest) for head, rest in out]


def _one_head(head: str, rest: list[str]) -> str:
    """ "a(?:round|t|)": the phrases `head` + each of `rest`, in that order."""
    if len(rest) == 1:
        return _spaced(head + rest[0])
    return f"{_spaced(head)}(?:{'|'.join(_spaced(t) for t in rest)})"
