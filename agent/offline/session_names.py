"""Which session of a plan a message names by the session's own name.

Services may name their sessions ("3D scan and photos", "Aligner fitting",
"Progress review"); customers then say "my fitting" or "the progress review"
rather than "session 2". A session is named when two of its name's words
appear, or when one word only its name has (not the service's name, not a
sibling session's) follows "my", "the", "our", "this" or "that". Only an
unambiguous answer counts.

`mask_session_names` hides those names from the intent reader: "I can't make my
progress review" is about a session called "Progress review", not a question
about progress.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from bookbot.core.config import Service
from bookbot.core.memo import PerObject

_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
MASK = "session"
"""What a session's name becomes for the intent reader."""
_DETERMINERS = frozenset({"my", "the", "our", "this", "that", "his", "her"})
_STOP = frozenset({"and", "with", "the", "of", "for", "to", "in", "on", "at", "a", "an", "your"})


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> list[str]:
    return [_stem(_fold(w)) for w in _WORD.findall(text.lower())]


def _fold(word: str) -> str:
    """Without accents ("sesión" is "sesion", as the lexicons write it)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _significant(name: str) -> set[str]:
    """The words of a session name that can name it: not the short function words of
    any language ("y", "de", "la", "und"), which any message may hold."""
    return {w for w in _words(name) if w not in _STOP and (len(w) >= 4 or w[0].isdigit())}


def _service_words(service: Service) -> set[str]:
    return set(_words(" ".join([service.name, service.id, *service.trigger_words])))


@dataclass(frozen=True, slots=True)
class _Named:
    """One named session of a service, as `_named` compares a message with it."""

    number: int
    words: frozenset[str]
    """Its significant words (`_significant`)."""
    distinctive: frozenset[str]
    """Those only its name has: not a sibling's, not the service's."""
    pairs: frozenset[tuple[str, str]]
    """Its neighbouring words: a run of two of them in a message holds one (`_runs`)."""


_NAMED: PerObject[str, tuple[_Named, ...]] = PerObject(512)


def _named_sessions(service: Service) -> tuple[_Named, ...]:
    """The named sessions of `service`, worked out once per service object (the
    service is immutable; an admin edit loads a new one)."""
    return _NAMED.get(service, "named", lambda: _name_sessions(service))


def _name_sessions(service: Service) -> tuple[_Named, ...]:
    names = {k: service.session_name(k) for k in range(1, service.total_sessions + 1)}
    own = {k: _significant(name) for k, name in names.items() if name}
    general = _service_words(service)
    out = []
    for k, name_words in own.items():
        others = set().union(*(v for j, v in own.items() if j != k))
        distinctive = {w for w in name_words - others - general if len(w) >= 4}
        out.append(_Named(k, frozenset(name_words), frozenset(distinctive),
                          _pairs(_words(names[k] or ""))))  # fmt: skip
    return tuple(out)


def _pairs(words: Sequence[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(words, words[1:], strict=False))


def _named(words: Sequence[str], service: Service) -> list[int]:
    """Session numbers of `service` the words name."""
    present = set(words)
    pairs = _pairs(words)
    after_determiner = {
        w for prev, w in zip(words, words[1:], strict=False) if prev in _DETERMINERS
    }
    found = []
    for session in _named_sessions(service):
        heard = session.words & present
        # "sesión" is in every session's name: with one other word of the name it names
        # the session only beside it ("la sesión final", not "al final … la sesión")
        scattered = len(heard - _session_nouns()) >= 2 or not heard & _session_nouns()
        together = scattered or not session.pairs.isdisjoint(pairs)  # a run (`_runs`)
        if (len(heard) >= 2 and together) or session.distinctive & after_determiner:
            found.append(session.number)
    return found


@cache
def _session_nouns() -> frozenset[str]:
    """The words every language calls a session by ("session", "Termin", "sesión")."""
    from bookbot.agent.nlu.lexicon import languages, lexicon

    nouns = {w for code in languages() for w in lexicon(code).word_list("session_nouns")}
    return frozenset(_stem(w) for w in nouns)


def named_session(
    text: str, services: Iterable[Service], preferred: Sequence[str] = ()
) -> tuple[str, int] | None:
    """(service id, session number) of the one session `text` names, if exactly one.
    Services in `preferred` (those the message names) are searched first."""
    words = _words(text)
    candidates = [
        (service.id, k) for service in services if service.sessions for k in _named(words, service)
    ]
    chosen = [c for c in candidates if c[0] in preferred] or candidates
    return chosen[0] if len(chosen) == 1 else None


def mask_session_names(text: str, services: Iterable[Service]) -> str:
    """`text` with every run of two or more consecutive words of a session name
    ("progress review", "3D scan") written as "session"."""
    tokens = [(m.start(), m.end(), _stem(_fold(m.group()))) for m in _TOKEN.finditer(text.lower())]
    words = [t[2] for t in tokens]
    masked = [False] * len(tokens)
    pairs = _pairs(words)
    for service in services:
        for name, name_pairs in _name_words(service):
            if name_pairs.isdisjoint(pairs):
                continue  # no two neighbouring words of the name: no run
            for i, size in _runs(words, name):
                masked[i : i + size] = [True] * size
    out, pos, i = [], 0, 0
    while i < len(tokens):
        if not masked[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and masked[j + 1]:
            j += 1
        out += [text[pos : tokens[i][0]], MASK]
        pos, i = tokens[j][1], j + 1
    return "".join(out) + text[pos:]


_Name = tuple[tuple[str, ...], frozenset[tuple[str, str]]]
"""A session name's words and their neighbouring pairs."""
_NAME_WORDS: PerObject[str, tuple[_Name, ...]] = PerObject(512)


def _name_words(service: Service) -> tuple[_Name, ...]:
    """The words of each of the service's session names and their neighbouring pairs,
    worked out once per service object."""

    def make() -> tuple[_Name, ...]:
        names = [service.session_name(k) for k in range(1, service.total_sessions + 1)]
        return tuple((tuple(_words(name)), _pairs(_words(name))) for name in names if name)

    return _NAME_WORDS.get(service, "names", make)


def _runs(words: Sequence[str], name: Sequence[str]) -> list[tuple[int, int]]:
    """(index, length) of each run of two or more consecutive `name` words in `words`."""
    found = []
    for i in range(len(words)):
        for j in range(len(name)):
            size = 0
            for heard, known in zip(words[i:], name[j:], strict=False):
                if heard != known:
                    break
                size += 1
            if size >= 2:
                found.append((i, size))
    return found
