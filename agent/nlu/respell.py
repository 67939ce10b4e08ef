"""A yes written in a form no word list holds: letters repeated ("siii", "yesss",
"guuut"), two letters swapped in a short reply ("yse", "oka"), a dialect's sound shift
(Bavarian/Austrian "basst", "jawoi", "gärn") or a Spanish diminutive ("sipi",
"clarito", "vale" → "valecito").

`respelled_yes` is asked only about a reply in which nothing at all was read: it tries
one word at a time in each of the standard spellings the rules give, and the reply is
a yes only when one of them reads as a plain yes (no no, no question, no hesitation).
No letter is ever added to a word that is not a diminutive's, so "caro" (expensive)
never becomes "claro", nor is a swapped "on" a "no" that counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

MAX_WORDS = 4
"""Longer messages say more than a yes; a misspelt yes is a short reply."""
MAX_SWAPPED = 5
"""Two swapped letters are read only in a short word ("yse", "ture")."""

SHIFTS: dict[str, tuple[tuple[str, str], ...]] = {
    # lenis for fortis (Bavarian, Austrian, Swiss: "basst", "dange", "guad"), ä/e
    # ("gärn", folded to "garn"), l-vocalisation ("jawoi", "woi")
    "de": (
        ("b", "p"),
        ("d", "t"),
        ("g", "k"),
        ("a", "e"),
        ("e", "a"),
        ("oi", "ohl"),
        ("oi", "ol"),
        ("ua", "u"),
    ),  # fmt: skip
    "es": (),
    "en": (),
}
"""Sound shifts a dialect writes, per language: (as written, standard)."""

DIMINUTIVES: dict[str, tuple[tuple[str, str], ...]] = {
    "es": (
        ("itos", "os"),
        ("itas", "as"),
        ("ito", "o"),
        ("ita", "a"),
        ("cito", ""),
        ("pi", ""),
        ("pi", "p"),
    ),  # fmt: skip
    "de": (("le", ""), ("li", "")),
    "en": (("ie", ""), ("sies", "s")),
}
"""Endings a diminutive adds to a word, per language: (ending, the word's own ending)."""

_WORD = re.compile(r"[^\W\d_]{2,}")


def _variants(word: str, lang: str) -> Iterator[str]:
    collapsed = re.sub(r"(\w)\1+", r"\1", word)
    if collapsed != word:
        yield collapsed
        yield re.sub(r"(\w)\1{2,}", r"\1\1", word)
    if len(word) <= MAX_SWAPPED:
        for i in range(len(word) - 1):
            if word[i] != word[i + 1]:
                yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    shifted = list(_shifted(word, lang))
    yield from shifted
    for once in shifted:  # two shifts in one word: "guad" is "gut"
        yield from _shifted(once, lang)
    for ending, own in DIMINUTIVES.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            yield word[: len(word) - len(ending)] + own


def _shifted(word: str, lang: str) -> Iterator[str]:
    for said, standard in SHIFTS.get(lang, ()):
        for found in re.finditer(re.escape(said), word):
            yield word[: found.start()] + standard + word[found.end() :]


def respelled_yes(
    text: str, lang: str, is_word_yes: Callable[[str], bool], is_plain_yes: Callable[[str], bool]
) -> str | None:
    """The standard spelling of `text` that reads as a plain yes, if one word of the
    short reply, respelled by the rules above, makes it one (`is_word_yes` filters a
    variant word cheaply, `is_plain_yes` reads the whole respelled reply)."""
    if "?" in text:
        return None
    words = list(_WORD.finditer(text))
    if not words or len(text.split()) > MAX_WORDS:
        return None
    for found in words:
        seen: set[str] = set()
        for variant in _variants(found.group(), lang):
            if variant in seen or variant == found.group() or not is_word_yes(variant):
                continue
            seen.add(variant)
            respelled = text[: found.start()] + variant + text[found.end() :]
            if is_plain_yes(respelled):
                return respelled
    return None
