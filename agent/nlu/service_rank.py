"""Which services a message is about, ranked the way a receptionist would:
`rank_services(text, services, booked) -> list[ServiceReading]`.

1. The customer's booked plans first: a session name of a booked plan ("move my
   fitting appointment") names that plan; a booked plan's service named at all
   comes before a service not booked.
2. Then exact phrases: a trigger phrase or the service's name, every word there.
3. Then close readings: some of a service's words, or misspelt ones.
Every reading says how it was understood (`quality`: "exact" or "fuzzy"), so the
dialogue can say which service it took when it is not exact.

A service is never matched through a word it shares with what the customer asked
for when the customer's phrase has a distinctive word of its own the service lacks:
"laser hair removal" does not match "Laser Tattoo Removal" (hair is not tattoo),
while "a laser session" still reads as it. Distinctive words are the service's words
that are not stop words or generic ("treatment", "session", calendar words).
Two services named in one message are both returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import lru_cache

from bookbot.agent.nlu.compounds import compound_parts
from bookbot.agent.nlu.concepts import by_form, concepts
from bookbot.agent.nlu.lexicon import languages, lexicon
from bookbot.agent.nlu.normalize import normalize
from bookbot.agent.nlu.services import stem
from bookbot.agent.nlu.words import word_similarity
from bookbot.core.config import Service

_WORD = re.compile(r"[^\W\d_]+")
MIN_SIMILARITY = 0.8
"""How close a misspelt word must be to a service word (0..1)."""


class Quality(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    NONE = "none"


class Source(IntEnum):
    """Why a service was read, strongest first (the ranking order)."""

    BOOKED_SESSION = 0
    BOOKED_PLAN = 1
    TRIGGER = 2
    NAME = 3
    PARTIAL = 4


@dataclass(frozen=True, slots=True)
class BookedPlan:
    """A plan the customer has: its service and the names of its sessions (when the
    service names them; else the service's own `sessions` names are used)."""

    service_id: str
    session_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ServiceReading:
    service: Service
    quality: Quality
    source: Source
    heard: str
    """The customer's words that named it."""
    matched: str
    """The service's phrase (trigger, name or session name) they matched."""
    coverage: float
    """Share of the phrase's distinctive words heard (1.0 for every one)."""
    session_name: str | None = None


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    stem: str
    content: bool
    """Not a stop word, a generic word or a calendar word: it may name a thing."""


@dataclass(frozen=True, slots=True)
class _Hit:
    coverage: float
    exact: bool
    heard: str
    conflict: bool


Similarity = Callable[[str, str], float]


def rank_services(
    text: str,
    services: Sequence[Service],
    booked: Sequence[BookedPlan] = (),
    lang: str = "en",
    *,
    similar: Similarity = word_similarity,
) -> list[ServiceReading]:
    """The services `text` names, best first (see the module docstring)."""
    tokens = _tokens(text, lang)
    if not tokens:
        return []
    plans = {p.service_id: p for p in booked}
    # a word one service spells exactly is not a misspelling of another's ("clear" aligners
    # is no "cleaning")
    spelled = frozenset(x for s in services for p, _ in _phrases(s) for x in _phrase_stems(p, lang))

    def guarded(heard: str, known: str) -> float:
        return 0.0 if heard in spelled else similar(heard, known)

    out: list[ServiceReading] = []
    for service in services:
        reading = _read(service, tokens, plans.get(service.id), lang, guarded)
        if reading is not None:
            out.append(reading)
    return sorted(out, key=lambda r: (r.source, -r.coverage))


def named_services(readings: Sequence[ServiceReading]) -> list[ServiceReading]:
    """The readings to act on: every service whose phrase was heard whole (two named
    in one message are both kept), else the single best partial reading when no other
    service was read as well as it ("driving lessons" at a school with manual and
    automatic lessons names neither); else none."""
    whole = [r for r in readings if r.coverage == 1.0 or r.source <= Source.BOOKED_PLAN]
    if whole:
        return whole
    if not readings:
        return []
    best = readings[0]
    rivals = [r for r in readings[1:] if (r.source, r.coverage) == (best.source, best.coverage)]
    return [] if rivals else [best]


def quality(readings: Sequence[ServiceReading]) -> Quality:
    """How the best reading was understood; NONE when nothing was."""
    return readings[0].quality if readings else Quality.NONE


def _read(
    service: Service,
    tokens: list[_Token],
    plan: BookedPlan | None,
    lang: str,
    similar: Similarity,
) -> ServiceReading | None:
    if plan is not None:
        named = _session_named(service, plan, tokens, lang, similar)
        if named is not None:
            return named
    best: ServiceReading | None = None
    for phrase, source in _phrases(service):
        hit = _match(phrase, tokens, lang, similar)
        if hit is None or hit.conflict:
            continue
        kind = source if hit.exact else Source.PARTIAL
        if plan is not None:
            kind = Source.BOOKED_PLAN
        quality_ = Quality.EXACT if hit.exact else Quality.FUZZY
        found = ServiceReading(service, quality_, kind, hit.heard, phrase, hit.coverage)
        if best is None or (found.source, -found.coverage) < (best.source, -best.coverage):
            best = found
    return best


def _session_named(
    service: Service, plan: BookedPlan, tokens: list[_Token], lang: str, similar: Similarity
) -> ServiceReading | None:
    """A session of the booked plan named by its whole name, or by a word only that
    session's name has ("fitting" of "Aligner fitting" in "Clear aligners")."""
    names = plan.session_names or tuple(s.name for s in service.sessions if s.name)
    shared = {x for p, _ in _phrases(service) for x in _phrase_stems(p, lang)}
    for name in names:
        others = {x for n in names if n != name for x in _phrase_stems(n, lang)}
        own = [x for x in _phrase_stems(name, lang) if x not in shared | others]
        hit = _match(name, tokens, lang, similar)
        heard_own = any(_heard(x, tokens, similar) for x in own)
        if hit is not None and not hit.conflict and (hit.coverage == 1.0 or heard_own):
            return ServiceReading(
                service, Quality.EXACT, Source.BOOKED_SESSION, hit.heard, name, 1.0, name
            )
    return None


def _heard(known: str, tokens: list[_Token], similar: Similarity) -> bool:
    return any(_close(t, known, similar) >= MIN_SIMILARITY for t in tokens)


def _phrases(service: Service) -> list[tuple[str, Source]]:
    ident = re.sub(r"[-_.]", " ", service.id)
    return [
        *((t, Source.TRIGGER) for t in service.trigger_words),
        (service.name, Source.NAME),
        (ident, Source.NAME),
    ]


@lru_cache(maxsize=16384)
def _stem(word: str, lang: str) -> str:
    """English words by `services.stem`; another language drops the first of its
    lexicon's `stem_suffixes` the word ends with ("massagen" -> "massag", "sesiones" ->
    "sesion"), keeping at least four letters."""
    suffixes = lexicon(lang).word_list("stem_suffixes")
    if not suffixes:
        return stem(word)
    plain = _fold(word.lower())
    for suffix in suffixes:
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 4:
            return plain[: -len(suffix)]
    return plain


def _fold(word: str) -> str:
    return normalize(word, "de").text if not word.isascii() else word


@lru_cache(maxsize=4096)
def _phrase_stems(phrase: str, lang: str) -> tuple[str, ...]:
    """The distinctive stems of a phrase; all its non-stop stems when none is."""
    generic_words, stopwords = _any_language_plain()
    generic = {_stem(w, lang) for w in generic_words}
    words = [_fold(w.lower()) for w in _WORD.findall(phrase) if len(w) > 1]
    stems = [_stem(w, lang) for w in words if w not in stopwords]
    distinctive = tuple(s for s in stems if s not in generic)
    return distinctive or tuple(stems)


@lru_cache(maxsize=1)
def _any_language_plain() -> tuple[frozenset[str], frozenset[str]]:
    """Generic and stop words of every language: a service is named in the business's
    language, which need not be the customer's ("Physiotherapy Treatment Plan" read
    from Spanish still has "treatment" and "plan" as generic words)."""
    lexes = [lexicon(code) for code in languages()]
    return (
        frozenset(w for lex in lexes for w in lex.generic_service_words),
        frozenset(w for lex in lexes for w in lex.stopwords),
    )


@lru_cache(maxsize=8)
def _plain_words(lang: str) -> frozenset[str]:
    """Words that never name a thing: stop, generic, calendar and number words."""
    lex = lexicon(lang)
    calendar = {*lex.weekdays, *lex.weekday_plurals, *lex.months, *lex.units, *lex.cardinals}
    calendar |= {w for key in lex.dayparts for w in key.split()}
    calendar |= {w for key in ("session_nouns", "politeness", "today", "tomorrow", "next")
                 for p in lex.word_list(key) for w in p.split()}  # fmt: skip
    return lex.generic_service_words | lex.stopwords | frozenset(calendar)


def _tokens(text: str, lang: str) -> list[_Token]:
    lex = lexicon(lang)
    generic = lex.generic_service_words | lex.stopwords
    plain = _plain_words(lang)
    return [
        _Token(w, _stem(w, lang), w not in plain and _stem(w, lang) not in generic and len(w) > 2)
        for whole in _WORD.findall(normalize(text, lang).text)
        for w in compound_parts(whole, lang)
    ]


def _match(phrase: str, tokens: list[_Token], lang: str, similar: Similarity) -> _Hit | None:
    """How the phrase's distinctive stems are heard in the tokens, if at all."""
    stems = _phrase_stems(phrase, lang)
    if not stems:
        return None
    places: dict[int, float] = {}
    for known in stems:
        best = max(
            ((_close(t, known, similar), k) for k, t in enumerate(tokens)), default=(0.0, -1)
        )
        if best[0] >= MIN_SIMILARITY:
            places[best[1]] = max(best[0], places.get(best[1], 0.0))
    if not places:
        return None
    heard = " ".join(tokens[k].word for k in sorted(places))
    coverage = len(places) / len(stems)
    exact = coverage == 1.0 and all(v == 1.0 for v in places.values())
    conflict = coverage < 1.0 and _conflicts(tokens, places, stems, similar)
    return _Hit(round(coverage, 3), exact, heard, conflict)


TRANSLATED = 0.95
"""How close a word is to its translation ("fisioterapia" for "physiotherapy"): heard,
but not as spelled, so the reading is fuzzy and the dialogue says what it took."""


def _close(token: _Token, known: str, similar: Similarity) -> float:
    if token.stem == known or token.word == known:
        return 1.0
    if _translated(token.word, token.stem, known):
        return TRANSLATED
    if len(known) < 4 or len(token.stem) < 4:
        return 0.0
    if len(token.stem) >= 5 and known.startswith(token.stem):
        return 0.9  # "physio" for "physiotherapy"
    return similar(token.stem, known)


def _translated(word: str, stem_: str, known: str) -> bool:
    """The word and the service's stem name one thing in two languages (concepts.py)."""
    mine: frozenset[int] = concepts(word)
    theirs: frozenset[int] = frozenset()
    for code in languages():
        stems = by_form(_stemmer(code))
        mine |= stems.get(stem_, frozenset())
        theirs |= stems.get(known, frozenset())
    return bool(mine & theirs)


_STEMMERS: dict[str, Callable[[str], str]] = {}


def _stemmer(code: str) -> Callable[[str], str]:
    """One function object per language, so `by_form` caches its index once."""
    return _STEMMERS.setdefault(code, lambda word: _stem(word, code))


def _conflicts(
    tokens: list[_Token], places: dict[int, float], stems: tuple[str, ...], similar: Similarity
) -> bool:
    """A word of the customer's own right beside the words heard, that the phrase does
    not have: "laser hair removal" against "laser tattoo removal"."""
    low, high = min(places) - 1, max(places) + 1
    for k in range(max(0, low), min(len(tokens), high + 1)):
        token = tokens[k]
        if k in places or not token.content:
            continue
        if all(_close(token, s, similar) < MIN_SIMILARITY for s in stems):
            return True
    return False
