"""Record and replay: a live model's HTTP exchanges, stored per case, replay
deterministically with no network; a request the recording lacks is a clear
error, never a silent fallback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import Case
from bookbot.evals.recording import load_cassette
from bookbot.evals.results import CaseResult
from bookbot.evals.runner import RunConfig
from bookbot.evals.suite import SuiteOptions, run_suite
from bookbot.evals.transport import ModelTransport
from bookbot.settings import Settings

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
MODEL = "openai:gpt-4o-mini"
CASE = """id: replayed-consultation
business: @DEMO@
now: 2026-03-02T09:00
customer: {phone: "+41790000050", name: Rita}
steps:
  - user: @FIRST@
    expect:
      tools: [propose_schedule]
      tools_not: [book_group]
      reply_mentions_dates: [2026-03-04]
  - user: "yes"
    expect:
      tools: [book_group]
      reply_contains: [booked]
final:
  bookings:
    - {service: consultation, session: 1, of: 1, start: 2026-03-04T11:00}
"""
FIRST = "Could I book a consultation on Wednesday 4 March at 11am?"


def completion(message: dict[str, Any], prompt: int = 900, done: int = 30) -> dict[str, Any]:
    """A chat.completions response as the OpenAI API sends it."""
    reason = "tool_calls" if message.get("tool_calls") else "stop"
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1772438400,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "finish_reason": reason, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": done,
            "total_tokens": prompt + done,
        },
    }


def call(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return completion(
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{name}",
                    "type": "function",
                    "function": {"name": name, "arguments": json.dumps(arguments)},
                }
            ],
        }
    )


def say(text: str) -> dict[str, Any]:
    return completion({"role": "assistant", "content": text})


PROPOSE = call("propose_schedule", {"service_id": "consultation", "starts": ["2026-03-04T11:00"]})
OFFER = say("I can book an Initial Consultation on Wed 4 Mar 2026 at 11:00 (CHF 80). Shall I?")
BOOKED = say("Done, you're booked for Wed 4 Mar 2026 at 11:00. See you then!")


def write_case(tmp_path: Path, first: str = FIRST) -> Case:
    path = tmp_path / "case.yaml"
    text = CASE.replace("@DEMO@", str(DEMO)).replace("@FIRST@", json.dumps(first))
    path.write_text(text, encoding="utf-8")
    case = load_case(path)
    assert isinstance(case, Case), case
    return case


def run(
    case: Case, transports: ModelTransport, repeat: int = 1, prompt: str = "system_v2"
) -> CaseResult:
    settings = Settings(llm_retry_attempts=1, prompt=prompt)
    options = SuiteOptions(RunConfig(MODEL, settings, transports), repeat, 1, transports.record_dir)
    return run_suite([case], options)[0]


def hashless(tmp_path: Path, bodies: list[dict[str, Any]]) -> Path:
    """A hand-written cassette whose exchanges carry no request hash."""
    exchanges = [
        {
            "request": {"method": "POST", "path": "/v1/chat/completions"},
            "response": {"status": 200, "headers": {}, "body": body},
        }
        for body in bodies
    ]
    cassette = tmp_path / "replay" / "replayed-consultation.json"
    cassette.parent.mkdir()
    cassette.write_text(json.dumps({"model": MODEL, "runs": [exchanges]}))
    return cassette.parent


def test_a_cassette_without_request_hashes_is_refused(tmp_path: Path) -> None:
    folder = hashless(tmp_path, [PROPOSE, OFFER])
    result = run(write_case(tmp_path), ModelTransport(replay_dir=folder))
    (line,) = result.failure_lines(1)
    assert "run 1, exchange 1 has no request sha256" in line
    assert "would answer any request" in line


def test_a_missing_recording_names_the_file(tmp_path: Path) -> None:
    result = run(write_case(tmp_path), ModelTransport(replay_dir=tmp_path / "empty"))
    assert "replayed-consultation.json" in result.failure_lines(1)[0]


class FakeOpenAI:
    """An OpenAI-compatible endpoint that plays the model's part of the case."""

    def __init__(self) -> None:
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        messages = json.loads(request.content)["messages"]
        last = messages[-1]
        if last["role"] == "user" and "consultation" in last["content"]:
            body = PROPOSE
        elif last["role"] == "user":
            proposal = next(
                json.loads(m["content"])["proposal_id"]
                for m in reversed(messages)
                if m["role"] == "tool" and "proposal_id" in m["content"]
            )
            body = call("book_group", {"proposal_id": proposal})
        elif "proposal_id" in last["content"] and '"booked"' not in last["content"]:
            body = OFFER
        else:
            body = BOOKED
        return httpx.Response(200, json=body)


