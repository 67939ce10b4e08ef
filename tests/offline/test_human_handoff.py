"""The offline model hands a conversation to a person (issue #20): asked in the
customer's own words in English, German or Spanish, it calls `request_human` and
says, in their language, when staff usually answer; it offers a person after two
replies in a row that could not help, or when the customer sounds upset, and a
yes (or "person") to that offer hands over."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbot.agent.nlu import Intent, detect_intents
from bookbot.agent.nlu.mood import asks_if_bot, is_upset
from tests.offline.dialogue_testkit import Dialogue, dialogue

MONDAY_EARLY = "2026-03-02T07:00"
"""A Monday before the demo business opens (08:00): staff answer from 08:00."""

ASKS = {
    "en": [
        "Can I talk to someone?",
        "I want to speak to a human please",
        "put me through to a real person",
        "I'd rather chat with a receptionist",
        "can somebody call me back?",
        "person",
    ],
    "de": [
        "Ich möchte mit einem Menschen sprechen",
        "Kann ich mit jemandem reden?",
        "Bitte verbinden Sie mich mit einem Mitarbeiter",
        "Mitarbeiter bitte",
        "Ich hätte gern einen Rückruf",
    ],
    "es": [
        "Quiero hablar con una persona",
        "¿Puedo hablar con alguien?",
        "pásame con un humano, por favor",
        "necesito atención personal",
        "persona",
    ],
}
REQUESTED = {"en": "asked our team", "de": "unser Team gebeten", "es": "pedido a nuestro equipo"}
OFFER = {"en": "person from our team", "de": "Person aus unserem Team", "es": "persona de nuestro"}


def _requests(d: Dialogue, text: str) -> str:
    reply = d.say(text)
    assert d.tools == ["request_human"], (text, d.tools, reply)
    return reply


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in ASKS.items() for text in texts]
)
def test_a_person_asked_for_in_any_words_is_requested(tmp_path: Path, lang: str, text: str) -> None:
    assert Intent.HUMAN in detect_intents(text, lang)
    with dialogue(tmp_path, MONDAY_EARLY) as d:
        first = {"en": "hello", "de": "Hallo, guten Tag", "es": "hola, buenos días"}[lang]
        d.say(first)
        reply = _requests(d, text)
    assert REQUESTED[lang] in reply
    assert "08:00" in reply  # when staff usually answer: the next opening


def test_while_open_the_reply_says_someone_answers_soon(tmp_path: Path) -> None:
    with dialogue(tmp_path, "2026-03-02T10:00") as d:
        reply = _requests(d, "can I speak to a person?")
    assert "soon" in reply


def test_are_you_a_bot_is_answered_and_a_yes_takes_up_the_offer(tmp_path: Path) -> None:
    assert asks_if_bot("are you a bot?", "en")
    with dialogue(tmp_path, MONDAY_EARLY) as d:
        reply = d.say("are you a bot?")
        assert d.tools == []
        assert "automatic booking assistant" in reply and OFFER["en"] in reply
        _requests(d, "yes")


def test_two_replies_that_could_not_help_offer_a_person(tmp_path: Path) -> None:
    with dialogue(tmp_path, MONDAY_EARLY) as d:
        d.say("hello")
        first = d.say("is there parking?")
        assert OFFER["en"] not in first
        second = d.say("do you sell gift vouchers?")
        assert OFFER["en"] in second
        assert "next from 08:00" in second  # the offer says when staff answer
        _requests(d, "yes please")


@pytest.mark.parametrize("text", ["right ok", "ah ok", "alright", "ok thanks"])
def test_a_yes_that_only_takes_note_of_the_offer_does_not_hand_over(
    tmp_path: Path, text: str
) -> None:
    with dialogue(tmp_path, MONDAY_EARLY) as d:
        d.say("hello")
        d.say("is there parking?")
        assert OFFER["en"] in d.say("do you sell gift vouchers?")
        d.say(text)
        assert "request_human" not in d.tools
        d.say("then a dental implant on march 10 at 10am")
        assert d.tools == ["propose_schedule"]


def test_a_helpful_reply_between_restarts_the_count(tmp_path: Path) -> None:
    with dialogue(tmp_path, MONDAY_EARLY) as d:
        d.say("hello")
        d.say("is there parking?")
        d.say("how much is a dental implant?")
        assert OFFER["en"] not in d.say("do you sell gift vouchers?")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "this is useless, I need a dental implant"),
        ("de", "Das ist lächerlich, ich brauche ein Zahnimplantat"),
        ("es", "Estoy harto, necesito un implante dental"),
    ],
)
def test_an_upset_customer_is_offered_a_person(tmp_path: Path, lang: str, text: str) -> None:
    assert is_upset(text, lang)
    with dialogue(tmp_path, MONDAY_EARLY) as d:
        reply = d.say(text)
        assert OFFER[lang] in reply and "08:00" in reply
        word = {"en": "person", "de": "Mitarbeiter", "es": "persona"}[lang]
        assert REQUESTED[lang] in _requests(d, word)


def test_while_open_the_offer_says_staff_are_at_work(tmp_path: Path) -> None:
    with dialogue(tmp_path, "2026-03-02T10:00") as d:
        assert "(They are at work now.)" in d.say("this is ridiculous")


def test_calm_messages_are_not_upset() -> None:
    for text, lang in [
        ("I need a dental implant", "en"),
        ("Ich brauche einen Termin am Montag", "de"),
        ("Quiero reservar fisioterapia", "es"),
    ]:
        assert not is_upset(text, lang)
