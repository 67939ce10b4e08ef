"""A day followed by Irish and British "so" (then), "grand", "yeah" is still a day
(heldout10: "ah ok. the 14th so, same time" after a refusal was read as no day, and
the refused day was offered again)."""

from __future__ import annotations

from datetime import date

import pytest

from bookbot.agent.nlu.dates import find_dates

TODAY = date(2026, 12, 9)


@pytest.mark.parametrize(
    "text",
    ["the 14th so, same time", "ok the 14th so", "the 14th grand", "the 14th yeah, 6pm",
     "monday the 14th so"],
)  # fmt: skip
def test_a_day_before_so_is_a_day(text: str) -> None:
    assert [d.date for d in find_dates(text, TODAY, "en")] == [date(2026, 12, 14)]
