"""A day named without its month right after the reply told the next session's window
("between 1 Feb and 1 Mar") is the one inside it: "am 15." is 15 Feb, not 15 Jan
(issue 13). A day named with its month stays as said."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from bookbot.agent.offline.wishes import WishReader

WINDOW = {"day_window": ["2027-02-01", "2027-03-01"]}


def _reader(text: str, lang: str, state: dict[str, object]) -> SimpleNamespace:
    return SimpleNamespace(state=state, u=SimpleNamespace(text=text, lang=lang))


@pytest.mark.parametrize(
    ("text", "lang", "said", "meant"),
    [
        ("dann am 15. um 8", "de", date(2027, 1, 15), date(2027, 2, 15)),
        ("the 20th at 9 please", "en", date(2027, 1, 20), date(2027, 2, 20)),
        ("el 22 a las 10", "es", date(2027, 1, 22), date(2027, 2, 22)),
        ("am 15.1. um 8", "de", date(2027, 1, 15), date(2027, 1, 15)),
        ("the 20th of january", "en", date(2027, 1, 20), date(2027, 1, 20)),
        ("am 10. um 8", "de", date(2027, 2, 10), date(2027, 2, 10)),
    ],
)
def test_a_day_without_its_month_lands_in_the_window_told(
    text: str, lang: str, said: date, meant: date
) -> None:
    assert WishReader._in_window(_reader(text, lang, WINDOW), said) == meant  # type: ignore[arg-type]


def test_without_a_window_told_the_day_stays() -> None:
    reader = _reader("am 15.", "de", {})
    assert WishReader._in_window(reader, date(2027, 1, 15)) == date(2027, 1, 15)  # type: ignore[arg-type]
