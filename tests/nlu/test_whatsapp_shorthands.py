"""Spanish WhatsApp shorthands (heldout10: "mañ a las 6 d la tarde pal teorico") read
as the words they stand for: "mañ" mañana, "d" de, "pal" para el, "pa" para."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import parse_when

ZONE = ZoneInfo("Europe/Madrid")
NOW = datetime(2027, 1, 27, 12, 0, tzinfo=ZONE)  # Wednesday


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("hay hueco mañ a las 6 d la tarde?", datetime(2027, 1, 28, 18, 0, tzinfo=ZONE)),
        ("mañ a las 7 d la tarde pal examen", datetime(2027, 1, 28, 19, 0, tzinfo=ZONE)),
        ("el sabado a las 10 d la mañana", datetime(2027, 1, 30, 10, 0, tzinfo=ZONE)),
        ("pa mañ a las 5 d la tarde porfa", datetime(2027, 1, 28, 17, 0, tzinfo=ZONE)),
        ("el viernes a las 4 d la tarde pal practico", datetime(2027, 1, 29, 16, 0, tzinfo=ZONE)),
    ],
)
def test_shorthands_read_as_their_words(text: str, start: datetime) -> None:
    found = [w.at(ZONE) for w in parse_when(text, NOW, None, lang="es")]
    assert found == [start]
