"""Repeats and pass^k, totals and cost, and the three report formats."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bookbot.evals.cases_model import CaseError
from bookbot.evals.prices import DEFAULT_PRICES, Price, PriceError, load_prices, price_for
from bookbot.evals.render import to_html, to_markdown
from bookbot.evals.report import pass_hat, percentile, report_json, summarize, totals
from bookbot.evals.results import CaseResult, CaseRun, Failure, ToolUse, Turn


def turn(model: str = "offline", prompt: int = 0, completion: int = 0, ms: float = 10) -> Turn:
    return Turn(
        step=1,
        text="hi",
        reply="<b>Hello</b>",
        tools=(ToolUse("propose_schedule", "{}", True),),
        model=model,
        model_calls=2,
        prompt_tokens=prompt,
        completion_tokens=completion,
        latency_ms=ms,
    )


def result(case_id: str, outcomes: list[bool], turns: list[Turn] | None = None) -> CaseResult:
    runs = []
    for number, ok in enumerate(outcomes, 1):
        failures = [] if ok else [
            Failure(2, "expected tool book_group, got [propose_schedule]", "<b>Hello</b>",
                    ("propose_schedule({})",))
        ]  # fmt: skip
        runs.append(CaseRun(case_id, number, failures=failures, turns=list(turns or [])))
    return CaseResult(f"cases/{case_id}.yaml", runs=runs)


def broken() -> CaseResult:
    error = CaseError(Path("cases/bad.yaml"), 7, "step 2: user must be a string", id="bad")
    return CaseResult("cases/bad.yaml", error=error)


def test_pass_hat_is_taubench_estimator() -> None:
    assert pass_hat(4, 4, 4) == 1.0
    assert pass_hat(3, 4, 4) == 0.0
    assert pass_hat(3, 4, 2) == pytest.approx(3 / 6)
    assert pass_hat(2, 4, 1) == pytest.approx(0.5)
    assert pass_hat(0, 4, 1) == 0.0
    assert pass_hat(0, 0, 1) == 0.0


def test_summary_counts_cases_that_pass_every_repeat() -> None:
    results = [result("always", [True] * 4), result("flaky", [True, False, True, False]), broken()]
    summary = summarize(results, repeat=4)
    assert summary.cases == 3 and summary.passed == 1 and summary.broken == 1
    assert summary.pass_rate == pytest.approx(round((1 + 0.5 + 0) / 3, 3))
    assert summary.pass_hat_k == pytest.approx(round(1 / 3, 3))
    assert summary.pass_hat[2] == pytest.approx(round((1 + 1 / 6) / 3, 3))


def test_one_repeat_gives_the_plain_share() -> None:
    results = [result(f"c{i}", [i < 20]) for i in range(24)]
    summary = summarize(results, repeat=1)
    assert (summary.passed, summary.pass_rate, summary.pass_hat_k) == (20, 0.833, 0.833)


def test_totals_add_tokens_cost_and_latency() -> None:
    turns = [turn("openai:gpt-4o-mini", 1000, 500, ms) for ms in (10, 20, 30, 40, 100)]
    totals_ = totals([result("a", [True], turns)], DEFAULT_PRICES)
    assert (totals_.turns, totals_.model_calls, totals_.tool_calls) == (5, 10, 5)
    assert (totals_.prompt_tokens, totals_.completion_tokens) == (5000, 2500)
    assert totals_.cost_usd == pytest.approx(5 * (1000 * 0.15 + 500 * 0.60) / 1e6)
    assert (totals_.latency_median_ms, totals_.latency_p95_ms) == (30, 100)


def test_an_unknown_price_gives_no_estimate_and_says_why() -> None:
    totals_ = totals([result("a", [True], [turn("openai:my-local-llama", 10, 10)])], {})
    assert totals_.cost_usd is None and totals_.unpriced_models == ("openai:my-local-llama",)
    assert totals([result("a", [True], [turn()])], {}).cost_usd == 0.0


def test_prices_file_overrides_and_dated_names(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("gpt-4o-mini: {prompt: 1, completion: 2}\nllama3: {prompt: 0, completion: 0}\n")
    prices = load_prices(path)
    assert price_for("openai:gpt-4o-mini-2024-07-18", prices) == Price(1.0, 2.0)
    assert price_for("openai:llama3", prices) == Price(0.0, 0.0)
    assert price_for("openai:gpt-4o", prices) == DEFAULT_PRICES["gpt-4o"]
    path.write_text("gpt-4o: 3\n")
    with pytest.raises(PriceError, match="gpt-4o"):
        load_prices(path)


def test_percentile_is_nearest_rank() -> None:
    assert percentile([], 0.95) is None
    assert percentile([5.0], 0.95) == 5.0
    assert percentile([float(v) for v in range(1, 101)], 0.95) == 95.0


def test_json_report_has_the_contract_shape() -> None:
    results = [result("good", [True]), result("bad", [False], [turn()]), broken()]
    report = report_json(results, model="offline", repeat=1, prices=DEFAULT_PRICES)
    json.dumps(report)  # serialisable
    assert report["model"] == "offline" and report["repeat"] == 1
    assert {"cases", "passed", "pass_rate", "pass_hat_k"} <= set(report["summary"])
    assert report["summary"]["cases"] == 3 and report["summary"]["passed"] == 1
    bad = report["cases"][1]
    assert {"id", "file", "passed", "runs", "passed_runs", "failures"} <= set(bad)
    assert bad["failures"] == ["step 2: expected tool book_group, got [propose_schedule]"]
    assert bad["details"][0]["reply"] == "<b>Hello</b>"
    assert bad["details"][0]["tools"] == ["propose_schedule({})"]
    assert report["cases"][2]["failures"] == ["cases/bad.yaml:7: step 2: user must be a string"]
    assert report["cases"][2]["runs"] == 0


def test_repeated_failures_name_their_run() -> None:
    report = report_json([result("x", [True, False])], model="m", repeat=2, prices={})
    assert report["cases"][0]["failures"] == [
        "run 2: step 2: expected tool book_group, got [propose_schedule]"
    ]


def test_markdown_and_html_show_failures_with_reply_and_tools() -> None:
    results = [result("good", [True]), result("worse", [False], [turn()]), broken()]
    report = report_json(results, model="offline", repeat=1, prices=DEFAULT_PRICES)
    markdown = to_markdown(report, results)
    assert "| cases/worse.yaml | **FAIL** | 0/1 |" in markdown
    assert "step 2: expected tool book_group, got [propose_schedule]" in markdown
    assert "propose_schedule({})" in markdown and "<b>Hello</b>" in markdown
    assert "cases/bad.yaml:7: step 2: user must be a string" in markdown
    html = to_html(report, results)
    assert "&lt;b&gt;Hello&lt;/b&gt;" in html and "<b>Hello</b>" not in html
    assert "expected tool book_group" in html
    assert "good.yaml (passed)" not in markdown
    assert "## cases/good.yaml (passed)" in to_markdown(report, results, transcripts=True)


def test_each_case_reports_its_own_tokens_cost_and_latency() -> None:
    estimated = replace(turn("offline", prompt=900, completion=30), tokens_estimated=True)
    priced = replace(turn("openai:gpt-4o-mini", prompt=2000, completion=100), cached_tokens=1024)
    report = report_json(
        [result("local", [True], [estimated]), result("llm", [True, True], [priced])],
        model="mixed",
        repeat=2,
        prices=DEFAULT_PRICES,
    )
    local, llm = (case["usage"] for case in report["cases"])
    assert local["tokens_estimated"] and local["prompt_tokens"] == 900
    assert llm == llm | {"prompt_tokens": 4000, "cached_tokens": 2048, "tokens_estimated": False}
    assert llm["cost_usd"] is not None and llm["cost_usd"] > 0
    assert report["totals"]["tokens_estimated"] is True
    assert report["totals"]["cached_tokens"] == 2048
    assert [t["run"] for t in report["cases"][1]["turns"]] == [1, 2]
    assert report["cases"][1]["turns"][0] | {"prompt_tokens": 2000, "cached_tokens": 1024} == (
        report["cases"][1]["turns"][0]
    )


def test_a_failure_in_several_runs_is_listed_once_with_its_runs() -> None:
    report = report_json([result("x", [False, True, False])], model="m", repeat=3, prices={})
    assert report["cases"][0]["failures"] == [
        "runs 1, 3: step 2: expected tool book_group, got [propose_schedule]"
    ]


def test_the_html_and_markdown_case_tables_show_each_case_s_calls_tokens_and_cost() -> None:
    llm = replace(turn("openai:gpt-4o-mini", prompt=2000, completion=100), tokens_estimated=True)
    results = [result("llm", [True], [llm])]
    report = report_json(results, model="openai:gpt-4o-mini", repeat=1, prices=DEFAULT_PRICES)
    html, markdown = to_html(report, results), to_markdown(report, results)
    assert "<td>2</td><td>2,000 (est.)</td><td>$0.0004</td>" in html
    assert "| pass | 1/1 |  | 2 | 2,000 (est.) | $0.0004 | 10 ms |  |" in markdown
