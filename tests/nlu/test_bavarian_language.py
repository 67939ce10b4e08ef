"""Bavarian and Austrian messages are German (heldout10: "wia vui sitzungen hob i no bei
da paro?" was answered in English): their everyday words are German markers."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu.language import detect_language


@pytest.mark.parametrize(
    "text",
    [
        "wia vui sitzungen hob i no?",
        "hob i no a termin bei eich?",
        "mog i ned, geht a anderer tag?",
        "griass eich, kannt i glei morgen kemma?",
        "oiso passts dann",
    ],
)
def test_bavarian_is_german(text: str) -> None:
    assert detect_language(text) == "de"


@pytest.mark.parametrize(
    "text", ["i need a booking", "no i cant make it", "is it open on sunday", "how much is it"]
)
def test_english_stays_english(text: str) -> None:
    assert detect_language(text) == "en"
