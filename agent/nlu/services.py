"""Which of a business's services a message is about, from the services' own fields only.

Each service contributes phrases: its `trigger_words` (strongest), its name and
id as a whole, their single words, and the words of its description (weakest).
Words are compared after light stemming ("implants" = "implant", "driving" =
"drive"), by prefix ("physio" in "physiotherapy") and by close spelling
("lesons"); a two-letter word counts only as a trigger word, spelled exactly.
A word that several services share counts for less, and words too
general to decide ("treatment", "package", "patient", and calendar words such as
"week", "visit", "time") count for little: alone they never pick a service. A
phrase made only of such words and stop words ("first visit") counts only when all
its words are there; two neighbouring words of a longer name ("new patient") count
as much as one specific word; a word the parsers know ("later") is never taken for
a misspelling of a service word ("laser"). Scores are in 0..1;
`match_services` returns every service scoring at least 0.35, best first, and
`best_service` the clear winner, if there is one.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bookbot.agent.nlu.compounds import split_compounds
from bookbot.agent.nlu.concepts import by_form, concepts
from bookbot.agent.nlu.lexicon import languages, lexicon
from bookbot.agent.nlu.normalize import normalize, without_accents
from bookbot.core.config import Service

MIN_SCORE = 0.35
CLEAR_SCORE = 0.5
CLEAR_MARGIN = 0.15
SHARED_WORD = 0.8
"""A one-word trigger or name that another service's fields hold too ("reformer" for a
"Reformer card" and a "Trial class Reformer") says less than a word only one has."""
LITERAL_CLOSE = 0.85
"""A literal reading at least this share of the best translated one is preferred."""
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class ServiceMatch:
    """A service the text names. `matched` is the service's phrase, `heard` the customer's;
    `translated` when that phrase was heard only through a translation (concepts.py)."""

    service: Service
    score: float
    matched: str
    heard: str
    exact: bool
    translated: bool = False
    explained: frozenset[str] = frozenset()
    """Every word of the customer's that one of the service's phrases was heard in."""


@dataclass(frozen=True, slots=True)
class _Term:
    stems: tuple[str, ...]
    weight: float
    phrase: str
    part: bool = False
    """One word of a longer phrase: counts less when other services share it."""
    joined: bool = False
    """The phrase's words written together ("physiotherapy" for "physio therapy")."""
    literal: bool = False
    """Every word of the phrase, stop words too, spelled as is ("first visit")."""


