"""Tools load the next weeks of the calendar first; a plan that reaches past them
is planned again over the whole calendar, so a far booking is never overlooked."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.availability import BeyondHorizon
from bookbot.core.config import Business, parse_business
from bookbot.core.types import Plan, PlannedSession
from bookbot.store.bookings import book_plan
from bookbot.store.conversations import get_or_create_conversation
from bookbot.store.customers import get_or_create_customer
from bookbot.tools.calendar_window import NEAR_DAYS, availability, plan_over
from bookbot.tools.context import ToolContext
from bookbot.tools.planning import ProposeScheduleArgs, propose_schedule

ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
FAR = NEAR_DAYS + 30
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def business() -> Business:
    return parse_business(
        {
            "name": "Far Clinic",
            "timezone": "Europe/Zurich",
            "hours": {
                d: ["08:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            },
            "services": [
                {
                    "id": "graft",
                    "name": "Bone graft",
                    "capacity": 1,
                    "duration_minutes": 60,
                    "requires_multiple_sessions": True,
                    "total_sessions_required": 2,
                    "multi_session_strategy": "immediate",
                    "session_buffer_config": {"default_days": FAR},
                }
            ],
        },
        source="test",
    )


def customer(factory: sessionmaker[Session], phone: str) -> int:
    with factory.begin() as session:
        return get_or_create_customer(session, phone=phone).id


def test_a_booking_past_the_near_window_still_blocks_its_slot(
    factory: sessionmaker[Session], business: Business
) -> None:
    first = datetime(2026, 3, 3, 14, 0, tzinfo=ZONE)
    far = first + timedelta(days=FAR)
    other = customer(factory, "+41790000002")
    book_plan(
        factory,
        business=business,
        customer_id=other,
        service_id="graft",
        plan=Plan(sessions=(PlannedSession(1, far, far + timedelta(hours=1)),)),
        actor="test",
        at=NOW,
    )
    ctx = ToolContext(
        session_factory=factory,
        business=business,
        now=NOW,
        customer_id=customer(factory, "+41790000001"),
        conversation_id=0,
    )
    with pytest.raises(BeyondHorizon):  # the near window alone cannot answer
        availability(ctx, business.service("graft"), until=NOW + timedelta(days=NEAR_DAYS)).is_free(
            far, 2
        )
    result = plan_over(
        ctx,
        business.service("graft"),
        lambda avail: avail.is_free(far, 2),
        around=first,
    )
    assert result is False
    with factory.begin() as session:
        conversation = get_or_create_conversation(session, customer_id=ctx.customer_id)
    ctx = ToolContext(
        session_factory=factory,
        business=business,
        now=NOW,
        customer_id=ctx.customer_id,
        conversation_id=conversation.id,
    )
    proposal = propose_schedule(
        ctx, ProposeScheduleArgs(service_id="graft", starts=["2026-03-03T14:00"])
    )
    assert proposal.ok
    assert [s.start for s in proposal.sessions] == ["2026-03-03T14:00", f"{far:%Y-%m-%d}T13:00"]
