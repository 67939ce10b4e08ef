"""read_message (agent/offline/nlu_adapter.py): what the offline policy gets from one
message, with the business's session names, plan sizes and opening hours.

`now` is Monday 2 March 2026, 10:00 local; the businesses are invented here.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from bookbot.agent.offline.nlu_adapter import read_message
from bookbot.agent.offline.understanding import SessionRef, Shift, Understanding
from bookbot.core.config import Business, parse_business


def business(hours: dict[str, list[str]], services: list[dict[str, Any]]) -> Business:
    return parse_business(
        {"name": "Test", "timezone": "Europe/London", "hours": hours, "services": services}
    )


WEEKDAY = ["06:30-21:00"]
GYM = business(
    {
        "mon": WEEKDAY,
        "tue": WEEKDAY,
        "wed": WEEKDAY,
        "thu": WEEKDAY,
        "fri": ["06:30-18:00"],
        "sat": ["08:00-12:00"],
    },  # fmt: skip
    [
        {
            "id": "strength-block",
            "name": "Strength Block (8 sessions)",
            "trigger_words": ["strength", "coaching"],
            "requires_multiple_sessions": True,
            "total_sessions_required": 8,
        },
        {"id": "assessment", "name": "Movement Assessment", "trigger_words": ["assessment"]},
    ],
)
ORTHO = business(
    {"mon": ["08:00-17:00"], "thu": ["08:00-17:00"], "sat": ["08:00-12:00"]},
    [
        {
            "id": "aligners",
            "name": "Aligner Start",
            "description": "A 3D scan, the fitting and two reviews over about three months.",
            "trigger_words": ["aligners", "aligner"],
            "requires_multiple_sessions": True,
            "total_sessions_required": 4,
            "multi_session_strategy": "immediate",
            "sessions": [
                {"name": "3D scan and photos"},
                {"name": "Aligner fitting"},
                {"name": "Progress review"},
                {"name": "Refinement check"},
            ],
        },
        {
            "id": "consultation",
            "name": "New Patient Consultation",
            "trigger_words": ["consultation", "first visit"],
        },
    ],
)
LASER = business(
    {"tue": ["10:00-19:00"], "fri": ["10:00-19:00"], "sat": ["09:00-14:00"]},
    [
        {
            "id": "laser",
            "name": "Laser Facial Package",
            "description": "Six laser facials, at least four weeks apart.",
            "trigger_words": ["laser"],
            "requires_multiple_sessions": True,
            "total_sessions_required": 6,
        }
    ],
)


def read(text: str, where: Business, reference: datetime | None = None) -> Understanding:
    now = datetime(2026, 3, 2, 10, 0, tzinfo=where.zone)
    return read_message(text, now, where, reference)


def test_a_session_named_progress_review_asks_nothing_about_progress() -> None:
    u = read("I cant make my progress review in may", ORTHO)
    assert "reschedule" in u.intents and "progress" not in u.intents
    assert u.session_number == 3 and u.services == ("aligners",)
    assert u.source == SessionRef(month=5)
    assert u.period is None and not u.dates  # May names the session, not a new day
    assert "progress" in read("how is my progress?", ORTHO).intents


def test_a_month_to_book_in_stays_a_wish() -> None:
    u = read("can I book my consultation in may?", ORTHO)
    assert u.period == (date(2026, 5, 1), date(2026, 5, 31))


def test_glued_digits_of_a_session_name_are_no_count() -> None:
    u = read("push my 3D scan back to Thursday", ORTHO)
    assert u.count is None and u.session_number == 1
    assert u.dates == (date(2026, 3, 5),) and "reschedule" in u.intents


@pytest.mark.parametrize("text", ["what does each visit involve?", "he's a patient of yours too"])
def test_generic_words_pick_no_service(text: str) -> None:
    assert read(text, ORTHO).services == ()


@pytest.mark.parametrize(
    "text", ["please move my appointment to next week", "and 5 weeks after that", "4 weeks later"]
)
def test_calendar_words_pick_no_service(text: str) -> None:
    assert read(text, LASER).services == ()


@pytest.mark.parametrize("text", ["actually wait, make it 11", "can we do 11 instead"])
def test_a_number_no_plan_reaches_is_a_time(text: str) -> None:
    u = read(text, GYM)
    assert u.count is None and u.time_only == time(11) and u.hour_reading == time(11)


def test_a_number_that_may_be_a_count_keeps_both_readings() -> None:
    u = read("make it 5", GYM)
    assert u.count == 5 and u.hour_reading == time(17) and u.time_only is None
    assert read("book 5 sessions", GYM).hour_reading is None


def test_a_bare_hour_is_read_inside_the_opening_hours() -> None:
    friday = read("friday at 7", GYM)  # Fridays 06:30-18:00: 7 in the morning
    assert friday.datetimes == (datetime(2026, 3, 6, 7, 0, tzinfo=GYM.zone),)
    monday = read("monday at 7", GYM)  # open until 21:00: the afternoon rule stands
    assert monday.datetimes == (datetime(2026, 3, 9, 19, 0, tzinfo=GYM.zone),)
    assert read("at 7", GYM).time_only == time(19)  # some day is open at 19:00
    assert read("friday at 7pm", GYM).datetimes[0].hour == 19  # said: kept


def test_days_ruled_out_are_not_wishes() -> None:
    u = read("hmm no, saturdays are bad for me actually", ORTHO)
    assert u.reply == "no" and u.excluded_weekdays == (5,) and u.recurring == ()
    assert not u.has_when
    v = read("Friday doesn't work, what about Saturday?", GYM)
    assert v.excluded_dates == (date(2026, 3, 6),) and v.dates == (date(2026, 3, 7),)
    w = read("I'm away next week", GYM)
    assert w.excluded_dates[0] == date(2026, 3, 9) and len(w.excluded_dates) == 7
    assert w.period is None


def test_asking_about_a_relatives_booking() -> None:
    u = read("my son Leo also has an appointment with you, can you tell me when it is?", ORTHO)
    assert "other_customer" in u.intents


@pytest.mark.parametrize("text", ["ok. what appointments do I have?", "what do I have booked now?"])
def test_listing_own_bookings_is_no_yes(text: str) -> None:
    u = read(text, ORTHO)
    assert "list" in u.intents and u.reply is None


def test_relative_to_the_reference() -> None:
    ref = datetime(2026, 3, 7, 10, 0, tzinfo=ORTHO.zone)
    assert read("the wednesday after at 3pm", ORTHO, ref).datetimes == (
        datetime(2026, 3, 11, 15, 0, tzinfo=ORTHO.zone),
    )
    later = read("and 5 weeks after that, same time", LASER, ref)
    assert later.datetimes == (datetime(2026, 4, 11, 10, 0, tzinfo=LASER.zone),)
    assert later.shift == Shift(days=35)
    assert read("a month later", LASER, ref).shift == Shift(months=1)


def test_the_session_to_move_and_the_new_week() -> None:
    u = read("can I move my thursday session to next week?", GYM)
    assert u.source == SessionRef(day=date(2026, 3, 5))
    assert u.period == (date(2026, 3, 9), date(2026, 3, 15))


def test_a_month_one_and_a_shift_back() -> None:
    u = read("can I move the march one a week earlier?", LASER)
    assert u.source == SessionRef(month=3) and u.shift == Shift(days=-7)
    assert not u.dates and not u.datetimes and "reschedule" in u.intents


@pytest.mark.parametrize(
    ("text", "count"),
    [("i want to book the remaining sessions", None), ("can I book all 4 remaining", 4)],
)
def test_booking_the_rest(text: str, count: int | None) -> None:
    u = read(text, LASER)
    assert "book" in u.intents and "progress" not in u.intents
    assert u.count_all and u.count == count


@pytest.mark.parametrize("text", ["the earliest one", "first available"])
def test_the_earliest_is_choice_one(text: str) -> None:
    u = read(text, ORTHO)
    assert u.choice == 1 and u.count is None


def test_a_verb_inside_a_service_phrase_is_no_cancellation() -> None:
    """ "quitar un tatuaje" names a "Quitar tatuaje" service; the offline reader leaves the
    service's own words out when it reads what the message asks."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bookbot.agent.offline.nlu_adapter import read_message
    from bookbot.core.config import Business, Service

    business = Business(
        name="Tinta",
        timezone="Europe/Madrid",
        services=[
            Service(id="tattoo", name="Quitar tatuaje", trigger_words=("quitar tatuaje",)),
            Service(id="check", name="Consulta"),
        ],
    )
    now = datetime(2027, 2, 1, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    for text in ("¿cuánto cuesta quitar un tatuaje?", "precio de quitar tatuaje"):
        u = read_message(text, now, business)
        assert "cancel" not in u.intents and "price" in u.intents and u.services == ("tattoo",)
    assert "cancel" in read_message("quiero cancelar mi cita", now, business).intents
