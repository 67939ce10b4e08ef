"""A question about the customer's progress and a booking in one message: both are
answered (the progress first, then the proposal), and nothing is booked before a yes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

BOOKED = [("driving-lessons", 1, "2026-03-10 09:00"), ("driving-lessons", 2, "2026-03-12 09:00")]


@pytest.mark.parametrize(
    ("message", "left"),
    [
        ("how many driving lessons have I got left? and could you book two more, "
         "tue 17 and thu 19 march at 10am", "8 lessons still to schedule"),
        ("wie viele Fahrstunden habe ich noch offen? und bitte buch mir zwei weitere "
         "am di 17.3. und do 19.3. um 10 uhr", "8 Stunden noch einzuplanen"),
        ("¿cuántas clases de conducir me quedan? y resérvame dos más el martes 17 y "
         "el jueves 19 de marzo a las 10", "por programar: 8 clases"),
    ],
)  # fmt: skip
def test_the_progress_is_told_and_the_booking_proposed(
    tmp_path: Path, message: str, left: str
) -> None:
    with dialogue(tmp_path, "2026-03-02T09:00") as d:
        d.say("I'd like 2 driving lessons, tue 10 march and thu 12 march at 9am")
        d.say("yes")
        assert d.booked() == BOOKED
        answer = d.say(message)  # told in the language it is asked in
        assert left in answer
        assert "17" in answer and "19" in answer and "10:00" in answer
        assert answer.index(left) < answer.index("10:00")
        assert d.booked() == BOOKED  # a proposal, not a booking
        d.say("yes")
        assert d.booked()[2:] == [
            ("driving-lessons", 3, "2026-03-17 10:00"),
            ("driving-lessons", 4, "2026-03-19 10:00"),
        ]


def test_a_progress_question_alone_books_nothing(tmp_path: Path) -> None:
    with dialogue(tmp_path, "2026-03-02T09:00") as d:
        d.say("I'd like 2 driving lessons, tue 10 march and thu 12 march at 9am")
        d.say("yes")
        answer = d.say("how many driving lessons do I have left?")
        assert "8 lessons still to schedule" in answer
        assert d.tools == ["get_progress"]
        d.say("yes")
        assert d.booked() == BOOKED
