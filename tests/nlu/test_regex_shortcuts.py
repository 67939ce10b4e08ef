"""The faster regular expressions read a message as the plain ones did:

- `alternation` writes phrases that start with the same letter as one group;
- `phrase_alternation` says a word boundary once before a run of phrases that each
  start with one;
- `case_blind` drops IGNORECASE from a time pattern for lower-case ASCII text;
- `_take` blanks the matches in the same pass that finds them.

Each is compared with the long way on every word list and phrase list of every
language, over texts made of those words, digits and signs.
"""

from __future__ import annotations

import random
import re

import pytest

from bookbot.agent.nlu.case_blind import case_blind, lower_ascii
from bookbot.agent.nlu.lexicon import alternation, languages, lexicon, phrase_alternation
from bookbot.agent.nlu.normalize import normalize
from bookbot.agent.nlu.times_grammar import grammar
from bookbot.agent.nlu.yesno import _take

_SIGNS = ["10", "4", "12:30", "3pm", "9.15", "1530", "2nd", "21st", "-", "–", ",", ".", "?",
          "!", "@", "'", "/", "3/4", "€", "  ", "h", "am", "ish", "s", "é", "K"]  # fmt: skip


def _vocabulary(code: str) -> list[str]:
    lex = lexicon(code)
    words = {*lex.vocabulary, *lex.weekdays, *lex.months, *lex.dayparts, *lex.stopwords}
    for phrases in lex.words.values():
        words.update(w for p in phrases for w in p.split())
    for phrases in lex.phrases.values():
        words.update(re.findall(r"[a-z']+", " ".join(phrases)))
    return sorted(words)


def _texts(code: str, count: int = 400, seed: int = 5) -> list[str]:
    """Messages of the language's own words, digits and signs, some of them in capitals."""
    pick = random.Random(seed)
    words = _vocabulary(code)
    texts = []
    for _ in range(count):
        said = [pick.choice(_SIGNS) if pick.random() < 0.25 else pick.choice(words)
                for _ in range(pick.randint(1, 12))]  # fmt: skip
        text = pick.choice((" ", "  ", " , ")).join(said)
        texts.append(text.upper() if pick.random() < 0.1 else text)
    return texts


_Read = list[tuple[tuple[int, int], dict[str, str | None]]]


def _reads(pattern: re.Pattern[str], text: str) -> _Read:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def _flat(phrases: list[str]) -> str:
    items = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in items) if items else "(?!)"


@pytest.mark.parametrize("code", languages())
def test_an_alternation_grouped_by_first_letter_matches_as_the_flat_one(code: str) -> None:
    lex = lexicon(code)
    lists = [list(v) for v in lex.words.values() if v and all(isinstance(p, str) for p in v)]
    lists += [list(lex.weekdays), list(lex.months), list(lex.dayparts), list(lex.units)]
    texts = _texts(code)
    for phrases in lists:
        for flags in (0, re.IGNORECASE):
            grouped = re.compile(rf"(?<!\w)(?:{alternation(phrases)})", flags)
            flat = re.compile(rf"(?<!\w)(?:{_flat(phrases)})", flags)
            for text in texts:
                assert _reads(grouped, text) == _reads(flat, text), (phrases, text)


@pytest.mark.parametrize(
    "phrases",
    [
        ["at", "around", "after", "a", "@", "by the", "before", "–"],
        ["At", "around", "a"],  # a capital: IGNORECASE matches it where "a..." does
        ["ſo", "so", "s"],
        ["", "x", "xy"],
        ["a b", "a", "ab"],
    ],
)
def test_an_alternation_of_odd_phrases_matches_as_the_flat_one(phrases: list[str]) -> None:
    texts = ["at around after a", "AT 5", "a  b ab", "ſo so s", "x xy", "by  the", "–@"]
    for flags in (0, re.IGNORECASE):
        grouped = re.compile(alternation(phrases), flags)
        flat = re.compile(_flat(phrases), flags)
        for text in texts:
            assert _reads(grouped, text) == _reads(flat, text)


@pytest.mark.parametrize("code", languages())
def test_a_boundary_said_once_before_a_run_of_phrases_matches_as_before(code: str) -> None:
    lex = lexicon(code)
    texts = [normalize(t, code).text for t in _texts(code)]
    for key, phrases in lex.phrases.items():
        try:
            flat = re.compile("|".join(f"(?:{p})" for p in phrases))
        except re.error:
            continue  # phrases with the same group name, compiled one at a time
        joined = re.compile(phrase_alternation(phrases))
        for text in texts:
            assert _reads(joined, text) == _reads(flat, text), (key, text)


def test_a_phrase_with_an_alternation_of_its_own_keeps_its_boundary() -> None:
    phrases = [r"\bno\b", r"\bnot|sure", r"(?:\bno|way)", r"[|]\bok", r"\bx"]
    joined = re.compile(phrase_alternation(phrases))
    flat = re.compile("|".join(f"(?:{p})" for p in phrases))
    for text in ["no way", "unsure", "nosure", "|ok", "x|x", "notsure", "not"]:
        assert _reads(joined, text) == _reads(flat, text)
    assert phrase_alternation([]) == ""


@pytest.mark.parametrize("code", languages())
def test_a_time_pattern_without_ignorecase_reads_lower_case_ascii_alike(code: str) -> None:
    texts = [normalize(t, code, numbers=True).text for t in _texts(code)]
    texts = [t for t in texts if lower_ascii(t)]
    assert len(texts) > 200
    gram = grammar(code)
    for (slow, _), (fast, _) in zip(gram.patterns, gram.lower_ascii, strict=True):
        assert fast.pattern == slow.pattern
        for text in texts:
            assert _reads(fast, text) == _reads(slow, text), (fast.pattern, text)


@pytest.mark.parametrize(
    "source",
    [
        r"at\s+Noon",  # a capital letter
        r"[0-_]",  # a range over the capitals: "a" matches it only with IGNORECASE
        r"(\w)\1",  # a back reference
        r"\x41m",  # "A", spelled as an escape
        "\u212a",  # the Kelvin sign is a "k" with IGNORECASE
        "\u017f",  # the long s is an "s"
    ],
)
def test_a_pattern_that_could_read_otherwise_keeps_ignorecase(source: str) -> None:
    pattern = re.compile(source, re.IGNORECASE)
    assert case_blind(pattern) is pattern


def test_a_pattern_of_lower_case_words_and_signs_drops_ignorecase() -> None:
    fast = case_blind(re.compile(r"(?<![\w])(?P<pre>at|um)\s*[^\sa-z0-9]?\d{1,2}[:.h–]", re.I))
    assert not fast.flags & re.IGNORECASE
    assert not lower_ascii("Am 5") and not lower_ascii("um 5 \u2013") and lower_ascii("um 5")


@pytest.mark.parametrize(
    "source", [r"\bja\b", r"\s*", r"a|", r"(?<=n)\b", r"x*", r"\bno(?:pe)?\b|nein"]
)
def test_take_blanks_what_sub_blanks(source: str) -> None:
    pattern = re.compile(source)
    for text in ["ja nein nope", "", "nnn x xx", "no, nope! ja"]:
        found, rest = _take(pattern, text)
        assert found == [(m.start(), m.group()) for m in pattern.finditer(text)]
        assert rest == pattern.sub(lambda m: " " * len(m.group()), text)
