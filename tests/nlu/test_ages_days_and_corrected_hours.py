"""Numbers that are no count of sessions (heldout10/11): a person's age ("she's 15",
"ist 16", "tiene 18"), a day of the month said like the one before ("y el 25 igual"),
a time before an ellipsis ("a las 10.. no espera"); and a bare hour that replaces the
time before a self-correction ("at 4.. no sorry make that 5", "um 3, nee warte, 4")."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import parse_when
from bookbot.agent.nlu.numbers import extract_count

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("it's for my son, he's 16, he wants the lessons", "en"),
        ("booking for my daughter who is 14", "en"),
        ("my niece is 17 and needs an assessment", "en"),
        ("she turns 18 next month", "en"),
        ("für meinen Sohn, er ist 17, er braucht die Beratung", "de"),
        ("meine Tochter ist erst 15", "de"),
        ("er wird 18 im Januar", "de"),
        ("para mi sobrino que tiene 17, quiere empezar", "es"),
        ("mi hija cumple 16 y quiere la depilación", "es"),
        ("es para mi hijo de 15 años", "es"),
        ("el lunes a las 10 y el 14 igual", "es"),
        ("el jueves a las 9 y el 28 también", "es"),
        ("el martes 15 a las 10.. no espera, mejor a las 11", "es"),
        ("Donnerstag um 10.. ne, doch lieber 11", "de"),
        ("thurs at 4... no sorry make that 5", "en"),
        ("fri 3pm no wait 4", "en"),
        ("Freitag um 3, nee warte, 4", "de"),
        ("el viernes a las 3, no perdón, 4", "es"),
    ],
)
def test_an_age_a_day_or_an_hour_is_no_count(text: str, lang: str) -> None:
    assert extract_count(text, lang) is None


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("she is 15 and wants 3 lessons", "en", 3),
        ("my son needs 4 sessions", "en", 4),
        ("er ist 16, bitte 5 Termine", "de", 5),
        ("ella tiene 3 clases pendientes", "es", 3),
        ("quiero 2 clases", "es", 2),
    ],
)
def test_a_count_beside_an_age_stays_a_count(text: str, lang: str, count: int) -> None:
    found = extract_count(text, lang)
    assert found is not None and found.value == count


@pytest.mark.parametrize(
    ("text", "lang", "at"),
    [
        ("thurs at 4.. no sorry make that 5", "en", time(17, 0)),
        ("monday 9am no sorry make it 10", "en", time(10, 0)),
        ("wed at 3.. no sorry make it 4 she has work till then", "en", time(16, 0)),
        ("Mittwoch um 3, nee warte, 4 weil er Schule hat", "de", time(16, 0)),
        ("el miércoles a las 3, no perdón, 4 que tiene cole", "es", time(16, 0)),
        ("friday at 3, no wait, 4", "en", time(16, 0)),
        ("Freitag um 3, nee warte, 4", "de", time(16, 0)),
        ("Donnerstag um 10.. ne, doch lieber 11", "de", time(11, 0)),
        ("um halb vier.. naa, doch lieber um vier", "de", time(16, 0)),
        ("el martes a las 10... no, perdona, 11 mejor", "es", time(11, 0)),
        ("el viernes a las 3, no perdón, a las 4", "es", time(16, 0)),
        ("a las 10.. no espera, mejor a las 11", "es", time(11, 0)),
    ],
)
def test_a_bare_hour_after_a_correction_replaces_the_time(text: str, lang: str, at: time) -> None:
    whens = [w for w in parse_when(text, NOW, None, lang=lang) if w.time is not None]
    assert [w.time for w in whens] == [at]


@pytest.mark.parametrize(
    ("text", "lang", "at"),
    [
        ("tuesday at 5 sorry for the typo", "en", time(17, 0)),
        ("Dienstag um 5, sorry für die späte Antwort", "de", time(17, 0)),
        ("3 sessions at 4, no make that 5 sessions", "en", time(16, 0)),
    ],
)
def test_without_a_bare_hour_after_the_marker_the_time_stays(
    text: str, lang: str, at: time
) -> None:
    whens = [w for w in parse_when(text, NOW, None, lang=lang) if w.time is not None]
    assert [w.time for w in whens] == [at]
