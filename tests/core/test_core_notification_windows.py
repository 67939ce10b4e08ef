"""The ranges a worker pass reads (`notification_windows.due_windows`) hold every
plan the policy finds a reminder or an expiry warning due for: swept over days
and hours of the demo business, each reminder's session starts within the
reminder range and each expiry warning's plan expires within the expiry range
(nudges are read from every open plan with a session that happened)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bookbot.core.notification_model import GroupState
from bookbot.core.notification_windows import due_windows
from bookbot.core.notifications import DueMessage, Kind, due_messages

from .core_testkit import demo_business
from .notify_testkit import DONE, MISSED, OK, group, t

NUDGES = (Kind.OVERDUE, Kind.CHECK_IN)


def _in_windows(plan: GroupState, message: DueMessage, now: datetime) -> bool:
    windows = due_windows(demo_business(), now=now)
    if message.kind is Kind.REMINDER:
        start = next(s.start for s in plan.sessions if s.booking_id == message.booking_id)
        return now < start <= windows.reminders_until
    if message.kind is Kind.EXPIRY:
        assert plan.expires_at is not None
        return now < plan.expires_at <= windows.expiring_until
    return message.kind in NUDGES


PLANS = [
    group("dental-implant", ("2026-03-10 14:00", OK), ("2026-03-24 14:00", OK)),
    group("physiotherapy", ("2026-03-03 10:00", DONE)),
    group("physiotherapy", ("2026-03-03 10:00", DONE), ("2026-03-06 10:00", MISSED)),
    group("driving-lessons", ("2026-03-02 17:00", DONE), ("2026-03-04 17:00", DONE)),
    group(
        "personal-training",
        ("2026-03-02 07:00", DONE),
        expires_at=t("2026-04-20 12:00"),
    ),
]


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.service_id)
def test_every_due_plan_lies_in_the_ranges_a_pass_reads(plan: GroupState) -> None:
    business = demo_business()
    found = 0
    now = t("2026-03-02 06:00")
    while now < t("2026-06-30 00:00"):
        for message in due_messages(business, [plan], now=now):
            assert _in_windows(plan, message, now), (message.key, now)
            found += 1
        now += timedelta(hours=7)
    assert found  # every plan of the sweep has something due at some point


def test_the_clock_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_windows(demo_business(), now=datetime(2026, 3, 2, 9, 0))  # noqa: DTZ001
