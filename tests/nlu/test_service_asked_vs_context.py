"""The service asked for, beside a service only mentioned as what happened before
(heldout10/11): the injury that is a trigger word of another service ("did my hamstring",
"hab mir den Oberschenkel gezerrt", "me lesioné la rodilla"), a service the customer
already had ("ya me hice la prueba de parche", "I already had the patch test"). Those
words (`context` per language) name no service when the rest of the message names one;
alone, they still do."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import match_services
from bookbot.core.config import Service

SPORTS = [
    Service(id="rehab", name="Injury Rehab Plan",
            trigger_words=("rehab", "physio", "hamstring", "knee", "calf", "oberschenkel",
                           "knie", "rodilla", "gemelo")),
    Service(id="assessment", name="Initial Assessment",
            trigger_words=("assessment", "erstuntersuchung", "valoracion", "valoración")),
]  # fmt: skip
SKIN = [
    Service(id="laser", name="Laser Hair Removal Legs",
            trigger_words=("laser", "depilacion", "haarentfernung", "hair removal")),
    Service(id="patch", name="Patch Test",
            trigger_words=("patch test", "prueba de parche", "patchtest", "parche")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lang", "services", "meant"),
    [
        (
            "can I get an assessment friday at 5? pulled my hamstring at football",
            "en",
            SPORTS,
            "assessment",
        ),
        ("tore my left calf on sunday, could I book an assessment", "en", SPORTS, "assessment"),
        ("I already had the patch test, now I'd like the laser hair removal", "en", SKIN, "laser"),
        (
            "ich hab mir den Oberschenkel gezerrt und hätte gern eine Erstuntersuchung",
            "de",
            SPORTS,
            "assessment",
        ),
        (
            "den Patchtest hab ich schon gemacht, jetzt bitte die Haarentfernung",
            "de",
            SKIN,
            "laser",
        ),
        (
            "me lastimé la rodilla jugando, quiero una valoración el lunes",
            "es",
            SPORTS,
            "assessment",
        ),
        (
            "ya me hice la prueba de parche el mes pasado, ahora quiero la depilación",
            "es",
            SKIN,
            "laser",
        ),
        ("ya tuve la prueba de parche, quiero empezar con el laser", "es", SKIN, "laser"),
    ],
)
def test_the_service_asked_for_wins_over_one_only_mentioned(
    text: str, lang: str, services: list[Service], meant: str
) -> None:
    assert [m.service.id for m in match_services(text, services, lang)] == [meant]


@pytest.mark.parametrize(
    ("text", "lang", "services", "meant"),
    [
        ("pulled my hamstring, can you help", "en", SPORTS, "rehab"),
        ("hab mir das Knie verdreht, was kann ich tun", "de", SPORTS, "rehab"),
        ("quiero la prueba de parche", "es", SKIN, "patch"),
    ],
)
def test_alone_the_mentioned_service_is_still_read(
    text: str, lang: str, services: list[Service], meant: str
) -> None:
    assert [m.service.id for m in match_services(text, services, lang)][:1] == [meant]
