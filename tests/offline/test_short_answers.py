"""A short answer to the bot's own question keeps its context: a yes to "would
another day work?" offers the next free days (it does not start over), and "the
soonest you have" proposes the first free start (still waiting for a yes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # a Monday; the demo business is closed on Sundays


@pytest.mark.parametrize("yes", ["yes please", "sure", "ok", "yes, that works"])
def test_a_yes_to_another_day_offers_the_next_free_days(tmp_path: Path, yes: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        asked = d.say("physio on sunday march 8")
        assert "another day" in asked
        offered = d.say(yes)
        assert d.tools[-1] == "check_availability" and d.choices
        assert all(c.id > "2026-03-08" for c in d.choices)
        assert "includes 8 sessions" not in offered and d.booked() == []


@pytest.mark.parametrize(
    "text", ["the soonest you have", "earliest available please", "first available slot"]
)
def test_the_soonest_is_proposed_and_booked_only_after_a_yes(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("I want the laser")
        shown = d.say(text)
        assert d.tools[-1] == "propose_schedule" and "Mon 2 Mar 2026, 11:00" in shown
        assert d.booked() == []
        d.say("yes")
        assert d.booked()[0] == ("laser-hair-removal", 1, "2026-03-02 11:00")
