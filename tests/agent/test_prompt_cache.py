"""The request's cacheable prefix: tools and business facts first, clock and customer last.

Providers cache the longest repeated prefix of a request. Two calls for different
customers at different minutes must share the tool schemas and the whole static
part of the system prompt, and the static prefix of the demo business must stay
inside its token budget.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import cast

from bookbot.agent.model import ModelRequest, ModelResponse, ScriptedModel
from bookbot.agent.prompt_report import STATIC_PREFIX_BUDGET, prompt_report
from bookbot.agent.runtime import build_agent
from bookbot.agent.tokens import tokenizer_for
from bookbot.core.config import Business
from bookbot.prompts.render import prompt_versions, render_prompt
from bookbot.settings import DEMO_BUSINESS, Settings
from bookbot.store import load_business_file
from bookbot.tools.context import ToolContext

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def demo() -> Business:
    return load_business_file(DEMO_BUSINESS)


def sent_request(customer: str, now: datetime) -> ModelRequest:
    """The request the agent builds for a customer's first message (the model records it)."""
    model = ScriptedModel(lambda request: ModelResponse(content="Hello!"))
    agent = build_agent(Settings(model="offline"), model)
    context = cast(ToolContext, None)  # the scripted model calls no tool
    agent.run(context, history=[], user_text="hi", now=now, business=demo(), customer_name=customer)
    return model.requests[0]


def provider_text(request: ModelRequest) -> str:
    """What a provider tokenizes, in order: the tools, the system message, the rest."""
    tools = json.dumps(list(request.tools), separators=(",", ":"))
    return "".join([tools, request.system, *(str(m.get("content")) for m in request.messages)])


def common_prefix_tokens(a: str, b: str) -> int:
    encoding = tokenizer_for("gpt-4")
    shared = os.path.commonprefix([a, b])
    return encoding.count(shared)


def test_two_customers_at_different_minutes_share_the_static_prefix() -> None:
    first = sent_request("Marie", NOW)
    second = sent_request("Jonas", NOW + timedelta(hours=26, minutes=7))
    report = prompt_report(demo(), NOW, model="gpt-4")
    shared = common_prefix_tokens(provider_text(first), provider_text(second))
    assert shared >= 0.9 * report.static_prefix_tokens
    assert first.system != second.system  # the clock and the name are still there, at the end


def test_the_clock_and_the_customer_come_after_the_facts() -> None:
    prompt = render_prompt(demo(), NOW, customer_name="Marie")
    assert "Marie" not in prompt.static and "2026-03-02" not in prompt.static
    assert "Marie" in prompt.context and "2026-03-02" in prompt.context
    assert prompt.text.index("## Services") < prompt.text.index("Marie")


def test_the_demo_business_static_prefix_is_under_its_token_budget() -> None:
    report = prompt_report(demo(), NOW, model="gpt-4")
    assert report.tokenizer.exact
    assert report.static_prefix_tokens < STATIC_PREFIX_BUDGET


def test_every_version_renders_and_the_legacy_one_has_no_static_part() -> None:
    assert {"system_v1", "system_v2"} <= set(prompt_versions())
    legacy = render_prompt(demo(), NOW, customer_name="Marie", version="system_v1")
    assert legacy.static == "" and "Marie" in legacy.context


def test_the_static_part_is_rendered_once_per_business_and_again_after_an_edit() -> None:
    business = demo()
    first = render_prompt(business, NOW).static
    assert render_prompt(business, NOW + timedelta(hours=3)).static is first  # not re-rendered
    edited = business.model_copy(update={"name": "Renamed Dental Studio"})
    again = render_prompt(edited, NOW).static
    assert "Renamed Dental Studio" in again and "Renamed Dental Studio" not in first
