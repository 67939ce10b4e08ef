"""`OpenAIModel`: the `Model` interface over any OpenAI-compatible chat endpoint.

OpenAI itself, Azure, vLLM, Ollama, llama.cpp: whatever serves
`POST {base_url}/chat/completions`. The openai SDK sends through `httpx2`, which
respx cannot see, so the SDK always gets an `httpx.Client` (ours, or one a test
passes in) and its own retries are off: `RetryPolicy` (agent/retry.py) decides.

Failures end in `bookbot.core.errors.ModelUnavailableError`, whether a transient
error outlasted the attempts or the time budget, or the endpoint refused the
request for good (400, 401, 403, 404, 422: not retried). Its message names the
status code and reason of the last error and never contains the API key.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, cast

import httpx
import openai
from openai.types.chat import ChatCompletion

from bookbot.agent.model import ModelRequest, ModelResponse, ToolCall, Usage
from bookbot.agent.retry import RetriesExhausted, RetryPolicy
from bookbot.core.errors import ConfigError, ModelUnavailableError
from bookbot.settings import Settings

DEFAULT_BASE_URL = "https://api.openai.com/v1"
NO_KEY_PLACEHOLDER = "not-needed"
"""Sent as the key to a custom endpoint when none is set (Ollama, vLLM ignore it)."""

TRANSIENT_STATUS = frozenset({408, 409, 429})
"""Retried besides every 5xx (the same set the openai SDK retries)."""


class MalformedResponseError(Exception):
    """A 2xx answer without a choice or message; treated as transient."""


class OpenAIModel:
    """A chat model behind an OpenAI-compatible endpoint; `name` is "openai:<model>"."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None,
        base_url: str | None,
        http_client: httpx.Client | None = None,
        timeout_seconds: float,
        retry_attempts: int,
        time_budget_seconds: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not model:
            raise ConfigError("BOOKBOT_MODEL: the model name after 'openai:' is empty")
        base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        if not api_key:
            if base_url == DEFAULT_BASE_URL:
                raise ConfigError(
                    "OPENAI_API_KEY is not set; it is required for the OpenAI API "
                    "(set OPENAI_BASE_URL to use an endpoint that needs no key)"
                )
            api_key = NO_KEY_PLACEHOLDER
        self.name = f"openai:{model}"
        self._model = model
        self._api_key = api_key
        self._timeout = timeout_seconds
        self._owns_http_client = http_client is None
        self._http_client = http_client or httpx.Client(timeout=timeout_seconds)
        self._client = openai.OpenAI(
            api_key=api_key,
            base_url=base_url,
            # The SDK accepts a legacy httpx.Client at run time; its annotation says httpx2.
            http_client=cast(Any, self._http_client),
            timeout=timeout_seconds,
            max_retries=0,
        )
        self._policy = RetryPolicy(
            attempts=retry_attempts,
            time_budget_seconds=time_budget_seconds,
            sleep=sleep,
            clock=clock,
        )

    @classmethod
    def from_settings(
        cls,
        model_spec: str,
        settings: Settings,
        http_client: httpx.Client | None = None,
        *,
        environ: Mapping[str, str] | None = None,
    ) -> OpenAIModel:
        """Build from `openai:<model>`, the settings' caps and OPENAI_API_KEY / OPENAI_BASE_URL."""
        prefix, _, model = model_spec.partition(":")
        if prefix != "openai" or not model:
            raise ConfigError(f"BOOKBOT_MODEL: expected 'openai:<model>', got {model_spec!r}")
        env = os.environ if environ is None else environ
        return cls(
            model,
            api_key=env.get("OPENAI_API_KEY") or None,
            base_url=env.get("OPENAI_BASE_URL") or None,
            http_client=http_client,
            timeout_seconds=settings.llm_timeout_seconds,
            retry_attempts=settings.llm_retry_attempts,
            time_budget_seconds=settings.llm_time_budget_seconds,
        )

    def close(self) -> None:
        """Close the HTTP client if this model created it (a passed-in one stays open)."""
        if self._owns_http_client:
            self._http_client.close()

    def __enter__(self) -> OpenAIModel:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def complete(self, request: ModelRequest) -> ModelResponse:
        params = self._params(request)
        try:
            completion = self._policy.call(
                lambda remaining: self._create(params, remaining),
                is_transient=is_transient,
                retry_after=retry_after_seconds,
            )
        except RetriesExhausted as gave_up:
            raise ModelUnavailableError(
                f"{self.name} unavailable: gave up after {gave_up.attempts} attempt(s), "
                f"{gave_up.reason}; last error: {self._describe(gave_up.last_error)}"
            ) from None
        except openai.APIError as error:
            raise ModelUnavailableError(
                f"{self.name} refused the request (not retried): {self._describe(error)}"
            ) from None
        return to_model_response(completion)

    def _params(self, request: ModelRequest) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self._model,
            "messages": [{"role": "system", "content": request.system}, *request.messages],
        }
        if request.tools:
            # Parallel tool calls are the API's default; not sending the flag keeps
            # endpoints that do not know it (and reasoning models) working.
            params["tools"] = list(request.tools)
            params["tool_choice"] = "auto"
        return params

    def _create(self, params: dict[str, Any], remaining_seconds: float) -> ChatCompletion:
        timeout = min(self._timeout, remaining_seconds)
        completion = self._client.chat.completions.create(**params, timeout=timeout)
        if not isinstance(completion, ChatCompletion):
            raise MalformedResponseError("response is not a chat completion")
        if not completion.choices:
            raise MalformedResponseError("response without choices")
        if completion.choices[0].message is None:
            raise MalformedResponseError("response choice without a message")
        return completion

    def _describe(self, error: BaseException) -> str:
        return redact(describe_error(error), self._api_key)


