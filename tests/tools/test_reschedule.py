"""reschedule_session: the preview shows the whole new plan (every session, the
moving ones marked) while the stored proposal, and so what a yes applies, names
only the sessions that move; the offline reply lists the whole plan."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.offline import replies
from bookbot.core.config import Business
from bookbot.core.types import Plan, PlannedSession
from bookbot.store import load_business_file
from bookbot.store.bookings import book_plan, complete_session
from bookbot.tools.changes import RescheduleArgs, reschedule_session
from bookbot.tools.context import ToolContext
from bookbot.tools.views import BookingResult, ProposalResult
from tests.tools.tools_testkit import shown_and_answered, tool_context

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)


def at(month: int, day: int, hour: int = 14) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=ZONE)


@pytest.fixture
def business() -> Business:
    return load_business_file(DEMO)


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


def preview(ctx: ToolContext, service_id: str, number: int, new_start: str) -> ProposalResult:
    args = RescheduleArgs(service_id=service_id, session_number=number, new_start=new_start)
    result = reschedule_session(ctx, args)
    assert isinstance(result, ProposalResult) and result.ok, result
    return result


def starts(ctx: ToolContext, service_id: str) -> list[tuple[int, str, str]]:
    _, sessions = ctx.active_sessions(ctx.business.service(service_id))
    return [
        (s.number, f"{s.start.astimezone(ZONE):%m-%d %H:%M}", s.status.value)
        for s in sorted(sessions, key=lambda s: s.number)
    ]


def test_an_immediate_preview_shows_every_session_and_applies_only_the_moved(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    book(ctx, "dental-implant", [at(3, 10), at(3, 24), at(4, 23)])
    with factory.begin() as session:
        group, _ = ctx.active_sessions(business.service("dental-implant"))
        assert group is not None
        complete_session(session, group_id=group.id, session_number=1, actor="admin", at=NOW)
    later = tool_context(factory, business, at(3, 11, 9))
    result = preview(later, "dental-implant", 2, "2026-03-25T14:00")
    assert [(s.number, s.start, s.status, s.moved) for s in result.sessions] == [
        (1, "2026-03-10T14:00", "completed", False),
        (2, "2026-03-25T14:00", "confirmed", True),
        (3, "2026-04-24T14:00", "confirmed", True),
    ]
    assert result.moved_sessions == [2, 3]
    text = replies.reschedule_preview(business.service("dental-implant"), result.model_dump())
    assert "Tue 10 Mar 2026, 14:00 (done)" in text
    assert "Wed 25 Mar 2026, 14:00 (moved)" in text and "Fri 24 Apr 2026, 14:00 (moved)" in text

    shown_and_answered(later)
    assert result.proposal_id is not None
    args = RescheduleArgs(service_id="dental-implant", proposal_id=result.proposal_id)
    applied = reschedule_session(later, args)
    assert isinstance(applied, BookingResult) and applied.booked
    assert starts(later, "dental-implant") == [
        (1, "03-10 14:00", "completed"),
        (2, "03-25 14:00", "confirmed"),
        (3, "04-24 14:00", "confirmed"),
    ]


def test_a_preview_keeps_unmoved_sessions_in_the_plan(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    book(ctx, "dental-implant", [at(3, 10), at(3, 24), at(4, 23)])
    result = preview(ctx, "dental-implant", 2, "2026-03-24T10:00")
    assert [(s.start, s.moved) for s in result.sessions] == [
        ("2026-03-10T14:00", False),
        ("2026-03-24T10:00", True),
        ("2026-04-23T14:00", False),
    ]
    text = replies.reschedule_preview(business.service("dental-implant"), result.model_dump())
    assert "Tue 10 Mar 2026, 14:00" in text and "Thu 23 Apr 2026, 14:00" in text
    assert text.count("(moved)") == 2  # the session and the note about the marks


def test_a_flexible_preview_is_the_whole_plan_numbered_by_date(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    book(ctx, "driving-lessons", [at(3, 9, 17), at(3, 11, 17), at(3, 13, 17)])
    result = preview(ctx, "driving-lessons", 3, "2026-03-06T17:00")
    assert [(s.number, s.start, s.moved) for s in result.sessions] == [
        (1, "2026-03-06T17:00", True),
        (2, "2026-03-09T17:00", False),
        (3, "2026-03-11T17:00", False),
    ]
    assert result.moved_sessions == [3]  # its number today
    shown_and_answered(ctx)
    assert result.proposal_id is not None
    args = RescheduleArgs(service_id="driving-lessons", proposal_id=result.proposal_id)
    assert isinstance(reschedule_session(ctx, args), BookingResult)
    assert starts(ctx, "driving-lessons") == [
        (1, "03-06 17:00", "confirmed"),
        (2, "03-09 17:00", "confirmed"),
        (3, "03-11 17:00", "confirmed"),
    ]


def test_a_move_without_a_session_number_asks_which_of_the_upcoming_sessions(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    book(ctx, "dental-implant", [at(3, 10), at(3, 24), at(4, 23)])
    result = reschedule_session(
        ctx, RescheduleArgs(service_id="dental-implant", new_start="2026-03-12T14:00")
    )
    assert isinstance(result, ProposalResult)
    assert not result.ok and result.proposal_id is None and result.conflict is None
    assert [s.number for s in result.sessions] == [1, 2, 3]
    assert result.next_step is not None and "which" in result.next_step
    assert starts(ctx, "dental-implant") == [  # nothing moved
        (1, "03-10 14:00", "confirmed"),
        (2, "03-24 14:00", "confirmed"),
        (3, "04-23 14:00", "confirmed"),
    ]


def test_a_move_without_a_session_number_moves_the_only_upcoming_session(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW)
    book(ctx, "consultation", [at(3, 10)])
    result = reschedule_session(
        ctx, RescheduleArgs(service_id="consultation", new_start="2026-03-12T14:00")
    )
    assert isinstance(result, ProposalResult) and result.ok, result
    assert result.moved_sessions == [1]