def stem(word: str) -> str:
    """A light English stem: plural, -ing, -ed and a final e go ("driving" -> "driv")."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def similarity(heard: str, known: str, prefix: bool = True) -> float:
    """How well a stemmed word the customer wrote matches a stemmed service word."""
    if heard == known:
        return 1.0
    short, long_ = sorted((heard, known), key=len)
    if prefix and len(short) >= 5 and long_.startswith(short):
        return 0.85
    if min(len(heard), len(known)) < 4 or heard[0] != known[0]:
        return 0.0
    ratio = difflib.SequenceMatcher(None, heard, known).ratio()
    return round(ratio * 0.9, 3) if ratio >= 0.8 else 0.0


TRANSLATED = 0.9
"""A word and its translation ("fisioterapia" for "physiotherapy", concepts.py)."""


_NO_GROUPS: frozenset[int] = frozenset()


def _groups(word: str, heard: str) -> frozenset[int]:
    """The concept groups of a word the customer wrote (`word`) or of its stem (`heard`)."""
    return concepts(word) | by_form(stem).get(heard, _NO_GROUPS)


def service_words(text: str) -> list[str]:
    """The words of a service name or a message as they are compared: lower case, no
    accents, no digits."""
    return _words(text)


def _words(text: str) -> list[str]:
    """Lower-case words without accents, on both sides: a business writes "Rückbildung"
    or "Láser", its customers "rückbildung", "ruckbildung" or "laser"."""
    return [_folded(w.lower()) for w in _WORD.findall(text)]


@lru_cache(maxsize=4096)
def _folded(word: str) -> str:
    return word if word.isascii() else without_accents(word)


@lru_cache(maxsize=256)
def _index(
    key: tuple[tuple[str, str, tuple[str, ...], str], ...], code: str
) -> tuple[tuple[_Term, ...], ...]:
    """Weighted phrases per service; `key` holds (id, name, trigger_words, description)."""
    lexes = [lexicon(c) for c in dict.fromkeys([code, *languages()])]
    # a service is named in the business's language, not always the customer's
    skip = frozenset(w for lex in lexes for w in lex.stopwords)
    generic = {stem(w) for lex in lexes for w in lex.generic_service_words}
    per_service: list[list[_Term]] = []
    for sid, name, triggers, description in key:
        terms: list[_Term] = []
        for phrase, whole, single, shortest in (
            *((t, 1.0, 0.75, 2) for t in triggers),  # a business may list "PT" or "IV"
            (name, 0.95, 0.7, 3),
            (sid.replace("-", " ").replace("_", " ").replace(".", " "), 0.9, 0.7, 3),
            (description, 0.0, 0.5, 3),
        ):
            terms.extend(_phrase_terms(phrase, whole, single, shortest, skip, generic))
        per_service.append(terms)
    shared = Counter(s for terms in per_service for s in {t.stems[0] for t in terms if t.part})
    named = Counter(s for terms in per_service for s in {x for t in terms for x in t.stems})
    return tuple(
        tuple(
            _Term(t.stems, t.weight / shared[t.stems[0]], t.phrase, part=True)
            if t.part and shared[t.stems[0]] > 1
            else _Term(t.stems, t.weight * SHARED_WORD, t.phrase, t.part, t.joined, t.literal)
            if len(t.stems) == 1 and named[t.stems[0]] > 1 and t.weight > 0
            else t
            for t in terms
        )
        for terms in per_service
    )


def _phrase_terms(
    phrase: str,
    whole: float,
    single: float,
    shortest: int,
    skip: frozenset[str],
    generic: set[str],
) -> list[_Term]:
    """The terms one phrase of a service gives: the phrase as a whole (when `whole`
    weighs), its words written together, neighbouring pairs of a longer phrase, and
    each word alone. A phrase of several words whose every word is a stop word or too
    general ("first visit") counts only as the whole phrase, word for word."""
    words = [w for w in _words(phrase) if len(w) >= shortest]
    stems = tuple(stem(w) for w in words if w not in skip)
    core = tuple(s for s in stems if s not in generic)
    if whole and not core and len(words) > 1:
        return [_Term(tuple(stem(w) for w in words), whole, phrase, literal=True)]
    core = core or stems
    terms: list[_Term] = []
    if whole and core:
        terms.append(_Term(core, whole, phrase))
    if whole and len(core) > 1:
        terms.append(_Term(("".join(core),), whole, phrase, joined=True))
    if whole and len(stems) > 2:  # "new patient" in "New Patient Consultation"
        pairs = {(a, b) for a, b in zip(stems, stems[1:], strict=False)}
        terms.extend(_Term(pair, single, phrase) for pair in sorted(pairs))
    for s in stems if len(stems) > 1 or not whole else ():
        weight = single * (0.4 if s in generic else 1.0)
        terms.append(_Term((s,), weight, phrase, part=True))
    return terms


_Heard = tuple[str, str, bool, frozenset[int]]
"""(stem, original words, may be a misspelling, concept groups: `_groups`)."""


def _heard(text: str, code: str) -> list[_Heard]:
    """(stem, original words, may be a misspelling, concept groups) for each word of the
    text and each pair of neighbours. A word the parsers know ("later") is spelled right:
    it is never read as a close misspelling of a service word ("laser"), nor is a pair with such a
    word in it ("tues the" is no "test")."""
    lex = lexicon(code)
    known = lex.vocabulary | lex.stopwords
    every = _words(normalize(text, code).text)
    words = [w for w in every if len(w) > 2]
    # two-letter words only ever equal a two-letter trigger word ("PT")
    out = [
        (stem(w), w, w not in lex.vocabulary)
        for w in every
        if len(w) > 1 and w not in lex.stopwords
    ]
    out += [
        (stem(a + b), f"{a} {b}", not {a, b} & known)
        for a, b in zip(words, words[1:], strict=False)
    ]
    return [(h, w, fuzzy, _groups(w, h)) for h, w, fuzzy in out]


_Best = tuple[float, str, str, bool]
"""(similarity, the customer's words, their stem, heard only through a translation)."""


def _best(known: str, prefix: bool, heard: list[_Heard]) -> _Best:
    """The customer's word closest to the service word `known` (`prefix`: a prefix of
    it counts), the greatest (similarity, words, stem) of all."""
    groups = by_form(stem).get(known, _NO_GROUPS)  # a translation scores TRANSLATED
    first = known[:1]  # `similarity` is 0 for words that start differently
    best = (0.0, "", "")
    for h, w, fuzzy, mine in heard:
        found = similarity(h, known, prefix) if h[:1] == first else 0.0
        if found < TRANSLATED and groups and mine and not mine.isdisjoint(groups):
            found = TRANSLATED
        elif not fuzzy and found < 0.85:
            continue
        if found > 0.0 and (found, w, h) > best:
            best = (found, w, h)
    if best[0] == 0.0:
        return 0.0, "", "", False
    return (*best, similarity(best[2], known, prefix) < best[0])


def _score(
    term: _Term,
    heard: list[_Heard],
    every: frozenset[str],
    seen: dict[tuple[str, bool], _Best],
) -> tuple[float, str, bool, bool]:
    """(weight, the customer's words, heard exactly, heard only through a translation).
    `seen` keeps the best word per service word for the message: the terms of a
    catalogue share most of their words."""
    if term.literal:
        found = all(s in every for s in term.stems)
        return (term.weight, term.phrase, True, False) if found else (0.0, "", False, False)
    sims: list[float] = []
    words: list[str] = []
    translated = False
    prefix = not term.joined
    for known in term.stems:
        best = seen.get((known, prefix))
        if best is None:
            best = seen[known, prefix] = _best(known, prefix, heard)
        if best[0] == 0.0:
            return 0.0, "", False, False
        sims.append(best[0])
        words.append(best[1])
        translated |= best[3]
    weight = term.weight * sum(sims) / len(sims)
    return weight, " ".join(words), all(s == 1.0 for s in sims), translated


def match_services(text: str, services: Sequence[Service], lang: str = "en") -> list[ServiceMatch]:
    """Services the text is about, best first (score >= 0.35). The person who sent the
    customer ("my physio said I need the shockwave course") and what the visit is about
    ("a consultation about an implant") name no service when the rest of the message
    names one."""
    plain = normalize(text, lang).text
    split = split_compounds(plain, lang)
    text = split if split != plain else text  # "Boxkurs": "box kurs"
    spoken = _without_referrers(text, lang)
    found = _matches(spoken, services, lang) if spoken != text else []
    return found or _matches(text, services, lang)


@lru_cache(maxsize=8)
def _referrers(code: str) -> tuple[re.Pattern[str], ...]:
    """Who sent the customer ("my physio said") and what the visit is about ("a
    consultation about an implant"): words that name no service to book."""
    phrases = lexicon(code).phrases
    keys = ("referrer", "reason", "context")
    return tuple(re.compile(p) for key in keys for p in phrases.get(key, ()))


def _without_referrers(text: str, lang: str) -> str:
    t = normalize(text, lang).text
    out = list(t)
    for pattern in _referrers(lang):
        for found in pattern.finditer(t):
            start, end = found.span("who")
            out[start:end] = " " * (end - start)
    return "".join(out)


def _matches(text: str, services: Sequence[Service], lang: str) -> list[ServiceMatch]:
    key = tuple((s.id, s.name, s.trigger_words, s.description or "") for s in services)
    heard = _heard(text, lang)
    if not heard:
        return []
    every = frozenset(stem(w) for w in _words(normalize(text, lang).text))
    out: list[ServiceMatch] = []
    seen: dict[tuple[str, bool], _Best] = {}
    for service, terms in zip(services, _index(key, lang), strict=True):
        scored = sorted((_score(t, heard, every, seen) + (t.phrase,) for t in terms), reverse=True)
        scored = _literal_first(scored)
        top, words, exact, translated, phrase = scored[0] if scored else (0.0, "", False, False, "")
        others = {p for s, _, _, _, p in scored[1:] if s >= 0.3 and p != phrase}
        total = min(1.0, top + 0.05 * len(others))
        if total >= MIN_SCORE:
            explained = frozenset(
                w for s, heard_words, *_ in scored if s >= 0.3 for w in heard_words.split()
            ) | frozenset(words.split())
            found = ServiceMatch(
                service, round(total, 3), phrase, words, exact, translated, explained
            )
            out.append(found)
    return _most_specific(_own_words_first(sorted(out, key=lambda m: -m.score)))


def _most_specific(found: list[ServiceMatch]) -> list[ServiceMatch]:
    """A service heard in only some of the words another service is heard in is not
    named beside it: "piano lesson pack" names the Piano Lesson Pack, not also the
    Trial Lesson ("lesson"); "acupuntura de fertilidad" the fertility plan, not also
    the acupuncture pass. Two services each heard in a word of its own both stay."""
    if len(found) < 2:
        return found
    return [
        m
        for m in found
        if not any(m.explained < o.explained and o.score >= m.score * 0.9 for o in found)
    ]


_Scored = tuple[float, str, bool, bool, str]


def _literal_first(scored: list[_Scored]) -> list[_Scored]:
    """A service heard in its own words ("nutrición") is heard literally, even when a
    translation of the same word ("nutrition") scores a little higher."""
    if not scored or not scored[0][3]:
        return scored
    literal = next((s for s in scored if not s[3] and s[0] > 0), None)
    if literal is None or literal[0] < scored[0][0] * LITERAL_CLOSE:
        return scored
    return [literal, *(s for s in scored if s is not literal)]


def _own_words_first(found: list[ServiceMatch]) -> list[ServiceMatch]:
    """A service heard in the business's own words outranks one heard through a
    translation that scores no higher: "mesoterapia capilar" names the mesotherapy,
    not also the hair removal that "capilar" (hair) translates to. A translation that
    reads better than every literal match stays ("depilación láser" is Laser Hair
    Removal more than Laser Tattoo Removal), and translations count alone when
    nothing is named literally (a Spanish customer at an English-named clinic)."""
    heard = {w for m in found if not m.translated for w in m.heard.split()}
    # a word heard literally in one service ("Kontrolle" of "Aligner-Kontrollen") is
    # not also heard through its translation in another ("check-up")
    found = [m for m in found if not (m.translated and set(m.heard.split()) <= heard)]
    literal = max((m.score for m in found if not m.translated), default=0.0)
    return [m for m in found if not m.translated or m.score > literal]


def best_service(text: str, services: Sequence[Service], lang: str = "en") -> Service | None:
    """The one service the text clearly names, or None (nothing, or a close call)."""
    found = match_services(text, services, lang)
    return found[0].service if is_clear(found) else None


def is_clear(found: Sequence[ServiceMatch]) -> bool:
    """Whether the best of `match_services`' answer stands clearly above the rest."""
    if not found or found[0].score < CLEAR_SCORE:
        return False
    return len(found) == 1 or found[0].score - found[1].score >= CLEAR_MARGIN
