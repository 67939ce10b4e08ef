"""The shortcuts that make reading a new message cheaper answer as the long way does:

- `similarity` skips difflib only where its ratio cannot reach 0.8;
- `_bests` (the catalogue's index of service words) finds, for every service word,
  what looking at every word of the message finds;
- `normalize` folds a character and finds an ordinal's digits as before;
- `match_services` scores the whole text again only when its words differ from
  those of the text without its referrers.
"""

from __future__ import annotations

import difflib
import random
import re
import unicodedata

import pytest

from bookbot.agent.nlu.compounds import split_compounds
from bookbot.agent.nlu.concepts import by_form
from bookbot.agent.nlu.lexicon import lexicon
from bookbot.agent.nlu.normalize import (
    _QUOTES,
    _fold,
    _ordinal_suffix,
    normalize,
    without_accents,
)
from bookbot.agent.nlu.services import (
    TRANSLATED,
    ServiceMatch,
    _Best,
    _bests,
    _catalogue,
    _Heard,
    _heard,
    _matches,
    _Said,
    _said_words,
    _without_referrers,
    _words,
    match_services,
    similarity,
    stem,
)
from bookbot.core.config import Service


def _similarity_long_way(heard: str, known: str, prefix: bool = True) -> float:
    if heard == known:
        return 1.0
    short, long_ = sorted((heard, known), key=len)
    if prefix and len(short) >= 5 and long_.startswith(short):
        return 0.85
    if min(len(heard), len(known)) < 4 or heard[0] != known[0]:
        return 0.0
    ratio = difflib.SequenceMatcher(None, heard, known).ratio()
    return round(ratio * 0.9, 3) if ratio >= 0.8 else 0.0


def _misspelt(word: str, pick: random.Random) -> str:
    letters = "abcdeilmnorstu"
    k = pick.randrange(len(word))
    edit = pick.choice(("drop", "swap", "add", "change"))
    if edit == "drop":
        return word[:k] + word[k + 1 :]
    if edit == "swap" and k + 1 < len(word):
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    if edit == "add":
        return word[:k] + pick.choice(letters) + word[k:]
    return word[:k] + pick.choice(letters) + word[k + 1 :]


def test_similarity_is_difflibs_reading_wherever_it_skips_difflib() -> None:
    pick = random.Random(3)
    words = sorted(w for w in lexicon("en").vocabulary if w.isalpha() and len(w) >= 3)
    words += ["physiotherapy", "massage", "implant", "aligner", "whitening", "reformer"]
    pairs = []
    for _ in range(4000):
        known = pick.choice(words)
        heard = pick.choice([_misspelt(known, pick), pick.choice(words), known[: len(known) - 1]])
        pairs.append((stem(heard), stem(known)))
    for heard, known in pairs:
        for prefix in (True, False):
            assert similarity(heard, known, prefix) == _similarity_long_way(heard, known, prefix)


def _best_long_way(known: str, prefix: bool, heard: list[_Heard]) -> _Best:
    """Every word of the message looked at, as before the index."""
    groups = by_form(stem).get(known, frozenset())
    first = known[:1]
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


CLINIC = (
    Service(id="physio", name="Physiotherapy", trigger_words=("physio", "PT")),
    Service(id="massage", name="Sports Massage", description="A deep tissue massage."),
    Service(id="laser", name="Laser Hair Removal", trigger_words=("laser",)),
    Service(id="first-visit", name="First Visit"),
    Service(id="implant", name="Dental Implant", trigger_words=("tooth implant",)),
)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I need physiotheraphy for my back, maybe a massge too"),
        ("en", "can I book the laser later this week?"),
        ("en", "first visit please, tues the 4th"),
        ("en", "a pt session and a tooth implant"),
        ("de", "Ich brauche eine Rückenmassage und Physiotherapie am Montag"),
        ("es", "quiero fisioterapia y un masaje deportivo"),
        ("es", "depilación láser el jueves"),
        ("en", "nothing at all to do with the catalogue"),
    ],
)
def test_the_index_finds_what_looking_at_every_word_finds(lang: str, text: str) -> None:
    key = tuple((s.id, s.name, s.trigger_words, s.description or "") for s in CLINIC)
    catalogue = _catalogue(key, lang)
    heard = _heard(_words(normalize(text, lang).text), lang)
    every = {k: _best_long_way(k[0], k[1], heard) for k in catalogue.users}
    assert _bests(catalogue, _Said(heard)) == {k: b for k, b in every.items() if b[0] > 0.0}


def _fold_long_way(text: str, accents: bool) -> str:
    out = []
    for ch in text:
        one = unicodedata.normalize("NFKC", ch).lower().translate(_QUOTES)
        out.append(without_accents(one) if accents else one)
    return "".join(out)


@pytest.mark.parametrize("text", ["Mañana a las 5", "Grüße, Straße ﬁx", "Café ² x\u2019s"])
@pytest.mark.parametrize("accents", [True, False])
def test_fold_folds_each_character_as_before(text: str, accents: bool) -> None:
    folded, starts, ends = _fold(text, accents)
    assert folded == _fold_long_way(text, accents)
    assert len(starts) == len(ends) == len(folded)


@pytest.mark.parametrize(
    ("folded", "start", "word", "expected"),
    [
        ("the 2nd", 5, "nd", True),
        ("the 21st", 6, "st", True),
        ("the 2\nnd", 6, "nd", True),  # `$` matches before a final newline, as before
        ("the nd", 4, "nd", False),
        ("nd", 0, "nd", False),
        ("the 3nd", 5, "nd", False),
    ],
)
def test_ordinal_suffix(folded: str, start: int, word: str, expected: bool) -> None:
    digits = re.search(r"\d+$", folded[max(0, start - 4) : start])
    lex = lexicon("en")
    long_way = digits is not None and lex.ordinal(int(digits.group())) == digits.group() + word
    assert long_way == expected
    assert _ordinal_suffix(folded, start, word, lex) == expected


def _match_long_way(text: str, services: tuple[Service, ...], lang: str) -> list[ServiceMatch]:
    """`match_services` scoring the whole text again whenever the text without its
    referrers named nothing, as before."""
    plain = normalize(text, lang).text
    split = split_compounds(plain, lang)
    text = split if split != plain else text
    spoken = _without_referrers(text, lang)
    found = _matches(_said_words(spoken, lang), services, lang) if spoken != text else []
    return found or _matches(_said_words(text, lang), services, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "my physio said I need a massage"),  # the referrer blanked, a service left
        ("en", "my physio said I should come"),  # only the referrer names one
        ("en", "about my implant, when can I come"),
        ("en", "I pulled my hamstring"),
        ("en", "hello there"),  # the same words either way: nothing
        ("en", "Tmrw at 5?"),
        ("de", "Mein Physio hat gesagt ich brauche eine Massage"),
        ("es", "mi fisio me dijo que necesito un masaje"),
    ],
)
def test_match_services_scores_the_whole_text_again_only_when_it_reads_otherwise(
    lang: str, text: str
) -> None:
    assert match_services(text, CLINIC, lang) == _match_long_way(text, CLINIC, lang)
