"""'Cancel all my appointments' cancels every plan, not the one in focus: all booked
sessions are shown first, nothing is cancelled before the yes to the previews, and
naming one plan instead cancels only that plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import Dialogue, dialogue

NOW = "2026-03-02T09:00"


def _two_plans(d: Dialogue) -> None:
    d.say("laser march 10 at 10")
    d.say("yes")
    d.say("physio march 11 at 10")
    d.say("yes")
    assert len(d.booked()) == 5


@pytest.mark.parametrize(
    "text",
    ["please cancel all my appointments", "cancel everything", "bitte alle meine Termine absagen",
     "anula todas mis citas por favor"],
)  # fmt: skip
def test_cancel_all_cancels_every_plan_after_the_yes(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        _two_plans(d)
        listed = d.say(text)
        assert "cancel_booking" not in d.tools and len(d.booked()) == 5
        shown = listed.lower()
        assert all(f"{n}.3." in shown or f"{n} mar" in shown for n in (10, 11))
        d.say("yes" if "cancel" in text else "ja" if "Termine" in text else "sí")
        assert len(d.booked()) == 5  # the previews are shown, nothing cancelled yet
        d.say("yes" if "cancel" in text else "ja" if "Termine" in text else "sí")
        assert d.booked() == []


def test_no_to_cancel_all_cancels_nothing(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        _two_plans(d)
        d.say("cancel all my appointments")
        d.say("no")
        d.say("yes")
        assert len(d.booked()) == 5


def test_naming_one_plan_after_cancel_all_cancels_only_that_plan(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        _two_plans(d)
        d.say("cancel everything")
        d.say("just the physio")
        d.say("yes")
        assert [b[0] for b in d.booked()] == ["laser-hair-removal"] * 4


@pytest.mark.parametrize(
    "text",
    [
        "we can't make it on april 7, please cancel that one, the others stay",
        "I can't come on Tuesday 7 April so please cancel it",
        "am 7.4. können wir leider nicht, bitte den Termin absagen, die anderen bleiben",
        "please cancel my appointment on 7 april",
    ],
)
def test_a_cancellation_naming_a_day_cancels_only_that_days_session(
    tmp_path: Path, text: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("laser march 10 at 10")
        d.say("yes")
        preview = d.say(text)
        assert "5 May" not in preview and "5.5." not in preview
        d.say("ja" if "bitte" in text else "yes")
        assert [b[1] for b in d.booked()] == [1, 3, 4]
