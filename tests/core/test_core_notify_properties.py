"""Properties of the notification policy over random clocks, quiet hours, zones and
plans, and the consistency of its texts (every language, every template field).

Settings come from the profile named by BOOKBOT_CORE_PROFILE (see conftest.py).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bookbot.core import notification_texts as words
from bookbot.core.config import Business, Notifications, TimeRange, parse_business
from bookbot.core.notifications import (
    Completion,
    DueMessage,
    GroupSession,
    GroupState,
    Kind,
    due_messages,
)
from bookbot.core.quiet_hours import QuietHours, after_quiet_hours, in_quiet_hours
from bookbot.core.types import BookingStatus
from tests.core.core_testkit import business_data, demo_business, service_data
from tests.core.notify_testkit import MARIE

PROFILE = settings.get_profile(os.environ.get("BOOKBOT_CORE_PROFILE", "core-ci"))
ZONES = ["UTC", "Europe/Zurich", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
FIXED_ZONES = ["UTC", "Asia/Kolkata"]
START = datetime(2026, 1, 1, tzinfo=UTC)

moments = st.integers(0, 366 * 24 * 60 - 1).map(lambda m: START + timedelta(minutes=m))
clock_times = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))
quiet_ranges = st.one_of(
    st.none(),
    st.tuples(clock_times, clock_times).map(
        lambda pair: TimeRange.model_construct(start=pair[0], end=pair[1])
    ),
)


def with_rules(business: Business, **rules: object) -> Business:
    notifications = business.notifications.model_copy(update=rules)
    return business.model_copy(update={"notifications": notifications})


def oracle_quiet(moment: datetime, quiet: TimeRange | None, zone: ZoneInfo) -> bool:
    """Minutes of the local day against the range, restated from scratch."""
    if quiet is None:
        return False
    local = moment.astimezone(zone)
    wall = local.hour * 60 + local.minute + local.second / 60
    start = quiet.start.hour * 60 + quiet.start.minute
    end = quiet.end.hour * 60 + quiet.end.minute
    if start == end:
        return False
    return start <= wall < end if start < end else not end <= wall < start


@settings(PROFILE)
@given(moment=moments, quiet=quiet_ranges, zone=st.sampled_from(ZONES))
def test_after_quiet_hours_lands_outside_them(
    moment: datetime, quiet: TimeRange | None, zone: str
) -> None:
    tz = ZoneInfo(zone)
    assert in_quiet_hours(moment, quiet, tz) == oracle_quiet(moment, quiet, tz)
    moved = after_quiet_hours(moment, quiet, tz)
    assert moved >= moment
    assert not oracle_quiet(moved, quiet, tz)
    assert moved - moment <= timedelta(hours=25)
    if not oracle_quiet(moment, quiet, tz):
        assert moved == moment


@settings(PROFILE)
@given(moment=moments, quiet=quiet_ranges, zone=st.sampled_from(FIXED_ZONES))
def test_after_quiet_hours_is_the_end_of_them(
    moment: datetime, quiet: TimeRange | None, zone: str
) -> None:
    """Without DST the end is exact: the second before it is still quiet."""
    tz = ZoneInfo(zone)
    moved = after_quiet_hours(moment, quiet, tz)
    if moved > moment:
        assert oracle_quiet(moved - timedelta(seconds=1), quiet, tz)
        assert oracle_quiet(moment, quiet, tz)


@settings(PROFILE)
@given(moment=moments, quiet=quiet_ranges, zone=st.sampled_from(ZONES))
def test_the_rule_an_outbox_row_carries_reads_back_the_same(
    moment: datetime, quiet: TimeRange | None, zone: str
) -> None:
    """What a sender reads from a proactive row's body decides as the policy does."""
    business = with_rules(demo_business().model_copy(update={"timezone": zone}), quiet_hours=quiet)
    rule = QuietHours.of(business)
    if quiet is None:
        assert rule is None
        return
    assert rule is not None
    back = QuietHours.from_json(rule.to_json())
    assert back == rule
    assert back.contains(moment) == in_quiet_hours(moment, quiet, ZoneInfo(zone))
    assert back.after(moment) == after_quiet_hours(moment, quiet, ZoneInfo(zone))


def test_a_row_without_a_readable_rule_has_none() -> None:
    for data in (
        None,
        "21:00-08:00",
        {},
        {"hours": "21:00-08:00"},
        {"hours": 1, "timezone": "UTC"},
        {"hours": "late", "timezone": "UTC"},
        {"hours": "21:00-08:00", "timezone": "Mars/Base"},
        {"hours": "off", "timezone": "UTC"},
    ):
        assert QuietHours.from_json(data) is None, data


