"""Record and replay: a live model's HTTP exchanges, stored per case, replay
deterministically with no network; a request the recording lacks is a clear
error, never a silent fallback. And a prompt engineer's loop against a scripted
OpenAI-compatible endpoint on loopback: record, change the prompt, replay (which
names what changed), compare, and run two prompts as an A/B matrix."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import Case
from bookbot.evals.cli import register
from bookbot.evals.recording import load_cassette
from bookbot.evals.results import CaseResult
from bookbot.evals.runner import RunConfig
from bookbot.evals.suite import Outages, SuiteOptions, run_suite
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


# --- the prompt engineer's loop, through the CLI -----------------------------------


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A scripted chat-completions server on 127.0.0.1; its base URL."""
    script = FakeOpenAI()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = script(httpx.Request("POST", self.path, content=body))
            payload = answer.read()
            self.send_response(answer.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key-not-real")
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """bookbot (test root)."""

    register(root)
    return root


def case_folder(tmp_path: Path, *, offline: bool = False) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    text = CASE.replace("@DEMO@", str(DEMO)).replace("@FIRST@", json.dumps(FIRST))
    if offline:  # the scripted endpoint's wording is not the offline model's
        text = text.replace("      reply_contains: [booked]\n", "")
    (folder / "consultation.yaml").write_text(text, encoding="utf-8")
    return folder


def evals(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["eval", *args])
    return result.exit_code, result.output


def test_record_change_the_prompt_replay_and_compare(
    app: typer.Typer, tmp_path: Path, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases, tapes = case_folder(tmp_path), tmp_path / "tapes"
    recorded, replayed = tmp_path / "recorded.json", tmp_path / "replayed.json"
    code, output = evals(app, "run", str(cases), "--model", MODEL, "--record", str(tapes),
                         "--json", str(recorded))  # fmt: skip
    assert code == 0, output
    tape = json.loads((tapes / "replayed-consultation.json").read_text())
    assert all(e["response"]["elapsed_ms"] >= 0 for e in tape["runs"][0])

    monkeypatch.delenv("OPENAI_API_KEY")  # a replay needs no key and no endpoint
    same = tmp_path / "same.json"
    code, output = evals(app, "run", str(cases), "--model", MODEL, "--replay", str(tapes),
                         "--json", str(same))  # fmt: skip
    assert code == 0, output
    assert "replayed from" in output and "the recorded model took" in output
    report = json.loads(same.read_text())
    assert report["replayed_from"] == str(tapes)
    assert report["totals"]["recorded_model_ms"] == pytest.approx(
        sum(e["response"]["elapsed_ms"] for e in tape["runs"][0]), abs=0.2
    )
    code, output = evals(app, "run", str(cases), "--model", MODEL, "--replay", str(tapes),
                         "--prompt", "system_v1", "--json", str(replayed))  # fmt: skip
    assert code == 1
    assert "What changed against the closest recorded request:" in output
    assert "system prompt changed:" in output
    assert "the bot logged 1 error(s)" in output and "Traceback" not in output

    code, output = evals(app, "compare", str(recorded), str(replayed),
                         "--markdown", str(tmp_path / "ab.md"))  # fmt: skip
    assert code == 0, output
    assert "1/1 passed" in output and "0/1 passed" in output and "1 broken" in output
    assert "Traceback" not in output
    assert "| replayed-consultation | broken | pass | FAIL |" in (tmp_path / "ab.md").read_text()


def test_two_prompts_run_as_a_matrix_with_a_report_each(app: typer.Typer, tmp_path: Path) -> None:
    report = tmp_path / "ab.json"
    code, output = evals(app, "run", str(case_folder(tmp_path, offline=True)), "--model", "offline",
                         "--prompt", "system_v1", "--prompt", "system_v2",
                         "--json", str(report))  # fmt: skip
    assert code == 0, output
    first = json.loads((tmp_path / "ab.offline.system_v1.json").read_text())
    second = json.loads((tmp_path / "ab.offline.system_v2.json").read_text())
    assert (first["prompt"], second["prompt"]) == ("system_v1", "system_v2")
    assert "A/B" in output and "0 fixed, 0 broken" in output


def test_compare_refuses_a_file_that_is_not_a_report(app: typer.Typer, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("[1, 2]")
    code, output = evals(app, "compare", str(bogus), str(bogus))
    assert code == 2 and "not an eval report" in output


def test_an_unreachable_model_is_an_outage_and_the_suite_stops_after_n_in_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key-not-real")
    refused = httpx.MockTransport(lambda request: httpx.Response(401, json={"error": {}}))
    transports = ModelTransport(record_dir=tmp_path / "tapes", upstream=refused)
    options = SuiteOptions(
        RunConfig(MODEL, Settings(llm_retry_attempts=1), transports), 5, 1, None, max_outages=2
    )
    outages = Outages()
    (result,) = run_suite([write_case(tmp_path)], options, outages=outages)
    # A run the one worker may already have taken finishes; the others never start.
    ran = len(result.runs)
    assert 2 <= ran <= 3
    assert all(run.outage for run in result.runs)
    assert result.failure_lines(5) == [
        f"runs {', '.join(str(n) for n in range(1, ran + 1))}: step 1: {MODEL} was unreachable "
        "after its retries (an infrastructure error, not a failure of the bot); the run stopped"
    ]
    assert outages.runs == ran and outages.stopped is not None
    assert "unreachable in 2 runs in a row" in outages.stopped
