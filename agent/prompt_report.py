"""What a model is sent before any conversation: the rendered prompt, the tools, their tokens.

`prompt_report` serves `bookbot prompt show` and the budget tests. The *static
prefix* is what every call for a business starts with, whoever the customer and
whatever the minute: the tool schemas, then the static part of the system
prompt. Providers that cache prompt prefixes (OpenAI from 1,024 tokens, vLLM's
and llama.cpp's prefix caches) reuse it across customers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bookbot.agent.tokens import Tokenizer, tokenizer_for
from bookbot.core.config import Business
from bookbot.prompts.render import PROMPT_VERSION, SystemPrompt, render_prompt
from bookbot.tools.toolset import build_registry

STATIC_PREFIX_BUDGET = 2000
"""Tokens the static prefix (tools + static system prompt) of the demo business may use."""


@dataclass(frozen=True, slots=True)
class PromptReport:
    prompt: SystemPrompt
    tools: list[dict[str, Any]]
    tokenizer: Tokenizer
    tools_tokens: int
    static_tokens: int
    context_tokens: int

    @property
    def static_prefix_tokens(self) -> int:
        return self.tools_tokens + self.static_tokens

    def tools_json(self) -> str:
        return json.dumps(self.tools, indent=2, ensure_ascii=False)


def prompt_report(
    business: Business,
    now: datetime,
    *,
    model: str = "offline",
    customer_name: str | None = None,
    version: str = PROMPT_VERSION,
) -> PromptReport:
    prompt = render_prompt(business, now, customer_name=customer_name, version=version)
    tools = build_registry().schemas()
    tokenizer = tokenizer_for(model)
    return PromptReport(
        prompt=prompt,
        tools=tools,
        tokenizer=tokenizer,
        tools_tokens=tokenizer.count_tools(tools),
        static_tokens=tokenizer.count(prompt.static),
        context_tokens=tokenizer.count(prompt.context),
    )
