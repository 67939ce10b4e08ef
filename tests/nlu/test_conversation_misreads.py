"""Misreads found by running realistic conversations on unseen businesses, pinned
with the phrase that showed each one and a few variants written for it.

`now` is Monday 2 March 2026, 10:00 in London: Tue 3, Wed 4, Thu 5, Fri 6, Sat 7,
Sun 8, Mon 9 ... Sun 15 March. The services are invented for these tests.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent import nlu
from bookbot.agent.nlu import (
    Intent,
    ReplyKind,
    When,
    best_service,
    classify_reply,
    detect_intents,
    extract_bare_hour,
    extract_choice,
    extract_count,
    parse_when,
    session_months,
)
from bookbot.core.config import Service

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)

CLINIC = [
    Service(
        id="consult",
        name="New Patient Consultation",
        description="A first look at your teeth and the options.",
        trigger_words=("consultation", "consult", "first visit"),
    ),
    Service(
        id="peel",
        name="Glow Peel Course",
        description="Three chemical peels, at least four weeks apart, one session a month.",
        trigger_words=("peel", "chemical peel"),
    ),
    Service(id="whitening", name="Teeth Whitening", trigger_words=("whitening", "whiten")),
]


def whens(text: str, reference: datetime | None = None) -> list[When]:
    return parse_when(text, NOW, reference)


def at(day: int, hour: int = 0, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


# --- services: one generic word never picks a service ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "what does each visit involve?",
        "how long is a visit?",
        "he's a patient of yours too",
        "is it for new clients only?",
        "please move my appointment to next week",
        "and 5 weeks after that",
        "one session a month is fine",
        "4 weeks later",
        "what time is it open on Mondays?",
    ],
)
def test_generic_and_calendar_words_name_no_service(text: str) -> None:
    assert best_service(text, CLINIC) is None


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("I'd like to book a first visit", "consult"),
        ("I'm a new patient", "consult"),
        ("a consultation next week please", "consult"),
        ("chemical peel in 4 weeks", "peel"),
        ("whitening please", "whitening"),
    ],
)
def test_specific_words_still_name_the_service(text: str, service_id: str) -> None:
    found = best_service(text, CLINIC)
    assert found is not None and found.id == service_id


# --- a lone number that is a time ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "clock"),
    [
        ("actually wait, make it 11", 11, time(11)),
        ("can we do 11 instead", 11, time(11)),
        ("make it eleven please", 11, time(11)),
        ("3 instead?", 3, time(15)),
        ("ok let's say 4 then", 4, time(16)),
    ],
)
def test_a_lone_number_said_as_a_time_change_has_an_hour_reading(
    text: str, value: int, clock: time
) -> None:
    bare = extract_bare_hour(text)
    assert bare is not None and (bare.value, bare.time) == (value, clock)


@pytest.mark.parametrize(
    "text", ["make it 4 sessions", "do 3 to start", "book 3", "3 sessions instead", "at 11"]
)
def test_counts_and_clock_times_have_no_bare_hour(text: str) -> None:
    assert extract_bare_hour(text) is None


@pytest.mark.parametrize("text", ["push my 3D scan back to Thursday", "the 4x4 plan", "v2 please"])
def test_digits_glued_to_letters_are_not_counts(text: str) -> None:
    assert extract_count(text) is None


# --- days ruled out ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["hmm no, saturdays are bad for me actually", "no, saturdays don't work for me"]
)
def test_a_no_that_rules_out_a_weekday_is_a_no(text: str) -> None:
    reply = classify_reply(text)
    assert reply.kind is ReplyKind.NO and not reply.mentions_when
    (found,) = whens(text)
    assert found.excluded and found.recurring and found.weekdays == {5}
    assert Intent.NO in detect_intents(text)


@pytest.mark.parametrize(
    ("text", "ruled_out", "wished"),
    [
        ("not on Mondays please", [date(2026, 3, 9)], []),
        ("Friday doesn't work, what about Saturday?", [date(2026, 3, 6)], [date(2026, 3, 7)]),
        ("anything but Tuesday", [date(2026, 3, 3)], []),
        ("I'm busy on Thursday", [date(2026, 3, 5)], []),
        ("Saturday mornings are bad", [date(2026, 3, 7)], []),
        ("next week, but not Wednesday", [date(2026, 3, 11)], [date(2026, 3, 9)]),
        ("why not Friday?", [], [date(2026, 3, 6)]),
    ],
)
def test_days_ruled_out_are_marked(text: str, ruled_out: list[date], wished: list[date]) -> None:
    found = whens(text)
    assert [w.date for w in found if w.excluded] == ruled_out
    assert [w.date for w in found if not w.excluded] == wished


def test_ruling_a_day_out_without_a_plain_no_asks_for_another() -> None:
    assert classify_reply("ok but not tuesday").kind is ReplyKind.CHANGE
    assert classify_reply("I can't do Friday").kind is ReplyKind.CHANGE


# --- someone else's data ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my son Leo also has an appointment with you, can you tell me when it is?",
        "my wife has a session on Friday too, what time is it?",
        "my husband is booked next week, can you check when?",
        "when is her next session?",
        "can you tell me his appointment time?",
    ],
)
def test_asking_about_a_relatives_booking_is_someone_elses_data(text: str) -> None:
    assert Intent.OTHER_CUSTOMER in detect_intents(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to book for my son",
        "can I bring my daughter to my appointment?",
        "my husband has a question about the price",
    ],
)
def test_mentioning_a_relative_is_not_asking_for_their_data(text: str) -> None:
    assert Intent.OTHER_CUSTOMER not in detect_intents(text)


# --- listing one's own bookings ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ok. what appointments do I have?",
        "what do I have booked now?",
        "what have I got coming up?",
        "what am I booked for?",
        "do I have anything booked next week?",
        "which days do I have sessions?",
    ],
)
def test_what_do_i_have_lists_bookings(text: str) -> None:
    found = detect_intents(text)
    assert Intent.LIST_BOOKINGS in found and Intent.YES not in found, found


def test_an_ok_before_a_question_acknowledges_and_a_yes_with_a_question_waits() -> None:
    assert Intent.YES not in detect_intents("ok, how much is it?")
    # a question still open is not a yes yet (issue 13: never book on a question)
    assert Intent.YES not in detect_intents("yes please, how much is it?")
    assert Intent.PRICE in detect_intents("yes please, how much is it?")
    assert Intent.YES in detect_intents("ok")


# --- cannot make a session ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I cant make my appointment",
        "I can't make the session on Friday",
        "won't be able to make my lesson tomorrow",
        "I can't attend my appointment next week",
    ],
)
def test_cannot_make_a_session_is_a_reschedule(text: str) -> None:
    assert Intent.RESCHEDULE in detect_intents(text)


def test_cannot_make_a_part_of_the_day_is_no_reschedule() -> None:
    assert Intent.RESCHEDULE not in detect_intents("I can't make the mornings")


# --- days counted from the time last discussed --------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("the wednesday after at 3pm", at(7, 10), at(11, 15)),
        ("and 5 weeks after that, same time", at(17, 12), at(21, 12, month=4)),
        ("a month later same time", at(17, 12), at(17, 12, month=4)),
        ("same day same time", at(9, 8), at(9, 8)),
        ("the day after at 10", at(9, 8), at(10, 10)),
        ("2 hours later", at(9, 8), at(9, 10)),
    ],
)
def test_relative_to_the_reference(text: str, reference: datetime, expected: datetime) -> None:
    (found,) = whens(text, reference)
    assert found.at(LONDON) == expected


@pytest.mark.parametrize(
    ("text", "reference", "day"),
    [
        ("4 weeks later", at(17, 12), date(2026, 4, 14)),
        ("4 weeks later", None, date(2026, 3, 30)),  # no reference: from today
        ("a week from now", at(17, 12), date(2026, 3, 9)),  # "from now" is today
        ("the wednesday after", None, date(2026, 3, 4)),  # no reference: the next one
        ("wednesday after next", at(7, 10), date(2026, 3, 18)),
    ],
)
def test_later_days(text: str, reference: datetime | None, day: date) -> None:
    assert [w.date for w in whens(text, reference)] == [day]


def test_later_and_earlier_are_shifts() -> None:
    (later,) = whens("a fortnight later", at(17, 12))
    assert later.shift == (1, "fortnight") and later.date == date(2026, 3, 31)
    (earlier,) = whens("2 days earlier", at(17, 12))
    assert earlier.shift == (-2, "day") and earlier.date is None


def test_without_a_reference_same_day_is_not_a_date() -> None:
    assert whens("same day") == []


def test_a_time_bound_after_a_weekday_is_still_a_bound() -> None:
    (found,) = whens("wednesday after 3pm", at(7, 10))
    assert found.date == date(2026, 3, 4) and found.window == (time(15), time(23, 59))


# --- the session a change is about --------------------------------------------------------


def test_the_session_to_move_stays_apart_from_the_new_week() -> None:
    thursday, week = whens("can I move my thursday session to next week?")
    assert thursday.session_ref and thursday.date == date(2026, 3, 5)
    assert not week.session_ref
    assert (week.date, week.end_date) == (date(2026, 3, 9), date(2026, 3, 15))


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("the one on the 14th", date(2026, 3, 14)),
        ("my session on thursday", date(2026, 3, 5)),
        ("move my friday to monday", date(2026, 3, 6)),
    ],
)
def test_days_that_name_a_booked_session(text: str, day: date) -> None:
    assert [w.date for w in whens(text) if w.session_ref] == [day]


def test_a_day_to_book_is_no_session_reference() -> None:
    assert not any(w.session_ref for w in whens("can I book a session for next week?"))
    assert not any(w.session_ref for w in whens("something came up on thursday, move it"))


def test_a_month_alone_names_a_session_not_a_date() -> None:
    text = "can I move the march one a week earlier?"
    (shift,) = whens(text)
    assert shift.date is None and shift.shift == (-1, "week")
    assert session_months(text) == (3,)
    assert session_months("what time is my May appointment?") == (5,)
    assert session_months("book me in for March") == ()


# --- hours with two readings --------------------------------------------------------------


def test_a_bare_hour_carries_its_other_reading() -> None:
    (found,) = whens("friday at 7")
    assert (found.time, found.alt_time) == (time(19), time(7))
    (eight,) = whens("friday at 8")
    assert (eight.time, eight.alt_time) == (time(8), time(20))
    for text in ("friday at 7pm", "friday 7 in the morning", "friday at 19:00"):
        assert whens(text)[0].alt_time is None, text


# --- booking the rest, picking the earliest ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("i want to book the remaining sessions", None), ("can I book all 4 remaining", 4)],
)
def test_booking_the_remaining_sessions_books(text: str, value: int | None) -> None:
    found = detect_intents(text)
    assert Intent.BOOK in found and Intent.PROGRESS not in found
    count = extract_count(text)
    assert count is not None and count.all and count.value == value


@pytest.mark.parametrize(
    "text", ["how many sessions are remaining?", "how many remaining can I book?"]
)
def test_asking_how_many_remain_is_progress(text: str) -> None:
    assert Intent.PROGRESS in detect_intents(text)


@pytest.mark.parametrize(
    "text",
    ["the earliest one", "first available", "first available please", "I'll take the earliest"],
)
def test_the_earliest_picks_the_first_option(text: str) -> None:
    assert extract_choice(text) == 1
    assert extract_count(text) is None


@pytest.mark.parametrize(
    "text", ["when is the earliest slot?", "move my session to the first available slot"]
)
def test_asking_for_the_earliest_picks_nothing(text: str) -> None:
    assert extract_choice(text) is None


@pytest.mark.parametrize(
    ("text", "earliest"),
    [
        ("the earliest one", True),
        ("first available please", True),
        ("I'll take the earliest", True),
        ("option 1", False),
        ("the first one", False),
        ("the 2nd one", False),
        ("what is the earliest you have next week?", False),
    ],
)
def test_picking_the_earliest_option_is_told_apart_from_option_one(
    text: str, earliest: bool
) -> None:
    assert nlu.picks_earliest(text) is earliest
