"""The whole turn with the OpenAI client against respx: a booking through tool calls,
fallback to the offline model when the provider fails, tool errors back to the model.

The model is built the way `bookbot serve` builds it (`build_agent`), with fake
sleep and clock so retries take no time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import respx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.openai_model import OpenAIModel
from bookbot.agent.runtime import build_agent
from bookbot.core.config import Business
from bookbot.service.conversations import Conversations
from bookbot.settings import DEMO_BUSINESS, Settings
from bookbot.store import load_business_file
from bookbot.store.models import BookingRow, TurnRow

URL = "https://api.openai.com/v1/chat/completions"
ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
MARIE = "+41790000001"


@pytest.fixture
def business() -> Business:
    return load_business_file(DEMO_BUSINESS)


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def chat(
    factory: sessionmaker[Session], business: Business
) -> Iterator[tuple[Conversations, list[float]]]:
    sleeps: list[float] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock[0] += seconds

    with httpx.Client() as http:
        model = OpenAIModel(
            "gpt-4o-mini",
            api_key="sk-test",
            base_url=None,
            http_client=http,
            timeout_seconds=5,
            retry_attempts=3,
            time_budget_seconds=30,
            sleep=sleep,
            clock=lambda: clock[0],
        )
        yield Conversations(factory, business, build_agent(Settings(), model)), sleeps


def completion(
    content: str | None = None, calls: tuple[tuple[str, dict[str, Any]], ...] | list[Any] = ()
) -> httpx.Response:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if calls:
        message["tool_calls"] = [
            {
                "id": f"call_{i}",
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args)},
            }
            for i, (name, args) in enumerate(calls)
        ]
    body = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1767225600,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": "tool_calls" if calls else "stop",
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }
    return httpx.Response(200, json=body)


def sent(request: httpx.Request) -> list[dict[str, Any]]:
    return list(json.loads(request.content)["messages"])


def bookings(factory: sessionmaker[Session]) -> list[tuple[int, str]]:
    with factory() as session:
        rows = session.scalars(select(BookingRow).order_by(BookingRow.session_number))
        return [(r.session_number, f"{r.start_at.astimezone(ZONE):%Y-%m-%d %H:%M}") for r in rows]


def test_an_immediate_plan_is_booked_through_openai_tool_calls(
    router: respx.MockRouter, chat: tuple[Conversations, list[float]], factory: Any
) -> None:
    conversations, _ = chat

    def reply(request: httpx.Request) -> httpx.Response:
        messages = sent(request)
        last = messages[-1]
        if last["role"] == "user" and "March 10" in last["content"]:
            return completion(
                calls=[
                    (
                        "propose_schedule",
                        {"service_id": "dental-implant", "starts": ["2026-03-10T14:00"]},
                    )
                ]
            )
        if last["role"] == "user" and last["content"] == "Yes!":
            proposal = next(
                json.loads(m["content"])["proposal_id"]
                for m in reversed(messages)
                if m["role"] == "tool" and "proposal_id" in m["content"]
            )
            return completion(calls=[("book_group", {"proposal_id": proposal})])
        result = json.loads(last["content"])
        if "booked" in result:
            return completion("All 3 appointments confirmed.")
        when = ", ".join(s["when"] for s in result["sessions"])
        return completion(f"Here is your plan: {when}. Shall I book it?")

    router.post(URL).mock(side_effect=reply)
    first = conversations.handle(phone=MARIE, text="How about March 10th at 2pm?", now=NOW)
    assert first is not None and "Shall I book it?" in first.reply
    assert bookings(factory) == []  # nothing before the yes
    second = conversations.handle(phone=MARIE, text="Yes!", now=NOW)
    assert second is not None and second.reply == "All 3 appointments confirmed."
    assert [t.name for t in second.outcome.tools] == ["book_group"]
    assert bookings(factory) == [
        (1, "2026-03-10 14:00"),
        (2, "2026-03-24 14:00"),
        (3, "2026-04-23 14:00"),
    ]
    with factory() as session:
        turns = session.scalars(select(TurnRow).order_by(TurnRow.id)).all()
        assert [(t.model, t.prompt_tokens, t.completion_tokens) for t in turns] == [
            ("openai:gpt-4o-mini", 200, 40),
            ("openai:gpt-4o-mini", 200, 40),
        ]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(429, json={"error": {"message": "rate"}}, headers={"Retry-After": "1"}),
        httpx.Response(500, json={"error": {"message": "boom"}}),
        httpx.ReadTimeout("read timed out"),
    ],
    ids=["429", "500", "timeout"],
)
def test_an_unreachable_provider_is_retried_then_the_offline_model_answers(
    router: respx.MockRouter,
    chat: tuple[Conversations, list[float]],
    factory: Any,
    failure: Any,
) -> None:
    conversations, sleeps = chat
    route = router.post(URL).mock(side_effect=[failure] * 6)
    answer = conversations.handle(
        phone=MARIE, text="How about March 10th at 2pm for an implant?", now=NOW
    )
    assert answer is not None
    assert route.call_count == 3 and len(sleeps) == 2  # retried within the budget
    assert answer.outcome.degraded and answer.outcome.model_name == "offline"
    assert "Session 1 of 3" in answer.reply and "Does this work for you?" in answer.reply
    assert [t.name for t in answer.outcome.tools] == ["propose_schedule"]
    with factory() as session:
        assert session.scalars(select(TurnRow.model)).all() == ["offline"]
    # the provider stays down; the customer still gets the booking through the fallback
    yes = conversations.handle(phone=MARIE, text="yes please", now=NOW)
    assert yes is not None and "confirmed" in yes.reply
    assert len(bookings(factory)) == 3


def test_a_tool_error_goes_back_to_the_model_and_the_turn_ends_with_a_reply(
    router: respx.MockRouter, chat: tuple[Conversations, list[float]], factory: Any
) -> None:
    conversations, _ = chat
    seen: list[dict[str, Any]] = []

    def reply(request: httpx.Request) -> httpx.Response:
        last = sent(request)[-1]
        if last["role"] == "user":
            return completion(
                calls=[
                    (
                        "propose_schedule",
                        {"service_id": "teeth-whitening", "starts": ["2026-03-10T14:00"]},
                    )
                ]
            )
        seen.append(json.loads(last["content"]))
        return completion("Sorry, we don't offer teeth whitening.")

    router.post(URL).mock(side_effect=reply)
    answer = conversations.handle(phone=MARIE, text="Teeth whitening on March 10?", now=NOW)
    assert answer is not None and answer.reply == "Sorry, we don't offer teeth whitening."
    assert seen[0]["error"]["code"] == "unknown_service"
    assert "teeth-whitening" in seen[0]["error"]["message"]
    assert answer.outcome.error is None and bookings(factory) == []
