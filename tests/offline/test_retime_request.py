"""A bare new time after a conflict on several wished starts re-times the whole request:
every start that had the refused time of day moves to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.offline.dialogue_testkit import dialogue


@pytest.mark.parametrize("new_time", ["8am then", "ok, make it 8:00", "then at 8 please"])
def test_a_bare_time_moves_every_start_that_had_the_refused_time(
    tmp_path: Path, new_time: str
) -> None:
    with dialogue(tmp_path, "2026-03-02T09:00") as chat:
        chat.say(
            "I'd like to book 3 personal training sessions: Monday, Wednesday and Friday "
            "next week at 7:30am"
        )
        reply = chat.say(new_time)
    assert "07:30" not in reply, reply
    for day in ("9 Mar", "11 Mar", "13 Mar"):
        assert day in reply, reply
    assert reply.count("08:00") >= 3, reply
