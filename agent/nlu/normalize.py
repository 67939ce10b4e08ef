"""Text normalisation that remembers where every character came from.

`normalize(text)` lower-cases, straightens quotes, writes "a.m." as "am",
collapses "yesss" to "yes", fixes known typos ("tommorow") and close
misspellings of calendar words ("wendesday"), and, with `numbers=True`, writes
number words as digits ("twenty-one" -> "21", "third" -> "3rd"). The result
maps any span of the normalised text back to the original text, so callers
can quote exactly what the customer wrote.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bookbot.agent.nlu.lexicon import Lexicon, generation, lexicon
from bookbot.agent.nlu.words import typo_edits

_TOKEN = re.compile(
    r"(?P<ampm>(?<![a-z])[ap]\.\s?m\.?(?![a-z]))|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)|(?P<num>\d+)"
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u201c": '"',
                         "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})  # fmt: skip
_MIXED = re.compile(r"(?<![\w'])\d+[^\W\d_]+(?![\w'])")
"""Digits glued to letters ("2moro"): a typo only if the lexicon lists it."""
_DIGITS_BEFORE = re.compile(r"\d+$")
_TRIPLE = re.compile(r"(\w)\1{2,}")
_DOUBLE = re.compile(r"(\w)\1")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, per character, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def source(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]


def without_accents(text: str) -> str:
    """The text without its accents ("ñ" -> "n", "ä" -> "a", "ß" -> "ss")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u00df", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold(text: str, accents: bool = False) -> tuple[str, list[int], list[int]]:
    """NFKC + lower case + straight quotes (+ accents off when `accents`), one original
    character at a time."""
    if text.isascii():
        folded = text.lower().translate(_QUOTES)
        return folded, list(range(len(text))), list(range(1, len(text) + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        out = _fold_char(ch, accents)
        chars.append(out)
        starts.extend([i] * len(out))
        ends.extend([i + 1] * len(out))
    return "".join(chars), starts, ends


@lru_cache(maxsize=4096)
def _fold_char(ch: str, accents: bool) -> str:
    """One character as `_fold` writes it; kept, as texts are made of few characters."""
    out = unicodedata.normalize("NFKC", ch).lower().translate(_QUOTES)
    return without_accents(out) if accents else out


def _fix_word(word: str, lex: Lexicon) -> str:
    fixed = lex.typos.get(word)  # before the vocabulary: a word list may hold "pls" too
    if fixed is not None:
        return fixed
    if word.endswith("'s") and word[:-2] in lex.typos:
        return lex.typos[word[:-2]] + "'s"  # "tmrw's lesson": tomorrow's
    if word in lex.vocabulary:
        return word
    if _TRIPLE.search(word):
        word = _TRIPLE.sub(r"\1\1", word)
        if word in lex.vocabulary:
            return word
        single = _DOUBLE.sub(r"\1", word)
        if single in lex.vocabulary:
            return single
        return lex.typos.get(word, word)
    if "'" in word or len(word) < 5:
        return word
    return _close_word(word, lex.code)


def _dropped_s(word: str, lex: Lexicon) -> str:
    """Caribbean and Andalusian Spanish write a dropped final s as an apostrophe
    ("el jueve' 11", "ustede'", "lo do'"): the word with its s when that is a word the
    lexicon knows, else the word without the mark ("pa'" is "pa", para)."""
    full = word + "s"
    if word in lex.typos:
        return lex.typos[word]  # "pa'": para
    if full in lex.vocabulary or full in lex.typos:
        return _fix_word(full, lex)
    fixed = _fix_word(word, lex)
    if fixed == word and len(full) >= 5 and _close_word(full, lex.code) != full:
        return _close_word(full, lex.code)  # "jueve'": jueves
    return fixed


_SHORT = 6
"""Words up to this length are misspelt by one edit at most."""


@lru_cache(maxsize=8192)
def _close_word(word: str, code: str) -> str:
    """A calendar word spelled closely enough ("wendesday"), keeping a plural "s"."""
    lex = lexicon(code)
    stem, plural = (word[:-1], "s") if word.endswith("s") and len(word) > 5 else (word, "")
    targets = [t for t in lex.fuzzy_targets if t[0] == stem[0] and not _cut_short(stem, t)]
    best = _close(stem, targets)
    if not best and plural:
        targets = [t for t in targets if not _cut_short(word, t)]
        best = _close(word, targets)
        plural = ""
    return best[0] + plural if best else word


def _close(word: str, targets: list[str]) -> list[str]:
    """The closest target; a short word only one slip away ("Hüfte" is no "heute",
    "heuer" no "heute": each is two edits from it and a word of its own)."""
    best = difflib.get_close_matches(word, targets, n=1, cutoff=0.8)
    if best and len(word) <= _SHORT and typo_edits(word, best[0]) > 1:
        return []
    return best


def _cut_short(word: str, target: str) -> bool:
    """`word` is `target` with two or more of its last letters left off: another word
    ("Dienst" is duty, not "Dienstag"), or an abbreviation the lexicon lists as such;
    a misspelling keeps the word's length."""
    return len(target) - len(word) >= 2 and target.startswith(word)


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    value: int | None = None
    ordinal: bool = False


def _tokens(folded: str, lex: Lexicon, numbers: bool) -> list[_Token]:
    out: list[_Token] = []
    keep_one = lex.words.get("one_pronoun_after", ())
    mixed = {m.start(): m.end() for m in _MIXED.finditer(folded) if m.group() in lex.typos}
    skip_to = 0
    for match in _TOKEN.finditer(folded):
        start, end = match.span()
        if start < skip_to:
            continue
        if start in mixed:
            skip_to = mixed[start]
            out.append(_Token(start, skip_to, lex.typos[folded[start:skip_to]]))
            continue
        if match.lastgroup == "ampm":
            out.append(_Token(start, end, match.group()[0] + "m"))
            continue
        if match.lastgroup == "num":
            continue
        word = match.group()
        after_digits = start > 0 and folded[start - 1].isdigit()
        if after_digits and word in lex.word_list("glued_ordinal"):
            out.append(_Token(start, end, "."))  # "den 17ten": "den 17."
            continue
        glued = after_digits or (end < len(folded) and folded[end].isdigit())
        text = word if glued else _fix_word(word, lex)
        if lex.code == "es" and not glued and folded[end : end + 1] == "'" and len(word) > 1:
            text, end = _dropped_s(word, lex), end + 1  # "el jueve' 11": el jueves 11
        token = _Token(start, end, text, ordinal=_ordinal_suffix(folded, start, word, lex))
        pronoun = text == "one" and bool(out) and _names_one(out[-1], keep_one, lex)
        if numbers and not glued and not pronoun:
            _number_value(token, lex)
        out.append(token)
    return _join_compounds(out, folded, lex) if numbers else out


def _names_one(prev: _Token, keep_one: tuple[str, ...], lex: Lexicon) -> bool:
    """Whether "one" after `prev` is a pronoun: "the next one", "the 2nd one", "the
    March one", "my Friday one" (not the number 1)."""
    word = prev.text
    return word in keep_one or prev.ordinal or word in lex.months or word in lex.weekdays


def _ordinal_suffix(folded: str, start: int, word: str, lex: Lexicon) -> bool:
    """Whether `word` is the suffix of an ordinal written in digits ("nd" in "2nd")."""
    before = folded[start - 1 : start]  # `$` matches before a final newline too
    if not before.isdecimal() and before != "\n":
        return False
    digits = _DIGITS_BEFORE.search(folded[max(0, start - 4) : start])
    return digits is not None and lex.ordinal(int(digits.group())) == digits.group() + word


def _number_value(token: _Token, lex: Lexicon) -> None:
    word = token.text
    if word in lex.cardinals:
        token.value = lex.cardinals[word]
    elif word in lex.tens:
        token.value = lex.tens[word]
    elif word in lex.ordinals:
        token.value, token.ordinal = lex.ordinals[word], True


def _join_compounds(tokens: list[_Token], folded: str, lex: Lexicon) -> list[_Token]:
    """ "twenty one" / "twenty-first" become one token worth 21."""
    out: list[_Token] = []
    for token in tokens:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.text in lex.tens
            and prev.value is not None
            and not prev.ordinal
            and token.value is not None
            and 0 < token.value < 10
            and folded[prev.end : token.start] in (" ", "-")
        ):
            prev.end, prev.value, prev.ordinal = token.end, prev.value + token.value, token.ordinal
            prev.text = prev.text + " " + token.text
            continue
        out.append(token)
    for token in out:
        if token.value is not None:
            token.text = lex.ordinal(token.value) if token.ordinal else str(token.value)
    return out


def normalize(text: str, lang: str = "en", *, numbers: bool = False) -> Normalized:
    """Normalise `text` for matching; see the module docstring. Every parser asks for
    the same message again, so the answers are cached (they are immutable)."""
    return _normalize(text, lang, numbers, generation())


@lru_cache(maxsize=4096)
def _normalize(text: str, lang: str, numbers: bool, _generation: int) -> Normalized:
    lex = lexicon(lang)
    folded, fstarts, fends = _fold(text, lex.fold_accents)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for token in _tokens(folded, lex, numbers):
        if token.text == folded[token.start : token.end]:
            continue
        parts.append(folded[pos : token.start])
        starts.extend(fstarts[pos : token.start])
        ends.extend(fends[pos : token.start])
        parts.append(token.text)
        starts.extend([fstarts[token.start]] * len(token.text))
        ends.extend([fends[token.end - 1]] * len(token.text))
        pos = token.end
    parts.append(folded[pos:])
    starts.extend(fstarts[pos:])
    ends.extend(fends[pos:])
    return Normalized(text, "".join(parts), tuple(starts), tuple(ends))
