"""Package expiry through the tools: propose_schedule, reschedule_session and
check_availability never offer a session after the package's expiry (the group's
`package_expires_at`, or now + package_expiry_days for a new group)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.types import Plan, PlannedSession
from bookbot.store import load_business_file
from bookbot.store.bookings import book_plan
from bookbot.tools.availability import CheckAvailabilityArgs, check_availability
from bookbot.tools.changes import RescheduleArgs, reschedule_session
from bookbot.tools.context import ToolContext
from bookbot.tools.planning import ProposeScheduleArgs, propose_schedule
from bookbot.tools.views import ProposalResult
from tests.tools.tools_testkit import tool_context

PARLA = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "parla-language.yaml"
ZONE = ZoneInfo("Europe/Dublin")
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZONE)  # the pack runs to 2026-05-31 10:00
SERVICE = "italian-pack"


@pytest.fixture
def business() -> Business:
    return load_business_file(PARLA)


def book_first_lesson(ctx: ToolContext) -> None:
    """Lesson 1 on 16 April, booked at NOW: the group expires on 31 May at 10:00."""
    start = datetime(2026, 4, 16, 10, 0, tzinfo=ZONE)
    lesson = PlannedSession(1, start, start + timedelta(minutes=60))
    book_plan(
        ctx.session_factory,
        business=ctx.business,
        customer_id=ctx.customer_id,
        service_id=SERVICE,
        plan=Plan(sessions=(lesson,)),
        at=NOW,
    )


def test_a_lesson_after_the_existing_groups_expiry_is_refused(
    factory: sessionmaker[Session], business: Business
) -> None:
    book_first_lesson(tool_context(factory, business, NOW, phone="+353870000001"))
    # the group's expiry holds
    later = tool_context(factory, business, NOW + timedelta(days=20), phone="+353870000001")
    result = propose_schedule(
        later, ProposeScheduleArgs(service_id=SERVICE, starts=["2026-06-04T10:00"])
    )
    assert isinstance(result, ProposalResult) and not result.ok and result.conflict
    assert result.conflict.rule == "after_package_expiry"
    assert "2026-05-31" in result.conflict.message
    assert result.conflict.latest_day == "2026-05-31"
    assert result.conflict.alternatives
    assert all(a < "2026-05-31T10:00" for a in result.conflict.alternatives)
    fits = propose_schedule(
        later, ProposeScheduleArgs(service_id=SERVICE, starts=["2026-05-28T10:00"])
    )
    assert fits.ok


def test_a_new_pack_expires_from_now(factory: sessionmaker[Session], business: Business) -> None:
    ctx = tool_context(factory, business, NOW, phone="+353870000001")
    args = ProposeScheduleArgs(service_id=SERVICE, starts=["2026-04-16T10:00", "2026-06-04T10:00"])
    result = propose_schedule(ctx, args)
    assert not result.ok and result.conflict
    assert result.conflict.rule == "after_package_expiry"
    assert result.conflict.requested == "2026-06-04T10:00"
    assert all(a < "2026-05-31T10:00" for a in result.conflict.alternatives)


def test_a_move_after_the_expiry_is_refused(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW, phone="+353870000001")
    book_first_lesson(ctx)
    args = RescheduleArgs(service_id=SERVICE, session_number=1, new_start="2026-06-02T10:00")
    result = reschedule_session(ctx, args)
    assert isinstance(result, ProposalResult) and not result.ok and result.conflict
    assert result.conflict.rule == "after_package_expiry"
    assert all(a < "2026-05-31T10:00" for a in result.conflict.alternatives)


def test_availability_lists_no_day_after_the_expiry(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW, phone="+353870000001")
    book_first_lesson(ctx)
    args = CheckAvailabilityArgs(service_id=SERVICE, date_from="2026-05-25", date_to="2026-06-05")
    result = check_availability(ctx, args)
    assert result.days and max(d.date for d in result.days) <= "2026-05-31"
    assert result.note is not None and "2026-05-31" in result.note
    inside = CheckAvailabilityArgs(service_id=SERVICE, date_from="2026-05-11", date_to="2026-05-15")
    assert check_availability(ctx, inside).note is None
