"""Swiss German as customers of a Zurich or Bern business write it is read as standard
German: weekdays ("Donnschtig"), hours ("am 8i", "halbi 3"), days ("übermorn"), and
everyday words of booking (issue 13). Phrasings are our own."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import Intent, detect_intents, detect_language, parse_when

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))  # a Monday


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("chönnt ich am zischtig am 9i cho?", date(2026, 3, 3), time(9, 0)),
        ("gaht de fritig am halbi 3?", date(2026, 3, 6), time(14, 30)),
        ("am samschtig 7.3. am 10i", date(2026, 3, 7), time(10, 0)),
        ("übermorn am 11i wär guet", date(2026, 3, 4), time(11, 0)),
        ("am mittwuch am 4i nami", date(2026, 3, 4), time(16, 0)),
    ],
)
def test_swiss_days_and_hours(text: str, day: date, at: time) -> None:
    assert detect_language(text) == "de"
    found = [w for w in parse_when(text, NOW, lang="de") if w.date and w.time]
    assert [(w.date, w.time) for w in found] == [(day, at)]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("grüezi, was choschtet s bleaching?", Intent.PRICE),
        ("wie vill termin han i no?", Intent.PROGRESS),
        ("ich wett de termin am fritig absäge, bis wänn isch das gratis?", Intent.POLICY),
    ],
)
def test_swiss_booking_words(text: str, intent: Intent) -> None:
    assert intent in detect_intents(text, "de")


@pytest.mark.parametrize(
    ("text", "day"),
    [("de termin am 18. absäge", 18), ("am 15. am halbi 8 bitte", 15), ("den 21. bitte", 21)],
)
def test_a_dotted_day_after_am_or_den_is_a_date_whatever_follows(text: str, day: int) -> None:
    found = [w.date for w in parse_when(text, NOW, lang="de") if w.date]
    assert found and found[0].day == day


def test_a_dotted_number_before_a_session_word_is_no_date() -> None:
    assert [w for w in parse_when("am 3. Termin", NOW, lang="de") if w.date] == []


@pytest.mark.parametrize(
    "text",
    [
        "wart, ich frog no schnäll mi maa öb das ok isch",
        "tönt guet, aber ich mues zerscht no mit mim chef rede",
        "jo ok, ich mäld mi wieder",
        "ok, ich frage noch meine Frau",
    ],
)
def test_a_yes_word_in_a_swiss_deferral_is_no_yes(text: str) -> None:
    from bookbot.agent.nlu import ReplyKind, classify_reply

    assert classify_reply(text, "de").kind is not ReplyKind.YES


@pytest.mark.parametrize("text", ["ok 9 then", "gut, 9 dann", "vale, 9 entonces"])
def test_an_acknowledged_lone_hour_is_an_hour(text: str) -> None:
    from bookbot.agent.nlu import extract_bare_hour

    assert extract_bare_hour(text, detect_language(text)) is not None
