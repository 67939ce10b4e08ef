"""OpenAIModel against respx: request mapping, response mapping, retries, budget, secrets.

Nothing reaches the network: every test runs inside `respx.mock`, which fails any
request without a route, and the model gets an `httpx.Client` that respx sees.
Sleeping and the clock are fakes, so the retry tests take no real time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from bookbot.agent.model import ModelRequest, ModelResponse, ToolCall, Usage
from bookbot.agent.openai_model import OpenAIModel
from bookbot.core.config import Business
from bookbot.core.errors import ConfigError, ModelUnavailableError
from bookbot.settings import Settings

OPENAI_URL = "https://api.openai.com/v1/chat/completions"
OLLAMA_BASE = "http://localhost:11434/v1"
API_KEY = "sk-test-SECRET0123456789abcdef"
ATTEMPTS = 3

TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "check_availability",
            "description": "Free start times for a service on a day.",
            "parameters": {
                "type": "object",
                "properties": {"service_id": {"type": "string"}, "day": {"type": "string"}},
                "required": ["service_id", "day"],
                "additionalProperties": False,
            },
            "strict": True,
        },
    },
    {
        "type": "function",
        "function": {
            "name": "get_progress",
            "description": "The customer's progress in each plan.",
            "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
            "strict": True,
        },
    },
]


@dataclass
class FakeTime:
    """A monotonic clock that only `sleep` (or a test) moves; sleeps are recorded."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def http_client() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


ModelFactory = Callable[..., OpenAIModel]


@pytest.fixture
def make_model(http_client: httpx.Client, fake_time: FakeTime) -> ModelFactory:
    def make(**overrides: Any) -> OpenAIModel:
        options: dict[str, Any] = {
            "api_key": API_KEY,
            "base_url": None,
            "http_client": http_client,
            "timeout_seconds": 20.0,
            "retry_attempts": ATTEMPTS,
            "time_budget_seconds": 30.0,
            "sleep": fake_time.sleep,
            "clock": fake_time.clock,
        }
        options.update(overrides)
        model_name = options.pop("model", "gpt-4o-mini")
        return OpenAIModel(model_name, **options)

    return make


def make_request(
    messages: list[dict[str, Any]] | None = None, tools: list[dict[str, Any]] | None = None
) -> ModelRequest:
    return ModelRequest(
        system="You book appointments for Praxis Demo.",
        messages=messages if messages is not None else [{"role": "user", "content": "Hi"}],
        tools=TOOLS if tools is None else tools,
        now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        business=Business.model_construct(name="Praxis Demo", services=()),
    )


def completion(
    content: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    usage: tuple[int, int] = (12, 5),
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1767225600,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if tool_calls else "stop",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": sum(usage),
        },
    }


def ok(content: str = "Hello!") -> httpx.Response:
    return httpx.Response(200, json=completion(content))


def error(status: int, message: str = "boom", **headers: str) -> httpx.Response:
    body = {"error": {"message": message, "type": "error", "code": None, "param": None}}
    return httpx.Response(status, json=body, headers=headers)


def sent_body(route: respx.Route, index: int = 0) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(route.calls[index].request.content)
    return body


# --- mapping -------------------------------------------------------------------------


def test_text_reply_and_usage(router: respx.MockRouter, make_model: ModelFactory) -> None:
    router.post(OPENAI_URL).respond(json=completion("We have Tuesday at 14:00.", usage=(321, 17)))

    response = make_model().complete(make_request())

    assert response == ModelResponse(
        content="We have Tuesday at 14:00.", tool_calls=(), usage=Usage(321, 17)
    )
    assert make_model().name == "openai:gpt-4o-mini"


def test_two_parallel_tool_calls(router: respx.MockRouter, make_model: ModelFactory) -> None:
    calls = [
        {
            "id": "call_A1",
            "type": "function",
            "function": {
                "name": "check_availability",
                "arguments": '{"service_id": "physio", "day": "2026-03-10"}',
            },
        },
        {
            "id": "call_B2",
            "type": "function",
            "function": {"name": "get_progress", "arguments": "{}"},
        },
    ]
    router.post(OPENAI_URL).respond(json=completion(None, tool_calls=calls, usage=(50, 40)))

    response = make_model().complete(make_request())

    assert response.content is None
    assert response.tool_calls == (
        ToolCall(
            id="call_A1",
            name="check_availability",
            arguments='{"service_id": "physio", "day": "2026-03-10"}',
        ),
        ToolCall(id="call_B2", name="get_progress", arguments="{}"),
    )
    assert response.usage == Usage(prompt_tokens=50, completion_tokens=40)


def test_missing_usage_maps_to_zero(router: respx.MockRouter, make_model: ModelFactory) -> None:
    body = completion("ok")
    del body["usage"]
    router.post(OPENAI_URL).respond(json=body)

    assert make_model().complete(make_request()).usage == Usage(0, 0)


