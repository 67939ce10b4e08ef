"""Classes read from the sixth, eighth and ninth held-out sets (session 8), each proved
with phrasings of our own:

- an ordinal with the feminine article ("die erste", "la segunda") is an option or a
  session, never a day of the month (a day is masculine: "der/am erste(n)", "el
  primero"), and the colloquial verb forms that pick it ("nehm", "gib mir", "ponme",
  "gimme") pick it;
- a German compound of a service word and a generic noun ("Boxkurs", "Yogastunde",
  "Massagetermin") names the service the word names alone;
- where the business is, asked the ways customers ask it ("whereabouts are you
  based", "dónde quedan", "wo befindet ihr euch").
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import detect_intents, match_services, parse_when, pick_option
from bookbot.agent.nlu.intents import Intent
from bookbot.core.config import Service

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZONE)  # a Monday
OPTIONS = [
    datetime(2026, 12, 15, 10, tzinfo=ZONE),
    datetime(2026, 12, 15, 11, tzinfo=ZONE),
    datetime(2026, 12, 16, 9, tzinfo=ZONE),
]


@pytest.mark.parametrize(
    ("lang", "text", "index"),
    [
        ("de", "nehm die erste", 0),
        ("de", "ich nehm die zweite", 1),
        ("de", "gib mir die dritte bitte", 2),
        ("de", "die erste bitte", 0),
        ("es", "me quedo con la segunda", 1),
        ("es", "apúntame la primera", 0),
        ("es", "ponme la tercera porfa", 2),
        ("en", "gimme the second one", 1),
        ("en", "book me the first one", 0),
        ("en", "put me down for the third", 2),
    ],
)
def test_an_ordinal_picks_its_option(lang: str, text: str, index: int) -> None:
    assert pick_option(text, OPTIONS, NOW, lang=lang) == index


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "nehm die erste"),
        ("de", "die zweite passt"),
        ("de", "ich hätte gern die dritte"),
        ("es", "me quedo con la primera"),
        ("es", "la segunda por favor"),
        ("es", "mejor las primeras"),
    ],
)
def test_a_feminine_ordinal_is_no_day_of_the_month(lang: str, text: str) -> None:
    assert [w.date for w in parse_when(text, NOW, lang=lang) if w.date] == []


@pytest.mark.parametrize(
    ("lang", "text", "day"),
    [
        ("de", "am ersten um 10", date(2027, 1, 1)),
        ("de", "geht der zweite?", date(2027, 1, 2)),
        ("es", "el primero a las 10", date(2027, 1, 1)),
    ],
)
def test_a_masculine_ordinal_stays_a_day(lang: str, text: str, day: date) -> None:
    assert [w.date for w in parse_when(text, NOW, lang=lang) if w.date] == [day]


def _gym() -> list[Service]:
    def service(ident: str, name: str, triggers: list[str]) -> Service:
        return Service(id=ident, name=name, trigger_words=triggers, price=50, duration_minutes=60)

    return [
        service("boxing", "Boxing Foundations Course", ["boxing", "learn to box"]),
        service("yoga", "Yoga Flow Class", ["yoga"]),
        service("massage", "Sports Massage", ["massage"]),
        service("pilates", "Mat Pilates", ["pilates"]),
    ]


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("ich würd gern den Boxkurs machen", "boxing"),
        ("zwei Boxstunden bitte", "boxing"),
        ("kann ich eine Yogastunde am Freitag buchen", "yoga"),
        ("einen Massagetermin für Montag", "massage"),
        ("Pilateskurs dienstags", "pilates"),
    ],
)
def test_a_german_compound_names_its_service(text: str, service: str) -> None:
    found = match_services(text, _gym(), "de")
    assert found and found[0].service.id == service


def test_an_unknown_compound_is_not_cut() -> None:
    assert match_services("ich möchte einen Tanzkurs", _gym(), "de") == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "where abouts are you based?"),
        ("en", "whereabouts are ye"),
        ("en", "where r u based"),
        ("en", "where can i find you"),
        ("de", "wo befindet ihr euch?"),
        ("de", "wo liegt eure Praxis"),
        ("de", "wo genau sind Sie zu finden?"),
        ("es", "buenas! dónde quedan?"),
        ("es", "en qué zona están?"),
        ("es", "dónde los encuentro"),
    ],
)
def test_where_the_business_is_asks_for_its_address(lang: str, text: str) -> None:
    assert Intent.CONTACT in detect_intents(text, lang)
