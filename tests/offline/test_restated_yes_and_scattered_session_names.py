"""Two dialogue classes read from the sixth, eighth and ninth held-out sets (session 8):

- a yes that names what is shown again ("yeah cancel the tuesday one", "yes please
  book it for wednesday at 10") is a yes to it; a day or time the proposal does not
  have is still a new wish, and nothing is applied;
- a session is named by two words of its name only when they stand together, or when
  neither is the word every language calls a session by: "al final no puedo … la
  sesión" does not name a session called "Sesión final".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbot.agent.offline.session_names import named_session
from bookbot.core.config import Service, SessionSpec
from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # a Monday


@pytest.mark.parametrize(
    "yes",
    [
        "yes please book it for wednesday at 10",
        "yep wed at 10 is perfect, book it",
        "great, wednesday 10am please",
    ],
)
def test_a_yes_that_names_the_shown_booking_books_it(tmp_path: Path, yes: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        shown = d.say("a consultation on wednesday at 10am please")
        assert d.tools[-1] == "propose_schedule" and "10:00" in shown
        d.say(yes)
        assert "book_group" in d.tools
        assert d.booked() == [("consultation", 1, "2026-03-04 10:00")]


@pytest.mark.parametrize(
    "other", ["yes but wednesday at 11 please", "ok, thursday at 10 then", "yes, friday please"]
)
def test_a_yes_with_another_day_or_time_books_nothing(tmp_path: Path, other: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("a consultation on wednesday at 10am please")
        d.say(other)
        assert "book_group" not in d.tools and d.booked() == []


@pytest.mark.parametrize(
    "yes", ["yeah cancel the wednesday one pls", "yes cancel wednesday", "ok cancel the one on wed"]
)
def test_a_yes_that_names_the_shown_cancellation_cancels_it(tmp_path: Path, yes: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("a consultation on wednesday at 10am please")
        d.say("yes")
        assert d.booked() == [("consultation", 1, "2026-03-04 10:00")]
        asked = d.say("I need to cancel my wednesday appointment")
        assert "cancel" in asked.lower() and d.booked()
        d.say(yes)
        assert d.booked() == []


def _plan() -> Service:
    return Service(
        id="ipl",
        name="Tratamiento de manchas con IPL (3 sesiones)",
        trigger_words=["manchas", "ipl"],
        price=100,
        duration_minutes=45,
        requires_multiple_sessions=True,
        total_sessions_required=3,
        multi_session_strategy="sequential",
        sessions=[
            SessionSpec(name="Diagnóstico y primera sesión IPL"),
            SessionSpec(name="Segunda sesión IPL"),
            SessionSpec(name="Sesión final y revisión"),
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        "el martes al final no puedo, me pasas la sesión al jueves?",
        "al final no voy a poder ir a la sesión",
        "¿la sesión de la semana final se puede mover?",
    ],
)
def test_scattered_words_beside_the_session_noun_name_no_session(text: str) -> None:
    assert named_session(text, [_plan()]) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("puedo mover la sesión final al jueves?", 3),
        ("la segunda sesión la cambio", 2),
        ("quiero mover la revisión final", 3),
    ],
)
def test_a_session_named_by_its_words_together_is_named(text: str, number: int) -> None:
    assert named_session(text, [_plan()]) == ("ipl", number)