def test_request_body(router: respx.MockRouter, make_model: ModelFactory) -> None:
    route = router.post(OPENAI_URL).respond(json=completion("Done."))
    history: list[dict[str, Any]] = [
        {"role": "user", "content": "When can I come for physio?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_progress", "arguments": "{}"},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": '{"plans": []}'},
    ]

    make_model(model="gpt-4.1").complete(make_request(messages=history))

    body = sent_body(route)
    assert body["model"] == "gpt-4.1"
    assert body["messages"][0] == {
        "role": "system",
        "content": "You book appointments for Praxis Demo.",
    }
    assert body["messages"][1:] == history
    assert body["tools"] == TOOLS
    assert body["tool_choice"] == "auto"
    assert body.get("parallel_tool_calls", True) is True
    assert "stream" not in body or body["stream"] is False
    assert route.calls[0].request.headers["authorization"] == f"Bearer {API_KEY}"


def test_no_tools_sends_no_tool_choice(router: respx.MockRouter, make_model: ModelFactory) -> None:
    route = router.post(OPENAI_URL).mock(return_value=ok())

    make_model().complete(make_request(tools=[]))

    body = sent_body(route)
    assert "tools" not in body
    assert "tool_choice" not in body


def test_custom_base_url_without_key(router: respx.MockRouter, make_model: ModelFactory) -> None:
    route = router.post(f"{OLLAMA_BASE}/chat/completions").mock(return_value=ok("Hallo"))

    model = make_model(model="llama3.1:8b", base_url=OLLAMA_BASE + "/", api_key=None)
    response = model.complete(make_request())

    assert response.content == "Hallo"
    assert model.name == "openai:llama3.1:8b"
    assert sent_body(route)["model"] == "llama3.1:8b"
    assert route.call_count == 1


# --- retries -------------------------------------------------------------------------


