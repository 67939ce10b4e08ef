"""The registry's three outcomes, each branch: a result; the model's mistakes (an
unknown tool, arguments that are not JSON or do not validate, a ToolRetry) come
back to it within each tool's retry budget for the turn; a bug raises, and the
turn logs it, keeps the failing call in its trace and apologises."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.model import ModelRequest, ModelResponse, ScriptedModel, tool_call
from bookbot.agent.runtime import build_agent
from bookbot.agent.turn import APOLOGY, Agent, AgentCaps, TurnOutcome
from bookbot.core.config import Business
from bookbot.core.errors import ToolRetriesExhaustedError
from bookbot.service.conversations import Conversations
from bookbot.settings import Settings
from bookbot.store import load_business_file
from bookbot.store.models import ToolCallRow, TurnRow
from bookbot.tools import planning
from bookbot.tools.registry import RetryBudget, ToolRegistry, ToolRetry
from bookbot.tools.toolset import build_registry

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


class EchoArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    word: str


class EchoResult(BaseModel):
    echoed: str


def echo(ctx: list[str], args: EchoArgs) -> EchoResult:
    """Say the word back; 'boom' is a bug in the tool, 'wrong' a mistake of the model."""
    ctx.append(args.word)
    if args.word == "boom":
        raise RuntimeError("the tool broke")
    if args.word == "wrong":
        raise ToolRetry("not that word", code="bad_word", hint="say another word")
    return EchoResult(echoed=args.word)


def other(ctx: list[str], args: EchoArgs) -> EchoResult:
    """Another tool with its own retry budget."""
    if args.word == "wrong":
        raise ToolRetry("not that word either")
    return EchoResult(echoed=args.word)


@pytest.fixture
def registry() -> ToolRegistry[list[str]]:
    tools: ToolRegistry[list[str]] = ToolRegistry()
    tools.tool(echo)
    tools.tool(other)
    return tools


@pytest.fixture
def business() -> Business:
    return load_business_file(DEMO)


def test_a_result_comes_back_ok(registry: ToolRegistry[list[str]]) -> None:
    outcome = registry.run([], "echo", '{"word": "hi"}', RetryBudget(0))
    assert outcome.ok and outcome.payload == {"echoed": "hi"}


def test_an_unknown_tool_is_a_retry_naming_the_tools(registry: ToolRegistry[list[str]]) -> None:
    outcome = registry.run([], "echoo", '{"word": "hi"}')
    assert not outcome.ok
    assert outcome.payload["error"]["code"] == "unknown_tool"
    assert "'echoo'" in outcome.payload["error"]["message"]
    hint = outcome.payload["error"]["hint"]
    assert "echo" in hint and "other" in hint


def test_arguments_that_are_not_json_are_a_retry_and_run_nothing(
    registry: ToolRegistry[list[str]],
) -> None:
    calls: list[str] = []
    outcome = registry.run(calls, "echo", '{"word": "hi"')
    assert not outcome.ok and outcome.payload["error"]["code"] == "invalid_json"
    assert outcome.payload["error"]["message"].startswith("arguments are not JSON")
    assert calls == []


def test_arguments_that_do_not_validate_name_the_field(registry: ToolRegistry[list[str]]) -> None:
    outcome = registry.run([], "echo", '{"word": "hi", "customer_id": 7}')
    assert not outcome.ok and outcome.payload["error"]["code"] == "invalid_arguments"
    assert "customer_id" in outcome.payload["error"]["message"]


def test_a_tool_retry_keeps_its_code_and_hint(registry: ToolRegistry[list[str]]) -> None:
    outcome = registry.run([], "echo", '{"word": "wrong"}')
    assert outcome.payload == {
        "error": {"code": "bad_word", "message": "not that word", "hint": "say another word"}
    }


def test_a_bug_in_a_tool_raises_out_of_the_registry(registry: ToolRegistry[list[str]]) -> None:
    with pytest.raises(RuntimeError, match="the tool broke"):
        registry.run([], "echo", '{"word": "boom"}', RetryBudget(5))


def test_each_tool_has_its_own_retry_budget(registry: ToolRegistry[list[str]]) -> None:
    budget = RetryBudget(1)
    assert not registry.run([], "echo", '{"word": "wrong"}', budget).ok
    assert not registry.run([], "other", '{"word": "wrong"}', budget).ok  # its own budget
    assert registry.run([], "echo", '{"word": "fine"}', budget).ok  # a result spends nothing
    with pytest.raises(ToolRetriesExhaustedError, match="'echo' failed 2 times.*invalid_json"):
        registry.run([], "echo", "not json", budget)


def _turn(
    registry: ToolRegistry[list[str]], business: Business, words: list[str], retries: int
) -> tuple[TurnOutcome, list[str]]:
    """One turn whose model calls `echo` with each of `words` in turn, then answers."""

    def script(request: ModelRequest) -> ModelResponse:
        done = sum(1 for m in request.messages if m["role"] == "tool")
        if done < len(words):
            return ModelResponse(tool_calls=(tool_call(f"c{done}", "echo", word=words[done]),))
        return ModelResponse(content="All done.")

    agent = Agent(
        ScriptedModel(script),
        registry,
        system_prompt=lambda *_: "system",
        caps=AgentCaps(tool_retries=retries),
    )
    calls: list[str] = []
    outcome = agent.run(calls, history=[], user_text="hi", now=NOW, business=business)
    return outcome, calls


def test_a_bug_in_a_tool_ends_the_turn_with_an_apology_logged_with_the_turn(
    registry: ToolRegistry[list[str]], business: Business, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bookbot.agent.turn"):
        outcome, calls = _turn(registry, business, ["hi", "boom", "never"], retries=2)
    assert outcome.reply == APOLOGY
    assert outcome.error == "RuntimeError: the tool broke"
    assert calls == ["hi", "boom"]  # the turn stopped at the bug
    assert [(t.name, t.ok) for t in outcome.tools] == [("echo", True), ("echo", False)]
    assert outcome.tools[-1].payload["error"]["message"] == "RuntimeError: the tool broke"
    assert "the tool broke" not in outcome.new_messages[-1]["content"]
    failure = [r for r in caplog.records if r.getMessage() == "agent turn failed"]
    assert failure and failure[0].exc_info is not None


def test_the_model_may_retry_within_the_budget(
    registry: ToolRegistry[list[str]], business: Business
) -> None:
    outcome, calls = _turn(registry, business, ["wrong", "wrong", "right"], retries=2)
    assert outcome.reply == "All done." and outcome.error is None
    assert [t.ok for t in outcome.tools] == [False, False, True]


def test_one_mistake_past_the_budget_ends_the_turn_with_an_apology(
    registry: ToolRegistry[list[str]], business: Business
) -> None:
    outcome, calls = _turn(registry, business, ["wrong", "wrong", "right"], retries=1)
    assert outcome.reply == APOLOGY
    assert outcome.error is not None
    assert outcome.error.startswith("ToolRetriesExhaustedError: tool 'echo' failed 2 times")
    assert calls == ["wrong", "wrong"]


def test_the_retry_budget_comes_from_settings() -> None:
    settings = Settings(tool_retries=4)
    agent = build_agent(settings, ScriptedModel(lambda _: ModelResponse(content="hi")))
    assert agent.caps.tool_retries == 4
    assert Settings().tool_retries == 2


def test_a_bug_in_a_real_tool_is_stored_with_the_turn_and_the_customer_gets_the_apology(
    factory: sessionmaker[Session], business: Business, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise ZeroDivisionError("planner bug")

    monkeypatch.setattr(planning, "plan_for", broken)

    def script(request: ModelRequest) -> ModelResponse:
        start = "2026-03-10T14:00"
        call = tool_call("c1", "propose_schedule", service_id="dental-implant", starts=[start])
        return ModelResponse(tool_calls=(call,))

    agent = Agent(ScriptedModel(script), build_registry(), system_prompt=lambda *_: "system")
    answer = Conversations(factory, business, agent).handle(
        phone="+41790000001", text="March 10 at 2pm", now=NOW
    )
    assert answer is not None and answer.reply == APOLOGY
    with factory() as session:
        turn = session.scalars(select(TurnRow)).one()
        call = session.scalars(select(ToolCallRow)).one()
    assert turn.error == "ZeroDivisionError: planner bug"
    assert (call.turn_id, call.name, call.is_error) == (turn.id, "propose_schedule", True)
