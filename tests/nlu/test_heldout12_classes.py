"""Classes read from the twelfth held-out set (session 8), each with our own phrasings:

- "my son's", "our little one's", "my wife's": a child or partner the customer books
  for from this phone, so no other customer's data; a name ("Maria's appointment",
  "my son Leo's", who may have a number of their own) still is;
- a part of the day followed by an exact time inside it is that time, also when no day
  is said (an amendment of the time discussed): "lieber nachmittags, so 15 Uhr" is
  15:00, not 14:00 and 15:00;
- pronouns and words of any sentence in a service's description name no service:
  "que ella sale de clase" matched "... entre ellas" and switched a shown proposal to
  another plan.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import match_services
from bookbot.agent.nlu.intents import Intent, detect_intents
from bookbot.agent.nlu.when import parse_when
from bookbot.core.config import Service

NOW = datetime(2027, 1, 28, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    "text",
    [
        "i need to cancel my son's guitar lesson on friday",
        "when is my daughter's next session?",
        "can we move our little one's appointment to monday",
        "my wife's booking on tuesday, can you cancel it",
    ],
)
def test_a_household_possessive_is_the_customers_own(text: str) -> None:
    assert Intent.OTHER_CUSTOMER not in detect_intents(text, "en")


@pytest.mark.parametrize(
    "text",
    ["what time is Maria's appointment?", "when is Jonas's lesson", "my son Leo's appointment?"],
)
def test_a_name_alone_is_another_customer(text: str) -> None:
    assert Intent.OTHER_CUSTOMER in detect_intents(text, "en")


@pytest.mark.parametrize(
    ("lang", "text", "at"),
    [
        ("de", "ja aber lieber nachmittags, so 15 uhr", time(15, 0)),
        ("de", "doch eher vormittags, ungefähr 10:30", time(10, 30)),
        ("en", "better in the afternoon, like 3pm", time(15, 0)),
        ("en", "mornings suit me more, around 9.30", time(9, 30)),
    ],
)
def test_a_time_inside_the_part_of_the_day_before_it_is_the_time_meant(
    lang: str, text: str, at: time
) -> None:
    assert [w.time for w in parse_when(text, NOW, lang=lang)] == [at]


def test_a_time_outside_the_part_of_the_day_stays_another_option() -> None:
    assert len(parse_when("afternoon? otherwise 10am", NOW, lang="en")) == 2


def _practice() -> list[Service]:
    return [
        Service(
            id="plan",
            name="Acompañamiento de fertilidad (4 sesiones)",
            description="Cuatro sesiones planificadas; entre ellas 7 días. Für sie und ihn.",
            trigger_words=["fertilidad"],
            price=280,
            duration_minutes=50,
        ),
        Service(id="visit", name="Primera visita", trigger_words=["primera visita"], price=55,
                duration_minutes=60),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "si pero mejor a las 12 que ella sale de clase a las 11"),
        ("es", "ellos dicen que mejor el jueves"),
        ("de", "passt, aber ihr Termin lieber um 12"),
        ("en", "yes but she'd rather come at 12, they finish school at 11"),
    ],
)
def test_pronouns_name_no_service(lang: str, text: str) -> None:
    assert match_services(text, _practice(), lang) == []


def _school() -> list[Service]:
    def service(ident: str, name: str, triggers: list[str]) -> Service:
        return Service(id=ident, name=name, trigger_words=triggers, price=50, duration_minutes=45)

    return [
        service("pack", "Violin or Cello Lesson Pack (10 lessons)", ["violin", "cello"]),
        service("trial", "Trial Lesson", ["trial", "trial lesson"]),
        service("laser-hair", "Laser Hair Removal", ["laser", "hair removal"]),
        service("laser-tattoo", "Laser Tattoo Removal", ["tattoo removal"]),
    ]


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("can I get the violin lesson pack", "pack"),
        ("a trial lesson for my son please", "trial"),
        ("laser hair removal on my legs", "laser-hair"),
        ("cello lessons, 10 of them", "pack"),
    ],
)
def test_a_service_heard_in_some_of_anothers_words_is_not_named_beside_it(
    text: str, service: str
) -> None:
    found = match_services(text, _school(), "en")
    assert [m.service.id for m in found] == [service]


def test_two_services_each_heard_in_a_word_of_its_own_both_stay() -> None:
    found = match_services("a trial of the cello lessons", _school(), "en")
    assert {m.service.id for m in found} == {"pack", "trial"}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("sach ma, wie weit bin ick mit meim plan?", Intent.PROGRESS),
        ("wie viele termine hab ick noch", Intent.PROGRESS),
        ("jut, det passt", Intent.YES),
        ("jo, jeht klar", Intent.YES),
    ],
)
def test_berlin_german_is_read_as_german(text: str, intent: Intent) -> None:
    assert intent in detect_intents(text, "de")


def test_a_service_heard_only_in_its_description_is_loose() -> None:
    """"die zweite halt am Montag" heard "zweite" in another plan's description ("die
    zweite eine Woche nach der ersten"): a loose reading, which never replaces the
    service the conversation is about (`Decider._keep_focus`)."""
    from bookbot.agent.offline.nlu_adapter import _loose

    plan = Service(
        id="osteo", name="Osteopathie (3 Termine)", trigger_words=["osteopathie"], price=95,
        duration_minutes=60, description="Drei Behandlungen; die zweite eine Woche danach.",
    )  # fmt: skip
    card = Service(id="card", name="Reformer 10er-Block", trigger_words=["reformer"], price=260,
                   duration_minutes=50)  # fmt: skip
    [heard] = match_services("na dann die zweite halt am montag", [plan, card], "de")
    assert heard.service.id == "osteo" and _loose(heard)
    [named] = match_services("lieber die Osteopathie", [plan, card], "de")
    assert not _loose(named)
