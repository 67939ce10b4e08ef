"""Phrasings of agent/nlu: numeric dates in either order, the
colon left out ("230pm"), "noonish", dash dates, asides that are no counts,
"what's next", and going back to an earlier offer. `now` is Monday 6 April 2026."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bookbot.agent import nlu
from bookbot.agent.nlu.dates import find_dates

NOW = datetime(2026, 4, 6, 9, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()


def one(text: str, *, day_first: bool = True) -> nlu.When:
    found = nlu.parse_when(text, NOW, day_first=day_first)
    assert len(found) == 1, found
    return found[0]


def test_ambiguous_numeric_date_follows_the_order_asked_for() -> None:
    assert one("4/10", day_first=False).date == date(2026, 4, 10)
    assert one("4/10", day_first=True).date == date(2026, 10, 4)
    assert one("04/14/2026", day_first=False).date == date(2026, 4, 14)


@given(st.integers(1, 12), st.integers(13, 28), st.booleans())
def test_a_part_above_12_is_the_day_in_either_order(month: int, day: int, first: bool) -> None:
    for text in (f"{month}/{day}", f"{day}/{month}"):
        (hit,) = find_dates(text, TODAY, day_first=first)
        assert (hit.date.month, hit.date.day) == (month, day)  # type: ignore[union-attr]


def test_a_passed_reading_gives_way_to_the_other_one_coming_soon() -> None:
    # "2/5" on 13 April: February 5 is past, May 2 is three weeks away
    (hit,) = find_dates("2/5", date(2026, 4, 13), day_first=False)
    assert hit.date == date(2026, 5, 2)
    # "4/10" on 13 April: October 4 is not soon; April 10 of next year stays
    (hit,) = find_dates("4/10", date(2026, 4, 13), day_first=False)
    assert hit.date == date(2027, 4, 10)


def test_dash_dates_need_a_padded_part_or_a_day_no_hour_reaches() -> None:
    assert one("15-04 same time").date == date(2026, 4, 15)
    assert one("4-25").date == date(2026, 4, 25)
    assert nlu.parse_when("2-4 sessions", NOW) == []
    assert nlu.parse_when("call me on 555-0101", NOW) == []
    ranged = one("between 9-14")
    assert ranged.date is None and ranged.window == (time(9), time(14))


def test_times_without_a_colon_and_noonish() -> None:
    assert one("4/25 at 230pm", day_first=False).time == time(14, 30)
    assert one("1030am tomorrow").time == time(10, 30)
    noonish = one("noonish on friday")
    assert (noonish.date, noonish.time, noonish.approximate) == (date(2026, 4, 10), time(12), True)
    assert one("half 3 on friday").time == time(15, 30)


def test_an_aside_is_no_count_and_no_booking() -> None:
    assert nlu.extract_count("sorry, one more thing, how many people per class?") is None
    assert nlu.Intent.BOOK not in nlu.detect_intents("one more question")
    count = nlu.extract_count("2 more sessions")
    assert count is not None and count.value == 2


def test_whats_next_asks_for_the_bookings() -> None:
    assert nlu.Intent.LIST_BOOKINGS in nlu.detect_intents("what's next for me?")
    assert nlu.Intent.LIST_BOOKINGS not in nlu.detect_intents("what's next week like")


def test_earlier_offer() -> None:
    assert nlu.earlier_offer("actually the first time you offered was better") == "first"
    assert nlu.earlier_offer("the first option was better") == "first"
    assert nlu.earlier_offer("let's go back to the original time") == "first"
    assert nlu.earlier_offer("the previous one please") == "previous"
    assert nlu.earlier_offer("the first one") is None  # a pick among listed options
    assert nlu.earlier_offer("my first session was great") is None
