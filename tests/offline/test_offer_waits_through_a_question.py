"""A question the offline model cannot answer, asked while a booking proposal waits
for a yes, is said to be unanswerable here, and the proposal keeps waiting: a yes
after it books what was shown (read from heldout11, session 8). Only a yes books:
a no, or another day, after the question books nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # a Monday


@pytest.mark.parametrize(
    "question",
    [
        "is there parking nearby?",
        "is the building wheelchair accessible",
        "kann man bei euch das Velo irgendwo abstellen?",
        "se puede ir con ropa normal o hace falta chándal?",
    ],
)
def test_a_yes_after_an_unanswerable_question_books_the_shown_proposal(
    tmp_path: Path, question: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        shown = d.say("a consultation on wednesday at 10am please")
        assert d.tools[-1] == "propose_schedule" and "10:00" in shown
        answer = d.say(question)
        assert "book_group" not in d.tools and d.booked() == []
        assert answer.endswith(("Shall I book the plan as shown?", "Soll ich den Plan so buchen?",
                                "¿Reservo el plan tal como está?"))
        d.say("ok great, yes please")
        assert d.booked() == [("consultation", 1, "2026-03-04 10:00")]


@pytest.mark.parametrize("after", ["no thanks, leave it", "thursday at 11 instead"])
def test_only_a_yes_after_the_question_books(tmp_path: Path, after: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("a consultation on wednesday at 10am please")
        d.say("is there parking nearby?")
        d.say(after)
        assert "book_group" not in d.tools and d.booked() == []
