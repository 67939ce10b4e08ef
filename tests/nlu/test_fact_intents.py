"""Business facts a customer asks about, in three languages, and several intents in
one message (issue 13, class 7). Phrasings are our own."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import Intent, detect_intents, detect_language, primary_intent


def intents(text: str) -> set[Intent]:
    return detect_intents(text, detect_language(text))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is there a fee if I cancel last minute?", Intent.POLICY),
        ("what if I miss a session?", Intent.POLICY),
        ("how far in advance do I have to cancel", Intent.POLICY),
        ("Gibt es eine Stornogebühr?", Intent.POLICY),
        ("Was passiert wenn ich nicht komme?", Intent.POLICY),
        ("¿con cuánta antelación tengo que cancelar?", Intent.POLICY),
        ("when does my pass expire?", Intent.VALIDITY),
        ("is the bundle valid for a year?", Intent.VALIDITY),
        ("Bis wann ist mein Paket gültig?", Intent.VALIDITY),
        ("¿el bono caduca?", Intent.VALIDITY),
        ("are you closed over christmas?", Intent.OPENING),
        ("what time do you open on saturdays", Intent.OPENING),
        ("Seid ihr am Ostermontag geöffnet?", Intent.OPENING),
        ("¿abren el día de fiesta?", Intent.OPENING),
        ("what's your email address?", Intent.CONTACT),
        ("how do I get hold of you", Intent.CONTACT),
        ("Wie kann ich euch erreichen?", Intent.CONTACT),
        ("¿cómo os contacto?", Intent.CONTACT),
        ("I'd rather speak with a human", Intent.HUMAN),
        ("are you a bot?", Intent.HUMAN),
        ("Bist du ein Roboter?", Intent.HUMAN),
        ("¿puedo hablar con alguien?", Intent.HUMAN),
        ("how many sessions does the package include?", Intent.PLAN_INFO),
        ("Wie viele Sitzungen sind im Paket enthalten?", Intent.PLAN_INFO),
        ("¿en qué consiste el tratamiento?", Intent.PLAN_INFO),
        ("Was kostet eine Sitzung?", Intent.PRICE),
        ("¿qué precio tiene el bono?", Intent.PRICE),
    ],
)
def test_a_business_fact_question(text: str, intent: Intent) -> None:
    assert intent in intents(text)


@pytest.mark.parametrize(
    "text",
    [
        "what happens if I cancel on the day?",
        "Was passiert, wenn ich kurzfristig storniere?",
        "¿qué pasa si cancelo el mismo día?",
        "can I still reschedule for free if something comes up?",
    ],
)
def test_a_question_about_cancelling_cancels_nothing(text: str) -> None:
    found = intents(text)
    assert Intent.POLICY in found
    assert not found & {Intent.CANCEL, Intent.RESCHEDULE, Intent.NO}


@pytest.mark.parametrize(
    "text",
    [
        "please cancel each appointment I have",
        "drop all of my bookings",
        "Storniert bitte alle meine Termine",
        "anula todas mis citas, por favor",
    ],
)
def test_cancel_all_plans(text: str) -> None:
    found = intents(text)
    assert {Intent.CANCEL, Intent.CANCEL_ALL} <= found
    assert primary_intent(found) is Intent.CANCEL_ALL


@pytest.mark.parametrize(
    "text",
    ["cancel my tuesday session", "Sagen Sie bitte den Termin am Freitag ab", "anula la cita"],
)
def test_cancelling_one_is_not_cancelling_all(text: str) -> None:
    found = intents(text)
    assert Intent.CANCEL in found and Intent.CANCEL_ALL not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("move my friday session to monday, and how much is the next package?",
         {Intent.RESCHEDULE, Intent.PRICE}),
        ("cancel the last one please. what's your phone number?", {Intent.CANCEL, Intent.CONTACT}),
        ("Verschieben Sie bitte meinen Termin, und wie lange ist das Paket gültig?",
         {Intent.RESCHEDULE, Intent.VALIDITY}),
        ("Quiero reservar, ¿cuánto cuesta?", {Intent.BOOK, Intent.PRICE}),
    ],
)  # fmt: skip
def test_several_intents_in_one_message_are_all_returned(text: str, expected: set[Intent]) -> None:
    assert expected <= intents(text)


@pytest.mark.parametrize(
    "text",
    [
        "until when can we reschedule without paying?",
        "how late can I cancel a lesson",
        "bis wann darf man stornieren?",
        "wie spät kann ich noch absagen",
        "kann man kostenlos verschieben?",
        "¿hasta cuándo puedo anular?",
        "¿se puede cambiar la cita sin coste?",
    ],
)
def test_a_question_about_the_limit_for_cancelling_is_policy_not_a_cancellation(text: str) -> None:
    found = intents(text)
    assert Intent.POLICY in found
    assert not found & {Intent.CANCEL, Intent.RESCHEDULE, Intent.VALIDITY}


@pytest.mark.parametrize(
    "text",
    [
        "what number can i call you on",
        "whats your phone number pls",
        "eure rufnummer bitte",
        "wie ist eure telefonnummer",
        "wo genau seid ihr?",
        "¿me pasas el teléfono?",
        "¿cuál es la dirección?",
    ],
)
def test_asking_how_to_reach_the_business_is_contact(text: str) -> None:
    assert Intent.CONTACT in intents(text)


@pytest.mark.parametrize(
    "text",
    [
        "¿cuánto tiempo tengo para gastarlos?",
        "¿cuánto tiempo hay para completarlo?",
        "how long do i have to use them",
    ],
)
def test_how_long_one_has_to_use_a_package_is_validity(text: str) -> None:
    assert Intent.VALIDITY in intents(text)



@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("welche Termine habe ich?", Intent.LIST_BOOKINGS),
        ("was für Stunden hab ich", Intent.LIST_BOOKINGS),
        ("¿qué citas tengo?", Intent.LIST_BOOKINGS),
        ("¿cuáles sesiones tengo?", Intent.LIST_BOOKINGS),
        ("bitte sag meinen Massage-Termin ab", Intent.CANCEL),
        ("sagen Sie bitte die Fahrstunde ab", Intent.CANCEL),
    ],
)
def test_which_appointments_and_calling_one_off_in_german_and_spanish(
    text: str, intent: Intent
) -> None:
    assert intent in intents(text)
