"""Phrasings customers really send on WhatsApp, written fresh for this battery.

None of these come from the repo's other tests or eval cases. `now` is a fixed
Thursday, 12 February 2026, 11:00 in London, so every date below can be checked by
hand: Fri 13, Sat 14, Sun 15, Mon 16 ... Sun 22, Mon 23 ... Sat 28 Feb, Sun 1 Mar,
Mon 2, Tue 3 Mar. The service matcher runs on an invented clinic-and-gym business.

Where a phrasing is genuinely ambiguous the test asserts the conservative reading
(no date or time rather than a guessed one) and says why.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookbot.agent.nlu import (
    Intent,
    ReplyKind,
    When,
    best_service,
    classify_reply,
    detect_intents,
    extract_choice,
    extract_count,
    extract_session_number,
    parse_when,
    primary_intent,
)
from bookbot.agent.nlu.en import WEEKDAY_NAMES
from bookbot.core.config import Service

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 2, 12, 11, 0, tzinfo=LONDON)  # a Thursday


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def one(text: str, now: datetime = NOW) -> When:
    found = parse_when(text, now)
    assert len(found) == 1, found
    return found[0]


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("the 3rd", d(3, 3)),
        ("3rd of March", d(3, 3)),
        ("March 3", d(3, 3)),
        ("mar 3rd pls", d(3, 3)),
        ("3/3", d(3, 3)),
        ("03.03.", d(3, 3)),
        ("2026-03-03", d(3, 3)),
        ("03/03/2026", d(3, 3)),
        ("could I come on the 3rd?", d(3, 3)),
        ("the 3rd of next month", d(3, 3)),
        ("next Tuesday", d(2, 17)),
        ("nxt tues", d(2, 17)),
        ("this Friday", d(2, 13)),
        ("ths fri", d(2, 13)),
        ("Tuesday week", d(2, 24)),
        ("a week on Tuesday", d(2, 24)),
        ("a week today", d(2, 19)),
        ("a week tomorrow", d(2, 20)),
        ("2 weeks on Friday", d(2, 27)),
        ("a fortnight on Monday", d(3, 2)),
        ("Friday after next", d(2, 27)),
        ("in two weeks", d(2, 26)),
        ("in 2 wks", d(2, 26)),
        ("in a fortnight", d(2, 26)),
        ("in 10 days", d(2, 22)),
        ("day after tomorrow", d(2, 14)),
        ("tmrw", d(2, 13)),
        ("2moro", d(2, 13)),
        ("2day", d(2, 12)),
        ("tomorow", d(2, 13)),
        ("wednesdy", d(2, 18)),
        ("thrusday", d(2, 19)),
        ("satruday", d(2, 14)),
        ("Saturday the 14th", d(2, 14)),
        ("Monday 16th", d(2, 16)),
        ("Tue 17th Feb", d(2, 17)),
        ("febuary 20th", d(2, 20)),
        ("the 20th", d(2, 20)),
    ],
)
def test_dates(text: str, day: date) -> None:
    when = one(text)
    assert when.date == day
    assert when.valid


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("next week", d(2, 16), d(2, 22)),
        ("sometime next week", d(2, 16), d(2, 22)),
        ("the week after next", d(2, 23), d(3, 1)),
        ("end of next week", d(2, 19), d(2, 22)),
        ("end of the week", d(2, 12), d(2, 15)),
        ("beginning of next week", d(2, 16), d(2, 18)),
        ("end of the month", d(2, 21), d(2, 28)),
        ("end of this month", d(2, 21), d(2, 28)),
        ("end of next month", d(3, 21), d(3, 31)),
        ("this weekend", d(2, 14), d(2, 15)),
        ("early March", d(3, 1), d(3, 10)),
        ("sometime in March", d(3, 1), d(3, 31)),
    ],
)
def test_ranges(text: str, first: date, last: date) -> None:
    when = one(text)
    assert (when.date, when.end_date) == (first, last)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("February 30", "February has no 30th"),
        ("30th of Feb", "February has no 30th"),
        ("can I do 31st April?", "April has no 31st"),
        ("31/06", "June has no 31st"),
        ("29th Feb", "February 2026 has no 29th (2026 is not a leap year)"),
    ],
)
def test_dates_that_do_not_exist_are_reported_not_guessed(text: str, reason: str) -> None:
    when = one(text)
    assert not when.valid
    assert when.invalid_reason == reason
    assert when.at(LONDON) is None


def test_weekday_that_does_not_match_the_date_is_reported() -> None:
    when = one("Wednesday 3rd March")
    assert not when.valid
    assert when.date == d(3, 3)  # the hint: the 3rd is a Tuesday
    assert "Tuesday" in (when.invalid_reason or "")


# --- times -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "at", "approximate"),
    [
        ("2pm", time(14), False),
        ("2 pm", time(14), False),
        ("14:00", time(14), False),
        ("14h", time(14), False),
        ("at 1530", time(15, 30), False),
        ("half past two", time(14, 30), False),
        ("half past 2pm", time(14, 30), False),
        ("half 2", time(14, 30), False),
        ("at half ten", time(10, 30), False),
        ("quarter to 5", time(16, 45), False),
        ("quarter past 3pm", time(15, 15), False),
        ("at quarter to 5pm", time(16, 45), False),
        ("10 past 4", time(16, 10), False),
        ("noon", time(12), False),
        ("midday", time(12), False),
        ("at 9", time(9), False),
        ("at 3", time(15), False),
        ("9ish", time(9), True),
        ("around 10", time(10), True),
        ("10am-ish", time(10), True),
        ("3.30pm", time(15, 30), False),
        ("7 o'clock", time(19), False),
        ("at 7 in the evening", time(19), False),
        ("8 in the morning", time(8), False),
    ],
)
def test_times(text: str, at: time, approximate: bool) -> None:
    when = one(text)
    assert when.date is None
    assert when.time == at
    assert when.approximate is approximate


@pytest.mark.parametrize(
    ("text", "at", "window"),
    [
        ("after 5pm", time(17), (time(17), time(23, 59))),
        ("any time after 6", time(18), (time(18), time(23, 59))),
        ("before 10", None, (time(0), time(10))),
        ("between 1 and 3", time(13), (time(13), time(15))),
        ("1-3pm", time(13), (time(13), time(15))),
        ("in the afternoon", time(14), (time(12), time(17))),
        ("mornings", time(9), (time(8), time(12))),
        ("lunchtime", time(12), (time(11, 30), time(14))),
        ("first thing", time(8), (time(7), time(10))),
        ("arvo", time(14), (time(12), time(17))),
    ],
)
def test_time_windows(text: str, at: time | None, window: tuple[time, time]) -> None:
    when = one(text)
    assert (when.time, when.window) == (at, window)
    assert when.approximate


# --- dates with times ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("tomorrow morning", d(2, 13), time(9)),
        ("tmr 9am", d(2, 13), time(9)),
        ("2moro at 4", d(2, 13), time(16)),
        ("2:30 tmrw", d(2, 13), time(14, 30)),
        ("tomorrow eve", d(2, 13), time(18)),
        ("first thing tomorrow", d(2, 13), time(8)),
        ("next Tuesday at 2pm", d(2, 17), time(14)),
        ("this Friday 4pm", d(2, 13), time(16)),
        ("Friday at noon", d(2, 13), time(12)),
        ("midday friday", d(2, 13), time(12)),
        ("Friday around 10", d(2, 13), time(10)),
        ("Monday after 5pm", d(2, 16), time(17)),
        ("Tuesday in the afternoon", d(2, 17), time(14)),
        ("monday arvo", d(2, 16), time(14)),
        ("Wednesday 9ish", d(2, 18), time(9)),
        ("tomorrow, half past two", d(2, 13), time(14, 30)),
        ("can I come Friday at half 2", d(2, 13), time(14, 30)),
        ("on tuesday at half 3", d(2, 17), time(15, 30)),
        ("Thursday quarter to 5", d(2, 19), time(16, 45)),
        ("thrusday at 3", d(2, 19), time(15)),
        ("is monday at 10 ok", d(2, 16), time(10)),
        ("weds 11am", d(2, 18), time(11)),
        ("Saturday the 14th at 11", d(2, 14), time(11)),
        ("the 20th at 3:30pm", d(2, 20), time(15, 30)),
        ("at 3 on the 17th", d(2, 17), time(15)),
        ("17/2 at 15:00", d(2, 17), time(15)),
        ("2026-02-17 15:00", d(2, 17), time(15)),
        ("feb 17th 10am", d(2, 17), time(10)),
        ("the 3rd at 2", d(3, 3), time(14)),
        ("Tuesday 3rd March at 2", d(3, 3), time(14)),
        ("Monday week at 10", d(2, 23), time(10)),
        ("i can come in around 4.30 on thursday", d(2, 19), time(16, 30)),
        ("friday 10 a.m.", d(2, 13), time(10)),
        ("how about Saturday week in the morning", d(2, 21), time(9)),
        ("a week on Friday at 11", d(2, 20), time(11)),
        ("first thing Monday", d(2, 16), time(8)),
        ("@0930 on friday", d(2, 13), time(9, 30)),
        ("at 8 tonight", d(2, 12), time(20)),
    ],
)
def test_date_and_time(text: str, day: date, at: time) -> None:
    when = one(text)
    assert (when.date, when.time) == (day, at)
    assert when.valid


def test_two_times_on_one_day() -> None:
    found = parse_when("tomorrow at 2 or 3", NOW)
    assert [(w.date, w.time) for w in found] == [(d(2, 13), time(14)), (d(2, 13), time(15))]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("the 20th or 21st", [d(2, 20), d(2, 21)]),
        ("3rd or 4th of March", [d(3, 3), d(3, 4)]),
        ("Monday or Tuesday next week", [d(2, 16), d(2, 17)]),
        ("mon/wed/fri", [d(2, 16), d(2, 18), d(2, 13)]),
        ("Wednesday or Thursday week", [d(2, 25), d(2, 26)]),
    ],
)
def test_lists_of_days(text: str, days: list[date]) -> None:
    assert [w.date for w in parse_when(text, NOW)] == days


# --- weekly habits -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "habits"),
    [
        ("Mondays and Thursdays at 7pm", [(0, time(19)), (3, time(19))]),
        ("tues & thurs evenings", [(1, time(18)), (3, time(18))]),
        ("I can do mondays or wednesdays at 18:30", [(0, time(18, 30)), (2, time(18, 30))]),
        ("every Wednesday at 6", [(2, time(18))]),
        ("Wednesdays 7.30pm", [(2, time(19, 30))]),
        ("Saturday mornings", [(5, time(9))]),
    ],
)
def test_weekly_habits(text: str, habits: list[tuple[int, time]]) -> None:
    found = parse_when(text, NOW)
    assert all(w.recurring for w in found)
    assert sorted((min(w.weekdays), w.time) for w in found) == habits


# --- conservative readings of ambiguous phrasings ------------------------------


def test_bare_number_after_a_weekday_is_not_guessed() -> None:
    # "fri 9" may be 9am on Friday or Friday the 9th: keep the day, guess no time.
    when = one("fri 9")
    assert (when.date, when.time) == (d(2, 13), None)


def test_bare_numbers_alone_are_not_times() -> None:
    # "9 or 10" could be a count or two hours: no time without "at" or "am/pm".
    assert parse_when("9 or 10", NOW) == []


def test_a_bare_day_number_after_a_date_is_not_guessed() -> None:
    # "March 3 or 4": the 4 could be a day or 4 o'clock; only the date said in full.
    assert [w.date for w in parse_when("March 3 or 4", NOW)] == [d(3, 3)]


def test_later_next_week_stays_the_whole_week() -> None:
    # "later next week" may mean "late in the week" or "later on, next week".
    when = one("later next week")
    assert (when.date, when.end_date) == (d(2, 16), d(2, 22))


@pytest.mark.parametrize(
    "text",
    ["are you open on Christmas eve?", "at 1500 francs for the whole plan?", "half an hour"],
)
def test_no_time_read_into_other_words(text: str) -> None:
    assert [w.time for w in parse_when(text, NOW) if w.time is not None] == []


def test_a_duration_is_not_a_date_offset() -> None:
    # "away for a week on Monday": the week is how long, Monday is when.
    assert [w.date for w in parse_when("I'm away for a week on Monday", NOW)] == [d(2, 16)]


# --- properties ---------------------------------------------------------------

nows = st.builds(
    lambda day, hour: datetime.combine(day, time(hour), tzinfo=LONDON),
    st.dates(date(2024, 1, 1), date(2032, 12, 31)),
    st.integers(0, 23),
)
SETTINGS = settings(
    max_examples=100, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip


@SETTINGS
@given(now=nows, weekday=st.sampled_from(WEEKDAY_NAMES))
def test_weekday_week_is_a_week_after_the_weekday(now: datetime, weekday: str) -> None:
    plain = one(weekday, now).date
    assert plain is not None
    assert one(f"{weekday} week", now).date == plain + timedelta(days=7)
    assert one(f"a week on {weekday}", now).date == plain + timedelta(days=7)


@SETTINGS
@given(now=nows, weeks=st.integers(1, 4))
def test_weeks_today_counts_from_today(now: datetime, weeks: int) -> None:
    assert one(f"{weeks} weeks today", now).date == now.date() + timedelta(weeks=weeks)
    tomorrow = now.date() + timedelta(days=1)
    assert one(f"{weeks} weeks tomorrow", now).date == tomorrow + timedelta(weeks=weeks)


# --- yes / no ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "yes please", "Yes please!", "yep", "yup that's fine", "sure thing", "👍", "👍🏼",
        "ok go ahead", "perfect, book it", "sounds good", "that works", "that works for me",
        "lovely, see you then", "Yeah why not", "okay 👌", "fab", "brill", "sweet",
        "aye", "yh", "cheers, that's grand", "I'll take it", "great, book me in",
        "please go ahead and book", "that's fine by me", "sure why not", "alright then",
        "count me in", "no worries, go for it",
    ],
)  # fmt: skip
def test_yes(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.YES


@pytest.mark.parametrize(
    "text",
    [
        "nope", "no thanks", "not really", "hmm no", "actually no", "nah", "no sorry",
        "I'd rather not", "that won't work for me", "doesn't suit me", "sorry I can't",
        "not possible sorry", "definitely not", "absolutely not", "of course not",
        "certainly not", "I'm afraid not", "sadly not", "unfortunately not", "I'll pass",
        "not gonna work", "that's not going to work", "that's no good",
    ],
)  # fmt: skip
def test_no(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.NO


@pytest.mark.parametrize(
    "text",
    [
        "can we do another time",
        "not that one",
        "nope, next week instead?",
        "Can we make it 4pm instead?",
        "yes but could it be a bit later",
        "Do you have anything earlier?",
        "Friday would be better",
        "ok but not tuesday",
    ],
)
def test_change(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.CHANGE


@pytest.mark.parametrize("text", ["let me check with my wife", "not sure yet", "hmm", "maybe"])
def test_undecided(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.UNKNOWN


# --- counts, session numbers, choices -------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "every"),
    [
        ("just the first 2", 2, False),
        ("3 to start", 3, False),
        ("book five", 5, False),
        ("let's do 4 for now", 4, False),
        ("two please", 2, False),
        ("just one for now", 1, False),
        ("can I do 3 this month", 3, False),
        ("I want to book 6 sessions", 6, False),
        ("the first three", 3, False),
        ("a couple to begin with", 2, False),
        ("all of them", None, True),
        ("book them all", None, True),
        ("all 10", 10, True),
        ("the whole lot", None, True),
        ("do the lot", None, True),
        ("everything please", None, True),
    ],
)
def test_counts(text: str, value: int | None, every: bool) -> None:
    count = extract_count(text)
    assert count is not None
    assert (count.value, count.all) == (value, every)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("session 3", 3),
        ("my 4th session", 4),
        ("my third lesson", 3),
        ("the fifth treatment", 5),
        ("sesh 2", 2),
        ("can I move appointment number 2", 2),
        ("my last visit", -1),
        ("the next session", None),
    ],
)
def test_session_numbers(text: str, number: int | None) -> None:
    assert extract_session_number(text) == number


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("the second option", 2),
        ("option 2", 2),
        ("2nd one please", 2),
        ("I'll take the 2nd", 2),
        ("first one works", 1),
        ("number 3", 3),
        ("#1", 1),
        ("the last one", -1),
        ("the 2nd slot", 2),
        # not supported: which option is "later" depends on what was offered
        ("the later one", None),
        ("the one at 3pm", None),
    ],
)
def test_choices(text: str, choice: int | None) -> None:
    assert extract_choice(text) == choice


# --- intents -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how much is it", Intent.PRICE),
        ("what does it cost", Intent.PRICE),
        ("How much for the full legs?", Intent.PRICE),
        ("what are your rates", Intent.PRICE),
        ("I can't make it, please cancel", Intent.CANCEL),
        ("can't come anymore, cancel please", Intent.CANCEL),
        ("I won't be able to come on friday", Intent.CANCEL),
        ("can I move my appointment", Intent.RESCHEDULE),
        ("something came up, can we change the time", Intent.RESCHEDULE),
        ("could I swap my thursday slot", Intent.RESCHEDULE),
        ("can you bring my appointment forward", Intent.RESCHEDULE),
        ("could we push my session back a bit", Intent.RESCHEDULE),
        ("how many sessions do I have left", Intent.PROGRESS),
        ("where am I at", Intent.PROGRESS),
        ("how many have I done", Intent.PROGRESS),
        ("how far through am I", Intent.PROGRESS),
        ("what's left on my package", Intent.PROGRESS),
        ("how many sessions does it take", Intent.PLAN_INFO),
        ("I'd like to book a sports massage", Intent.BOOK),
        ("do you have anything free on saturday", Intent.AVAILABILITY),
        ("when is my next appointment", Intent.LIST_BOOKINGS),
        ("what services do you have", Intent.SERVICES),
        ("what treatments do you have?", Intent.SERVICES),
        ("who else is booked on monday", Intent.OTHER_CUSTOMER),
        ("hiya", Intent.GREETING),
        ("thanks so much", Intent.THANKS),
    ],
)
def test_intents(text: str, intent: Intent) -> None:
    found = detect_intents(text)
    assert intent in found
    assert primary_intent(found) is intent


def test_how_far_in_advance_is_not_progress() -> None:
    assert Intent.PROGRESS not in detect_intents("how far in advance do I need to book")


# --- services of a business the code has never seen ---------------------------

CLINIC = [
    Service(
        id="laser-legs",
        name="Laser Hair Removal - Full Legs",
        trigger_words=("laser", "hair removal", "leg laser"),
        requires_multiple_sessions=True,
        total_sessions_required=6,
    ),
    Service(
        id="pt-10",
        name="Personal Training 10-pack",
        trigger_words=("personal training", "pt", "personal trainer"),
        requires_multiple_sessions=True,
        total_sessions_required=10,
    ),
    Service(
        id="aligners",
        name="Orthodontic Aligners",
        trigger_words=("aligners", "invisalign", "teeth straightening"),
        requires_multiple_sessions=True,
        total_sessions_required=5,
    ),
    Service(
        id="sports-massage",
        name="Sports Massage",
        trigger_words=("sports massage", "deep tissue"),
        description="Deep tissue massage for runners and athletes",
    ),
    Service(id="implant", name="Dental Implant", trigger_words=("implant", "tooth implant")),
]


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("I'd like to book laser on my legs", "laser-legs"),
        ("lazer hair removal", "laser-legs"),
        ("how much is leg laser", "laser-legs"),
        ("personal traning", "pt-10"),
        ("can I book some PT sessions", "pt-10"),
        ("10 sessions with a trainer", "pt-10"),
        ("I'm interested in invisalign", "aligners"),
        ("clear aligners", "aligners"),
        ("orthodontics", "aligners"),
        ("a deep tissue massage", "sports-massage"),
        ("sport massage", "sports-massage"),
        ("implnat", "implant"),
        ("hi", None),
        ("what about tomorrow at 3", None),
        ("can I book", None),
        ("go ahead", None),
    ],
)
def test_services(text: str, service_id: str | None) -> None:
    found = best_service(text, CLINIC)
    assert (found.id if found else None) == service_id
