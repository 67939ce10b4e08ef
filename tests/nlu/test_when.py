"""parse_when: dates and times resolved against a fixed local `now`."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import When, expand_recurring, parse_when

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH)  # a Monday
YEAR_END = datetime(2026, 12, 30, 16, 0, tzinfo=ZURICH)  # a Wednesday
REFERENCE = datetime(2026, 3, 5, 10, 0, tzinfo=ZURICH)  # Thursday 10:00


def one(text: str, now: datetime = NOW, **kwargs: object) -> When:
    found = parse_when(text, now, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("How about March 10th at 2pm?", d(3, 10), time(14)),
        ("10 March 14:00", d(3, 10), time(14)),
        ("10.03.", d(3, 10), None),
        ("10/03", d(3, 10), None),
        ("2026-03-10", d(3, 10), None),
        ("2026-03-10T14:00", d(3, 10), time(14)),
        ("on the 24th", d(3, 24), None),
        ("Tuesday the 24th", d(3, 24), None),
        ("tue 24th at 9:30", d(3, 24), time(9, 30)),
        ("Tomorrow at 10am if possible", d(3, 3), time(10)),
        ("today 5pm", d(3, 2), time(17)),
        ("the day after tomorrow", d(3, 4), None),
        ("Friday 5pm", d(3, 6), time(17)),
        ("Fri at 17:30", d(3, 6), time(17, 30)),
        ("next Tuesday", d(3, 10), None),
        ("next week Tuesday", d(3, 10), None),
        ("Tuesday next week", d(3, 10), None),
        ("Thursday of the following week", d(3, 12), None),
        ("this Friday", d(3, 6), None),
        ("this Monday", d(3, 2), None),
        ("Monday", d(3, 9), None),
        ("in 2 weeks", d(3, 16), None),
        ("in two weeks", d(3, 16), None),
        ("in 3 days", d(3, 5), None),
        ("in a couple of weeks", d(3, 16), None),
        ("a week from Monday", d(3, 16), None),
        ("2 weeks from now", d(3, 16), None),
        ("in a month", d(4, 2), None),
        ("March 1st", d(3, 1, 2027), None),
        ("the 1st", d(4, 1), None),
        ("Thursday 12th March", d(3, 12), None),
        ("the 5th of May", d(5, 5), None),
        ("Mar 10", d(3, 10), None),
        ("10th of March 2027", d(3, 10, 2027), None),
        ("March 10, 2027 at 9am", d(3, 10, 2027), time(9)),
        ("12.12.2026", d(12, 12), None),
        ("see you on 1.4.26", d(4, 1), None),
        ("3/24", d(3, 24), None),
        ("12/25/2026", d(12, 25), None),
        ("3pm on the 15th", d(3, 15), time(15)),
        ("15th at 3", d(3, 15), time(15)),
        ("the 3rd of next month", d(4, 3), None),
        ("tommorow at 10", d(3, 3), time(10)),
        ("wendesday at 4pm", d(3, 4), time(16)),
        ("sat 10am", d(3, 7), time(10)),
        ("Wed at 4", d(3, 4), time(16)),
    ],
)
def test_dates_with_optional_times(text: str, day: date, at: time | None) -> None:
    found = one(text)
    assert found.valid, found.invalid_reason
    assert (found.date, found.time) == (day, at)
    assert found.weekdays == frozenset({day.weekday()})


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("noon", time(12)),
        ("midday", time(12)),
        ("half past 2", time(14, 30)),
        ("quarter to five", time(16, 45)),
        ("quarter past 10", time(10, 15)),
        ("2:30 pm", time(14, 30)),
        ("2:30", time(14, 30)),
        ("8:30", time(8, 30)),
        ("10.30am", time(10, 30)),
        ("14h", time(14)),
        ("14h30", time(14, 30)),
        ("at 9", time(9)),
        ("at 3", time(15)),
        ("at 7", time(19)),
        ("at 12", time(12)),
        ("9 o'clock", time(9)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("ten thirty am", time(10, 30)),
        ("at 1430h", time(14, 30)),
        ("8 in the evening", time(20)),
        ("7 in the morning", time(7)),
    ],
)
def test_times_of_day(text: str, at: time) -> None:
    found = one(text)
    assert (found.date, found.time, found.approximate) == (None, at, False)


@pytest.mark.parametrize(
    ("text", "at", "window"),
    [
        ("morning", time(9), (time(8), time(12))),
        ("in the afternoon", time(14), (time(12), time(17))),
        ("evening", time(18), (time(17), time(21))),
        ("between 2 and 4", time(14), (time(14), time(16))),
        ("2-4pm", time(14), (time(14), time(16))),
        ("11-1pm", time(11), (time(11), time(13))),
        ("after 3pm", time(15), (time(15), time(23, 59))),
        ("before 11", None, (time(0), time(11))),
        ("around 3", time(15), None),
        ("3ish", time(15), None),
    ],
)
def test_approximate_times(text: str, at: time | None, window: tuple[time, time] | None) -> None:
    found = one(text)
    assert found.approximate
    assert (found.time, found.window) == (at, window)


def test_tonight_and_this_morning_mean_today() -> None:
    tonight = one("tonight at 8")
    assert (tonight.date, tonight.time) == (d(3, 2), time(20))
    morning = one("this morning")
    assert (morning.date, morning.time, morning.approximate) == (d(3, 2), time(9), True)


def test_greeting_is_not_a_time() -> None:
    assert parse_when("Good morning! I'd like to book", NOW) == []


def test_a_time_after_a_list_of_days_applies_to_each() -> None:
    found = parse_when("Monday and Wednesday at 6pm", NOW)
    assert [(w.date, w.time) for w in found] == [(d(3, 9), time(18)), (d(3, 4), time(18))]
    assert not any(w.recurring for w in found)


def test_a_time_before_a_list_of_days_applies_to_each() -> None:
    found = parse_when("at 6pm on monday or tuesday", NOW)
    assert [(w.date, w.time) for w in found] == [(d(3, 9), time(18)), (d(3, 3), time(18))]


def test_two_times_for_one_day_are_two_options() -> None:
    found = parse_when("Monday at 5 or 6", NOW)
    assert [(w.date, w.time) for w in found] == [(d(3, 9), time(17)), (d(3, 9), time(18))]
    found = parse_when("at 10 or 11 tomorrow", NOW)
    assert [(w.date, w.time) for w in found] == [(d(3, 3), time(10)), (d(3, 3), time(11))]


def test_weekly_habits_are_recurring_and_expand_in_order() -> None:
    found = parse_when("Mondays and Wednesdays at 6pm, and Saturday mornings", NOW)
    assert [(sorted(w.weekdays), w.time, w.recurring) for w in found] == [
        ([0], time(18), True),
        ([2], time(18), True),
        ([5], time(9), True),
    ]
    assert found[2].window == (time(8), time(12)) and found[2].approximate
    dated = expand_recurring(found, date(2026, 3, 2), 5)
    assert [(w.date, w.time) for w in dated] == [
        (d(3, 2), time(18)),
        (d(3, 4), time(18)),
        (d(3, 7), time(9)),
        (d(3, 9), time(18)),
        (d(3, 11), time(18)),
    ]


def test_weekday_sets() -> None:
    found = one("after 5 on weekdays")
    assert found.weekdays == frozenset(range(5)) and found.recurring
    assert found.window == (time(17), time(23, 59))
    assert one("every Tuesday").recurring


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("next week", d(3, 9), d(3, 15)),
        ("this week", d(3, 2), d(3, 8)),
        ("the week after next", d(3, 16), d(3, 22)),
        ("this weekend", d(3, 7), d(3, 8)),
        ("next weekend", d(3, 14), d(3, 15)),
        ("next month", d(4, 1), d(4, 30)),
        ("in April", d(4, 1), d(4, 30)),
        ("early April", d(4, 1), d(4, 10)),
        ("end of March", d(3, 21), d(3, 31)),
        ("the first week of April", d(4, 1), d(4, 7)),
        ("the last week of April", d(4, 24), d(4, 30)),
        ("within 2 weeks", d(3, 2), d(3, 16)),
    ],
)
def test_ranges(text: str, start: date, end: date) -> None:
    found = one(text)
    assert (found.date, found.end_date) == (start, end)
    assert found.is_range


def test_range_with_a_time() -> None:
    found = one("next week at 3pm")
    assert (found.date, found.end_date, found.time) == (d(3, 9), d(3, 15), time(15))


def test_same_time_uses_the_reference() -> None:
    found = one("Same time on Friday?", reference=REFERENCE)
    assert (found.date, found.time) == (d(3, 6), time(10))
    next_week = one("same time next week", reference=REFERENCE)
    assert (next_week.date, next_week.time) == (d(3, 12), time(10))
    alone = one("same time", reference=REFERENCE.astimezone(ZoneInfo("UTC")))
    assert (alone.date, alone.time) == (None, time(10))


def test_same_time_without_reference_names_only_the_day() -> None:
    found = one("same time on Friday")
    assert (found.date, found.time) == (d(3, 6), None)
    assert parse_when("same time", NOW) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("February 30th", "February has no 30th"),
        ("31/04", "April has no 31st"),
        ("30.02.", "February has no 30th"),
        ("the 30th of February at 3pm", "February has no 30th"),
        ("29/02", "February 2027 has no 29th (2027 is not a leap year)"),
        ("2026-13-01", "there is no month 13"),
        ("14:75", "14:75 is not a time of day"),
        ("at 25:00 tomorrow", "25:00 is not a time of day"),
        ("Wednesday the 24th", "March 24 is a Tuesday, not a Wednesday"),
    ],
)
def test_impossible_dates_are_reported(text: str, reason: str) -> None:
    found = one(text)
    assert not found.valid
    assert found.invalid_reason == reason
    assert found.at(ZURICH) is None


def test_mismatched_weekday_keeps_the_date_as_a_hint() -> None:
    assert one("Wednesday the 24th").date == d(3, 24)


def test_leap_day_in_a_leap_year() -> None:
    found = one("29/02", now=datetime(2028, 1, 10, 9, tzinfo=ZURICH))
    assert found.valid and found.date == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("January 5th", date(2027, 1, 5)),
        ("Friday", date(2027, 1, 1)),
        ("the 3rd", date(2027, 1, 3)),
        ("10/01", date(2027, 1, 10)),
        ("next Monday", date(2027, 1, 4)),
        ("Dec 31", date(2026, 12, 31)),
        ("Dec 29", date(2027, 12, 29)),
        ("in 2 weeks", date(2027, 1, 13)),
        ("in a month", date(2027, 1, 30)),
        ("tomorrow", date(2026, 12, 31)),
        ("the day after tomorrow", date(2027, 1, 1)),
    ],
)
def test_year_end_rollover(text: str, day: date) -> None:
    assert one(text, now=YEAR_END).date == day


def test_year_end_ranges() -> None:
    assert (one("next week", now=YEAR_END).date, one("next week", now=YEAR_END).end_date) == (
        date(2027, 1, 4),
        date(2027, 1, 10),
    )
    month = one("next month", now=YEAR_END)
    assert (month.date, month.end_date) == (date(2027, 1, 1), date(2027, 1, 31))
    march = one("in March", now=YEAR_END)
    assert march.date == date(2027, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "I need 2 sessions",
        "I have 3 kids",
        "My back hurts since 2 weeks",
        "Session 2 of 8",
        "call me at +41 79 123 45 67",
        "CHF 3500",
        "The 2nd session",
        "wait a second",
        "First, I'd like to know the price",
        "for the first time",
        "May I book a dental implant?",
        "I sat down",
        "version 2.0",
        "1.5 hours",
        "I'm 25 years old",
        "Let's do 3 to start",
        "pizza",
        "",
    ],
)
def test_no_date_or_time(text: str) -> None:
    assert parse_when(text, NOW) == []


def test_span_and_text_point_into_the_original() -> None:
    text = "OK so, how about  TWENTY-FOURTH of March at half past two?"
    found = one(text)
    assert found.text == "TWENTY-FOURTH of March at half past two"
    assert text[found.span[0] : found.span[1]] == found.text
    assert (found.date, found.time) == (d(3, 24), time(14, 30))


def test_at_gives_an_aware_datetime_across_dst() -> None:
    found = one("March 30th at 2pm")  # after the switch to summer time
    start = found.at(ZURICH)
    assert start is not None and start.utcoffset() is not None
    assert (start.hour, start.utcoffset().total_seconds()) == (14, 7200)  # type: ignore[union-attr]


def test_in_two_hours_is_a_datetime_from_now() -> None:
    found = one("in 2 hours")
    assert (found.date, found.time) == (d(3, 2), time(11))
    late = one("in 3 hours", now=datetime(2026, 3, 2, 23, 0, tzinfo=ZURICH))
    assert (late.date, late.time) == (d(3, 3), time(2))


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_when("tomorrow", NOW.replace(tzinfo=None))


def test_month_first_reading_can_be_asked_for() -> None:
    assert one("03/10", day_first=False).date == d(3, 10)
    assert one("03/10").date == d(10, 3)


def test_what_about_proposes_an_exact_time() -> None:
    found = one("What about 4:30?")
    assert (found.text, found.time, found.approximate) == ("4:30", time(16, 30), False)


def test_from_one_day_to_another_names_both() -> None:
    found = parse_when("move my session on the 24th to the 26th", NOW)
    assert [w.date for w in found] == [d(3, 24), d(3, 26)]


def test_leading_zero_hours_are_24_hour_times() -> None:
    assert one("03:00").time == time(3)
    assert one("07:30").time == time(7, 30)


def test_in_hours_counts_real_hours_across_dst() -> None:
    before_switch = datetime(2026, 3, 29, 1, 30, tzinfo=ZURICH)  # clocks jump 02:00 -> 03:00
    found = one("in 2 hours", now=before_switch)
    assert (found.date, found.time) == (date(2026, 3, 29), time(4, 30))
