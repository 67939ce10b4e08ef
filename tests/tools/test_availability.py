"""check_availability: free times day by day, and for a sequential plan's next
session only the days its window allows (after the previous one is completed)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.types import Plan, PlannedSession
from bookbot.store import load_business_file
from bookbot.store.bookings import book_plan, complete_session
from bookbot.tools.availability import (
    AvailabilityResult,
    CheckAvailabilityArgs,
    check_availability,
)
from bookbot.tools.context import ToolContext
from bookbot.tools.registry import ToolRetry
from tests.tools.tools_testkit import tool_context

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)  # a Monday


@pytest.fixture
def business() -> Business:
    return load_business_file(DEMO)


def book_physio(ctx: ToolContext, start: datetime) -> None:
    """Session 1 of a new physiotherapy plan at `start`."""
    session = PlannedSession(1, start, start + timedelta(minutes=45))
    book_plan(
        ctx.session_factory,
        business=ctx.business,
        customer_id=ctx.customer_id,
        service_id="physiotherapy",
        plan=Plan(sessions=(session,)),
        at=ctx.now,
    )


def complete(ctx: ToolContext, number: int) -> None:
    group, _ = ctx.active_sessions(ctx.business.service("physiotherapy"))
    assert group is not None
    with ctx.session_factory.begin() as session:
        complete_session(
            session, group_id=group.id, session_number=number, actor="admin", at=ctx.now
        )


def check(ctx: ToolContext, service: str, first: str, last: str) -> AvailabilityResult:
    args = CheckAvailabilityArgs(service_id=service, date_from=first, date_to=last)
    return check_availability(ctx, args)


def test_free_days_skip_closed_days_and_have_no_window_outside_sequential_plans(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    found = check(ctx, "dental-implant", "2026-03-06", "2026-03-09")
    assert [d.date for d in found.days] == ["2026-03-06", "2026-03-07", "2026-03-09"]  # no Sunday
    assert found.days[1].weekday == "Saturday" and found.days[1].times[0] == "09:00"
    assert found.window is None and found.session_number == 1


def test_the_first_sequential_session_may_go_on_any_day(
    factory: sessionmaker[Session], business: Business
) -> None:
    found = check(tool_context(factory, business, NOW), "physiotherapy", "2026-03-03", "2026-03-05")
    assert [d.date for d in found.days] == ["2026-03-03", "2026-03-04", "2026-03-05"]
    assert found.window is not None and found.window.earliest_day == "2026-03-02"


def test_the_next_sequential_session_waits_for_the_last_to_be_completed(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    book_physio(ctx, datetime(2026, 3, 3, 10, 0, tzinfo=ZONE))
    found = check(ctx, "physiotherapy", "2026-03-04", "2026-03-10")
    assert found.days == [] and found.session_number == 2
    assert found.note is not None and "must be completed" in found.note


def test_after_completion_only_the_window_is_searched(
    factory: sessionmaker[Session], business: Business
) -> None:
    booking = tool_context(factory, business, NOW)
    book_physio(booking, datetime(2026, 3, 3, 10, 0, tzinfo=ZONE))
    later = tool_context(factory, business, datetime(2026, 3, 3, 12, 0, tzinfo=ZONE))
    complete(later, 1)
    found = check(later, "physiotherapy", "2026-03-03", "2026-03-16")
    # minimum 2, maximum 7, recommended 3 days after Tue 03-03; Sunday 03-08 is closed
    assert [d.date for d in found.days] == [
        "2026-03-05",
        "2026-03-06",
        "2026-03-07",
        "2026-03-09",
        "2026-03-10",
    ]
    assert found.window is not None
    assert (found.window.earliest_day, found.window.latest_day, found.window.suggested_day) == (
        "2026-03-05",
        "2026-03-10",
        "2026-03-06",
    )
    outside = check(later, "physiotherapy", "2026-03-12", "2026-03-16")
    assert outside.days == []
    assert outside.note is not None and "from 2026-03-05 to 2026-03-10" in outside.note


def test_an_explicit_later_session_number_is_searched_without_a_window(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    args = CheckAvailabilityArgs(
        service_id="physiotherapy", date_from="2026-03-12", date_to="2026-03-12", session_number=4
    )
    found = check_availability(ctx, args)
    assert found.window is None and [d.date for d in found.days] == ["2026-03-12"]
    with pytest.raises(ToolRetry, match="8 sessions"):
        check_availability(ctx, args.model_copy(update={"session_number": 9}))


def test_a_suggested_day_the_business_is_closed_moves_to_the_next_open_day(
    factory: sessionmaker[Session], business: Business
) -> None:
    booking = tool_context(factory, business, NOW)
    book_physio(booking, datetime(2026, 3, 5, 10, 0, tzinfo=ZONE))  # a Thursday
    later = tool_context(factory, business, datetime(2026, 3, 5, 12, 0, tzinfo=ZONE))
    complete(later, 1)
    found = check(later, "physiotherapy", "2026-03-07", "2026-03-12")
    assert found.window is not None
    # Thu + 3 is Sunday 03-08 (closed): the first open day after it is Monday
    assert (found.window.earliest_day, found.window.suggested_day) == ("2026-03-07", "2026-03-09")
    assert "2026-03-08" not in [d.date for d in found.days]
