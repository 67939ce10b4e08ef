"""The day a sequential outreach suggests (and after which an overdue warning comes)
is an open day: the first one at or after day(k) + target inside the window, else
the open day of the window nearest before the target, else none.

Frozen clocks on the demo business (Zurich; Mon-Fri, Saturday mornings, Sunday
closed; closed on Good Friday 2026-04-03 and Easter Monday 2026-04-06; physio
2 to 7 days apart, 3 recommended), then properties over random opening hours,
closures and gaps.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bookbot.core import notification_texts as words
from bookbot.core.config import WEEKDAYS, Business, parse_business
from bookbot.core.notifications import Kind
from bookbot.core.open_days import suggested_open_day
from bookbot.core.planner import sequential_window
from bookbot.core.types import BookingStatus, SessionState, Window
from tests.core.core_testkit import at, business_data, make_availability, service_data
from tests.core.notify_testkit import DONE, due, event, group, of_kind, t

PROFILE = settings.get_profile(os.environ.get("BOOKBOT_CORE_PROFILE", "core-ci"))
RECOMMEND = re.compile(r"We recommend (\w{3} \d{1,2} \w{3} \d{4})")


def recommended(text: str) -> str:
    found = RECOMMEND.search(text)
    assert found is not None, text
    return found.group(1)


# --- frozen clocks: the demo business ---------------------------------------------


def test_a_target_on_a_closed_weekday_moves_to_the_next_open_day() -> None:
    """Thursday + 3 days is a Sunday: the outreach recommends Monday."""
    plan = group("physiotherapy", ("2026-03-05 10:00", DONE))
    done = event(plan, 1, "2026-03-05 11:00")
    [outreach] = of_kind(due([plan], [done], now="2026-03-05 11:00"), Kind.OUTREACH)
    assert outreach.text == (
        "📅 Ready to book Session 2 of 8? We recommend Mon 9 Mar 2026 "
        "(any open day from Sat 7 Mar 2026 to Thu 12 Mar 2026 works)."
    )


def test_the_overdue_warning_follows_the_open_day_not_the_closed_target() -> None:
    plan = group("physiotherapy", ("2026-03-05 10:00", DONE))
    done = event(plan, 1, "2026-03-05 11:00")
    assert of_kind(due([plan], [done], now="2026-03-09 23:59"), Kind.OVERDUE) == []
    [overdue] = of_kind(due([plan], [done], now="2026-03-10 09:00"), Kind.OVERDUE)
    assert overdue.due_at == t("2026-03-10 00:00")


def test_closure_dates_are_skipped_too() -> None:
    """Thursday before Easter + 3 is Sunday; Monday is Easter Monday: Tuesday."""
    plan = group("physiotherapy", ("2026-04-02 10:00", DONE))
    done = event(plan, 1, "2026-04-02 11:00")
    [outreach] = of_kind(due([plan], [done], now="2026-04-02 11:00"), Kind.OUTREACH)
    assert recommended(outreach.text) == "Tue 7 Apr 2026"
    # Tuesday + 3 is Good Friday: Saturday morning is open
    plan = group("physiotherapy", ("2026-03-31 10:00", DONE))
    done = event(plan, 1, "2026-03-31 11:00")
    [outreach] = of_kind(due([plan], [done], now="2026-03-31 11:00"), Kind.OUTREACH)
    assert recommended(outreach.text) == "Sat 4 Apr 2026"


def test_a_late_outreach_recommends_an_open_day_from_today_on() -> None:
    """Completed on Thursday, recorded on Sunday: Sunday is closed, so Monday."""
    plan = group("physiotherapy", ("2026-03-05 10:00", DONE))
    late = event(plan, 1, "2026-03-08 10:00")
    [outreach] = of_kind(due([plan], [late], now="2026-03-08 10:00"), Kind.OUTREACH)
    assert recommended(outreach.text) == "Mon 9 Mar 2026"


# --- frozen clocks: a weekday-only business with a short window --------------------


def weekdays_only(minimum: int, target: int, maximum: int) -> Business:
    """Mon-Fri only; one sequential service `svc` of 3 sessions."""
    buffers = {"minimum_days": minimum, "recommended_days": target, "maximum_days": maximum}
    service = service_data(
        requires_multiple_sessions=True,
        total_sessions_required=3,
        multi_session_strategy="sequential",
        session_buffer_config=buffers,
    )
    hours: dict[str, Any] = {day: ["08:00-12:00"] for day in WEEKDAYS[:5]}
    return parse_business(business_data(service, hours=hours))


def test_when_every_day_from_the_target_is_closed_the_nearest_open_day_before_it() -> None:
    """Wednesday + 3 is Saturday and the window ends on Sunday: Friday."""
    business = weekdays_only(1, 3, 4)
    plan = group("svc", ("2026-03-04 10:00", DONE), business=business)
    done = event(plan, 1, "2026-03-04 11:00")
    [outreach] = of_kind(
        due([plan], [done], now="2026-03-04 11:00", business=business), Kind.OUTREACH
    )
    assert outreach.text == (
        "📅 Ready to book Session 2 of 3? We recommend Fri 6 Mar 2026 "
        "(any open day from Thu 5 Mar 2026 to Sun 8 Mar 2026 works)."
    )
    [overdue] = of_kind(due([plan], now="2026-03-07 09:00", business=business), Kind.OVERDUE)
    assert overdue.due_at == t("2026-03-07 00:00")
    assert "We're closed on the remaining days of the recommended window" in overdue.text


def test_a_window_without_an_open_day_says_so() -> None:
    """Wednesday + 3 to Wednesday + 4 is a weekend: no day to recommend."""
    business = weekdays_only(3, 3, 4)
    plan = group("svc", ("2026-03-04 10:00", DONE), business=business)
    done = event(plan, 1, "2026-03-04 11:00")
    [outreach] = of_kind(
        due([plan], [done], now="2026-03-04 11:00", business=business), Kind.OUTREACH
    )
    assert outreach.text == (
        "📅 Ready to book Session 2 of 3? We're closed on the remaining days of the "
        "recommended window (until Sun 8 Mar 2026); reply and we'll find the next possible time."
    )
    assert "recommend " not in outreach.params[1]
    # the overdue warning keeps to the configured target then
    [overdue] = of_kind(due([plan], now="2026-03-08 09:00", business=business), Kind.OVERDUE)
    assert overdue.due_at == t("2026-03-08 00:00")


# --- properties ---------------------------------------------------------------------


@st.composite
def businesses(draw: st.DrawFn) -> Business:
    """Random open weekdays (some short), random closure dates, a random sequential gap."""
    minimum = draw(st.integers(0, 10))
    target = minimum + draw(st.integers(0, 10))
    maximum = draw(st.one_of(st.none(), st.integers(target, target + 10)))
    buffers: dict[str, int] = {"minimum_days": minimum, "recommended_days": target}
    if maximum is not None:
        buffers["maximum_days"] = maximum
    service = service_data(
        requires_multiple_sessions=True,
        total_sessions_required=4,
        multi_session_strategy="sequential",
        duration_minutes=draw(st.sampled_from([30, 60, 120])),
        session_buffer_config=buffers,
    )
    ranges = st.sampled_from([[], ["08:00-12:00"], ["09:00-10:00"], ["13:00-18:00"]])
    hours = {day: draw(ranges) for day in WEEKDAYS}
    closed = draw(st.lists(st.integers(0, 60), max_size=12))
    days = [str(date(2026, 3, 1) + timedelta(days=k)) for k in closed]
    return parse_business(business_data(service, hours=hours, closed=days))


def oracle_open(business: Business, day: date, minutes: int) -> bool:
    """Open, restated: not a closure date, and some opening range fits the session."""
    if day in business.closed:
        return False
    ranges = business.hours.get(WEEKDAYS[day.weekday()], ())
    return any(r.end_minutes - r.start_minutes >= minutes for r in ranges)


def window_of(business: Business, last: date) -> Window:
    avail = make_availability(business, "svc", at(last.year, last.month, last.day, 7))
    start = at(last.year, last.month, last.day, 10)
    done = SessionState(1, start, start + timedelta(hours=1), BookingStatus.COMPLETED)
    found = sequential_window(avail, [done])
    assert isinstance(found, Window)
    return found


@settings(PROFILE)
@given(business=businesses(), last=st.integers(0, 30), late=st.integers(0, 12))
def test_the_suggested_day_is_open_in_the_window_and_the_first_from_the_target(
    business: Business, last: int, late: int
) -> None:
    day = date(2026, 3, 1) + timedelta(days=last)
    window = window_of(business, day)
    today = day + timedelta(days=late)
    avail = make_availability(business, "svc", at(today.year, today.month, today.day, 7))
    minutes = business.services[0].duration_minutes
    found = suggested_open_day(avail, window, not_before=today)
    first, end = max(window.earliest, today), window.latest or window.suggested + timedelta(366)
    span = [first + timedelta(days=k) for k in range((end - first).days + 1)]
    open_days = [d for d in span if oracle_open(business, d, minutes)]
    if found is None:
        assert open_days == []
        return
    assert oracle_open(business, found, minutes)
    assert first <= found and (window.latest is None or found <= window.latest)
    from_target = [d for d in open_days if d >= max(window.suggested, today)]
    if from_target:
        assert found == from_target[0]
    else:
        assert found == open_days[-1]


@settings(PROFILE)
@given(business=businesses(), last=st.integers(0, 30))
def test_an_outreach_only_ever_recommends_an_open_day_in_the_window(
    business: Business, last: int
) -> None:
    day = date(2026, 3, 1) + timedelta(days=last)
    start = f"{day} 10:00"
    plan = group("svc", (start, DONE), business=business)
    done = event(plan, 1, f"{day} 11:00")
    [outreach] = of_kind(due([plan], [done], now=f"{day} 11:00", business=business), Kind.OUTREACH)
    window = window_of(business, day)
    minutes = business.services[0].duration_minutes
    if "We recommend" not in outreach.text:
        return  # no day to recommend (the property above says when)
    named = recommended(outreach.text)
    last_day = window.latest or window.suggested + timedelta(days=366)
    span = range((last_day - max(window.earliest, day)).days + 1)
    days = {words.day_text("en", max(window.earliest, day) + timedelta(k)): k for k in span}
    assert named in days, (named, window)
    chosen = max(window.earliest, day) + timedelta(days=days[named])
    assert oracle_open(business, chosen, minutes)


def test_the_window_is_the_planners() -> None:
    """The window is `planner.sequential_window`'s, the one the booking tools check."""
    business = weekdays_only(1, 3, 4)
    window = window_of(business, date(2026, 3, 4))
    assert replace(window, not_before=None) == Window(
        2, date(2026, 3, 5), date(2026, 3, 8), date(2026, 3, 7)
    )
    avail = make_availability(business, "svc", at(2026, 3, 4, 11))
    assert suggested_open_day(avail, window) == date(2026, 3, 6)
    assert suggested_open_day(avail, window, not_before=date(2026, 3, 7)) is None
