"""Scheduling rules at the edges (issue 19): notice in elapsed time, DST nights,
the notice before the sequential window, session order with a 0-day gap, flexible
alternatives beside other refused starts, and the minimum a recommendation is
checked against."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bookbot.core.availability import Availability
from bookbot.core.config import WEEKDAYS, Business, parse_business
from bookbot.core.errors import ConfigError
from bookbot.core.planner import plan_for
from bookbot.core.reschedule import movable
from bookbot.core.types import BookingStatus, Conflict, ConflictRule, Plan
from tests.core.core_testkit import (
    at,
    business_data,
    make_availability,
    make_business,
    service_data,
    state,
)

NEW_YORK = ZoneInfo("America/New_York")
EVERY_DAY = {day: ["08:00-12:00"] for day in WEEKDAYS}


def refused(result: object) -> Conflict:
    assert isinstance(result, Conflict), result
    return result


def planned(result: object) -> Plan:
    assert isinstance(result, Plan), result
    return result


# --- 1. notice is elapsed time -----------------------------------------------------


def _notice_48(**fields: Any) -> Availability:
    business = make_business(service_data(), min_notice_hours=48, hours=EVERY_DAY, **fields)
    # Friday 23 Oct 2026 09:15 in Zurich, the clock in the business's own timezone
    return make_availability(business, "svc", at(2026, 10, 23, 9, 15))


def test_notice_counts_the_extra_hour_of_the_fall_back_night() -> None:
    avail = _notice_48()
    # Sun 25 Oct 08:30 CET is 48 h 15 min after Fri 09:15 CEST (the night has 25 h)
    assert avail.reason(at(2026, 10, 25, 8, 30), 1) is None
    assert planned(plan_for(avail, [], [at(2026, 10, 25, 8, 30)]))
    # 08:00 is 47 h 45 min away
    rule, _ = avail.reason(at(2026, 10, 25, 8, 0), 1) or (None, "")
    assert rule is ConflictRule.MIN_NOTICE


def test_reschedule_notice_is_elapsed_time_too() -> None:
    avail = _notice_48(reschedule_notice_hours=48)
    service = avail.service
    allowed = state(service, 1, at(2026, 10, 25, 8, 30))
    assert movable(avail, allowed) is None
    too_soon = movable(avail, state(service, 1, at(2026, 10, 25, 8, 0)))
    assert too_soon is not None and too_soon.rule is ConflictRule.RESCHEDULE_NOTICE


# --- 2. the notice comes before the sequential window -------------------------------


def test_a_first_sequential_session_inside_the_notice_is_refused_as_notice() -> None:
    physio = service_data(
        requires_multiple_sessions=True,
        total_sessions_required=4,
        multi_session_strategy="sequential",
        session_buffer_config={"minimum_days": 2, "maximum_days": 7},
    )
    business = make_business(physio, min_notice_hours=48)
    avail = make_availability(business, "svc", at(2026, 3, 9, 9, 0))  # Monday
    conflict = refused(plan_for(avail, [], [at(2026, 3, 10, 10, 0)]))
    assert conflict.rule is ConflictRule.MIN_NOTICE, conflict
    assert all(a.timestamp() >= at(2026, 3, 11, 9, 0).timestamp() for a in conflict.alternatives)
    assert conflict.alternatives


# --- 3 and 4. DST nights ------------------------------------------------------------


def _new_york(hours: str, minutes: int, **fields: Any) -> Availability:
    business = make_business(
        service_data(duration_minutes=minutes),
        timezone="America/New_York",
        min_notice_hours=0,
        hours={day: [hours] for day in WEEKDAYS},
        **fields,
    )
    return make_availability(business, "svc", at(2026, 2, 1, 9, 0, zone=NEW_YORK))


def test_a_wall_time_the_clocks_skip_is_never_a_slot() -> None:
    avail = _new_york("00:00-05:00", 60)
    skipped = datetime(2026, 3, 8, 2, 30, tzinfo=NEW_YORK)  # 02:00-03:00 does not exist
    rule, message = avail.reason(skipped, 1) or (None, "")
    assert rule is ConflictRule.NO_SUCH_TIME and "does not exist" in message
    conflict = refused(plan_for(avail, [], [skipped]))
    assert conflict.rule is ConflictRule.NO_SUCH_TIME and conflict.alternatives
    offered = [f"{s:%H:%M}" for s in avail.free_starts(date(2026, 3, 8), 1)]
    assert offered == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00"]


def test_on_the_fall_back_night_a_session_lasts_its_real_duration() -> None:
    avail = _new_york("00:00-02:00", 90)
    start = datetime(2026, 11, 1, 1, 0, tzinfo=NEW_YORK)  # 01:00 EDT
    assert avail.reason(start, 1) is None  # really ends at 01:30 EST
    session = planned(plan_for(avail, [], [start])).sessions[0]
    assert session.duration_minutes == 90
    assert f"{session.end.astimezone(NEW_YORK):%H:%M %Z}" == "01:30 EST"
    assert start in avail.free_starts(date(2026, 11, 1), 1)
    # the second 01:00 (EST) would run to 02:30
    second = datetime(2026, 11, 1, 1, 0, fold=1, tzinfo=NEW_YORK)
    rule, _ = avail.reason(second, 1) or (None, "")
    assert rule is ConflictRule.OUTSIDE_HOURS


def test_on_the_fall_back_night_the_clock_must_not_read_past_closing() -> None:
    # closing at 01:45: a session from 01:00 EDT reads 01:45-01:59 EDT before the
    # clocks go back, so it runs past closing although it ends at 01:30 EST
    avail = _new_york("00:00-01:45", 90, slot_step_minutes=15)
    rule, _ = avail.reason(datetime(2026, 11, 1, 1, 0, tzinfo=NEW_YORK), 1) or (None, "")
    assert rule is ConflictRule.OUTSIDE_HOURS


# --- 5. session k+1 after session k ends -----------------------------------------


def _zero_gap(now: datetime) -> Availability:
    combo = service_data(
        requires_multiple_sessions=True,
        total_sessions_required=3,
        multi_session_strategy="sequential",
        session_buffer_config={"minimum_days": 0, "maximum_days": 3},
    )
    business = make_business(combo, min_notice_hours=0)
    return make_availability(business, "svc", now)


@pytest.mark.parametrize("now", [at(2026, 3, 10, 8, 0), at(2026, 3, 10, 10, 30)])
def test_with_a_zero_day_gap_the_next_session_waits_for_the_end_of_the_last(
    now: datetime,
) -> None:
    """Session 1 (Tue 10:00-11:00) was marked completed before it ended."""
    avail = _zero_gap(now)
    first = state(avail.service, 1, at(2026, 3, 10, 10, 0), BookingStatus.COMPLETED)
    too_early = at(2026, 3, 10, 10, 30) if now.hour == 10 else at(2026, 3, 10, 9, 0)
    conflict = refused(plan_for(avail, [first], [too_early]))
    assert conflict.rule is ConflictRule.BUFFER_MIN, conflict
    assert "after session 1 ends" in conflict.message
    assert conflict.alternatives
    assert all(a.timestamp() >= first.end.timestamp() for a in conflict.alternatives)
    assert planned(plan_for(avail, [first], [at(2026, 3, 10, 11, 0)]))


# --- 7. flexible alternatives beside other refused starts -----------------------------


def test_a_flexible_request_with_several_refused_starts_gets_alternatives() -> None:
    driving = service_data(
        requires_multiple_sessions=True,
        total_sessions_required=5,
        multi_session_strategy="flexible",
        session_buffer_config={"minimum_days": 1},
    )
    avail = make_availability(make_business(driving), "svc", at(2026, 3, 2, 9, 0))
    good = at(2026, 3, 10, 10, 0)
    sundays = [at(2026, 3, 8, 10, 0), at(2026, 3, 15, 10, 0)]  # closed
    conflict = refused(plan_for(avail, [], [good, *sundays]))
    assert conflict.rule is ConflictRule.CLOSED_DAY and conflict.requested == sundays[0]
    assert len(conflict.alternatives) == 3
    for alternative in conflict.alternatives:
        # workable if picked: beside the requested start that works
        assert planned(plan_for(avail, [], [good, alternative]))


# --- 6 and 9. day counts and the minimum of a recommendation ---------------------------


def _buffers(**config: Any) -> dict[str, Any]:
    return business_data(
        service_data(
            requires_multiple_sessions=True,
            total_sessions_required=3,
            multi_session_strategy="immediate",
            session_buffer_config=config,
        )
    )


@pytest.mark.parametrize("days", [3651, 10**9, 10**20, 1e20, "1e20"])
@pytest.mark.parametrize("field", ["default_days", "minimum_days", "maximum_days"])
def test_day_counts_above_ten_years_are_refused_naming_the_field(field: str, days: object) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_business(_buffers(**{field: days}))
    assert f"services[0].session_buffer_config.{field}" in str(raised.value)


@pytest.mark.parametrize("days", [3651, 10**20, 1e20, "1e20"])
def test_a_per_gap_day_count_above_ten_years_is_refused_naming_it(days: object) -> None:
    with pytest.raises(ConfigError, match="session_1_to_2_days") as raised:
        parse_business(_buffers(session_1_to_2_days=days))
    assert "services[0].session_buffer_config" in str(raised.value)


def test_ten_years_is_still_a_day_count() -> None:
    business: Business = parse_business(_buffers(default_days=3650, session_1_to_2_days=3650))
    assert business.services[0].gap(2).minimum == 3650


def test_a_recommendation_is_checked_against_default_days_over_minimum_days() -> None:
    # DESIGN's minimum: per-gap days, else default_days, else minimum_days
    with pytest.raises(ConfigError, match=r"recommended_days \(3\) is below the minimum \(5\)"):
        parse_business(_buffers(minimum_days=2, default_days=5, recommended_days=3))
    accepted = parse_business(_buffers(minimum_days=5, default_days=2, recommended_days=3))
    gap = accepted.services[0].gap(1)
    assert (gap.minimum, gap.target) == (2, 3)


def test_notice_hours_are_bounded_too() -> None:
    with pytest.raises(ConfigError, match="min_notice_hours"):
        parse_business(business_data(min_notice_hours=1e20))
