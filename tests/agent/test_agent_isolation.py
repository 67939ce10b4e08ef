"""No tool path lets one customer read or change another's bookings.

Marie books an implant plan and asks for reschedule and cancel previews; Otto's
model then tries every tool with Marie's proposal ids and service: nothing of
Marie's is shown to him and nothing of hers changes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.model import ModelRequest, ModelResponse, ScriptedModel, ToolCall, tool_call
from bookbot.agent.turn import Agent
from bookbot.core.config import Business
from bookbot.prompts.render import render_system_prompt
from bookbot.service.conversations import Conversations
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import load_business_file
from bookbot.store.models import BookingRow
from bookbot.tools.toolset import build_registry

ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
MARIE, OTTO = "+41790000001", "+41790000002"


@pytest.fixture
def business() -> Business:
    return load_business_file(DEMO_BUSINESS)


def scripted(calls: list[ToolCall], results: list[dict[str, Any]]) -> ScriptedModel:
    """A model that makes `calls` once, then reports every tool result as its reply."""

    def respond(request: ModelRequest) -> ModelResponse:
        if request.messages[-1]["role"] == "user":
            return ModelResponse(tool_calls=tuple(calls))
        tail = [m for m in request.messages if m["role"] == "tool"][-len(calls) :]
        results.extend(json.loads(m["content"]) for m in tail)
        return ModelResponse(content="done")

    return ScriptedModel(respond)


def run(
    factory: Any, business: Business, phone: str, *calls: ToolCall, text: str = "go"
) -> list[dict[str, Any]]:
    """One turn of `phone` writing `text`, in which the model makes `calls`; their results."""
    results: list[dict[str, Any]] = []
    agent = Agent(
        scripted(list(calls), results),
        build_registry(),
        system_prompt=lambda b, now, name: render_system_prompt(b, now, customer_name=name),
    )
    Conversations(factory, business, agent).handle(phone=phone, text=text, now=NOW)
    return results


def marie_bookings(factory: sessionmaker[Session]) -> list[tuple[int, datetime, str]]:
    with factory() as session:
        rows = session.scalars(select(BookingRow).order_by(BookingRow.session_number)).all()
        return [(r.session_number, r.start_at, r.status) for r in rows]


def test_other_customers_bookings_cannot_be_seen_or_changed(
    factory: sessionmaker[Session], business: Business
) -> None:
    implant = "dental-implant"
    (proposal,) = run(
        factory,
        business,
        MARIE,
        tool_call("p", "propose_schedule", service_id=implant, starts=["2026-03-10T14:00"]),
    )
    book = tool_call("b", "book_group", proposal_id=proposal["proposal_id"])
    assert run(factory, business, MARIE, book, text="yes please")[0]["booked"]
    move, cancel = run(
        factory,
        business,
        MARIE,
        tool_call(
            "r",
            "reschedule_session",
            service_id=implant,
            session_number=1,
            new_start="2026-03-11T14:00",
        ),
        tool_call("c", "cancel_booking", service_id=implant),
    )
    assert move["ok"] and cancel["ok"]
    before = marie_bookings(factory)
    assert len(before) == 3

    results = run(
        factory,
        business,
        OTTO,
        tool_call("1", "get_progress"),
        tool_call("2", "get_progress", service_id=implant),
        tool_call("3", "list_bookings", include_past=True),
        tool_call("4", "reschedule_session", service_id=implant, proposal_id=move["proposal_id"]),
        tool_call("5", "cancel_booking", service_id=implant, proposal_id=cancel["proposal_id"]),
        tool_call("6", "book_group", proposal_id=proposal["proposal_id"]),
        tool_call(
            "7",
            "reschedule_session",
            service_id=implant,
            session_number=1,
            new_start="2026-03-12T14:00",
        ),
        tool_call("8", "cancel_booking", service_id=implant, session_number=1),
    )
    progress_all, progress_one, listed, *changes = results
    assert progress_all == {"plans": []}
    assert progress_one.get("plans", []) == []
    assert listed["bookings"] == []
    for result in changes:
        text = json.dumps(result)
        assert "2026-03-10" not in text and "Marie" not in text
        assert "error" in result or result.get("ok") is False or result.get("booked") is False
    assert marie_bookings(factory) == before


def test_nothing_is_booked_before_the_customer_confirms(
    factory: sessionmaker[Session], business: Business
) -> None:
    (proposal,) = run(
        factory,
        business,
        MARIE,
        tool_call(
            "p", "propose_schedule", service_id="dental-implant", starts=["2026-03-10T14:00"]
        ),
    )
    assert marie_bookings(factory) == []
    # booking in the very turn that proposed it: not yet shown, so refused
    results = run(
        factory,
        business,
        OTTO,
        tool_call("p", "propose_schedule", service_id="consultation", starts=["2026-03-03T10:00"]),
    )
    same_turn: list[dict[str, Any]] = []

    def eager(request: ModelRequest) -> ModelResponse:
        last = request.messages[-1]
        if last["role"] == "user":
            return ModelResponse(
                tool_calls=(
                    tool_call(
                        "p",
                        "propose_schedule",
                        service_id="consultation",
                        starts=["2026-03-04T10:00"],
                    ),
                )
            )
        result = json.loads(last["content"])
        if "proposal_id" in result and not same_turn:
            same_turn.append(result)
            return ModelResponse(
                tool_calls=(tool_call("b", "book_group", proposal_id=result["proposal_id"]),)
            )
        same_turn.append(result)
        return ModelResponse(content="done")

    agent = Agent(
        ScriptedModel(eager),
        build_registry(),
        system_prompt=lambda b, now, name: render_system_prompt(b, now),
    )
    Conversations(factory, business, agent).handle(phone=MARIE, text="book it now", now=NOW)
    assert same_turn[-1]["error"]["code"] == "ProposalError"
    assert results[0]["ok"] and marie_bookings(factory) == []
    assert proposal["ok"]