@settings(PROFILE)
@given(
    start=moments,
    before=st.integers(-120, 80 * 60),
    hours=st.integers(0, 72),
    quiet=quiet_ranges,
    sessions=st.integers(1, 4),
)
def test_a_reminder_is_only_due_inside_its_window(
    start: datetime, before: int, hours: int, quiet: TimeRange | None, sessions: int
) -> None:
    data = service_data(requires_multiple_sessions=sessions > 1, total_sessions_required=sessions)
    business = with_rules(parse_business(business_data(data)), reminder_hours=hours)
    business = with_rules(business, quiet_hours=quiet)
    now = start - timedelta(minutes=before)
    session = GroupSession(7, 1, start, start + timedelta(hours=1), BookingStatus.CONFIRMED)
    plan = GroupState("g", "svc", business.services[0].strategy, sessions, True, MARIE, (session,))
    found = of_reminders(due_messages(business, [plan], now=now))
    lead = timedelta(hours=hours)
    zone = business.zone
    window_open = start - lead <= now < start
    expected = window_open and after_quiet_hours(now, quiet, zone) < start
    assert len(found) == (1 if expected else 0)
    for message in found:
        assert message.due_at == start - lead <= now < start
        assert now <= message.send_after < start
        assert not in_quiet_hours(message.send_after, quiet, zone)
        assert (f"Session 1 of {sessions}" in message.text) == (sessions > 1)


def of_reminders(messages: list[DueMessage]) -> list[DueMessage]:
    return [m for m in messages if m.kind is Kind.REMINDER]


STATUSES = [BookingStatus.COMPLETED] * 4 + [BookingStatus.CONFIRMED, BookingStatus.NO_SHOW]
"""Mostly completed sessions, so plans reach every kind of message."""


@st.composite
def plans(draw: st.DrawFn) -> tuple[GroupState, list[Completion], datetime]:
    """A group of a demo service with random sessions and events, and a clock near them."""
    business = demo_business()
    service = draw(st.sampled_from([s for s in business.services if s.total_sessions > 1]))
    count = draw(st.integers(1, service.total_sessions))
    first = draw(moments)
    gaps = draw(st.lists(st.integers(0, 10), min_size=count, max_size=count))
    statuses = draw(st.lists(st.sampled_from(STATUSES), min_size=count, max_size=count))
    sessions, events, when = [], [], first
    for k in range(count):
        when += timedelta(days=gaps[k])
        session = GroupSession(k + 1, k + 1, when, when + timedelta(hours=1), statuses[k])
        sessions.append(session)
        if session.status is not BookingStatus.CONFIRMED:
            events.append(
                Completion(
                    event_id=k + 1,
                    group_id="g",
                    booking_id=k + 1,
                    session_number=k + 1,
                    status=session.status,
                    at=session.end + timedelta(hours=draw(st.integers(0, 48))),
                    announce=draw(st.booleans()),
                )
            )
    expires = draw(st.one_of(st.none(), moments))
    group = GroupState(
        "g",
        service.id,
        service.strategy,
        service.total_sessions,
        draw(st.booleans()),
        MARIE,
        tuple(sessions),
        expires,
    )
    days, minutes = draw(st.integers(-1, 20)), draw(st.integers(0, 24 * 60 - 1))
    return group, events, when + timedelta(days=days, minutes=minutes)


@settings(PROFILE, max_examples=3 * PROFILE.max_examples)
@given(plan=plans(), quiet=quiet_ranges)
def test_nothing_is_sent_in_quiet_hours_and_nothing_twice(
    plan: tuple[GroupState, list[Completion], datetime], quiet: TimeRange | None
) -> None:
    business = with_rules(demo_business(), quiet_hours=quiet)
    group, events, now = plan
    found = due_messages(business, [group], events, now=now)
    keys = [m.key for m in found]
    assert len(keys) == len(set(keys))
    for message in found:
        assert message.due_at <= now <= message.send_after
        assert not in_quiet_hours(message.send_after, quiet, business.zone)
        assert message.text.strip() and all(p.strip() for p in message.params)
        assert len(message.key) <= 200
    assert due_messages(business, [group], events, now=now, sent=frozenset(keys)) == []


def test_every_language_has_every_text_with_the_same_fields() -> None:
    english = words.TEXTS["en"]
    for language, table in words.TEXTS.items():
        assert set(table) == set(english), language
        for key, text in table.items():
            assert words.placeholders(text) == words.placeholders(english[key]), (language, key)


def test_every_template_field_is_in_its_text() -> None:
    for text_id, spec in words.TEMPLATES.items():
        assert spec.name.startswith("bookbot_")
        fields = words.placeholders(words.TEXTS["en"][text_id])
        assert set(spec.fields) <= fields, text_id
    message_kinds = {k.value for k in Kind}
    assert message_kinds <= {text_id.split(".")[0] for text_id in words.TEMPLATES}


def test_a_missing_field_is_named() -> None:
    try:
        words.render("reminder", "en", {"service": "x"})
    except ValueError as exc:
        assert "'reminder'" in str(exc) and "needs field" in str(exc)
    else:
        raise AssertionError("render accepted a text without its fields")


def test_default_notifications_match_the_design() -> None:
    rules = Notifications()
    assert (rules.reminder_hours, rules.checkin_idle_days, rules.expiry_warning_days) == (
        24,
        14,
        14,
    )
    assert str(rules.quiet_hours) == "21:00-08:00"
