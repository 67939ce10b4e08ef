"""Session 12's dialogue classes (read from heldout24), in phrasings of our own on the
demo business (dental implant: 3 sessions, 14 and 30 days apart, Good Friday 3 April
2026 closed; driving lessons: 10 at one's own pace):

- a weekday of the plan shown, said with an "also" beside a yes ("saturday also works
  for me, go ahead"), accepts the plan a closure pushed onto that day: it books;
- "reservame las 3" to a plan of three shown books the three, no 15:00 wish;
- weekdays without a time beside several dated times ("saturdays only ... the 7th,
  14th and 21st, all at 10") describe them: those days are proposed.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from bookbot.agent.offline.nlu_adapter import read_message
from bookbot.store.business_file import load_business_file
from tests.offline.dialogue_testkit import dialogue

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"

NOW = "2026-03-02T09:00"  # a Monday
PUSHED = [("dental-implant", 1, "2026-03-20 10:00"), ("dental-implant", 2, "2026-04-04 10:00")]


@pytest.mark.parametrize(
    ("ask", "agree"),
    [
        (
            "dental implant starting friday 20 march at 10am",
            "ok saturday also works for me, go ahead",
        ),
        ("Zahnimplantat ab Freitag 20.3. um 10 Uhr", "gut, Samstag geht auch, machen Sie fest"),
        (
            "implante dental desde el viernes 20/3 a las 10",
            "dale, el sábado también me sirve, confirmá",
        ),
    ],
)
def test_a_pushed_weekday_said_with_also_accepts_the_plan(
    tmp_path: Path, ask: str, agree: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        shown = d.say(ask)
        assert d.tools == ["propose_schedule"] and d.booked() == [], shown
        d.say(agree)
        assert d.tools == ["book_group"]
        assert d.booked()[:2] == PUSHED


def test_a_weekday_not_in_the_plan_is_still_a_change(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("dental implant starting friday 20 march at 10am")
        d.say("tuesday also works for me")
        assert d.booked() == []


def test_reservame_las_3_books_the_three_shown(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("implante dental desde el lunes 9/3 a las 9")
        d.say("perfecto, reservame las 3")
        assert d.tools == ["book_group"]
        assert [s for _, _, s in d.booked()][0] == "2026-03-09 09:00"


def test_weekdays_beside_dated_times_describe_them(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        shown = d.say(
            "driving lessons: I can only come on saturdays, weekdays I work. "
            "7th, 14th and 21st march, all at 10am. possible?"
        )
        assert d.tools == ["propose_schedule"], shown
        d.say("yes")
        assert [s for _, _, s in d.booked()] == [
            "2026-03-07 10:00",
            "2026-03-14 10:00",
            "2026-03-21 10:00",
        ]


@pytest.mark.parametrize(
    ("ask", "again"),
    [
        (
            "consultation on the 31st of april at 10am please",
            "oops, thursday 30 april then, same time",
        ),
        (
            "Initial Consultation am 31.4. um 10 Uhr bitte",
            "ach so, dann Donnerstag den 30.4., gleiche Uhrzeit",
        ),
        (
            "Initial Consultation el 31/04 a las 10",
            "jaja cierto, entonces el jueves 30 a la misma hora",
        ),
    ],
)
def test_the_time_said_with_a_day_that_does_not_exist_is_the_same_time_next(
    tmp_path: Path, ask: str, again: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(ask)
        assert d.tools == [] and d.booked() == []
        d.say(again)
        assert d.tools == ["propose_schedule"]
        d.say("ya" if "jueves" in again else "yes")
        assert d.booked() == [("consultation", 1, "2026-04-30 10:00")]


def test_an_option_picked_by_its_time_beside_days_said_with_also(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("driving lessons wednesday 4th at 10 or at 3pm?")
        assert [c.id for c in d.choices] == ["2026-03-04T10:00", "2026-03-04T15:00"]
        d.say("ok the 10am one, and also friday 6th and monday 9th")
        assert d.tools == ["propose_schedule"]
        d.say("yes")
        assert [s for _, _, s in d.booked()] == [
            "2026-03-04 10:00",
            "2026-03-06 10:00",
            "2026-03-09 10:00",
        ]


def test_a_time_on_the_wished_day_picks_no_offered_option(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("personal training saturday 7th at 9 and at 11")  # a day apart at least
        d.say("ok just the 9am one on saturday then")
        d.say("yes")
        assert [s for _, _, s in d.booked()] == ["2026-03-07 09:00"]


@pytest.mark.parametrize(
    "text",
    [
        "ich müsste meinen Laser-Termin am Montag um halb 11 verschieben, "
        "ginge stattdessen Dienstag, der 10.3., um 14 Uhr?",
        "I need to move my laser appointment on monday at 10:30, could I have tuesday the "
        "10th at 2pm instead?",
    ],
)
def test_the_booking_named_with_its_time_is_moved_from(text: str) -> None:
    business = load_business_file(DEMO)
    zone = business.zone
    u = read_message(text, datetime(2026, 3, 5, 9, 0, tzinfo=zone), business)
    assert "reschedule" in u.intents
    assert u.source is not None and u.source.day == date(2026, 3, 9)
    assert u.datetimes == (datetime(2026, 3, 10, 14, 0, tzinfo=zone),)


@pytest.mark.parametrize(
    "drop",
    [
        "ah ok just drop the tuesday one then and keep the other 2",
        "ok, dann streichen Sie den Dienstag und lassen die anderen zwei",
        "bueno, quitá el del martes y dejá los otros dos",
    ],
)
def test_a_day_dropped_from_a_wish_of_several(tmp_path: Path, drop: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("personal training mon 9th at 10, tue 10th at 10 and thu 12th at 10")
        d.say(drop)
        assert d.tools == ["propose_schedule"] and d.booked() == []
        d.say("yes")
        assert [s for _, _, s in d.booked()] == ["2026-03-09 10:00", "2026-03-12 10:00"]


def test_a_question_about_a_day_beside_a_wish_answers_and_proposes(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("consultation on friday 3 april at 10am")  # Good Friday: closed
        d.say("oh is that a bank holiday weekend? thursday 2 april then, same time")
        assert d.tools == ["propose_schedule"]
        d.say("yes")
        assert d.booked() == [("consultation", 1, "2026-04-02 10:00")]


@pytest.mark.parametrize(
    "ask",
    [
        "my dentist says I need an implant. could I come for a consultation on thursday "
        "5th at 10?",
        "Laut Zahnarzt brauche ich ein Implantat. Hätten Sie am Do 5.3. um 10 eine "
        "Initial Consultation?",
    ],
)
def test_a_visit_asked_after_the_plan_needed_is_the_visit(tmp_path: Path, ask: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(ask)
        assert d.tools == ["propose_schedule"]
        d.say("yes" if ask.startswith("my") else "ja")
        assert d.booked() == [("consultation", 1, "2026-03-05 10:00")]


def test_a_cancellation_beside_a_day_kept_is_still_of_the_day_named() -> None:
    business = load_business_file(DEMO)
    now = datetime(2026, 3, 5, 9, 0, tzinfo=business.zone)
    u = read_message("muss meinen Termin am Montag absagen, Mittwoch bleibt!", now, business)
    assert "cancel" in u.intents
    assert u.source is not None and u.source.day == date(2026, 3, 9)
