"""German and Spanish customers: the language of each message, and dates and times
read in it (issue 13, class 1). Phrasings are our own, none from the issue."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import When, detect_language, parse_when

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZURICH)  # a Wednesday


def read(text: str) -> list[When]:
    return parse_when(text, NOW, lang=detect_language(text))


def one(text: str) -> When:
    found = read(text)
    assert len(found) == 1, found
    return found[0]


def d(month: int, day: int) -> date:
    return date(2026, month, day)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("jo, gerne", "de"),
        ("Hallo, geht auch Donnerstag?", "de"),
        ("Ich kann leider nicht", "de"),
        ("okey, porfa", "es"),
        ("buenas, ¿tenéis hueco el viernes?", "es"),
        ("me viene fatal, mejor otro día", "es"),
        ("Could we do Thursday instead?", "en"),
        ("sounds good to me", "en"),
        ("3", "en"),
        ("\U0001f44d", "en"),
    ],
)
def test_the_language_of_a_message(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["ok", "3", "\U0001f44d", "super", "no"])
def test_a_message_no_language_owns_keeps_the_previous_one(text: str) -> None:
    assert detect_language(text, previous="es") == "es"
    assert detect_language(text, previous="de") == "de"
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("am 12.5. geht bei mir", d(5, 12), None),
        ("Freitag, den 10. April", d(4, 10), None),
        ("in drei Tagen", d(4, 4), None),
        ("nächste Woche Mittwoch", d(4, 8), None),
        ("uebermorgen um 11", d(4, 3), time(11)),
        ("kommenden Montag um 9 Uhr", d(4, 6), time(9)),
        ("Donnerstag um 18.15 Uhr", d(4, 2), time(18, 15)),
        ("el 12 de mayo", d(5, 12), None),
        ("pasado mañana a las 10", d(4, 3), time(10)),
        ("el lunes que viene", d(4, 6), None),
        ("el próximo lunes a las 19h", d(4, 6), time(19)),
        ("dentro de dos semanas", d(4, 15), None),
        ("el 5/6 a las 9 y media", d(6, 5), time(9, 30)),
    ],
)
def test_german_and_spanish_dates(text: str, day: date, at: time | None) -> None:
    when = one(text)
    assert (when.date, when.time) == (day, at)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("um Viertel nach 9", time(9, 15)),
        ("halb 3", time(14, 30)),  # half an hour before 3, not after
        ("um halb 10", time(9, 30)),
        ("Viertel vor 12", time(11, 45)),
        ("um 18.45 Uhr", time(18, 45)),
        ("a las 4 y cuarto", time(16, 15)),
        ("a las 8 de la noche", time(20, 0)),
        ("a las 9 de la mañana", time(9, 0)),
        ("a las 12 menos cuarto", time(11, 45)),
        ("sobre las 6 de la tarde", time(18, 0)),
    ],
)
def test_german_and_spanish_clock_times(text: str, at: time) -> None:
    assert one(text).time == at


def test_spanish_manana_is_tomorrow_alone_and_the_morning_after_la() -> None:
    tomorrow = one("mañana")
    assert (tomorrow.date, tomorrow.time) == (d(4, 2), None)
    morning = one("el jueves por la mañana")
    assert morning.date == d(4, 2)
    assert morning.window is not None and morning.window[1] <= time(12)
    both = one("mañana de la mañana")
    assert both.date == d(4, 2) and both.approximate and both.time is not None
    assert both.time < time(12)


def test_german_morgen_is_tomorrow_alone_and_the_morning_after_am() -> None:
    assert one("morgen um 15 Uhr").date == d(4, 2)
    assert one("Freitag am Morgen").date == d(4, 3)
    assert one("Freitag am Morgen").time is not None


def test_a_range_word_gives_a_range_in_each_language() -> None:
    week = one("die Woche nach Ostern ist schlecht, lieber nächste Woche")
    assert week.date == d(4, 6) and week.end_date == d(4, 12)
    semana = one("mejor la semana que viene")
    assert semana.date == d(4, 6) and semana.end_date == d(4, 12)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("gegen Ende nächster Woche", d(4, 9), d(4, 12)),
        ("Anfang Mai", d(5, 1), d(5, 10)),
        ("Mitte des Monats", d(4, 11), d(4, 20)),
        ("a finales de mayo", d(5, 21), d(5, 31)),
        ("a mediados de la semana que viene", d(4, 7), d(4, 9)),
        ("este fin de semana", d(4, 4), d(4, 5)),
        ("am Wochenende", d(4, 4), d(4, 5)),
    ],
)
def test_parts_of_weeks_and_months_in_german_and_spanish(
    text: str, first: date, last: date
) -> None:
    when = one(text)
    assert (when.date, when.end_date) == (first, last)


@pytest.mark.parametrize(
    "text", ["Dienstag leider nicht", "außer Mittwoch", "el martes no puedo", "salvo el miércoles"]
)
def test_a_day_ruled_out_in_german_and_spanish(text: str) -> None:
    assert one(text).excluded


@pytest.mark.parametrize(
    "text", ["kann ich meinen Termin am Freitag verschieben", "quiero mover mi cita del viernes"]
)
def test_a_day_that_names_a_booked_session(text: str) -> None:
    assert one(text).session_ref


@pytest.mark.parametrize(
    ("text", "weekdays"),
    [("jeden Dienstag um 18 Uhr", {1}), ("todos los jueves a las 7", {3}), ("dienstags", {1})],
)
def test_weekly_habits_in_german_and_spanish(text: str, weekdays: set[int]) -> None:
    when = one(text)
    assert when.recurring and set(when.weekdays) == weekdays