def to_model_response(completion: ChatCompletion) -> ModelResponse:
    message = completion.choices[0].message
    calls = tuple(_tool_call(call) for call in message.tool_calls or ())
    return ModelResponse(
        content=message.content if message.content is not None else message.refusal,
        tool_calls=calls,
        usage=_usage(completion),
    )


def _usage(completion: ChatCompletion) -> Usage:
    """The provider's token counts, with the prefix-cache hits where it reports them."""
    usage = completion.usage
    if usage is None:
        return Usage()
    details = usage.prompt_tokens_details
    cached = (details.cached_tokens or 0) if details is not None else 0
    return Usage(usage.prompt_tokens or 0, usage.completion_tokens or 0, cached)


def _tool_call(call: Any) -> ToolCall:
    if call.type == "custom":
        return ToolCall(id=call.id, name=call.custom.name, arguments=call.custom.input)
    arguments = call.function.arguments
    if not isinstance(arguments, str):  # some servers send an object, not JSON text
        arguments = json.dumps(arguments)
    return ToolCall(id=call.id, name=call.function.name, arguments=arguments)


def is_transient(error: BaseException) -> bool:
    """Timeouts, connection errors, 408/409/429, 5xx and malformed answers are retried."""
    if isinstance(error, openai.APIStatusError):
        return error.status_code in TRANSIENT_STATUS or error.status_code >= 500
    return isinstance(error, openai.APIConnectionError | MalformedResponseError)


def retry_after_seconds(error: BaseException) -> float | None:
    """The server's requested wait: `retry-after-ms`, else `Retry-After` (seconds or a date)."""
    if not isinstance(error, openai.APIStatusError):
        return None
    headers = error.response.headers
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = _non_negative_float(headers.get(header))
        if value is not None:
            return value / divisor
    return _seconds_until_http_date(headers.get("retry-after"))


def _non_negative_float(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _seconds_until_http_date(text: str | None) -> float | None:
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def describe_error(error: BaseException) -> str:
    """Status code and reason of an API error, or what went wrong on the way."""
    if isinstance(error, openai.APIStatusError):
        text = f"HTTP {error.status_code} {error.response.reason_phrase}".rstrip()
        detail = _body_message(error.body)
        return f"{text}: {detail}" if detail else text
    if isinstance(error, openai.APITimeoutError):
        return "request timed out"
    if isinstance(error, openai.APIConnectionError):
        cause = error.__cause__
        return (
            f"connection error ({type(cause).__name__}: {cause})" if cause else "connection error"
        )
    return f"{type(error).__name__}: {error}"


def _body_message(body: object) -> str:
    if isinstance(body, Mapping):
        message = body.get("message")
        text = message if isinstance(message, str) else json.dumps(body, default=str)
    elif body is None:
        return ""
    else:
        text = str(body)
    return text if len(text) <= 200 else text[:197] + "..."


_SECRET_PATTERNS = (
    (re.compile(r"\bsk-[A-Za-z0-9_\-*.]{6,}"), "sk-[redacted]"),
    (re.compile(r"(?i)\bbearer\s+\S+"), "Bearer [redacted]"),
)


def redact(text: str, api_key: str | None) -> str:
    """Remove the key (and anything shaped like a key or bearer token) from `text`."""
    if api_key and api_key != NO_KEY_PLACEHOLDER:
        text = text.replace(api_key, "[redacted]")
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text
