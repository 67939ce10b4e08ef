"""Prices as the customer and the model read them: a price of 0 is "free"
(never "USD 0"), in the service facts, the system prompt, a proposal's total and
the offline model's replies."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.offline import replies
from bookbot.core.config import Business, parse_business
from bookbot.prompts import facts
from bookbot.prompts.render import render_system_prompt
from bookbot.tools.planning import ProposeScheduleArgs, propose_schedule
from bookbot.tools.services import service_view
from tests.tools.tools_testkit import tool_context

ZONE = ZoneInfo("America/Chicago")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)


def service(id: str, price: float, **fields: object) -> dict[str, object]:
    return {
        "id": id,
        "name": id.replace("-", " ").title(),
        "price": price,
        "capacity": 1,
        "duration_minutes": 30,
        **fields,
    }


PACKAGE = {
    "requires_multiple_sessions": True,
    "total_sessions_required": 3,
    "multi_session_strategy": "flexible",
}


@pytest.fixture
def business() -> Business:
    return parse_business(
        {
            "name": "Free Clinic",
            "timezone": "America/Chicago",
            "currency": "USD",
            "hours": {d: ["08:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
            "services": [
                service("consultation", 0),
                service("free-course", 0, price_per="session", **PACKAGE),
                service("paid-course", 45.5, price_per="session", **PACKAGE),
            ],
        },
        source="test",
    )


def test_money_says_free_for_nothing_to_pay() -> None:
    assert facts.money(0, "USD") == "free"
    assert facts.money(0.0, "CHF") == "free"
    assert facts.money(3500, "CHF") == "CHF 3,500"
    assert facts.money(45.5, "USD") == "USD 45.50"


def test_service_facts_and_the_system_prompt_say_free(business: Business) -> None:
    free, course, paid = business.services
    assert facts.price_text(free, "USD") == "free"
    assert facts.price_text(course, "USD") == "free"  # not "free per session (free for all 3)"
    assert facts.price_text(paid, "USD") == "USD 45.50 per session (USD 136.50 for all 3)"
    assert service_view(business, free).price == "free"
    prompt = render_system_prompt(business, NOW)
    assert prompt.count("- Price: free\n") == 2
    assert "USD 0" not in prompt


def test_offline_replies_about_a_free_service(business: Business) -> None:
    free, course, _ = business.services
    assert replies.price(business, free) == "Consultation: free."
    assert "(free)" in replies.describe(business, free)
    assert "Price: free." in replies.describe(business, course)
    for text in (replies.describe(business, free), replies.describe(business, course)):
        assert "USD 0" not in text


def test_a_proposal_of_a_free_service_totals_free(
    factory: sessionmaker[Session], business: Business
) -> None:
    ctx = tool_context(factory, business, NOW, phone="+13125550199")
    for service_id, starts in (
        ("consultation", ["2026-03-04T10:00"]),
        ("free-course", ["2026-03-04T10:00", "2026-03-05T10:00"]),
    ):
        result = propose_schedule(ctx, ProposeScheduleArgs(service_id=service_id, starts=starts))
        assert result.ok and result.total_price == "free", result
        text = replies.proposal(business, business.service(service_id), result.model_dump())
        assert "Price: free." in text and "USD 0" not in text
    paid = propose_schedule(
        ctx, ProposeScheduleArgs(service_id="paid-course", starts=["2026-03-06T10:00"])
    )
    assert paid.total_price == "USD 45.50"
