"""Service resolution: booked plans and their session names first, then exact
phrases, then close readings that say they are close; nothing through one shared
word (issue 13, class 6)."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import (
    BookedPlan,
    Quality,
    Source,
    named_services,
    rank_services,
    service_quality,
)
from bookbot.core.config import Service, SessionSpec

MUSIC = [
    Service(id="piano", name="Piano lessons", trigger_words=("keyboard",)),
    Service(id="guitar-electric", name="Electric guitar lessons"),
    Service(id="guitar-classical", name="Classical guitar lessons"),
    Service(
        id="exam-prep",
        name="Grade exam preparation",
        requires_multiple_sessions=True,
        total_sessions_required=3,
        sessions=(
            SessionSpec(name="Sight reading"),
            SessionSpec(name="Mock exam"),
            SessionSpec(name="Final run-through"),
        ),
    ),
    Service(id="recording", name="Studio recording session", trigger_words=("studio time",)),
]
GROOMING = [
    Service(id="dog-wash", name="Dog wash and dry", trigger_words=("bath",)),
    Service(id="nail-trim", name="Nail clipping", trigger_words=("nails",)),
]


def ids(text: str, services: list[Service], booked: tuple[BookedPlan, ...] = ()) -> list[str]:
    return [r.service.id for r in named_services(rank_services(text, services, booked))]


@pytest.mark.parametrize(
    "text",
    [
        "can we push the mock exam to next week",
        "I'm sick for my sight reading",
        "is the final run-through still on?",
    ],
)
def test_a_session_name_of_a_booked_plan_names_that_plan(text: str) -> None:
    readings = rank_services(text, MUSIC, (BookedPlan("exam-prep"),))
    assert readings[0].service.id == "exam-prep"
    assert readings[0].source is Source.BOOKED_SESSION
    assert readings[0].session_name is not None


def test_a_session_name_given_by_the_caller_counts_too() -> None:
    booked = (BookedPlan("recording", ("Mixdown",)),)
    assert rank_services("move my mixdown", MUSIC, booked)[0].service.id == "recording"


@pytest.mark.parametrize(
    ("text", "service_id"),
    [("keyboard lessons for my son", "piano"), ("some studio time", "recording")],
)
def test_an_exact_trigger_phrase_is_exact(text: str, service_id: str) -> None:
    readings = rank_services(text, MUSIC)
    assert readings[0].service.id == service_id
    assert service_quality(readings) is Quality.EXACT


@pytest.mark.parametrize(
    ("text", "service_id"),
    [("paino lessons", "piano"), ("electrik guitar", "guitar-electric"), ("nail", "nail-trim")],
)
def test_a_close_reading_says_it_is_close_or_exact(text: str, service_id: str) -> None:
    services = MUSIC + GROOMING
    assert ids(text, services) == [service_id]


def test_a_misspelling_is_fuzzy() -> None:
    assert service_quality(rank_services("paino lessons", MUSIC)) is Quality.FUZZY


@pytest.mark.parametrize(
    "text",
    [
        "bass guitar lessons",  # a kind of guitar the school does not teach
        "dog grooming with a haircut",  # "dog" is shared, "haircut" is not theirs
        "violin lessons",
        "drum lessons please",
    ],
)
def test_no_service_is_read_through_one_shared_word(text: str) -> None:
    assert ids(text, MUSIC + GROOMING) == []


def test_a_generic_word_shared_by_two_services_names_neither() -> None:
    assert ids("guitar lessons", MUSIC) == []
    assert service_quality(rank_services("a flute", MUSIC)) is Quality.NONE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("piano and classical guitar for my twins", {"piano", "guitar-classical"}),
        ("a bath and nails for Rex", {"dog-wash", "nail-trim"}),
    ],
)
def test_two_services_in_one_message_are_both_named(text: str, expected: set[str]) -> None:
    assert set(ids(text, MUSIC + GROOMING)) == expected


def test_a_booked_plan_comes_before_another_service() -> None:
    booked = (BookedPlan("guitar-classical"),)
    readings = rank_services("guitar lesson on friday", MUSIC, booked)
    assert readings[0].service.id == "guitar-classical"
    assert readings[0].source is Source.BOOKED_PLAN


SALON = [
    Service(id="massage", name="Massage", trigger_words=("Rückenmassage",)),
    Service(id="waxing", name="Depilación con cera"),
]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Habt ihr auch Massagen?", "de"), ("zwei Rückenmassagen bitte", "de"),
     ("¿hacéis depilaciones con cera?", "es")],
)  # fmt: skip
def test_german_and_spanish_plurals_name_the_service(text: str, lang: str) -> None:
    assert len(named_services(rank_services(text, SALON, (), lang))) == 1
