"""A session of one's plan named by its place the way each language writes a digit
ordinal, and a time after a series start word and a day ("starting Fri 15 Jan 9am")
read as the start asked for, not "any time after" (issue 13)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import extract_count, extract_session_number, parse_when

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("can you shift my 4th to next week", "en", 4),
        ("my 2nd clashes with a meeting", "en", 2),
        ("können wir meine 3. Sitzung verlegen", "de", 3),
        ("die 5. Massagestunde passt mir nicht", "de", 5),
        ("meine letzte Stunde absagen bitte", "de", -1),
        ("quiero cambiar mi 2ª cita", "es", 2),
        ("la 4a no me va bien", "es", 4),
        ("mi 3er sesión la paso al lunes", "es", 3),
    ],
)
def test_a_session_named_by_its_place(text: str, lang: str, number: int) -> None:
    assert extract_session_number(text, lang) == number


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("move my appointment to the 3rd", "en"),
        ("my 3rd of april booking", "en"),
        ("am 3. April bitte", "de"),
        ("la cita del 2 de mayo", "es"),
    ],
)
def test_a_date_is_no_session_number(text: str, lang: str) -> None:
    assert extract_session_number(text, lang) is None


@pytest.mark.parametrize(
    ("text", "lang", "at"),
    [
        ("starting thursday 12 march at 4pm", "en", time(16, 0)),
        ("from monday the 9th 8:30", "en", time(8, 30)),
        ("ab Dienstag 10.3. um 17 Uhr", "de", time(17, 0)),
        ("a partir del viernes 13 de marzo a las 11", "es", time(11, 0)),
    ],
)
def test_a_time_after_a_series_start_and_a_day_is_exact(text: str, lang: str, at: time) -> None:
    found = [w for w in parse_when(text, NOW, lang=lang) if w.time is not None]
    assert found and found[0].time == at and found[0].window is None


def test_a_time_right_after_the_word_stays_a_lower_bound() -> None:
    found = parse_when("any day after 4pm", NOW, lang="en")
    assert found and found[0].window == (time(16, 0), time(23, 59))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("i have a few questions about the laser", "en"),
        ("tengo unas manchas en la espalda", "es"),
        ("ich hab ein paar Fragen zum Kurs", "de"),
        ("a couple of friends recommended you", "en"),
    ],
)
def test_a_vague_amount_of_things_is_no_count_of_sessions(text: str, lang: str) -> None:
    assert extract_count(text, lang) is None


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("a few more please", "en", 3),
        ("quiero unas sesiones", "es", 3),
        ("ein paar Termine", "de", 3),
    ],
)
def test_a_vague_amount_of_sessions_still_counts(text: str, lang: str, value: int) -> None:
    found = extract_count(text, lang)
    assert found is not None and found.value == value


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("mon 9th at 10, wed 11th also at 10 and fri 13th at 9", "en"),
        ("mo 9.3. um 10, mi 11.3. auch 10 uhr und fr 13.3. um 9", "de"),
        ("lunes 9 a las 10, miércoles 11 también a las 10 y viernes 13 a las 9", "es"),
    ],
)
def test_an_also_time_in_a_list_stays_with_its_day(text: str, lang: str) -> None:
    found = [(w.date.day, w.time) for w in parse_when(text, NOW, lang=lang) if w.date]
    assert found == [(9, time(10, 0)), (11, time(10, 0)), (13, time(9, 0))]


@pytest.mark.parametrize(
    ("text", "lang", "month", "day"),
    [
        ("are you open on christmas eve?", "en", 12, 24),
        ("boxing day at 10?", "en", 12, 26),
        ("habt ihr an Silvester auf?", "de", 12, 31),
        ("geht es an Neujahr?", "de", 1, 1),
        ("¿abrís en Nochebuena?", "es", 12, 24),
        ("el día de Reyes por la mañana", "es", 1, 6),
    ],
)
def test_a_holiday_on_a_fixed_day_is_its_next_date(
    text: str, lang: str, month: int, day: int
) -> None:
    found = [w.date for w in parse_when(text, NOW, lang=lang) if w.date]
    year = 2026 if (month, day) >= (3, 2) else 2027
    assert found[:1] == [date(year, month, day)]
