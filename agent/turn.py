"""One agent turn: the customer's message in, the model and the tools in a loop,
one reply out.

The loop stops when the model answers with text, or after `max_tool_rounds`
rounds of tool calls (then the customer gets a short apology and the cap is
logged). Each tool may come back with the model's mistake (a retry error) at most
`tool_retries` times in a turn; one more, or a tool that raises (a bug), ends
the turn with the apology, the failing call in its trace and the error logged.
When the model cannot be reached within its retry budget, the
fallback model (the offline one) answers the turn: the degraded mode is logged
and recorded on the outcome. A bug in a model raises nowhere near the customer:
the turn logs it and answers with an apology. A tool write that finds the turn's
claim taken over (`ClaimLost`: the queue's turn ran past its claim) ends the turn
without a reply: the error goes up to the queue, which leaves the message to the
turn that took it over.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from bookbot.agent.fallback_texts import fallback
from bookbot.agent.memory import fit_history
from bookbot.agent.model import (
    ChatMessage,
    Choice,
    Model,
    ModelRequest,
    ModelResponse,
    ToolCall,
    Usage,
)
from bookbot.agent.tokens import Tokenizer
from bookbot.core.config import Business
from bookbot.core.errors import ClaimLost, ModelUnavailableError
from bookbot.tools.registry import RetryBudget, ToolOutcome, ToolRegistry

log = logging.getLogger(__name__)
Ctx = TypeVar("Ctx")

APOLOGY = fallback("apology")
CAP_REACHED = fallback("cap_reached")
"""The English sentences; a turn says them in the customer's language (`fallback`)."""


@dataclass(frozen=True, slots=True)
class AgentCaps:
    max_tool_rounds: int = 6
    history_token_budget: int = 6000
    tool_retries: int = 2
    """Retry errors each tool may return to the model in one turn (`RetryBudget`)."""


@dataclass(frozen=True, slots=True)
class ToolTrace:
    call_id: str
    name: str
    arguments: str
    ok: bool
    payload: dict[str, Any]
    latency_ms: float


@dataclass
class TurnOutcome:
    reply: str
    new_messages: list[ChatMessage]
    tools: list[ToolTrace] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    call_usage: list[Usage] = field(default_factory=list)
    """Each model call's tokens, in order (`usage` is their sum)."""
    model_calls: int = 0
    latency_ms: float = 0.0
    model_name: str = ""
    degraded: bool = False
    state: dict[str, Any] | None = None
    error: str | None = None
    choices: tuple[Choice, ...] = ()
    """The numbered options of the reply (`ModelResponse.choices`), for list rows or
    buttons on the channel."""


class Agent(Generic[Ctx]):
    def __init__(
        self,
        model: Model,
        registry: ToolRegistry[Ctx],
        *,
        system_prompt: Callable[[Business, datetime, str | None], str],
        fallback: Model | None = None,
        caps: AgentCaps | None = None,
        tokenizer: Tokenizer | None = None,
    ) -> None:
        self.model = model
        self.fallback = fallback
        self.tokenizer = tokenizer
        """Counts a call's tokens locally when the model reports none (marked estimated)."""
        self.registry = registry
        self.system_prompt = system_prompt
        self.caps = caps or AgentCaps()

    def run(
        self,
        ctx: Ctx,
        *,
        history: Sequence[ChatMessage],
        user_text: str,
        now: datetime,
        business: Business,
        customer_name: str | None = None,
        state: dict[str, Any] | None = None,
    ) -> TurnOutcome:
        started = time.perf_counter()
        new: list[ChatMessage] = [{"role": "user", "content": user_text}]
        outcome = TurnOutcome(reply="", new_messages=new, model_name=self.model.name)
        system = self.system_prompt(business, now, customer_name)
        model = self.model
        current_state = dict(state or {})
        lang = current_state.get("lang") if isinstance(current_state.get("lang"), str) else None

        def cap_reached() -> str:  # written only when needed: it reads the text's language
            return fallback("cap_reached", user_text, lang)

        schemas = self.registry.schemas()
        budget = RetryBudget(self.caps.tool_retries)
        try:
            for _round in range(self.caps.max_tool_rounds + 1):
                request = ModelRequest(
                    system=system,
                    messages=fit_history([*history, *new], self.caps.history_token_budget),
                    tools=schemas,
                    now=now,
                    business=business,
                    customer_name=customer_name,
                    state=current_state,
                )
                response, model = self._complete(model, request, outcome)
                if response.state is not None:
                    current_state = response.state
                    outcome.state = response.state
                new.append(response.as_message())
                if not response.tool_calls:
                    outcome.reply = (response.content or "").strip() or cap_reached()
                    outcome.choices = response.choices
                    break
                if _round == self.caps.max_tool_rounds:
                    log.warning("tool round cap (%d) reached", self.caps.max_tool_rounds)
                    outcome.error = "max_tool_rounds"
                    new.pop()
                    outcome.reply = cap_reached()
                    new.append({"role": "assistant", "content": outcome.reply})
                    break
                for call in response.tool_calls:
                    result = self._call_tool(ctx, call, budget, outcome)
                    new.append(
                        {"role": "tool", "tool_call_id": call.id, "content": result.as_text()}
                    )
        except ClaimLost:  # the message was taken over: the turn that took it answers
            raise
        except Exception as exc:  # a bug: log it, apologise, never show a trace
            log.exception("agent turn failed")
            outcome.error = f"{type(exc).__name__}: {exc}"
            outcome.reply = fallback("apology", user_text, lang)
            new.append({"role": "assistant", "content": outcome.reply})
        outcome.latency_ms = (time.perf_counter() - started) * 1000
        return outcome

    def _call_tool(
        self, ctx: Ctx, call: ToolCall, budget: RetryBudget, outcome: TurnOutcome
    ) -> ToolOutcome:
        """Run one tool call and trace it; a call that raises is traced as failed
        (its error named) before the exception ends the turn."""
        started = time.perf_counter()
        try:
            result = self.registry.run(ctx, call.name, call.arguments, budget)
        except Exception as exc:
            failed = {"error": {"code": "raised", "message": f"{type(exc).__name__}: {exc}"}}
            outcome.tools.append(_trace(call, False, failed, started))
            raise
        outcome.tools.append(_trace(call, result.ok, result.payload, started))
        return result

    def _complete(
        self, model: Model, request: ModelRequest, outcome: TurnOutcome
    ) -> tuple[ModelResponse, Model]:
        outcome.model_calls += 1
        try:
            response = model.complete(request)
        except ModelUnavailableError as exc:
            if self.fallback is None or model is self.fallback:
                raise
            log.warning("model %s unavailable (%s); the offline model answers", model.name, exc)
            outcome.degraded = True
            outcome.model_name = self.fallback.name
            model = self.fallback
            response = model.complete(request)
        usage = response.usage
        if usage.prompt_tokens == 0 and self.tokenizer is not None:
            usage = estimate_usage(self.tokenizer, request, response)
        outcome.usage = outcome.usage + usage
        outcome.call_usage.append(usage)
        return response, model


def _trace(call: ToolCall, ok: bool, payload: dict[str, Any], started: float) -> ToolTrace:
    latency_ms = (time.perf_counter() - started) * 1000
    return ToolTrace(call.id, call.name, call.arguments, ok, payload, latency_ms)


def estimate_usage(tokenizer: Tokenizer, request: ModelRequest, response: ModelResponse) -> Usage:
    """The call's tokens counted locally, for models and replays that report none."""
    prompt = tokenizer.count_request(request.system, request.messages, request.tools)
    return Usage(prompt, tokenizer.count_body(response.as_message()), estimated=True)
