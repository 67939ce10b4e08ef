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


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light English stem: plural, -ing, -ed and a final e go ("driving" -> "driv").
    Kept per word: every message stems all its words, and words repeat across messages."""
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
    if len(short) < 4 or heard[0] != known[0]:
        return 0.0
    # difflib's ratio is 2 * matches / total, and no more characters match than the two
    # words have in common: below 0.8 with the most there could be, it is below 0.8
    total = len(heard) + len(known)
    if 2.0 * len(short) / total < 0.8 or 2.0 * _common(heard, known) / total < 0.8:
        return 0.0
    ratio = difflib.SequenceMatcher(None, heard, known).ratio()
    return round(ratio * 0.9, 3) if ratio >= 0.8 else 0.0


def _common(a: str, b: str) -> int:
    """How many characters the two words have in common, each counted as often as both
    have it (difflib's `quick_ratio`)."""
    return sum((Counter(a) & Counter(b)).values())


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


_Key = tuple[str, bool]
"""A service word as `_best` looks for it: (stem, whether a prefix of it counts)."""


@dataclass(frozen=True, slots=True)
class _Catalogue:
    """A catalogue's terms (`_index`) and where to look them up, built once per catalogue:
    a message names few of its words, so only the terms of the words it may name are
    scored (`_matches`)."""

    terms: tuple[tuple[_Term, ...], ...]
    """Weighted phrases per service."""
    users: dict[_Key, tuple[tuple[int, int], ...]]
    """Each service word to the (service, term) positions of the terms made of it."""
    by_first: dict[str, tuple[_Key, ...]]
    """The service words by first letter: `similarity` is 0 for words that start differently."""
    by_group: dict[int, tuple[_Key, ...]]
    """The service words by concept group: their translations score too."""
    literal: tuple[tuple[int, int], ...]
    """The (service, term) positions of the literal terms ("first visit")."""


@lru_cache(maxsize=256)
def _catalogue(key: tuple[tuple[str, str, tuple[str, ...], str], ...], code: str) -> _Catalogue:
    """The `_Catalogue` of the services in `key` (as `_index`)."""
    terms = _index(key, code)
    users: dict[_Key, list[tuple[int, int]]] = {}
    literal: list[tuple[int, int]] = []
    for k, service_terms in enumerate(terms):
        for j, term in enumerate(service_terms):
            if term.literal:
                literal.append((k, j))
                continue
            for known in dict.fromkeys(term.stems):
                users.setdefault((known, not term.joined), []).append((k, j))
    by_first: dict[str, list[_Key]] = {}
    by_group: dict[int, list[_Key]] = {}
    forms = by_form(stem)
    for known, prefix in users:
        by_first.setdefault(known[:1], []).append((known, prefix))
        for group in forms.get(known, _NO_GROUPS):
            by_group.setdefault(group, []).append((known, prefix))
    return _Catalogue(
        terms,
        {k: tuple(v) for k, v in users.items()},
        {k: tuple(v) for k, v in by_first.items()},
        {k: tuple(v) for k, v in by_group.items()},
        tuple(literal),
    )


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


def _heard(every: list[str], code: str) -> list[_Heard]:
    """(stem, original words, may be a misspelling, concept groups) for each of the
    words `every` (`_words` of the normalized text) and each pair of neighbours. A word
    the parsers know ("later") is spelled right: it is never read as a close misspelling
    of a service word ("laser"), nor is a pair with such a word in it ("tues the" is no
    "test")."""
    lex = lexicon(code)
    known = lex.vocabulary | lex.stopwords
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


class _Said:
    """The customer's words of one message (`_heard`), by first letter and by concept
    group, so that `_best` looks only at the words that can match."""

    __slots__ = ("by_first", "by_group")

    def __init__(self, heard: list[_Heard]) -> None:
        self.by_first: dict[str, list[_Heard]] = {}
        self.by_group: dict[int, list[_Heard]] = {}
        for item in heard:
            self.by_first.setdefault(item[0][:1], []).append(item)
            for group in item[3]:
                self.by_group.setdefault(group, []).append(item)


def _best(known: str, prefix: bool, said: _Said) -> _Best:
    """The customer's word closest to the service word `known` (`prefix`: a prefix of
    it counts), the greatest (similarity, words, stem) of all. Only words that start
    alike (`similarity` is 0 for the others) or share a concept group with it (a
    translation scores TRANSLATED) can score."""
    groups = by_form(stem).get(known, _NO_GROUPS)
    first = known[:1]
    best = (0.0, "", "")
    for h, w, fuzzy, mine in said.by_first.get(first, ()):
        found = similarity(h, known, prefix)
        if found < TRANSLATED and groups and mine and not mine.isdisjoint(groups):
            found = TRANSLATED
        elif not fuzzy and found < 0.85:
            continue
        if found > 0.0 and (found, w, h) > best:
            best = (found, w, h)
    for group in groups:  # words that start differently score only as a translation
        for h, w, _, _ in said.by_group.get(group, ()):
            if h[:1] != first and (TRANSLATED, w, h) > best:
                best = (TRANSLATED, w, h)
    if best[0] == 0.0:
        return 0.0, "", "", False
    return (*best, similarity(best[2], known, prefix) < best[0])


_NOTHING: _Best = (0.0, "", "", False)


def _score(
    term: _Term, every: frozenset[str], bests: dict[_Key, _Best]
) -> tuple[float, str, bool, bool]:
    """(weight, the customer's words, heard exactly, heard only through a translation).
    `bests` holds the best word of the message per service word that it names at all."""
    if term.literal:
        found = all(s in every for s in term.stems)
        return (term.weight, term.phrase, True, False) if found else (0.0, "", False, False)
    sims: list[float] = []
    words: list[str] = []
    translated = False
    prefix = not term.joined
    for known in term.stems:
        best = bests.get((known, prefix), _NOTHING)
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
    said = _said_words(text, lang)
    if spoken != text:
        spoken_words = _said_words(spoken, lang)
        found = _matches(spoken_words, services, lang)
        if found or spoken_words == said:  # the same words score the same: nothing
            return found
    return _matches(said, services, lang)


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


def _said_words(text: str, lang: str) -> list[str]:
    """The words of `text` that `_matches` scores: all it reads of the text."""
    return _words(normalize(text, lang).text)


def _matches(said_words: list[str], services: Sequence[Service], lang: str) -> list[ServiceMatch]:
    key = tuple((s.id, s.name, s.trigger_words, s.description or "") for s in services)
    heard = _heard(said_words, lang)
    if not heard:
        return []
    every = frozenset(stem(w) for w in said_words)
    catalogue = _catalogue(key, lang)
    bests = _bests(catalogue, _Said(heard))
    # a term scores only when each of its words is heard (a literal one: spelled as is)
    positions = {p for k in bests for p in catalogue.users[k]}
    positions.update(catalogue.literal)
    per_service: dict[int, list[_Scored]] = {}
    for k, j in positions:
        term = catalogue.terms[k][j]
        found = _score(term, every, bests)
        if found[0] > 0.0:  # a term scoring 0 neither wins nor adds (see below)
            per_service.setdefault(k, []).append(found + (term.phrase,))
    out: list[ServiceMatch] = []
    for k in sorted(per_service):
        service = services[k]
        scored = _literal_first(sorted(per_service[k], reverse=True))
        top, words, exact, translated, phrase = scored[0]
        others = {p for s, _, _, _, p in scored[1:] if s >= 0.3 and p != phrase}
        total = min(1.0, top + 0.05 * len(others))
        if total >= MIN_SCORE:
            explained = frozenset(
                w for s, heard_words, *_ in scored if s >= 0.3 for w in heard_words.split()
            ) | frozenset(words.split())
            found_match = ServiceMatch(
                service, round(total, 3), phrase, words, exact, translated, explained
            )
            out.append(found_match)
    return _most_specific(_own_words_first(sorted(out, key=lambda m: -m.score)))


def _bests(catalogue: _Catalogue, said: _Said) -> dict[_Key, _Best]:
    """The best word of the message for each service word it may name (`_best`); a
    service word absent scores 0: it starts like no word of the message and shares no
    concept group with one."""
    keys: dict[_Key, None] = {}
    for first in said.by_first:
        keys.update(dict.fromkeys(catalogue.by_first.get(first, ())))
    for group in said.by_group:
        keys.update(dict.fromkeys(catalogue.by_group.get(group, ())))
    found: dict[_Key, _Best] = {}
    for known, prefix in keys:
        best = _best(known, prefix, said)
        if best[0] > 0.0:
            found[known, prefix] = best
    return found


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


def heard_as_unit(match: ServiceMatch, lang: str) -> bool:
    """The service was heard only in words for one appointment of a plan ("lesson 2",
    "die nächste Stunde"), which any plan of the business may be made of."""
    units = lexicon(lang).word_list("session_units")
    return bool(match.explained) and all(w in units for w in match.explained)
