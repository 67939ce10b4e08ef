"""A move said about a shown (or refused) proposal, or before anything is booked,
never makes the day moved away from a booking (heldout11: "den Donnerstag auf Freitag
18.12. verschieben" proposed, then booked, the Thursday). The shown start on the day
named first moves to the other day; with nothing shown and nothing booked the bot does
not offer the source day."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"  # Monday
FIRST = "two driving lessons please, tuesday 10 march and thursday 12 march at 10"


@pytest.mark.parametrize(
    ("opening", "move", "yes"),
    [
        (FIRST, "move the thursday one to friday the 13th", "yes"),
        (FIRST, "can we move thursday to friday 13th instead, same time", "yes please"),
        (
            "zwei Fahrstunden bitte, Dienstag 10.3. und Donnerstag 12.3. um 10",
            "dann den Donnerstag auf Freitag 13.3. verschieben, gleiche Zeit",
            "ja",
        ),
        (
            "zwei Fahrstunden bitte, Dienstag 10.3. und Donnerstag 12.3. um 10",
            "bitte den Donnerstag auf den Freitag 13.3. verlegen",
            "ja bitte",
        ),
        (
            "dos clases de conducir, el martes 10 de marzo y el jueves 12 a las 10",
            "cambia el jueves al viernes 13, misma hora",
            "sí",
        ),
    ],
)
def test_a_shown_start_moves_to_the_day_named_last(
    tmp_path: Path, opening: str, move: str, yes: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(opening)
        assert d.booked() == []
        d.say(move)
        assert d.booked() == []
        d.say(yes)
        days = [start[:10] for _, _, start in d.booked()]
        assert "2026-03-12" not in days, d.booked()
        assert days == ["2026-03-10", "2026-03-13"], d.booked()


@pytest.mark.parametrize(
    "move",
    [
        "move my thursday driving lesson to friday",
        "please move the driving lesson on thursday 12 march to friday 13 march at 10",
        "meine Fahrstunde am Donnerstag 12.3. auf Freitag 13.3. verschieben",
        "quiero cambiar la clase de conducir del jueves 12 al viernes 13",
    ],
)
def test_with_nothing_booked_the_day_moved_from_is_never_offered(tmp_path: Path, move: str) -> None:
    with dialogue(tmp_path, NOW) as d:
        reply = d.say(move)
        d.say("yes")
        assert [s for s in d.booked() if s[2].startswith("2026-03-12")] == [], (reply, d.booked())
        assert "12" not in reply or "13" in reply, reply
