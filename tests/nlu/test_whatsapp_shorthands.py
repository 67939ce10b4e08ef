"""Spanish WhatsApp shorthands (heldout10: "mañ a las 6 d la tarde pal teorico") read
as the words they stand for: "mañ" mañana, "d" de, "pal" para el, "pa" para."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import parse_when

NOW = datetime(2027, 1, 27, 12, 0, tzinfo=ZoneInfo("Europe/Madrid"))  # Wednesday


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("hay hueco mañ a las 6 d la tarde?", datetime(2027, 1, 28, 18, 0)),
        ("mañ a las 7 d la tarde pal examen", datetime(2027, 1, 28, 19, 0)),
        ("el sabado a las 10 d la mañana", datetime(2027, 1, 30, 10, 0)),
        ("pa mañ a las 5 d la tarde porfa", datetime(2027, 1, 28, 17, 0)),
        ("el viernes a las 4 d la tarde pal practico", datetime(2027, 1, 29, 16, 0)),
    ],
)
def test_shorthands_read_as_their_words(text: str, start: datetime) -> None:
    found = [w.at(NOW.tzinfo) for w in parse_when(text, NOW, None, lang="es")]  # type: ignore[arg-type]
    assert found == [start.replace(tzinfo=NOW.tzinfo)]