def test_429_honours_retry_after(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    route = router.post(OPENAI_URL)
    route.side_effect = [error(429, "Rate limit reached", **{"Retry-After": "2"}), ok("Back.")]

    response = make_model().complete(make_request())

    assert response.content == "Back."
    assert fake_time.sleeps == [2.0]
    assert route.call_count == 2


def test_429_honours_retry_after_ms(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    route = router.post(OPENAI_URL)
    route.side_effect = [
        error(429, "slow down", **{"retry-after-ms": "1500", "Retry-After": "2"}),
        ok(),
    ]

    make_model().complete(make_request())

    assert fake_time.sleeps == [1.5]


def test_500_twice_then_success_backs_off(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    route = router.post(OPENAI_URL)
    route.side_effect = [error(500), error(503), ok("Finally.")]

    response = make_model().complete(make_request())

    assert response.content == "Finally."
    assert route.call_count == 3
    first, second = fake_time.sleeps
    assert 0.5 <= first <= 0.75  # 0.5 s base + up to 0.25 s jitter
    assert 1.0 <= second <= 1.25


def test_500_every_time_gives_up(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    route = router.post(OPENAI_URL).mock(return_value=error(500, "The server had an error"))

    with pytest.raises(ModelUnavailableError) as caught:
        make_model().complete(make_request())

    assert route.call_count == ATTEMPTS
    assert len(fake_time.sleeps) == ATTEMPTS - 1
    message = str(caught.value)
    assert "500 Internal Server Error" in message
    assert f"after {ATTEMPTS} attempt(s)" in message
    assert "openai:gpt-4o-mini" in message


def test_timeout_every_time_gives_up(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    route = router.post(OPENAI_URL).mock(side_effect=httpx.ReadTimeout("read timed out"))

    with pytest.raises(ModelUnavailableError, match="timed out") as caught:
        make_model().complete(make_request())

    assert route.call_count == ATTEMPTS
    assert len(fake_time.sleeps) == ATTEMPTS - 1
    assert caught.value.__cause__ is None


def test_connection_error_is_retried(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    route = router.post(OPENAI_URL)
    route.side_effect = [httpx.ConnectError("connection refused"), ok("Up again.")]

    assert make_model().complete(make_request()).content == "Up again."
    assert route.call_count == 2
    assert len(fake_time.sleeps) == 1


def test_response_without_choices_is_retried(
    router: respx.MockRouter, make_model: ModelFactory
) -> None:
    route = router.post(OPENAI_URL)
    route.side_effect = [
        httpx.Response(200, json={**completion(), "choices": []}),
        httpx.Response(200, json={**completion(), "choices": [{"index": 0, "message": None}]}),
        ok("Whole."),
    ]

    assert make_model().complete(make_request()).content == "Whole."
    assert route.call_count == 3


def test_response_without_choices_every_time_gives_up(
    router: respx.MockRouter, make_model: ModelFactory
) -> None:
    router.post(OPENAI_URL).respond(json={"error": "upstream went away"})

    with pytest.raises(ModelUnavailableError, match="without choices"):
        make_model().complete(make_request())


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (422, "Unprocessable Entity"),
    ],
)
def test_permanent_errors_are_not_retried(
    router: respx.MockRouter,
    make_model: ModelFactory,
    fake_time: FakeTime,
    status: int,
    reason: str,
) -> None:
    route = router.post(OPENAI_URL).mock(return_value=error(status, "nope"))

    with pytest.raises(ModelUnavailableError) as caught:
        make_model().complete(make_request())

    assert route.call_count == 1
    assert fake_time.sleeps == []
    assert f"HTTP {status} {reason}: nope" in str(caught.value)
    assert "not retried" in str(caught.value)


# --- time budget ---------------------------------------------------------------------


def test_gives_up_when_next_sleep_would_exceed_budget(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    def slow_failure(request: httpx.Request) -> httpx.Response:
        fake_time.now += 2.0  # each request takes 2 s of the budget
        return error(502, "bad gateway")

    route = router.post(OPENAI_URL).mock(side_effect=slow_failure)
    model = make_model(retry_attempts=10, time_budget_seconds=5.0)

    with pytest.raises(ModelUnavailableError, match="time budget of 5s") as caught:
        model.complete(make_request())

    # t=2 fails, sleep ~0.5 -> t=2.5; t=4.5 fails, a ~1 s sleep would pass t=5: stop.
    assert route.call_count == 2
    assert len(fake_time.sleeps) == 1
    assert "after 2 attempt(s)" in str(caught.value)


def test_retry_after_beyond_budget_gives_up_without_sleeping(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    route = router.post(OPENAI_URL).mock(return_value=error(429, "quota", **{"Retry-After": "60"}))

    with pytest.raises(ModelUnavailableError, match="429 Too Many Requests"):
        make_model(time_budget_seconds=30.0).complete(make_request())

    assert route.call_count == 1
    assert fake_time.sleeps == []


def test_attempt_timeout_shrinks_to_remaining_budget(
    router: respx.MockRouter, make_model: ModelFactory, fake_time: FakeTime
) -> None:
    responses = iter([error(500), ok("ok")])

    def respond(request: httpx.Request) -> httpx.Response:
        fake_time.now += 25.0 if fake_time.sleeps == [] else 0.0
        return next(responses)

    route = router.post(OPENAI_URL).mock(side_effect=respond)

    make_model(timeout_seconds=20.0, time_budget_seconds=30.0).complete(make_request())

    first, second = (call.request.extensions["timeout"]["read"] for call in route.calls)
    assert first == pytest.approx(20.0)
    assert second == pytest.approx(30.0 - 25.0 - fake_time.sleeps[0])


# --- secrets and configuration -------------------------------------------------------


@pytest.mark.parametrize("status", [401, 500])
def test_api_key_never_in_error(
    router: respx.MockRouter, make_model: ModelFactory, status: int
) -> None:
    echo = f"Incorrect API key provided: {API_KEY}. Header was Bearer {API_KEY}"
    router.post(OPENAI_URL).mock(return_value=error(status, echo))

    with pytest.raises(ModelUnavailableError) as caught:
        make_model().complete(make_request())

    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)
    assert "SECRET" not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_missing_key_for_openai_is_config_error(http_client: httpx.Client) -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        OpenAIModel(
            "gpt-4o-mini",
            api_key=None,
            base_url=None,
            http_client=http_client,
            timeout_seconds=5,
            retry_attempts=1,
            time_budget_seconds=5,
        )


def test_from_settings_reads_environment(router: respx.MockRouter) -> None:
    route = router.post(f"{OLLAMA_BASE}/chat/completions").mock(return_value=ok("hi"))
    settings = Settings(llm_retry_attempts=2, llm_time_budget_seconds=9, llm_timeout_seconds=4)
    environ = {"OPENAI_API_KEY": "local-key", "OPENAI_BASE_URL": OLLAMA_BASE}

    with OpenAIModel.from_settings("openai:qwen2.5", settings, environ=environ) as model:
        assert model.name == "openai:qwen2.5"
        assert model.complete(make_request()).content == "hi"

    request = route.calls[0].request
    assert request.headers["authorization"] == "Bearer local-key"
    assert request.extensions["timeout"]["read"] == pytest.approx(4.0)


def test_from_settings_without_key_for_openai(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)

    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        OpenAIModel.from_settings("openai:gpt-4o-mini", Settings())


@pytest.mark.parametrize("spec", ["gpt-4o", "openai:", "offline", "anthropic:claude"])
def test_from_settings_rejects_bad_spec(spec: str) -> None:
    with pytest.raises(ConfigError, match="BOOKBOT_MODEL"):
        OpenAIModel.from_settings(spec, Settings(), environ={"OPENAI_API_KEY": "k"})


def test_close_only_closes_own_client(http_client: httpx.Client) -> None:
    options: dict[str, Any] = {
        "api_key": "k",
        "base_url": None,
        "timeout_seconds": 5,
        "retry_attempts": 1,
        "time_budget_seconds": 5,
    }
    OpenAIModel("m", http_client=http_client, **options).close()
    assert not http_client.is_closed

    own = OpenAIModel("m", **options)
    own.close()
    assert own._http_client.is_closed


def test_prefix_cache_hits_are_read_from_the_usage_details(
    router: respx.MockRouter, make_model: ModelFactory
) -> None:
    body = completion("Hi", usage=(2048, 9))
    body["usage"]["prompt_tokens_details"] = {"cached_tokens": 1792}
    router.post(OPENAI_URL).respond(json=body)
    assert make_model().complete(make_request()).usage == Usage(2048, 9, 1792)
