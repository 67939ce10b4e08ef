"""match_services / best_service: any business's services, by their own fields."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import best_service, is_clear, match_services
from bookbot.core.config import Service

GUIDE = [
    Service(
        id="dental-implant",
        name="Dental Implant - Complete Treatment",
        trigger_words=("implant", "tooth implant", "dental implant"),
        requires_multiple_sessions=True,
        total_sessions_required=3,
    ),
    Service(
        id="physio",
        name="Physiotherapy Treatment Plan",
        trigger_words=("physiotherapy", "physio", "physical therapy"),
    ),
    Service(
        id="driving-10",
        name="Driving Lessons - Starter Package (10 Lessons)",
        trigger_words=("driving lesson", "learn to drive", "driving school"),
    ),
    Service(id="laser-hair", name="Laser Hair Removal"),
    Service(id="cleaning", name="Dental Cleaning", description="Teeth cleaning and polishing"),
]
# The same business with nothing but ids and names: matching must still work.
BARE = [Service(id=s.id, name=s.name) for s in GUIDE]
# Made-up services the code has never seen.
OTHER = [
    Service(id="pt-12", name="Personal Training - 12 Session Program", trigger_words=("gym",)),
    Service(id="massage-5", name="Massage Bundle (5 Massages)"),
    Service(id="tutoring", name="Maths Tutoring Course", description="algebra, geometry"),
]


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("tooth implant", "dental-implant"),
        ("implants", "dental-implant"),
        ("I need a dental implant", "dental-implant"),
        ("laser hair removal", "laser-hair"),
        ("hair removal", "laser-hair"),
        ("physio", "physio"),
        ("physiotherapy for my back", "physio"),
        ("physio therapy", "physio"),
        ("I need physiotherapy for my back pain", "physio"),
        ("learn to drive", "driving-10"),
        ("driving lesons", "driving-10"),
        ("Hi, I'd like 3 driving lessons next week", "driving-10"),
        ("teeth cleaning", "cleaning"),
    ],
)
@pytest.mark.parametrize("services", [GUIDE, BARE], ids=["guide", "bare"])
def test_matches(text: str, service_id: str, services: list[Service]) -> None:
    found = match_services(text, services)
    assert found and found[0].service.id == service_id, found
    best = best_service(text, services)
    assert best is not None and best.id == service_id


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("I want a personal trainer", "pt-12"),
        ("can I book a massage", "massage-5"),
        ("massages", "massage-5"),
        ("help with algebra", "tutoring"),
        ("math tutor", "tutoring"),
        ("the gym thing", "pt-12"),
    ],
)
def test_unseen_services(text: str, service_id: str) -> None:
    best = best_service(text, OTHER)
    assert best is not None and best.id == service_id, match_services(text, OTHER)


@pytest.mark.parametrize("text", ["pizza", "I want to book", "hello", "", "tomorrow at 3"])
def test_nothing(text: str) -> None:
    assert match_services(text, GUIDE) == []
    assert best_service(text, GUIDE) is None


def test_shared_word_is_a_close_call() -> None:
    found = match_services("dental", GUIDE)
    assert {m.service.id for m in found} == {"dental-implant", "cleaning"}
    assert best_service("dental", GUIDE) is None


def test_match_reports_what_matched() -> None:
    found = match_services("driving lesons please", GUIDE)[0]
    assert found.matched == "driving lesson"
    assert found.heard == "driving lesons"
    assert not found.exact
    assert 0 < found.score <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my physio recommended the laser hair removal", "laser-hair"),
        ("our physio says i need a dental cleaning first", "cleaning"),
        ("mi fisio me ha recomendado el láser", "laser-hair"),
        ("meine physio meint, ich brauche ein implantat", "dental-implant"),
        ("my physio told me to book more physio", "physio"),
    ],
)
def test_the_person_who_sent_the_customer_names_no_service(text: str, expected: str) -> None:
    """ "my physio said ..." is who sent them; the service is what the rest names (and
    the role word still counts when nothing else names a service)."""
    lang = "es" if "fisio" in text else "de" if "meine" in text else "en"
    found = match_services(text, GUIDE, lang)
    assert found and found[0].service.id == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("the physio told me to get laser hair removal", "en"),
        ("la fisio me dijo que necesito una limpieza dental", "es"),
        ("der Physio meinte, ich soll ein Implantat machen lassen", "de"),
    ],
)
def test_a_role_with_an_article_who_said_it_names_no_service(text: str, lang: str) -> None:
    found = match_services(text, GUIDE, lang)
    assert found and found[0].service.id != "physio"


ACCENTED = [
    Service(id="rueck", name="Rückbildungskurs", trigger_words=("Rückbildung",)),
    Service(id="laser", name="Depilación láser", trigger_words=("láser", "depilación")),
    Service(id="nail", name="Manicure"),
]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("ich brauche den Ruckbildungskurs", "de", "rueck"),
        ("rückbildung bitte", "en", "rueck"),
        ("quiero depilacion laser", "es", "laser"),
        ("i'd like the láser", "en", "laser"),
        ("Rückbildungsgymnastik ab Montag", "de", "rueck"),
    ],
)
def test_accents_never_decide_a_match(text: str, lang: str, expected: str) -> None:
    """A business writes "Rückbildung" or "láser"; its customers write it with or without
    the accents, also inside a longer German word."""
    found = match_services(text, ACCENTED, lang)
    assert found and found[0].service.id == expected


SHARING = [
    Service(id="card", name="Yoga 10-class card", trigger_words=("yoga", "yoga class")),
    Service(id="taster", name="Taster session Yoga", trigger_words=("taster", "trial")),
]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("una clase de prueba de yoga", "es"), ("eine Probestunde Yoga bitte", "de")],
)
def test_a_word_two_services_share_does_not_outweigh_a_translated_one(
    text: str, lang: str
) -> None:
    """ "yoga" is in both services; "prueba"/"Probestunde" (trial) only in one: the card
    is no clear match (the bot asks, it never books the card)."""
    found = match_services(text, SHARING, lang)
    assert found and not (found[0].service.id == "card" and is_clear(found))


def test_a_word_heard_literally_in_one_service_is_not_its_translation_in_another() -> None:
    """ "Kontrolle" is literally in "Aligner-Kontrollen"; its translation "check-up" is
    another service's trigger word, which must not win."""
    services = [
        Service(id="aligner", name="Aligner-Kontrollen (6 Termine)", trigger_words=("aligner",)),
        Service(id="consult", name="Erstberatung", trigger_words=("beratung", "check-up")),
    ]
    found = match_services("die nächste Kontrolle bitte", services, "de")
    assert all(m.service.id != "consult" for m in found)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("i'd like a dental cleaning, it's about my implant", "en"),
        ("eine Zahnreinigung bitte, wegen meinem Implantat", "de"),
        ("quiero una limpieza dental, es por un implante", "es"),
    ],
)
def test_what_the_visit_is_about_names_no_service(text: str, lang: str) -> None:
    found = match_services(text, GUIDE, lang)
    assert found and found[0].service.id == "cleaning" and is_clear(found)


def test_a_service_heard_in_its_own_words_is_not_dropped_for_its_translation() -> None:
    """ "plan de nutrición" names the plan whose trigger is "nutrición", also when its
    translation ("nutrition") scores higher and another service's name holds the word."""
    services = [
        Service(id="plan", name="Plan nutricional (5 consultas)",
                trigger_words=("nutrición", "nutrition", "plan nutricional")),
        Service(id="consult", name="Consulta de fertilidad y nutrición",
                trigger_words=("fertilidad",)),
    ]  # fmt: skip
    found = match_services("quiero empezar el plan de nutricion", services, "es")
    assert found and found[0].service.id == "plan" and is_clear(found)
