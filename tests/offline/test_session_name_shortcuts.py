"""The session-name readers' shortcuts answer as the long way does: a service's names
are worked out once per service object, and a name is searched for runs only where
the message holds two of its neighbouring words (`_runs` finds none otherwise)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

import pytest

from bookbot.agent.offline.session_names import (
    _DETERMINERS,
    _TOKEN,
    MASK,
    _fold,
    _runs,
    _service_words,
    _session_nouns,
    _significant,
    _stem,
    _words,
    mask_session_names,
    named_session,
)
from bookbot.core.config import Service, SessionSpec


def _named_long_way(words: Sequence[str], service: Service) -> list[int]:
    names = {k: service.session_name(k) for k in range(1, service.total_sessions + 1)}
    own = {k: _significant(name) for k, name in names.items() if name}
    general = _service_words(service)
    present = set(words)
    after = {w for prev, w in zip(words, words[1:], strict=False) if prev in _DETERMINERS}
    found = []
    for k, name_words in own.items():
        others = set().union(*(v for j, v in own.items() if j != k))
        distinctive = {w for w in name_words - others - general if len(w) >= 4}
        heard = name_words & present
        scattered = len(heard - _session_nouns()) >= 2 or not heard & _session_nouns()
        together = scattered or bool(_runs(words, _words(names[k] or "")))
        if (len(heard) >= 2 and together) or distinctive & after:
            found.append(k)
    return found


def _named_session_long_way(
    text: str, services: Iterable[Service], preferred: Sequence[str] = ()
) -> tuple[str, int] | None:
    words = _words(text)
    candidates = [
        (s.id, k) for s in services if s.sessions for k in _named_long_way(words, s)
    ]  # fmt: skip
    chosen = [c for c in candidates if c[0] in preferred] or candidates
    return chosen[0] if len(chosen) == 1 else None


def _mask_long_way(text: str, services: Iterable[Service]) -> str:
    tokens = [(m.start(), m.end(), _stem(_fold(m.group()))) for m in _TOKEN.finditer(text.lower())]
    words = [t[2] for t in tokens]
    masked = [False] * len(tokens)
    names = [
        n for s in services for k in range(1, s.total_sessions + 1) if (n := s.session_name(k))
    ]
    for name in names:
        for i, size in _runs(words, _words(name)):
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


def _plan(sid: str, name: str, sessions: list[str]) -> Service:
    return Service(
        id=sid,
        name=name,
        requires_multiple_sessions=len(sessions) > 1,
        total_sessions_required=len(sessions),
        sessions=tuple(SessionSpec(name=n) for n in sessions),
    )


SERVICES = (
    _plan("aligners", "Clear Aligner Treatment", ["3D scan and photos", "Aligner fitting",
          "Progress review", "Refinement check"]),
    _plan("skin", "Skin Course", ["Progress review", "Final peel", "Peel and review"]),
    _plan("laser", "Láser", ["Primera sesión", "Sesión de control", "Sesión final"]),
    Service(id="cleaning", name="Dental Cleaning"),
)  # fmt: skip


def _messages(count: int = 600) -> list[str]:
    pick = random.Random(11)
    names = [n or "" for s in SERVICES for n in (s.name, *(x.name for x in s.sessions))]
    words = sorted(
        {w for n in names for w in n.split()}
        | {"my", "the", "this", "at", "can't", "make", "on", "friday", "Sesion", "reviews"}
    )
    return [" ".join(pick.choice(words) for _ in range(pick.randint(1, 9))) for _ in range(count)]


def test_masking_session_names_is_as_before() -> None:
    for text in _messages():
        assert mask_session_names(text, SERVICES) == _mask_long_way(text, SERVICES), text


@pytest.mark.parametrize("preferred", [(), ("skin",), ("laser", "aligners")])
def test_the_session_named_is_as_before(preferred: tuple[str, ...]) -> None:
    for text in _messages():
        assert named_session(text, SERVICES, preferred) == _named_session_long_way(
            text, SERVICES, preferred
        ), text
