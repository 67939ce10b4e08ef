"""The agent loop and the tools end to end on SQLite, with a scripted model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bookbot.agent.model import ModelRequest, ModelResponse, ScriptedModel, tool_call
from bookbot.agent.turn import CAP_REACHED, Agent, AgentCaps
from bookbot.core.config import Business
from bookbot.prompts.render import render_system_prompt
from bookbot.service.conversations import Conversations
from bookbot.store import (
    ensure_schema,
    import_business,
    load_business_file,
    make_engine,
    make_session_factory,
)
from bookbot.store.models import BookingRow
from bookbot.tools.toolset import build_registry

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
MARIE = "+41790000001"
OTTO = "+41790000002"


@pytest.fixture()
def business() -> Business:
    return load_business_file(DEMO)


@pytest.fixture()
def session_factory(tmp_path: Path, business: Business) -> Iterator[Any]:
    engine = make_engine(f"sqlite:///{tmp_path / 'agent.db'}")
    ensure_schema(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, business)
    yield factory
    engine.dispose()


def last_result(request: ModelRequest) -> dict[str, Any]:
    return dict(json.loads(request.messages[-1]["content"]))


def conversations(factory: Any, business: Business, script: Any, **caps: int) -> Conversations:
    agent = Agent(
        ScriptedModel(script),
        build_registry(),
        system_prompt=lambda b, now, name: render_system_prompt(b, now, customer_name=name),
        caps=AgentCaps(**caps),
    )
    return Conversations(factory, business, agent)


def bookings(factory: Any) -> list[tuple[int, datetime, str]]:
    with factory() as session:
        rows = session.scalars(select(BookingRow).order_by(BookingRow.session_number)).all()
        return [(r.session_number, r.start_at.astimezone(ZONE), r.status) for r in rows]


def test_immediate_plan_is_proposed_then_booked_after_yes(
    session_factory: Any, business: Business
) -> None:
    proposal: dict[str, Any] = {}

    def script(request: ModelRequest) -> ModelResponse:
        last = request.messages[-1]
        if last["role"] == "user" and "March 10" in last["content"]:
            return ModelResponse(
                tool_calls=(
                    tool_call(
                        "c1",
                        "propose_schedule",
                        service_id="dental-implant",
                        starts=["2026-03-10T14:00"],
                    ),
                )
            )
        if last["role"] == "user":
            return ModelResponse(
                tool_calls=(tool_call("c2", "book_group", proposal_id=proposal["id"]),)
            )
        result = last_result(request)
        if "proposal_id" in result:
            proposal["id"] = result["proposal_id"]
            return ModelResponse(content=" / ".join(s["when"] for s in result["sessions"]))
        return ModelResponse(content=f"booked={result['booked']}")

    chat = conversations(session_factory, business, script)
    first = chat.handle(phone=MARIE, text="How about March 10th at 2pm?", now=NOW)
    assert first is not None
    assert first.reply == "Tue 10 Mar 2026, 14:00 / Tue 24 Mar 2026, 14:00 / Thu 23 Apr 2026, 14:00"
    assert bookings(session_factory) == []
    second = chat.handle(phone=MARIE, text="Yes!", now=NOW)
    assert second is not None and second.reply == "booked=True"
    assert bookings(session_factory) == [
        (1, datetime(2026, 3, 10, 14, 0, tzinfo=ZONE), "confirmed"),
        (2, datetime(2026, 3, 24, 14, 0, tzinfo=ZONE), "confirmed"),
        (3, datetime(2026, 4, 23, 14, 0, tzinfo=ZONE), "confirmed"),
    ]


def test_book_group_refuses_a_proposal_not_yet_shown(
    session_factory: Any, business: Business
) -> None:
    def script(request: ModelRequest) -> ModelResponse:
        last = request.messages[-1]
        if last["role"] == "user":
            return ModelResponse(
                tool_calls=(
                    tool_call(
                        "c1",
                        "propose_schedule",
                        service_id="consultation",
                        starts=["2026-03-03T10:00"],
                    ),
                )
            )
        result = last_result(request)
        if "proposal_id" in result:
            return ModelResponse(
                tool_calls=(tool_call("c2", "book_group", proposal_id=result["proposal_id"]),)
            )
        return ModelResponse(content=json.dumps(result))

    chat = conversations(session_factory, business, script)
    answer = chat.handle(phone=MARIE, text="consultation tomorrow 10am", now=NOW)
    assert answer is not None
    assert "not been shown" in answer.reply
    assert bookings(session_factory) == []


def test_another_customer_cannot_book_or_read_a_proposal(
    session_factory: Any, business: Business
) -> None:
    stolen: dict[str, str] = {}

    def marie(request: ModelRequest) -> ModelResponse:
        last = request.messages[-1]
        if last["role"] == "user":
            return ModelResponse(
                tool_calls=(
                    tool_call(
                        "c1",
                        "propose_schedule",
                        service_id="consultation",
                        starts=["2026-03-03T10:00"],
                    ),
                )
            )
        stolen["id"] = last_result(request)["proposal_id"]
        return ModelResponse(content="shown")

    def otto(request: ModelRequest) -> ModelResponse:
        last = request.messages[-1]
        if last["role"] == "user":
            return ModelResponse(
                tool_calls=(
                    tool_call("c1", "book_group", proposal_id=stolen["id"]),
                    tool_call("c2", "get_progress"),
                )
            )
        results = [json.loads(m["content"]) for m in request.messages if m["role"] == "tool"]
        return ModelResponse(content=json.dumps(results))

    conversations(session_factory, business, marie).handle(phone=MARIE, text="hi", now=NOW)
    conversations(session_factory, business, marie).handle(phone=MARIE, text="ok", now=NOW)
    answer = conversations(session_factory, business, otto).handle(
        phone=OTTO, text="book it", now=NOW
    )
    assert answer is not None
    results = json.loads(answer.reply)
    assert results[0]["error"]["code"] == "ProposalError"
    assert results[1] == {"plans": []}
    assert bookings(session_factory) == []


def test_tool_error_reaches_the_model_and_the_turn_still_replies(
    session_factory: Any, business: Business
) -> None:
    def script(request: ModelRequest) -> ModelResponse:
        last = request.messages[-1]
        if last["role"] == "user":
            return ModelResponse(
                tool_calls=(
                    tool_call(
                        "c1", "propose_schedule", service_id="pizza", starts=["2026-03-03T10:00"]
                    ),
                )
            )
        return ModelResponse(content=last_result(request)["error"]["code"])

    answer = conversations(session_factory, business, script).handle(
        phone=MARIE, text="pizza", now=NOW
    )
    assert answer is not None and answer.reply == "unknown_service"


def test_tool_round_cap_ends_the_turn_with_a_reply(
    session_factory: Any, business: Business
) -> None:
    def script(request: ModelRequest) -> ModelResponse:
        return ModelResponse(tool_calls=(tool_call("c", "list_services"),))

    answer = conversations(session_factory, business, script, max_tool_rounds=2).handle(
        phone=MARIE, text="loop", now=NOW
    )
    assert answer is not None
    assert answer.reply == CAP_REACHED
    assert answer.outcome.error == "max_tool_rounds"
    assert len(answer.outcome.tools) == 2


def test_duplicate_whatsapp_message_runs_one_turn(session_factory: Any, business: Business) -> None:
    model_calls: list[int] = []

    def script(request: ModelRequest) -> ModelResponse:
        model_calls.append(1)
        return ModelResponse(content="hello")

    chat = conversations(session_factory, business, script)
    assert chat.handle(phone=MARIE, text="hi", now=NOW, wa_message_id="wamid.1") is not None
    assert chat.handle(phone=MARIE, text="hi", now=NOW, wa_message_id="wamid.1") is None
    assert len(model_calls) == 1
