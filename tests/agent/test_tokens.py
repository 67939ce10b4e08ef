"""Local token counts: exact with the provider's encoding where it is on disk, else marked."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bookbot.agent.model import ModelRequest, ModelResponse, ScriptedModel, Usage, tool_call
from bookbot.agent.tokens import (
    BUNDLED,
    PER_MESSAGE,
    REPLY_PRIMING,
    choose_tokenizer,
    tokenizer_for,
)
from bookbot.agent.turn import Agent
from bookbot.core.config import Business
from bookbot.tools.registry import ToolRegistry


@pytest.fixture(autouse=True)
def empty_tiktoken_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No encoding is cached, as on a fresh machine: nothing may be downloaded."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))


def test_cl100k_models_are_counted_exactly_from_the_bundled_encoding() -> None:
    counter = tokenizer_for("openai:gpt-4")
    assert (counter.encoding, counter.exact) == (BUNDLED, True)
    assert counter.count("hello world") == 2


@pytest.mark.parametrize(
    "model", ["openai:gpt-4o", "gpt-4.1-mini", "openai:llama3.1:8b", "offline"]
)
def test_other_models_get_a_marked_estimate_without_a_download(model: str) -> None:
    counter = tokenizer_for(model)
    assert (counter.encoding, counter.exact) == (BUNDLED, False)
    assert counter.count("hello world") == 2


def test_a_cached_o200k_encoding_counts_exactly(tmp_path: Path) -> None:
    import hashlib

    url = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
    (tmp_path / hashlib.sha1(url.encode()).hexdigest()).write_bytes(b"")  # noqa: S324
    counter = choose_tokenizer("openai:gpt-4o")  # the empty file is never loaded
    assert (counter.encoding, counter.exact) == ("o200k_base", True)


def test_a_request_counts_every_message_the_tools_and_the_reply_priming() -> None:
    counter = tokenizer_for("gpt-4")
    tools = [{"type": "function", "function": {"name": "f", "parameters": {}}}]
    bare = counter.count_request("system text", [])
    assert bare == REPLY_PRIMING + PER_MESSAGE + counter.count("system") + counter.count(
        "system text"
    )
    with_user = counter.count_request("system text", [{"role": "user", "content": "hi"}])
    assert with_user == bare + PER_MESSAGE + counter.count("user") + counter.count("hi")
    assert counter.count_request("system text", [], tools) > bare


BUSINESS = Business.model_construct(name="Praxis Demo", services=())
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _agent(model: ScriptedModel, *, counted: bool) -> Agent[None]:
    return Agent(
        model,
        ToolRegistry(),
        system_prompt=lambda business, now, name: "You book appointments.",
        tokenizer=tokenizer_for("gpt-4") if counted else None,
    )


def test_calls_without_reported_usage_are_counted_locally_and_marked() -> None:
    model = ScriptedModel(lambda request: ModelResponse(content="Hello there"))
    outcome = _agent(model, counted=True).run(
        None, history=[], user_text="hi", now=NOW, business=BUSINESS
    )
    assert outcome.usage.estimated
    assert outcome.usage.prompt_tokens > 0 and outcome.usage.completion_tokens == 2
    plain = _agent(model, counted=False).run(
        None, history=[], user_text="hi", now=NOW, business=BUSINESS
    )
    assert plain.usage == Usage()


def test_reported_usage_is_kept_as_the_provider_gave_it() -> None:

    def respond(request: ModelRequest) -> ModelResponse:
        if request.messages[-1]["role"] == "user":
            return ModelResponse(tool_calls=(tool_call("c1", "nope"),), usage=Usage(100, 5, 64))
        return ModelResponse(content="Done", usage=Usage(120, 3, 100))

    outcome = _agent(ScriptedModel(respond), counted=True).run(
        None, history=[], user_text="hi", now=NOW, business=BUSINESS
    )
    assert outcome.usage == Usage(220, 8, 164, estimated=False)
    assert outcome.call_usage == [Usage(100, 5, 64), Usage(120, 3, 100)]