def test_a_recorded_run_replays_deterministically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key-not-real")
    fake = FakeOpenAI()
    case = write_case(tmp_path)
    record_dir = tmp_path / "recorded"
    upstream = httpx.MockTransport(fake)
    recorded = run(case, ModelTransport(record_dir=record_dir, upstream=upstream))
    assert recorded.failure_lines(1) == [] and fake.requests == 4
    path = record_dir / "replayed-consultation.json"
    cassette = load_cassette(path)
    runs = cassette.runs
    assert cassette.model == MODEL
    assert len(runs) == 1 and len(runs[0]) == 4
    assert all(e.sha256 for e in runs[0])
    assert "sk-test-key-not-real" not in path.read_text()
    # The proposal id in the recorded tool call is a placeholder for the live one.
    assert "{uuid:" in json.dumps(runs[0][2].body)

    monkeypatch.delenv("OPENAI_API_KEY")
    for _ in range(2):
        replayed = run(case, ModelTransport(replay_dir=record_dir))
        assert replayed.failure_lines(1) == []
    assert fake.requests == 4  # nothing went to the endpoint again

    changed = write_case(tmp_path, "Hi, is there a consultation slot on 4 March at 11am?")
    missed = run(changed, ModelTransport(replay_dir=record_dir))
    line = missed.failure_lines(1)[0]
    assert "no recorded response" in line and "Traceback" not in line
    assert "message 2 (user) changed:" in line
    assert "+ now:      Hi, is there a consultation slot" in line


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The case recorded once against the fake endpoint; the folder of its cassette."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key-not-real")
    record_dir = tmp_path / "recorded"
    transports = ModelTransport(record_dir=record_dir, upstream=httpx.MockTransport(FakeOpenAI()))
    assert run(write_case(tmp_path), transports).failure_lines(1) == []
    monkeypatch.delenv("OPENAI_API_KEY")
    return record_dir


def test_a_changed_prompt_fails_the_replay_with_a_diff_naming_it(
    tmp_path: Path, recorded: Path
) -> None:
    missed = run(write_case(tmp_path), ModelTransport(replay_dir=recorded), prompt="system_v1")
    line = missed.failure_lines(1)[0]
    assert "What changed against the closest recorded request:" in line
    assert "system prompt changed:" in line


def test_more_runs_than_recorded_are_refused_not_reused(tmp_path: Path, recorded: Path) -> None:
    case = write_case(tmp_path)
    transports = ModelTransport(replay_dir=recorded)
    assert transports.check_replay([case], model=MODEL, repeat=2) == [
        f"replay: {recorded / 'replayed-consultation.json'} holds 1 run(s); "
        "--repeat 2 would reuse them"
    ]
    result = run(case, transports, repeat=2)
    assert result.passed_runs == 1
    assert "holds 1 recorded run(s), so run 2 has no recording" in result.failure_lines(2)[0]


def test_a_recording_of_another_model_is_refused(tmp_path: Path, recorded: Path) -> None:
    problems = ModelTransport(replay_dir=recorded).check_replay(
        [write_case(tmp_path)], model="openai:gpt-4o", repeat=1
    )
    assert problems == [
        f"replay: {recorded / 'replayed-consultation.json'} was recorded with {MODEL}, "
        "not openai:gpt-4o"
    ]


def test_recorded_exchanges_the_replay_never_used_are_a_failure(
    tmp_path: Path, recorded: Path
) -> None:
    shorter = CASE.split('  - user: "yes"')[0].replace("@DEMO@", str(DEMO))
    path = tmp_path / "short.yaml"
    path.write_text(shorter.replace("@FIRST@", json.dumps(FIRST)), encoding="utf-8")
    case = load_case(path)
    assert isinstance(case, Case), case
    result = run(case, ModelTransport(replay_dir=recorded))
    assert result.failure_lines(1) == [
        "replay: 2 recorded exchange(s) were not used (3, 4); the conversation ended earlier "
        f"than when it was recorded ({recorded / 'replayed-consultation.json'})"
    ]
