"""The one small interface every language model sits behind.

A model gets the conversation in OpenAI chat format plus the tool schemas and
answers with text or tool calls. `OfflineModel` (rule-based) and `OpenAIModel`
(any OpenAI-compatible endpoint) implement it; tests script it with
`ScriptedModel`. `ModelRequest` also carries the frozen clock and the business,
which only the offline model reads: an LLM learns them from the system prompt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bookbot.core.config import Business

ChatMessage = dict[str, Any]
"""One message in OpenAI chat format: role, content, tool_calls, tool_call_id."""


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    arguments: str
    """JSON text, exactly as the model produced it (it may be invalid)."""

    def as_message_part(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens of one or more model calls. `cached_tokens`: the prompt tokens the
    provider served from its prefix cache (when it says). `estimated`: some count
    came from the local tokenizer (`agent.tokens`), not from the provider."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    estimated: bool = False

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.cached_tokens + other.cached_tokens,
            self.estimated or other.estimated,
        )


@dataclass(frozen=True, slots=True)
class Choice:
    """One option the reply offers, numbered in its text ("1. Wed 18 Mar 16:00"): a
    channel may send the choices as list rows or buttons; answering with the number,
    the title or the row's id picks it."""

    id: str
    title: str


@dataclass(frozen=True, slots=True)
class ModelResponse:
    content: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage = field(default_factory=Usage)
    state: dict[str, Any] | None = None
    """Dialogue memory a rule-based model keeps between calls (None: unchanged)."""
    choices: tuple[Choice, ...] = ()
    """The numbered options the text offers, in order (empty: none)."""

    def as_message(self) -> ChatMessage:
        message: ChatMessage = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            message["tool_calls"] = [call.as_message_part() for call in self.tool_calls]
        return message


@dataclass(frozen=True, slots=True)
class ModelRequest:
    system: str
    messages: Sequence[ChatMessage]
    tools: Sequence[dict[str, Any]]
    now: datetime
    business: Business
    customer_name: str | None = None
    state: dict[str, Any] = field(default_factory=dict)
    """What the model's last response put in `ModelResponse.state` (offline only)."""


class Model(Protocol):
    """Anything that answers a chat request with text or tool calls."""

    name: str

    def complete(self, request: ModelRequest) -> ModelResponse: ...


class ScriptedModel:
    """A model that answers from a function of the request (for tests)."""

    def __init__(self, respond: Callable[[ModelRequest], ModelResponse], name: str = "scripted"):
        self._respond = respond
        self.name = name
        self.requests: list[ModelRequest] = []

    def complete(self, request: ModelRequest) -> ModelResponse:
        self.requests.append(request)
        return self._respond(request)


def tool_call(call_id: str, name: str, **arguments: Any) -> ToolCall:
    return ToolCall(id=call_id, name=name, arguments=json.dumps(arguments))
