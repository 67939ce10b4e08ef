"""Readings as classes, several phrasings per language (issue #13, NLU_REQUESTS 2-8).

Each class: a part of the day settles the meridiem of an hour next to it; German
"am" is a preposition, not a meridiem, before a word; a time after an also-word
belongs to the day before it; "from date X on" marks the start of a series;
move/cancel verbs and their conjugations; progress and validity questions. The
phrasings are our own, not those of the held-out conversations."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import Intent, detect_intents, detect_language, parse_when

NOW = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Zurich"))  # a Monday


def _one(text: str, lang: str) -> tuple[date | None, time | None]:
    found = [w for w in parse_when(text, NOW, lang=lang) if not w.excluded]
    assert len(found) == 1, found
    return found[0].date, found[0].time


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("halb 4 am Nachmittag", "de", time(15, 30)),
        ("um 7 am Abend", "de", time(19)),
        ("gegen 9 am Vormittag", "de", time(9)),
        ("um 6 abends", "de", time(18)),
        ("Viertel nach 2 am Nachmittag", "de", time(14, 15)),
        ("a las 6 de la tarde", "es", time(18)),
        ("a las 10 de la mañana", "es", time(10)),
        ("a las 8 y media de la noche", "es", time(20, 30)),
        ("las 4 por la tarde", "es", time(16)),
        ("at 7 in the evening", "en", time(19)),
        ("around 8 in the morning", "en", time(8)),
        ("half past 5 in the afternoon", "en", time(17, 30)),
    ],
)  # fmt: skip
def test_a_part_of_the_day_settles_the_meridiem_of_the_hour(
    text: str, lang: str, expected: time
) -> None:
    (when,) = parse_when(text, NOW, lang=lang)
    assert when.time == expected
    assert "meridiem" not in when.missing


@pytest.mark.parametrize(
    ("text", "day", "hour"),
    [
        ("um 5 am Dienstag", date(2026, 3, 3), time(17)),
        ("um 4 am 12.3.", date(2026, 3, 12), time(16)),
        ("Mittwoch um 3 am liebsten", date(2026, 3, 4), time(15)),
        ("um 2 am Freitag bitte", date(2026, 3, 6), time(14)),
    ],
)
def test_german_am_before_a_word_is_a_preposition_not_a_meridiem(
    text: str, day: date, hour: time
) -> None:
    assert _one(text, "de") == (day, hour)


@pytest.mark.parametrize("text", ["um 10 am", "um 10 am!", "10 am, danke"])
def test_german_am_alone_after_an_hour_is_still_the_meridiem(text: str) -> None:
    (when,) = parse_when(text, NOW, lang="de")
    assert when.time == time(10) and when.alt_time is None


@pytest.mark.parametrize(
    ("text", "lang", "day", "hour"),
    [
        ("Fr 6.3. auch 15 Uhr", "de", date(2026, 3, 6), time(15)),
        ("am Donnerstag ginge auch 11 Uhr", "de", date(2026, 3, 5), time(11)),
        ("Dienstag, ebenfalls um 16 Uhr", "de", date(2026, 3, 3), time(16)),
        ("el viernes también a las 12", "es", date(2026, 3, 6), time(12)),
        ("martes 3 de marzo, también a las 17h", "es", date(2026, 3, 3), time(17)),
        ("friday 6th also 3pm", "en", date(2026, 3, 6), time(15)),
        ("tuesday, 11am works too", "en", date(2026, 3, 3), time(11)),
    ],
)  # fmt: skip
def test_a_time_after_an_also_word_belongs_to_the_day_before_it(
    text: str, lang: str, day: date, hour: time
) -> None:
    assert _one(text, lang) == (day, hour)


def test_an_also_time_before_another_day_goes_to_that_day() -> None:
    found = parse_when("Freitag, auch um 10 am Montag", NOW, lang="de")
    by_day = {w.date: w.time for w in found}
    assert by_day == {date(2026, 3, 6): None, date(2026, 3, 9): time(10)}


@pytest.mark.parametrize(
    ("text", "lang", "day"),
    [
        ("ab 16.3. bitte", "de", date(2026, 3, 16)),
        ("ab dem 20. März", "de", date(2026, 3, 20)),
        ("vom 11.3. an", "de", date(2026, 3, 11)),
        ("a partir del 16 de marzo", "es", date(2026, 3, 16)),
        ("desde el jueves 12", "es", date(2026, 3, 12)),
        ("del 18 de marzo en adelante", "es", date(2026, 3, 18)),
        ("starting march 16", "en", date(2026, 3, 16)),
        ("from the 20th of march onwards", "en", date(2026, 3, 20)),
        ("as of next monday", "en", date(2026, 3, 9)),
    ],
)  # fmt: skip
def test_a_from_date_on_marks_the_start_of_a_series(text: str, lang: str, day: date) -> None:
    (when,) = parse_when(text, NOW, lang=lang)
    assert when.date == day and when.onward and not when.recurring


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("von Montag bis Mittwoch", "de"), ("ab Dienstag bis Freitag", "de"),
        ("desde el lunes al jueves", "es"), ("desde el martes hasta el viernes", "es"),
        ("from monday to thursday", "en"), ("move it from tuesday to friday", "en"),
        ("am 16.3. bitte", "de"), ("el 16 de marzo", "es"), ("on march 16", "en"),
    ],
)  # fmt: skip
def test_a_range_or_a_plain_day_is_no_start_of_a_series(text: str, lang: str) -> None:
    assert not any(w.onward for w in parse_when(text, NOW, lang=lang))


@pytest.mark.parametrize(
    ("text", "lang", "start", "habit", "weekday"),
    [
        ("ab 11.3. immer montags", "de", date(2026, 3, 11), date(2026, 3, 16), 0),
        ("a partir del 11 de marzo, los viernes", "es", date(2026, 3, 11), date(2026, 3, 13), 4),
        ("starting march 18, tuesdays", "en", date(2026, 3, 18), date(2026, 3, 24), 1),
    ],
)  # fmt: skip
def test_a_weekly_habit_said_with_a_start_begins_on_or_after_it(
    text: str, lang: str, start: date, habit: date, weekday: int
) -> None:
    found = parse_when(text, NOW, lang=lang)
    first = [w for w in found if w.onward]
    habits = [w for w in found if w.recurring]
    assert [w.date for w in first] == [start]
    assert [(w.date, set(w.weekdays)) for w in habits] == [(habit, {weekday})]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("lieber donnerstags", "de"), ("am besten immer dienstags", "de"),
        ("mejor los jueves", "es"), ("todos los martes si puede ser", "es"),
        ("on thursdays if possible", "en"), ("every tuesday ideally", "en"),
    ],
)  # fmt: skip
def test_a_weekday_preference_is_a_weekly_habit(text: str, lang: str) -> None:
    (when,) = parse_when(text, NOW, lang=lang)
    assert when.recurring and len(when.weekdays) == 1


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("könnten wir den Termin verlegen?", "de"), ("ich würde gern umbuchen", "de"),
        ("ich schaffe es am Donnerstag nicht", "de"), ("Mittwoch geht bei mir leider nicht", "de"),
        ("die Stunde bitte auf einen anderen Tag legen", "de"),
        ("habe den Termin verschoben bekommen?", "de"),
        ("quisiera cambiar mi sesión", "es"), ("¿me la puedes cambiar?", "es"),
        ("¿podemos mover la clase del lunes?", "es"),
        ("¿se puede pasar la cita del martes al jueves?", "es"),
        ("necesito posponer la consulta", "es"), ("quiero aplazarla una semana", "es"),
        ("el viernes no puedo asistir", "es"), ("¿la podemos adelantar?", "es"),
        ("can we push it to next week?", "en"), ("I'd like to reschedule", "en"),
    ],
)  # fmt: skip
def test_move_verbs_and_their_forms_are_a_reschedule(text: str, lang: str) -> None:
    assert Intent.RESCHEDULE in detect_intents(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ich möchte den Termin absagen", "de"), ("bitte stornieren", "de"),
        ("sagen Sie meinen Termin bitte ab", "de"), ("die Stunde bitte abbestellen", "de"),
        ("quiero anular la cita", "es"), ("cancélame la sesión del jueves", "es"),
        ("anulad la reserva, por favor", "es"), ("ya no quiero la sesión", "es"),
        ("please cancel my appointment", "en"), ("call it off", "en"),
    ],
)  # fmt: skip
def test_cancel_verbs_and_their_forms_are_a_cancel(text: str, lang: str) -> None:
    assert Intent.CANCEL in detect_intents(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("was kostet es, wenn ich absage?", "de"), ("¿qué pasa si cancelo tarde?", "es"),
     ("what happens if I cancel?", "en")],
)  # fmt: skip
def test_a_question_about_cancelling_cancels_nothing(text: str, lang: str) -> None:
    found = detect_intents(text, lang)
    assert Intent.POLICY in found and Intent.CANCEL not in found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("wie viele Termine habe ich schon gehabt?", "de"), ("wie viele bleiben mir noch?", "de"),
        ("wie viele Stunden fehlen noch?", "de"), ("wie viele habe ich noch?", "de"),
        ("¿cuántas clases me faltan?", "es"), ("cuantas sesiones llevo", "es"),
        ("¿cuántas me quedan todavía?", "es"),
        ("how many sessions do I have left?", "en"), ("how many more to go?", "en"),
    ],
)  # fmt: skip
def test_progress_questions(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    assert Intent.PROGRESS in detect_intents(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("wie lange habe ich Zeit, die 5 Termine zu nutzen?", "de"),
        ("bis wann muss ich die Stunden aufbrauchen?", "de"),
        ("läuft das Paket irgendwann ab?", "de"),
        ("¿cuánto tiempo tengo para hacer las 8 clases?", "es"),
        ("¿hasta cuándo puedo usar el bono?", "es"), ("¿cuánto dura el paquete?", "es"),
        ("¿el bono caduca?", "es"),
        ("how long do I have to use the 5 sessions?", "en"),
        ("until when can I book the lessons?", "en"),
    ],
)  # fmt: skip
def test_validity_questions_in_every_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    assert Intent.VALIDITY in detect_intents(text, lang)


# --- services configured in one language, named in another --------------------

from bookbot.agent.nlu import (  # noqa: E402
    Quality,
    best_service,
    match_services,
    named_services,
    rank_services,
)
from bookbot.core.config import Service  # noqa: E402

CLINIC = [
    Service(id="physio", name="Physiotherapy Treatment Plan", trigger_words=("physio",)),
    Service(id="laser-hair", name="Laser Hair Removal"),
    Service(id="tattoo", name="Laser Tattoo Removal"),
    Service(id="massage", name="Sports Massage"),
    Service(id="manual", name="Driving lesson (manual gearbox)"),
    Service(id="implant", name="Dental Implant"),
    Service(id="cleaning", name="Dental Cleaning"),
]


@pytest.mark.parametrize(
    ("text", "lang", "service_id"),
    [
        ("quisiera reservar fisioterapia", "es", "physio"),
        ("¿tienen fisio para la rodilla?", "es", "physio"),
        ("ich brauche Physiotherapie für den Rücken", "de", "physio"),
        ("depilación láser en las piernas", "es", "laser-hair"),
        ("quiero quitarme un tatuaje con láser", "es", "tattoo"),
        ("Tattooentfernung mit Laser bitte", "de", "tattoo"),
        ("un masaje deportivo, por favor", "es", "massage"),
        ("eine Sportmassage bitte", "de", "massage"),
        ("eine Fahrstunde mit Schaltwagen", "de", "manual"),
        ("quiero clases de conducir", "es", "manual"),
        ("un implante dental", "es", "implant"),
        ("ein Implantat bitte", "de", "implant"),
    ],
)  # fmt: skip
def test_a_service_named_in_english_is_found_from_spanish_or_german(
    text: str, lang: str, service_id: str
) -> None:
    named = named_services(rank_services(text, CLINIC, lang=lang))
    assert [r.service.id for r in named] == [service_id]
    assert named[0].quality is Quality.FUZZY  # a translation: say which service was taken
    best = best_service(text, CLINIC, lang)
    assert best is not None and best.id == service_id, match_services(text, CLINIC, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("quiero un tratamiento", "es"), ("una clase, por favor", "es"),
        ("ich möchte eine Behandlung", "de"), ("eine Stunde bitte", "de"),
        ("I'd like a treatment", "en"), ("cambio de cita", "es"),
        ("quiero una cita el lunes", "es"), ("do you do teeth whitening?", "en"),
        ("¿hacéis blanqueamiento dental?", "es"),
    ],
)  # fmt: skip
def test_a_shared_generic_word_names_no_service_in_any_language(text: str, lang: str) -> None:
    assert named_services(rank_services(text, CLINIC, lang=lang)) == []
    assert best_service(text, CLINIC, lang) is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [("dental", "en"), ("algo dental", "es"), ("láser", "es"), ("Laser bitte", "de")],
)
def test_a_word_two_services_share_names_neither_clearly(text: str, lang: str) -> None:
    assert best_service(text, CLINIC, lang) is None


# --- partly read messages ----------------------------------------------------------

from bookbot.agent.nlu import pick_option, unread_numbers  # noqa: E402


@pytest.mark.parametrize(
    ("text", "lang", "left"),
    [
        ("tomorrow 19 at 11", "en", ("19",)), ("tomorrow, 14", "en", ("14",)),
        ("morgen 17 um 9", "de", ("17",)), ("übermorgen 12", "de", ("12",)),
        ("mañana 14", "es", ("14",)), ("pasado mañana 20 a las 9", "es", ("20",)),
    ],
)  # fmt: skip
def test_a_day_number_left_over_beside_a_read_day_is_reported(
    text: str, lang: str, left: tuple[str, ...]
) -> None:
    assert unread_numbers(text, parse_when(text, NOW, lang=lang)) == left


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("sat 21 10am", "en"), ("friday 3 sessions", "en"), ("tomorrow at 10", "en"),
        ("Fr 20.3. um 10", "de"), ("morgen 2 Termine", "de"), ("Sa 21 um 10", "de"),
        ("el sábado 21 a las 10", "es"), ("mañana a las 5", "es"), ("el lunes 2 citas", "es"),
    ],
)  # fmt: skip
def test_a_fully_read_message_leaves_nothing_over(text: str, lang: str) -> None:
    assert unread_numbers(text, parse_when(text, NOW, lang=lang)) == ()


_MON = datetime(2026, 5, 18, 9, tzinfo=ZoneInfo("Europe/Zurich"))
_OFFERED = [_MON.replace(day=20, hour=10), _MON.replace(day=21, hour=14), _MON.replace(day=22)]
"""Wed 20 May 10:00, Thu 21 May 14:00, Fri 22 May 09:00."""


@pytest.mark.parametrize(
    "text",
    [
        "the second one but on thursday 28 may", "option 2 on friday",
        "die zweite, aber am 28.5.", "Nr. 2 am Freitag", "la segunda, pero el jueves 28",
        "la opción 2 el viernes",
    ],
)  # fmt: skip
def test_an_ordinal_beside_a_day_its_option_is_not_on_picks_nothing(text: str) -> None:
    assert pick_option(text, _OFFERED, _MON) is None


@pytest.mark.parametrize(
    "text",
    ["the second one", "the 2nd", "2", "the second one on thursday", "die zweite am Donnerstag",
     "la segunda", "option 2 on the 21st"],
)  # fmt: skip
def test_an_ordinal_alone_or_with_its_own_day_picks_that_row(text: str) -> None:
    assert pick_option(text, _OFFERED, _MON) == 1


# --- reasons in the customer's language ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "reason"),
    [
        ("am 30.2.", "de", "Den 30. Februar gibt es nicht"),
        ("Do 4.3.", "de", "Der 4. März ist ein Mittwoch, kein Donnerstag"),
        ("morgen um 26:00", "de", "26:00 ist keine Uhrzeit"),
        ("el 31 de abril", "es", "El 31 de abril no existe"),
        ("el viernes 4 de marzo", "es", "El 4 de marzo es miércoles, no viernes"),
        ("February 30", "en", "February has no 30th"),
        ("fri 4 march", "en", "March 4 is a Wednesday, not a Friday"),
    ],
)  # fmt: skip
def test_a_day_that_does_not_exist_is_explained_in_the_customers_language(
    text: str, lang: str, reason: str
) -> None:
    reasons = [w.invalid_reason for w in parse_when(text, NOW, lang=lang) if not w.valid]
    assert reasons == [reason]


SALON = [
    Service(id="prp", name="Tratamiento Capilar PRP", trigger_words=("prp", "tratamiento capilar")),
    Service(id="depil", name="Depilación Láser", trigger_words=("depilación", "láser")),
    Service(id="brows", name="Microblading de cejas", trigger_words=("microblading", "cejas")),
]


@pytest.mark.parametrize(
    ("text", "lang", "service_id"),
    [
        ("quiero empezar el tratamiento capilar", "es", "prp"),
        ("me interesa lo capilar, el prp", "es", "prp"),
        ("para la depilación láser de axilas", "es", "depil"),
        ("ich möchte die Depilación Láser buchen", "de", "depil"),
        ("can I book the tratamiento capilar?", "en", "prp"),
    ],
)  # fmt: skip
def test_a_service_named_in_the_business_words_is_not_joined_by_a_translated_one(
    text: str, lang: str, service_id: str
) -> None:
    """"capilar" and "depilación" share a concept (hair): the service the customer named
    in its own words wins, and no "which service?" follows."""
    assert [m.service.id for m in match_services(text, SALON, lang)] == [service_id]
    best = best_service(text, SALON, lang)
    assert best is not None and best.id == service_id
