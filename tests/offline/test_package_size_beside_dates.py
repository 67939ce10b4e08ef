"""The size in a package's name ("the 10 lesson package", "das 12er Training") beside
two or more days of the customer's own is no count: those days are what is proposed
(issue 13). A count said as such ("all 10 lessons") still counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # a Monday; the demo: 10 driving lessons, 12 training sessions


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("I got the 10 lessons driving package, can I do wed 4th at 10am and fri 6th at 2pm?",
         ["2026-03-04 10:00", "2026-03-06 14:00"]),
        ("das 12er personal training: di 3.3. um 9 und do 5.3. um 9 bitte",
         ["2026-03-03 09:00", "2026-03-05 09:00"]),
        ("el paquete de 12 de personal training, el martes 3 a las 10, jueves 5 y sábado 7 "
         "a las 10", ["2026-03-03 10:00", "2026-03-05 10:00", "2026-03-07 10:00"]),
    ],
)  # fmt: skip
def test_the_days_said_are_proposed_not_the_package_size(
    tmp_path: Path, text: str, days: list[str]
) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert d.tools[-1] == "propose_schedule", answer
        for day in days:
            assert day[-5:] in answer
        d.say("yes")
        assert [start for _, _, start in d.booked()] == days


@pytest.mark.parametrize(
    "text",
    [
        "next appointment for my physio: wed 4th at 10am?",
        "mein nächster Termin Physiotherapie: Mittwoch 4.3. um 10?",
        "mi próxima cita de fisioterapia: miércoles 4 a las 10?",
    ],
)
def test_my_next_appointment_with_a_day_and_time_is_a_wish_to_book(
    tmp_path: Path, text: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert "propose_schedule" in d.tools and "10:00" in answer, answer


@pytest.mark.parametrize(
    "text",
    [
        "personal training: tue 3rd, thu 5th and sat 7th, all three at 10am",
        "personal training am di 3.3., do 5.3. und sa 7.3., jeweils um 10 uhr",
        "personal training el martes 3, jueves 5 y sábado 7, las tres a las 10",
    ],
)
def test_several_days_and_one_time_after_them_are_that_many_starts(
    tmp_path: Path, text: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(text)
        assert d.tools[-1] == "propose_schedule"
        d.say("yes")
        assert [s for _, _, s in d.booked()] == [
            "2026-03-03 10:00", "2026-03-05 10:00", "2026-03-07 10:00"
        ]  # fmt: skip
