"""A day or time the customer takes back in the same message is replaced by the one
that corrects it, keeping what the correction leaves out (agent/nlu/corrections.py).
Phrasings of our own, in each language."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=BERLIN)  # a Monday
TUE, WED, THU, FRI = date(2027, 3, 2), date(2027, 3, 3), date(2027, 3, 4), date(2027, 3, 5)


def readings(text: str, lang: str) -> list[tuple[date | None, time | None]]:
    return [(w.date, w.time) for w in parse_when(text, NOW, lang=lang) if not w.excluded]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a day taken back, the time kept
        ("en", "wednesday 10am pls, no wait, thursday", [(THU, time(10))]),
        ("en", "could i come wed at 10 - sorry i meant thurs", [(THU, time(10))]),
        ("en", "tuesday at 2pm... scratch that, friday at 2pm", [(FRI, time(14))]),
        ("de", "mittwoch um 10, nee warte, donnerstag", [(THU, time(10))]),
        ("de", "am dienstag um 14 uhr, ich meine am freitag", [(FRI, time(14))]),
        ("de", "Mittwoch 10 Uhr, nein sorry, Donnerstag 10 Uhr", [(THU, time(10))]),
        ("es", "el miércoles a las 10, no perdón, el jueves", [(THU, time(10))]),
        ("es", "martes a las 14, digo, viernes", [(FRI, time(14))]),
        ("es", "el miércoles a las 10 mejor dicho el jueves", [(THU, time(10))]),
        # a time taken back, the day kept
        ("en", "friday at 3pm, no sorry, 4pm", [(FRI, time(16))]),
        ("en", "thu 5pm oops i mean 6pm", [(THU, time(18))]),
        ("de", "freitag um 15 uhr, äh nein nein, um 16 uhr", [(FRI, time(16))]),
        ("de", "donnerstag 17 uhr, besser gesagt 18 uhr", [(THU, time(18))]),
        ("es", "el viernes a las 3 de la tarde no no, a las 4 de la tarde", [(FRI, time(16))]),
        ("es", "jueves a las 17, perdona, quise decir a las 18", [(THU, time(18))]),
    ],
)
def test_what_the_customer_takes_back_is_replaced(
    lang: str, text: str, expected: list[tuple[date | None, time | None]]
) -> None:
    assert readings(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "count"),
    [
        # no reading before the marker, or none after it: nothing is taken back
        ("en", "sorry i meant to ask: is thursday at 10 free?", 1),
        ("en", "thursday at 10, sorry for the late reply", 1),
        ("de", "ich meine, geht donnerstag um 10?", 1),
        ("es", "perdón, ¿el jueves a las 10 hay sitio?", 1),
        # two days with no correction between them stay two
        ("en", "wednesday or thursday at 10", 2),
        ("de", "mittwoch oder donnerstag um 10", 2),
        ("es", "el miércoles o el jueves a las 10", 2),
        # a plain "no" that turns a day down is not a correction
        ("en", "no, wednesday at 10 is bad, thursday at 10?", 2),
    ],
)
def test_without_a_correction_between_two_readings_nothing_is_replaced(
    lang: str, text: str, count: int
) -> None:
    assert len(parse_when(text, NOW, lang=lang)) == count
