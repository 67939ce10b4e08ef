"""A progress question asked for someone else or for "us", or with the service named
between its words (held-out set 5): "cuántas sesiones de hidroterapia nos quedan",
"wie viele Stunden hat meine Tochter noch". A question about the business's free
places stays no progress question. Phrasings are our own."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import Intent, detect_intents


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿cuántas clases le quedan a mi hijo?", "es"),
        ("cuántas le faltan a mi perra", "es"),
        ("¿cuántas sesiones de láser nos faltan?", "es"),
        ("cuántas sesiones del bono de masaje quedan?", "es"),
        ("wie viele Termine haben wir noch?", "de"),
        ("wie viele Schwimmstunden hat der Kleine noch übrig", "de"),
        ("wie viele bleiben uns noch?", "de"),
        ("wie viele fehlen ihm noch", "de"),
        ("how many lessons has my daughter got left", "en"),
        ("how many sessions of physio does my husband have left", "en"),
    ],
)
def test_progress_for_someone_else(text: str, lang: str) -> None:
    assert Intent.PROGRESS in detect_intents(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿cuántas plazas quedan el sábado?", "es"),
        ("wie viele Termine habt ihr noch frei?", "de"),
        ("wie viele Termine haben Sie am Samstag noch?", "de"),
        ("wie viele Plätze hat der Kurs noch frei", "de"),
    ],
)
def test_the_business_free_places_are_no_progress(text: str, lang: str) -> None:
    assert Intent.PROGRESS not in detect_intents(text, lang)
