"""Every reply of a German or Spanish conversation is written in the customer's
language, also those composed from tool results: the progress with its status
words, the bookings, a move's preview and its updated plan after a yes, a day with
nothing to cancel, a time already past and a tool's refusal (never the tool's own
English words). The same conversation in English keeps its English texts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bookbot.agent.offline import free_times, guidance, nlu_adapter, replies
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import load_business_file
from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"
ENGLISH = re.compile(
    r"\b(?:Your|You|Done|schedule|completed|confirmed|Which plan|Sorry|booked|appointments?|"
    r"upcoming|customer|Shall|Next|of|on|is|to|the)\b"
)
"""Words of the English replies that no German or Spanish reply holds (the demo's
service names are English, so their words are not among them)."""

Step = tuple[str, tuple[str, ...]]

CONVERSATIONS: dict[str, list[Step]] = {
    "de": [
        ("Ich möchte 2 Fahrstunden, Di 10.3. und Do 12.3. um 9 Uhr", ("Passt das für Sie?",)),
        ("ja", ("Bestätigt", "Stunde 2 von 10: Do, 12.3.2026, 09:00")),
        ("wie viele Fahrstunden habe ich noch offen?",
         ("0 von 10 erledigt, 2 gebucht, 8 Stunden noch einzuplanen", "(bestätigt)",
          "Ihr nächster Termin ist Stunde 1 am Di, 10.3.2026, 09:00")),
        ("was habe ich gebucht?", ("Ihre anstehenden Termine:", "Stunde 1 von 10: Di, 10.3.2026")),
        ("bitte verschieb meine Fahrstunde vom 12.3. auf Fr 13.3. um 10 Uhr",
         ("Ihr neuer Plan:", "Fr, 13.3.2026, 10:00 (verschoben)", "Soll ich das so ändern?")),
        ("ja", ("Erledigt! Ihr aktualisierter Plan:", "Fr, 13.3.2026, 10:00 (verschoben)",
                "Erinnerung")),
        ("bitte sag meine Fahrstunde am 20.3. ab",
         ("Am Fr, 20.3.2026 haben Sie keinen Termin, den ich absagen könnte.",)),
        ("Fahrstunde heute um 8 Uhr", ("schon vorbei", "Welcher Termin passt Ihnen?")),
        ("Laser bitte", ("Laser Hair Removal",)),
        ("bitte stornieren Sie meinen Laser-Termin",
         ("Sie haben für Laser Hair Removal (4 sessions) noch keinen gebuchten Plan.",)),
    ],
    "es": [
        ("Quiero 2 clases de conducir, el martes 10 y el jueves 12 de marzo a las 9",
         ("¿Le va bien?",)),
        ("sí", ("Confirmado", "Clase 2 de 10: jue 12 mar 2026, 09:00")),
        ("¿cuántas clases de conducir me quedan?",
         ("0 de 10 hechas; reservadas: 2; por programar: 8 clases", "(confirmada)",
          "Su próxima clase es la clase 1, el mar 10 mar 2026, 09:00")),
        ("¿qué tengo reservado?", ("Sus próximas citas:", "Clase 1 de 10: mar 10 mar 2026")),
        ("por favor cambia mi clase del 12 de marzo al viernes 13 de marzo a las 10",
         ("Su nuevo calendario:", "vie 13 mar 2026, 10:00 (cambiada)", "¿Hago este cambio?")),
        ("sí", ("¡Hecho! Su calendario actualizado:", "vie 13 mar 2026, 10:00 (cambiada)",
                "recordatorio")),
        ("anula mi clase del 20 de marzo",
         ("No tiene ninguna cita el vie 20 mar 2026 que anular.",)),
        ("clase de conducir hoy a las 8", ("ya ha pasado", "¿Cuál prefiere?")),
        ("el láser por favor", ("Laser Hair Removal",)),
        ("anule mi cita de láser, por favor",
         ("No tiene ningún plan reservado de Laser Hair Removal (4 sessions).",)),
    ],
    "en": [
        ("I'd like 2 driving lessons, tue 10 march and thu 12 march at 9am",
         ("Does this work for you?",)),
        ("yes", ("Confirmed", "Lesson 2 of 10: Thu 12 Mar 2026, 09:00")),
        ("how many driving lessons do I have left?",
         ("0 of 10 completed, 2 booked, 8 lessons still to schedule", "(confirmed)",
          "Your next lesson is lesson 1 on Tue 10 Mar 2026, 09:00")),
        ("what have I booked?", ("Your upcoming appointments:", "Lesson 1 of 10: Tue 10 Mar 2026")),
        ("please move my lesson from march 12 to fri march 13 at 10am",
         ("Here's your new schedule:", "Fri 13 Mar 2026, 10:00 (moved)")),
        ("yes", ("✅ Done! Your updated schedule:", "Fri 13 Mar 2026, 10:00 (moved)")),
        ("cancel my lesson on march 20",
         ("You have no appointment on Fri 20 Mar 2026 to cancel.",)),
        ("driving lesson today at 8am", ("already passed",)),
        ("laser please", ("Laser Hair Removal",)),
        ("please cancel my laser appointment",
         ("You have no booked plan for Laser Hair Removal (4 sessions).",)),
    ],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["de", "es", "en"])
def test_every_reply_is_in_the_customers_language(tmp_path: Path, lang: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        for message, expected in CONVERSATIONS[lang]:
            answer = d.say(message)
            for words in expected:
                assert words in answer, (message, words, answer)
            english = ENGLISH.findall(answer)
            if lang != "en":
                assert english == [], (message, answer)
            assert "the customer" not in answer and "Sorry, I couldn't" not in answer, answer
        assert ("driving-lessons", 2, "2026-03-13 10:00") in d.booked()


BUSINESS = load_business_file(DEMO_BUSINESS)
LASER = BUSINESS.service("laser-hair-removal")
PHYSIO = BUSINESS.service("physiotherapy")
DRIVING = BUSINESS.service("driving-lessons")
SHOWN = {"number": 2, "of": 8, "start": "2026-03-12T10:00", "when": "Thu 12 Mar 2026, 10:00"}
PLAN = {
    "service_id": "physiotherapy", "service_name": "Physiotherapy Treatment Plan",
    "completed": 1, "total": 8, "booked": 1, "remaining_unscheduled": 6,
    "sessions": [{**SHOWN, "number": 1, "status": "completed"}, {**SHOWN, "status": "no_show"}],
    "next_action": {"kind": "book_next", "session": 3, "earliest_day": "2026-03-16",
                    "latest_day": None, "suggested_day": "2026-03-17"},
}  # fmt: skip


def _replies(lang: str) -> list[str]:
    """The texts the conversation above does not reach, each as its callers build it."""
    return [
        free_times.opening_hours(BUSINESS, (), ["2026-04-06"], lang),
        replies.shown_session(LASER, 2, 4, "Wed 15 Apr 2026, 16:00", lang),
        replies.book_as_shown(lang, or_other=True),
        replies.ask_which_to_move(LASER, "2026-03-10T09:00", lang),
        replies.ask_new_time("x", lang),
        replies.ask_day_for(DRIVING, 3, lang),
        replies.ask_next_start(DRIVING, 3, 2, first=True, remaining=8, lang=lang),
        replies.ask_next_start(DRIVING, 1, 2, first=True, lang=lang),
        replies.progress(BUSINESS, [PLAN], lang),
        replies.progress(BUSINESS, [], lang),
        replies.bookings(BUSINESS, [], lang),
        replies.one_booking({**SHOWN, "service_id": "physiotherapy"}, BUSINESS, lang),
        replies.describe(BUSINESS, PHYSIO, lang=lang),
        replies.other_customer(lang),
        replies.past_date(lang),
        replies.tool_error({"code": "ProposalError", "message": "replaced"}, LASER, lang),
        replies.tool_error({"code": "invalid_arguments", "message": "x"}, LASER, lang),
        replies.tool_error({"code": "unknown_tool", "message": "x"}, None, lang),
        replies.tool_error({"code": "no_plan", "message": "no upcoming session"}, LASER, lang),
        guidance.count_capped(DRIVING, 5, 0, lang) or "",
        guidance.count_capped(DRIVING, 5, 2, lang) or "",
        replies.invalid_date(nlu_adapter._mismatch(date(2026, 3, 12), frozenset({4}), lang), lang),
    ]


@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_other_composed_replies_are_in_the_customers_language(lang: str) -> None:
    for text in _replies(lang):
        assert ENGLISH.findall(text.replace("Physiotherapy Treatment Plan", "")) == [], text


def test_the_english_replies_keep_their_words() -> None:
    texts = "\n".join(_replies("en"))
    for words in (
        "Our opening hours:\nMonday: 08:00-12:00, 13:00-19:00",
        "Sunday: closed\nClosed on: Mon 6 Apr 2026.\nWhat would you like to book?",
        "In this plan, session 2 of 4 would be on Wed 15 Apr 2026, 16:00.",
        "Shall I book the plan as shown, or would you like another time?",
        "Physiotherapy Treatment Plan: 1 of 8 completed, 1 booked, 6 sessions still to schedule.",
        "• Session 1: Thu 12 Mar 2026, 10:00 (completed)",
        "Next: book session 3 between 2026-03-16 and any later day (ideally 2026-03-17).",
        "Great! You have 8 lessons left to schedule in your package. Let's find times for 2 "
        "lessons.\nLesson 3: when works for you?",
        "You have only 2 lessons left, so let's book 2.",
        "Hmm, 12.03. is a Thursday, not a Friday. Which date did you mean?",
    ):
        assert words in texts, words
    assert "the customer" not in texts and "replaced" not in texts
