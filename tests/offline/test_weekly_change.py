"""A weekly wish with the day it starts from ("Wednesdays at 5pm, from the 11th"),
said to a plan not yet booked or in a new request: the weekly dates start on that
day at that time (never the old time, never an earlier week). A service read only
loosely ("starting" for a "Starter Package") never replaces the one in focus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # a Monday; the demo business


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("samstags geht doch nicht, lieber mittwochs um 17 uhr, ab dem 11.3.", "11.3.2026, 17:00"),
        ("mejor los miércoles a las 5 de la tarde, a partir del 11 de marzo", "11 mar 2026, 17:00"),
        ("lieber donnerstags um 16 uhr ab dem 19.3.", "19.3.2026, 16:00"),
    ],
)
def test_a_new_weekday_time_and_start_for_a_shown_plan(
    tmp_path: Path, message: str, shown: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("physiotherapy from sat 7 march at 9am?")
        answer = d.say(message)
        assert shown in answer
        assert d.booked() == []


def test_every_shown_start_moves_to_the_new_weekday_from_its_start_day(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("3 driving lessons: sat 7, sat 14 and sat 21 march at 9am")
        d.say("mejor los jueves a las 5 de la tarde, a partir del 12 de marzo")
        assert d.booked() == []
        d.say("sí")
        assert d.booked() == [
            ("driving-lessons", 1, "2026-03-12 17:00"),
            ("driving-lessons", 2, "2026-03-19 17:00"),
            ("driving-lessons", 3, "2026-03-26 17:00"),
        ]


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("Physiotherapie dienstags um 18 uhr ab dem 17.3.", "17.3.2026, 18:00"),
        ("physio los viernes a las 10, a partir del 13 de marzo", "13 mar 2026, 10:00"),
    ],
)
def test_a_new_weekly_request_starts_on_the_day_it_names(
    tmp_path: Path, message: str, shown: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        assert shown in d.say(message)


@pytest.mark.parametrize(
    "message",
    [
        "saturdays are no good for us, rather wednesdays at 5pm, starting 11 march",
        "actually, starting next week would suit me better",
    ],
)
def test_a_loose_service_reading_keeps_the_service_in_focus(tmp_path: Path, message: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("physiotherapy from sat 7 march at 9am?")
        answer = d.say(message)
        assert "Lesson" not in answer and "Driving" not in answer


@pytest.mark.parametrize(
    "message",
    [
        "samstag geht bei mir leider nicht, lieber freitags um 15 uhr ab dem 13.3.",
        "oh, samstag passt doch nicht. dann lieber freitags um 15 uhr, ab 13.3.",
        "el sábado no me viene bien, mejor los viernes a las 3 de la tarde desde el 13 de marzo",
        "el sábado al final no puedo, mejor los viernes a las 3 de la tarde desde el 13 de marzo",
    ],
)
def test_a_day_that_does_not_work_beside_a_weekly_wish_changes_the_shown_plan(
    tmp_path: Path, message: str
) -> None:
    """"Saturday doesn't work" to a plan not yet booked is a change of that plan (not a
    move of booked sessions): the weekly dates start on the day the series starts."""
    with dialogue(tmp_path, NOW) as d:
        d.say("3 driving lessons: sat 7, sat 14 and sat 21 march at 9am")
        d.say(message)
        assert d.booked() == []
        d.say("ok")
        assert d.booked() == [
            ("driving-lessons", 1, "2026-03-13 15:00"),
            ("driving-lessons", 2, "2026-03-20 15:00"),
            ("driving-lessons", 3, "2026-03-27 15:00"),
        ]
