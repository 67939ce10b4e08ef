"""Questions about the business itself are answered from its configuration (notice,
package validity, opening on a day, contact), in any of several phrasings; beside
an action, the answer comes first and the action still happens."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # the demo business: 2 h booking notice, 48 h to move or cancel


@pytest.mark.parametrize(
    ("text", "notice"),
    [("what happens if I need to cancel?", "48 hours"),
     ("what's your cancellation policy?", "48 hours"),
     ("wie kurzfristig kann ich absagen?", "48 Stunden"),
     ("¿cuál es la política de cancelación?", "48 horas")],
)  # fmt: skip
def test_the_cancellation_notice_is_answered(tmp_path: Path, text: str, notice: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert notice in answer and d.tools == [] and d.booked() == []
        assert "no booked plan" not in answer.lower()


@pytest.mark.parametrize(
    ("text", "valid"),
    [("does the laser package expire?", "240 days"),
     ("how long is the laser package valid?", "240 days"),
     ("wie lange ist das Laser-Paket gültig?", "240 Tage"),
     ("¿hasta cuándo es válido el bono de láser?", "240 días")],
)  # fmt: skip
def test_package_validity_is_answered(tmp_path: Path, text: str, valid: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        assert valid in d.say(text)


@pytest.mark.parametrize(
    "text",
    ["are you open on april 6?", "is the practice open on 6 April?", "open on Easter Monday 6.4.?"],
)
def test_opening_on_a_closure_day_says_closed(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert "closed" in answer.lower() and "6 Apr" in answer and d.booked() == []


@pytest.mark.parametrize(
    "text", ["how do I contact you?", "what's your phone number?"]
)  # asking for a person hands the thread to staff (tests/offline/test_human_handoff.py)
def test_contact_gets_an_honest_answer(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, NOW) as d:  # the demo gives its contact details
        answer = d.say(text)
        assert "Praxis Demo" in answer and "+41 44 555 01 23" in answer and d.tools == []


def test_a_question_beside_a_booking_is_answered_and_the_booking_proposed(
    tmp_path: Path,
) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say("what if I have to cancel? and can I book physio on march 10 at 10am")
        assert answer.index("48 hours") < answer.index("10 Mar")
        assert d.tools == ["get_progress", "propose_schedule"] or "propose_schedule" in d.tools


def test_a_question_while_a_proposal_waits_keeps_it_waiting(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("physio on march 10 at 10am")
        assert "48 hours" in d.say("what's your cancellation policy?")
        d.say("yes")
        assert d.booked() == [("physiotherapy", 1, "2026-03-10 10:00")]


@pytest.mark.parametrize(
    ("text", "price", "booked"),
    [
        ("how much is the laser? also can I book a consultation on march 10 at 10am",
         "CHF 960", ("consultation", 1, "2026-03-10 10:00")),
        ("What does physio cost? And I'd like the consultation tue 10 march at 10",
         "CHF 120", ("consultation", 1, "2026-03-10 10:00")),
        ("Was kostet der Laser? Und dann bitte Physio am 10.3. um 10 Uhr.",
         "CHF 960", ("physiotherapy", 1, "2026-03-10 10:00")),
        ("¿cuánto cuesta la consulta? y quiero fisio, physiotherapy el 10 de marzo a las 10",
         "CHF 80", ("physiotherapy", 1, "2026-03-10 10:00")),
    ],
)  # fmt: skip
def test_a_price_question_beside_a_booking_of_another_service_answers_both(
    tmp_path: Path, text: str, price: str, booked: tuple[str, int, str]
) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert price in answer and "propose_schedule" in d.tools
        assert answer.index(price) < answer.index("10")
        d.say("yes")
        assert d.booked() == [booked]


@pytest.mark.parametrize(
    ("text", "said"),
    [("do you open on sundays?", "closed on Sundays"),
     ("r u open saturdays", "Saturdays we're open 09:00-13:00"),
     ("habt ihr sonntags offen?", "Sonntags haben wir geschlossen"),
     ("¿abrís los sábados?", "Los sábados abrimos 09:00-13:00")],
)  # fmt: skip
def test_opening_on_a_weekday_gives_that_weekday_s_hours(
    tmp_path: Path, text: str, said: str
) -> None:
    """A weekday in the plural asks about every such day: its weekly hours, no free
    times of a service and nothing booked."""
    with dialogue(tmp_path, NOW) as d:
        answer = d.say(text)
        assert said in answer and d.tools == [] and d.booked() == []


@pytest.mark.parametrize(
    ("text", "said"),
    [("how much is the laser and are you open on christmas day?", "closed"),
     ("was kostet der Laser und habt ihr an Weihnachten offen?", "geschlossen"),
     ("¿cuánto cuesta el láser y abrís el día de Navidad?", "cerrado")],
)  # fmt: skip
def test_a_price_and_an_opening_day_in_one_message_are_both_answered(
    tmp_path: Path, text: str, said: str
) -> None:
    with dialogue(tmp_path, "2026-12-20T09:00") as d:
        answer = d.say(text)
        assert said in answer.lower() and "25" in answer and "CHF" in answer, answer
        assert "check_availability" not in d.tools and d.booked() == []
