"""Session 9's dialogue classes, in phrasings of our own (the demo business: personal
training is 12 sessions at one's own pace, at least a day apart; 3 April 2026 is closed):

- "and fri same time" to a shown booking of such a package adds the day to it;
- a bare weekday while a wish is discussed is the day of it the customer named;
- an availability question for one closed day is answered as closed;
- the package's size said alone ("the pack of 12") is no count of sessions to book now;
- (session 10) "all of them" to a plan shown whole (booked at once) books the plan shown;
  a pair too close together is refused naming the days asked, in the customer's language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # a Monday


@pytest.mark.parametrize(
    ("first", "more", "yes"),
    [
        ("personal training wed 4th at 10am", "and fri 6th same time", "yes"),
        ("personal training am mi 4.3. um 10 uhr", "und den fr 6.3. auch um 10", "ja"),
        ("personal training el miércoles 4 a las 10", "y el viernes 6 a las 10 también", "sí"),
    ],
)
def test_a_day_added_to_a_shown_booking_is_booked_beside_it(
    tmp_path: Path, first: str, more: str, yes: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(first)
        assert d.tools == ["propose_schedule"]
        answer = d.say(more)
        assert "04" in answer or "4" in answer
        d.say(yes)
        assert [start for _, _, start in d.booked()] == ["2026-03-04 10:00", "2026-03-06 10:00"]


def test_a_day_said_without_and_still_replaces_the_shown_one(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("personal training wed 4th at 10am")
        d.say("fri 6th instead")
        d.say("yes")
        assert [start for _, _, start in d.booked()] == ["2026-03-06 10:00"]


def test_a_bare_weekday_is_the_day_of_it_the_customer_named(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        # the same day twice: refused (at least a day apart); "tuesday" is the 10th
        d.say("personal training tue 10th at 9am and tue 10th at 5pm")
        answer = d.say("ok then tuesday at 9 and thursday the 12th at 9")
        assert d.tools == ["propose_schedule"] and "10 Mar" in answer, answer
        d.say("yes")
        assert [start for _, _, start in d.booked()] == ["2026-03-10 09:00", "2026-03-12 09:00"]


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("any time for personal training on friday 3 april in the morning?", "closed"),
        ("¿hay hueco para personal training el viernes 3 de abril por la mañana?", "cerrado"),
    ],
)
def test_one_closed_day_asked_about_is_answered_as_closed(
    tmp_path: Path, text: str, closed: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("personal training please")
        assert closed in d.say(text)


@pytest.mark.parametrize(
    "text",
    [
        "can I sign up for the 12 session personal training?",
        "¿me anotás en el pack de 12 de personal training?",
    ],
)
def test_the_package_size_alone_asks_how_many_to_book_now(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(text)
        answer = d.say("tue 3rd, thu 5th and sat 7th at 10am")
        assert d.tools[-1] == "propose_schedule", answer
        d.say("yes")
        assert len(d.booked()) == 3


def test_a_service_asked_about_beside_a_booking_of_another_books_the_other(
    tmp_path: Path,
) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say("do you do consultations? and book me personal training wed 4th at 10am")
        assert d.tools[-1] == "propose_schedule" and "of 12" in answer, answer


@pytest.mark.parametrize(
    ("yes", "lang"), [("de una, agéndelas todas", "es"), ("ja, alle buchen", "de")]
)
def test_all_of_them_to_a_plan_shown_whole_books_it(tmp_path: Path, yes: str, lang: str) -> None:
    first = {
        "es": "depilación láser desde el jueves 5 a las 10",
        "de": "Laser-Haarentfernung ab Donnerstag 5.3. um 10 Uhr",
    }[lang]
    with dialogue(tmp_path, NOW) as d:
        d.say(first)
        assert d.tools == ["propose_schedule"]
        d.say(yes)
        assert d.tools == ["book_group"] and len(d.booked()) == 4


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("personal training tue 10th at 9am and tue 10th at 5pm", "Tue 10 Mar"),
        ("personal training am Di 10.3. um 9 und um 17 Uhr", "Di, 10.3."),
        ("personal training el martes 10 a las 9 y a las 5 de la tarde", "mar 10 mar"),
    ],
)
def test_a_pair_too_close_is_refused_naming_the_days_asked(
    tmp_path: Path, text: str, day: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert d.tools == ["propose_schedule"] and d.booked() == []
        assert answer.count(day) >= 2, answer  # both sessions asked, by their day
