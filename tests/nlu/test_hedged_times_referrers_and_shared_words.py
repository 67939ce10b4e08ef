"""Three classes read from held-out conversations, each proved with phrasings of our own:

- an exact time after a day's part of the day, behind a hedge ("like", "tipo",
  "etwa") or a question mark, is the time meant that day, not a second option;
- the person who sent the customer, named with where they work and without "my"
  ("physio at the gym said I need …"), names no service;
- everyday English words that are German or Spanish words too ("so", "was", "ago")
  mark no language, so a short English reply is not read as German.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import parse_when
from bookbot.agent.nlu.language import detect_language
from bookbot.agent.nlu.services import _without_referrers

NOW = datetime(2027, 1, 29, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))  # a Friday
TUE, FRI = date(2027, 2, 2), date(2027, 2, 5)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "tuesday evening? like 7.30", [(TUE, time(19, 30))]),
        ("en", "next tue after work, something like 6:15", [(TUE, time(18, 15))]),
        ("en", "fri morning, roughly 10", [(FRI, time(10))]),
        ("de", "dienstag abend, etwa um 19 uhr", [(TUE, time(19))]),
        ("de", "freitag vormittag? ungefähr 10:30", [(FRI, time(10, 30))]),
        ("es", "el martes por la tarde, tipo 6 y cuarto", [(TUE, time(18, 15))]),
        ("es", "el viernes por la mañana, más o menos a las 10", [(FRI, time(10))]),
    ],
)
def test_an_exact_time_after_a_part_of_the_day_is_the_time_meant(
    lang: str, text: str, expected: list[tuple[date, time]]
) -> None:
    assert [(w.date, w.time) for w in parse_when(text, NOW, lang=lang)] == expected


def test_a_time_outside_the_part_of_the_day_stays_another_option() -> None:
    found = parse_when("friday morning? otherwise 5pm", NOW)
    assert [(w.date, w.time) for w in found] == [(FRI, time(9)), (None, time(17))]
    assert found[0].window is not None


@pytest.mark.parametrize(
    ("lang", "text", "who"),
    [
        ("en", "physio at the gym said i need the shockwave course", "physio"),
        ("en", "doctor at work reckons i need the massage bundle", "doctor"),
        ("en", "my osteo from the club recommended the rehab plan", "osteo"),
        ("de", "Physio vom Verein hat gesagt, ich brauche die Stoßwelle", "physio"),
        ("de", "der Orthopäde in der Klinik meinte, Massage wäre gut", "orthopade"),
        ("es", "fisio del gimnasio me dijo que necesito ondas de choque", "fisio"),
        ("es", "el médico de la clínica me recomendó los masajes", "medico"),
    ],
)
def test_who_sent_the_customer_names_no_service(lang: str, text: str, who: str) -> None:
    kept = _without_referrers(text, lang)
    assert who not in kept.split()
    assert len(kept) == len(text.lower()) or kept.strip()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("grand so, go ahead", "en"),
        ("so yeah book it", "en"),
        ("it was fine, go ahead", "en"),
        ("like 2 weeks ago", "en"),
        ("so machen wir das", "de"),
        ("was kostet das?", "de"),
        ("el 15 de ago a las 10", "es"),
    ],
)
def test_words_two_languages_write_decide_nothing(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "first", "other"),
    [
        ("montag 7 uhr", time(7), time(19)),
        ("am freitag um 6 Uhr bitte", time(6), time(18)),
        ("dienstag 7:30 uhr", time(7, 30), time(19, 30)),
        # an hour nobody books in the night stays in the afternoon
        ("montag um 3 uhr", time(15), time(3)),
        # a part of the day decides
        ("montag 7 uhr abends", time(19), None),
    ],
)
def test_a_german_hour_with_uhr_is_read_on_the_24_hour_clock_first(
    text: str, first: time, other: time | None
) -> None:
    [when] = parse_when(text, NOW, lang="de")
    assert (when.time, when.alt_time) == (first, other)


@pytest.mark.parametrize(
    "text",
    [
        "me pasas la cita al viernes?",
        "pasame la sesión al lunes porfa",
        "¿me la pasás al martes que viene?",
        "pásamela para el jueves",
        "nos pasan la clase al sábado?",
    ],
)
def test_moving_a_session_in_every_person_of_pasar_is_a_reschedule(text: str) -> None:
    from bookbot.agent.nlu import Intent, detect_intents

    assert Intent.RESCHEDULE in detect_intents(text, "es")
