"""The sentences a turn says when it cannot answer itself are in the customer's
language: the message's, else the conversation's, else English."""

from __future__ import annotations

import pytest

from bookbot.agent.fallback_texts import TEXTS, fallback


@pytest.mark.parametrize(
    ("text", "previous", "lang"),
    [
        ("hallo, ich hätte gern einen Termin am Montag", None, "de"),
        ("hola, quiero una cita el lunes", None, "es"),
        ("hi, can I book monday?", None, "en"),
        ("ok", "es", "es"),
        ("", "de", "de"),
        ("", None, "en"),
    ],
)
def test_the_apology_is_in_the_customer_s_language(
    text: str, previous: str | None, lang: str
) -> None:
    assert fallback("apology", text, previous) == TEXTS[lang]["apology"]


def test_every_language_has_every_sentence() -> None:
    keys = set(TEXTS["en"])
    assert all(set(texts) == keys for texts in TEXTS.values())
