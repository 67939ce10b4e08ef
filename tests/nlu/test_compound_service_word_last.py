"""A German compound whose last part is the service word and whose first narrows it
("Zahnimplantat", "Rückenmassage", "Achsellaser") names that service, even when the
business names its services in English (read from the load bench's German walks,
session 8). A word whose ending is no service word is never cut."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import match_services
from bookbot.agent.nlu.compounds import compound_parts
from bookbot.core.config import Service


def _clinic() -> list[Service]:
    def service(ident: str, name: str, triggers: list[str]) -> Service:
        return Service(id=ident, name=name, trigger_words=triggers, price=50, duration_minutes=60)

    return [
        service("implant", "Dental Implant - Complete Treatment", ["implant", "tooth"]),
        service("massage", "Sports Massage", ["massage"]),
        service("laser", "Laser Hair Removal", ["laser", "hair removal"]),
    ]


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("Hallo, ich brauche ein Zahnimplantat", "implant"),
        ("wegen meinem Backenzahnimplantat, geht nächste Woche?", "implant"),
        ("eine Rückenmassage am Freitag bitte", "massage"),
        ("Achsellaser, was kostet das?", "laser"),
    ],
)
def test_the_service_word_at_the_end_of_a_compound_names_its_service(
    text: str, service: str
) -> None:
    found = match_services(text, _clinic(), "de")
    assert found and found[0].service.id == service


@pytest.mark.parametrize("word", ["zahnarzt", "donnerstag", "nachmittag", "vormittag", "termin"])
def test_a_word_without_a_service_word_at_its_end_stays_whole(word: str) -> None:
    assert compound_parts(word, "de") == (word,)
