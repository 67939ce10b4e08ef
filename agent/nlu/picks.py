"""Which session, and which offered option: "session 3", "my second lesson", "option 2".

`extract_session_number` reads a session number ("session 3 of 8", "the 3rd
lesson"); `extract_choice` reads a pick among options the bot listed ("option
2", "#2", "the second one", "I'll take the 2nd", "the last one" -> -1). A bare
number ("2") is left to the caller, who knows whether it just offered options or
asked for a count. A message that is only "the earliest (one)" or "first available"
(or "I'll take the earliest") picks option 1: the options are listed earliest first.
`earlier_offer` reads a return to a proposal shown before ("actually the first time
you offered was better": "first"; "the previous option": "previous").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bookbot.agent.nlu.lexicon import alternation, lexicon
from bookbot.agent.nlu.normalize import normalize


@dataclass(frozen=True, slots=True)
class _Picks:
    session_after: re.Pattern[str]
    session_before: re.Pattern[str]
    session_own: re.Pattern[str]
    session_compound: re.Pattern[str]
    choice_mark: re.Pattern[str]
    choice_ordinal: re.Pattern[str]
    choice_alone: re.Pattern[str]
    choice_taken: re.Pattern[str]
    choice_soonest: re.Pattern[str]


@lru_cache(maxsize=8)
def _picks(code: str) -> _Picks:
    w = lexicon(code).words
    nouns = rf"(?:{alternation(w['session_nouns'])})(?:e?s)?"
    marks = alternation(w["choice_marks"])
    last = alternation(w["last"])
    first = alternation(w["first_pick"])
    tail = rf"(?:[\s,!.]+(?:{alternation(w['pick_tail'])}))*"
    ordinal = rf"(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<last>{last}))"
    # a digit ordinal as each language writes it: "3rd", "2.", "3ª" ("3a" once folded)
    marked = rf"(?P<n>\d{{1,2}})(?:{alternation(w['ordinal_marks'])})"
    months = alternation([*lexicon(code).months])
    the = alternation(w["the"])
    lex = lexicon(code)
    calendar = alternation([*lex.weekdays, *lex.months, *lex.dayparts, *w["today"], *w["tomorrow"]])
    negation = alternation([*w["negation"], *w["question_words"]])
    picked = rf"(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<last>{last})|(?P<first>{first}))"
    return _Picks(
        session_after=re.compile(rf"\b{nouns}\s*(?:{marks})?\s*(?P<n>\d{{1,2}})(?![\d:./])"),
        session_before=re.compile(rf"(?<![\w])(?:{marked}|(?P<last>{last}))\s+{nouns}\b"),
        # "my 2nd", "meine 2. Fahrstunde", "la 3ª": one's own session by its place; a
        # noun ending in a session word ("Fahrstunde") or none at all
        session_own=re.compile(
            rf"(?<![\w])(?:{alternation(w['own_session'])})\s+(?:{marked}|(?P<last>{last}))"
            rf"(?!\w)(?!\s*(?:de |of )?(?:{months})\b)"
        ),
        session_compound=re.compile(rf"(?<![\w]){marked}\s+\w+?{nouns}\b"),
        choice_mark=re.compile(rf"(?<![\w])(?:{marks})\s*(?P<n>\d{{1,2}})(?![\d:./])"),
        choice_ordinal=re.compile(rf"(?<![\w]){ordinal}\s+(?:{alternation(w['choice_nouns'])})\b"),
        choice_alone=re.compile(
            rf"^\W*(?:(?:{the})\s+)?(?:(?P<first>{first})|(?P<n>[1-9])(?:st|nd|rd|th)|"
            rf"(?P<last>{last})){tail}\W*$"
        ),
        # "the soonest you have", "whatever is earliest": a short message that asks for
        # the soonest and names no day, no number, no "not" and asks no question
        choice_soonest=re.compile(
            rf"^(?!.*\b(?:{calendar}|{negation})\b)(?!.*[\d?])\W*(?:[\w']+\W+){{0,3}}"
            rf"(?P<first>{first})(?:\W+[\w']+){{0,3}}\W*$"
        ),
        choice_taken=re.compile(
            rf"\b(?:{alternation(w['choice_verbs'])})\s+(?:(?:{the})\s+)?{picked}"
            rf"(?:{tail}|\s+(?:{alternation(w['politeness'])}))?\W*$"
        ),
    )


def extract_session_number(text: str, lang: str = "en") -> int | None:
    """The session number the text names, counted from 1; -1 for "the last session"."""
    picks = _picks(lang)
    t = normalize(text, lang, numbers=True).text
    for pattern in (picks.session_after, picks.session_before, picks.session_compound,
                    picks.session_own):
        found = pattern.search(t)
        if found is not None:
            return _value(found)
    return None


def extract_choice(text: str, lang: str = "en") -> int | None:
    """Which listed option the text picks, counted from 1; -1 for "the last one"."""
    found = _choice(text, lang)
    return None if found is None else _value(found)


def _choice(text: str, lang: str) -> re.Match[str] | None:
    picks = _picks(lang)
    t = normalize(text, lang, numbers=True).text
    choices = (
        picks.choice_mark, picks.choice_ordinal, picks.choice_alone, picks.choice_taken,
        picks.choice_soonest,
    )  # fmt: skip
    return next((m for p in choices if (m := p.search(t)) is not None), None)


def picks_earliest(text: str, lang: str = "en") -> bool:
    """Whether the text picks the earliest offered option ("the earliest one",
    "first available"), rather than option 1 by its number."""
    found = _choice(text, lang)
    return found is not None and bool(found.groupdict().get("first"))


def _value(found: re.Match[str]) -> int | None:
    if found.groupdict().get("last"):
        return -1
    if found.groupdict().get("first"):
        return 1  # "the earliest one", "first available"
    value = int(found.group("n"))
    return value or None


Offer = Literal["first", "previous"]


@lru_cache(maxsize=8)
def _offer_patterns(code: str) -> tuple[tuple[Offer, re.Pattern[str]], ...]:
    lex = lexicon(code)
    return (
        ("first", re.compile(lex.regex("offer_first"))),
        ("previous", re.compile(lex.regex("offer_previous"))),
    )


def earlier_offer(text: str, lang: str = "en") -> Offer | None:
    """A return to an offer shown earlier in the conversation: "first" for the first one
    ("the original time", "the first option you suggested"), "previous" for the one
    before the latest ("the previous one", "what you said before"); else None."""
    t = normalize(text, lang).text
    return next((kind for kind, pattern in _offer_patterns(lang) if pattern.search(t)), None)
