"""Scheduling rules at the edges (issue 19) through the tools the model calls:
propose_schedule, check_availability and reschedule_session."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import WEEKDAYS, Business, parse_business
from bookbot.core.types import Plan, PlannedSession
from bookbot.store import load_business_file
from bookbot.store.bookings import book_plan, complete_session
from bookbot.tools.availability import AvailabilityResult, CheckAvailabilityArgs, check_availability
from bookbot.tools.changes import RescheduleArgs, reschedule_session
from bookbot.tools.context import ToolContext
from bookbot.tools.planning import ProposeScheduleArgs, propose_schedule
from bookbot.tools.views import BookingResult, ConflictView, ProposalResult
from tests.tools.tools_testkit import shown_and_answered, tool_context

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
ZURICH = ZoneInfo("Europe/Zurich")
NEW_YORK = ZoneInfo("America/New_York")


def _service(strategy: str, sessions: int = 3, **fields: Any) -> dict[str, Any]:
    return {
        "id": "svc",
        "name": "Service",
        "duration_minutes": 60,
        "requires_multiple_sessions": sessions > 1,
        "total_sessions_required": sessions,
        "multi_session_strategy": strategy,
        **fields,
    }


def _business(service: dict[str, Any], **fields: Any) -> Business:
    data: dict[str, Any] = {
        "name": "Edges",
        "timezone": "Europe/Zurich",
        "slot_step_minutes": 30,
        "min_notice_hours": 0,
        "hours": {day: ["08:00-12:00", "13:00-18:00"] for day in WEEKDAYS[:6]},
        "services": [service],
    }
    data.update(fields)
    return parse_business(data)


@pytest.fixture
def business() -> Business:
    """The demo; a test with its own business parametrizes `business` (via `with_business`)."""
    return load_business_file(DEMO)


def with_business(business: Business) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("business", [business], ids=["business"])


def propose(ctx: ToolContext, *starts: str) -> ProposalResult:
    return propose_schedule(ctx, ProposeScheduleArgs(service_id="svc", starts=list(starts)))


def conflict_of(result: ProposalResult) -> ConflictView:
    assert not result.ok and result.conflict is not None, result
    return result.conflict


def free_times(ctx: ToolContext, day: str, service: str = "svc") -> list[str]:
    args = CheckAvailabilityArgs(service_id=service, date_from=day, date_to=day)
    found: AvailabilityResult = check_availability(ctx, args)
    return [t for d in found.days for t in d.times]


def book(ctx: ToolContext, service_id: str, starts: list[datetime]) -> None:
    service = ctx.business.service(service_id)
    sessions = tuple(
        PlannedSession(k, s, s + timedelta(minutes=service.session_duration(k)))
        for k, s in enumerate(starts, start=1)
    )
    book_plan(
        ctx.session_factory,
        business=ctx.business,
        customer_id=ctx.customer_id,
        service_id=service_id,
        plan=Plan(sessions=sessions),
        at=ctx.now,
    )


# 1. notice in elapsed time, with `now` in the business's timezone
@with_business(
    _business(
        _service("flexible", 1),
        min_notice_hours=48,
        hours={day: ["08:00-12:00"] for day in WEEKDAYS},
    )
)
def test_propose_counts_notice_in_elapsed_time(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, datetime(2026, 10, 23, 9, 15, tzinfo=ZURICH))
    assert propose(ctx, "2026-10-25T08:30").ok  # 48 h 15 min across the fall-back
    assert conflict_of(propose(ctx, "2026-10-25T08:00")).rule == "min_notice"
    assert free_times(ctx, "2026-10-25")[0] == "08:30"


# 2. the notice before the sequential window
@with_business(
    _business(
        _service("sequential", 4, session_buffer_config={"minimum_days": 2, "maximum_days": 7}),
        min_notice_hours=48,
    )
)
def test_a_sequential_first_session_inside_the_notice_is_refused_as_notice(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, datetime(2026, 3, 9, 9, 0, tzinfo=ZURICH))
    conflict = conflict_of(propose(ctx, "2026-03-10T10:00"))
    assert conflict.rule == "min_notice", conflict
    assert conflict.alternatives and min(conflict.alternatives) >= "2026-03-11T09:00"


NEW_YORK_NIGHTS = {
    "timezone": "America/New_York",
    "hours": {day: ["00:00-02:00", "03:00-05:00"] for day in WEEKDAYS},
}


# 3. a skipped wall time; 4. the fall-back night's real duration
@with_business(_business(_service("flexible", 1, duration_minutes=90), **NEW_YORK_NIGHTS))
def test_dst_nights_through_the_tools(factory: sessionmaker[Session], business: Business) -> None:
    ctx = tool_context(factory, business, datetime(2026, 2, 1, 9, 0, tzinfo=NEW_YORK))
    with_30 = _business(_service("flexible", 1, duration_minutes=30), **NEW_YORK_NIGHTS)
    short = tool_context(factory, with_30, ctx.now)
    assert conflict_of(propose(short, "2026-03-08T02:30")).rule == "no_such_time"  # skipped
    assert not any(t.startswith("02:") for t in free_times(short, "2026-03-08"))
    # 01:00 EDT + 90 min ends at 01:30 EST, inside 00:00-02:00
    fall_back = propose(ctx, "2026-11-01T01:00")
    assert fall_back.ok, fall_back
    assert fall_back.sessions[0].duration_minutes == 90
    assert "01:00" in free_times(ctx, "2026-11-01")


# 5. with a 0-day gap, session 2 waits for session 1's end
@with_business(
    _business(
        _service("sequential", 3, session_buffer_config={"minimum_days": 0, "maximum_days": 3})
    )
)
def test_session_two_is_never_offered_before_session_one_ends(
    factory: sessionmaker[Session], business: Business
) -> None:
    now = datetime(2026, 3, 10, 8, 0, tzinfo=ZURICH)
    ctx = tool_context(factory, business, now)
    book(ctx, "svc", [datetime(2026, 3, 10, 10, 0, tzinfo=ZURICH)])
    group, _ = ctx.active_sessions(business.service("svc"))
    assert group is not None
    with factory.begin() as session:  # marked completed before it took place
        complete_session(session, group_id=group.id, session_number=1, actor="admin", at=now)
    times = free_times(ctx, "2026-03-10")
    assert times and min(times) >= "11:00", times
    conflict = conflict_of(propose(ctx, "2026-03-10T09:00"))
    assert conflict.rule == "buffer_min" and "after session 1 ends" in conflict.message
    assert conflict.alternatives and min(conflict.alternatives) >= "2026-03-10T11:00"
    assert propose(ctx, "2026-03-10T11:00").ok


# 7. several flexible starts, some refused: alternatives that work if picked
@with_business(_business(_service("flexible", 5, session_buffer_config={"minimum_days": 1})))
def test_a_flexible_proposal_with_several_refused_starts_offers_alternatives(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH))
    conflict = conflict_of(propose(ctx, "2026-03-10T10:00", "2026-03-08T10:00", "2026-03-15T10:00"))
    assert conflict.rule == "closed_day" and conflict.requested == "2026-03-08T10:00"
    assert len(conflict.alternatives) == 3
    for alternative in conflict.alternatives:
        assert propose(ctx, "2026-03-10T10:00", alternative).ok, alternative


# 8. the confirmation of an applied move names only the sessions that moved
def test_an_applied_move_lists_only_the_moved_sessions(
    factory: sessionmaker[Session], business: Business
) -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH)
    ctx = tool_context(factory, business, now)
    starts = [datetime(2026, m, d, 14, 0, tzinfo=ZURICH) for m, d in ((3, 10), (3, 24), (4, 23))]
    book(ctx, "dental-implant", starts)
    args = RescheduleArgs(
        service_id="dental-implant", session_number=2, new_start="2026-03-24T10:00"
    )
    preview = reschedule_session(ctx, args)
    assert isinstance(preview, ProposalResult) and preview.ok and preview.proposal_id
    assert preview.moved_sessions == [2]
    shown_and_answered(ctx)
    apply = RescheduleArgs(service_id="dental-implant", proposal_id=preview.proposal_id)
    applied = reschedule_session(ctx, apply)
    assert isinstance(applied, BookingResult) and applied.booked
    assert [(s.number, s.start, s.moved) for s in applied.sessions] == [
        (2, "2026-03-24T10:00", True)
    ]
