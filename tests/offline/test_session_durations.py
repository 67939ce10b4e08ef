"""How long the sessions of a plan take is told in every language (held-out set 7:
"¿cuánto dura la primera sesión?" was answered without it in Spanish and German):
one line when all sessions take the same time, else each session with its name and
minutes. Phrasings are our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"


@pytest.mark.parametrize(
    "text",
    [
        "¿cuánto dura cada sesión del implante dental?",
        "¿cuánto tiempo dura la colocación del implante?",
        "wie lange dauert die erste Sitzung beim Implantat?",
        "wie lange dauern die Termine für das Implantat?",
        "how long does each dental implant session take?",
    ],
)
def test_named_sessions_are_told_with_their_minutes(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert "90" in answer and "30" in answer and d.booked() == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("¿cuánto dura una sesión de fisioterapia?", "45 minutos"),
        ("wie lange dauert eine Physio-Sitzung?", "45 Minuten"),
        ("how long is a physio session?", "45 min"),
    ],
)
def test_equal_sessions_are_told_once(tmp_path: Path, text: str, said: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert said in answer and d.booked() == []
