"""The numbers of a suite run and the JSON report (a contract, see DESIGN.md).

- `passed`: cases that passed every one of the K runs.
- `pass_rate`: the share of runs that passed (pass^1, averaged over cases).
- `pass_hat_k`: the share of cases that passed all K runs (τ-bench's pass^k).
  `pass_hat` also gives pass^j for every j ≤ K with τ-bench's unbiased
  estimator C(c, j) / C(K, j), c being a case's passed runs.
A broken case file counts as a case with no passed run.

Totals add up every customer turn: model calls, tool calls, tokens, the cost
estimated from `prices`, and the latency of a turn (median and 95th percentile).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median
from typing import Any

from bookbot.evals.prices import Price, price_for
from bookbot.evals.results import CaseResult, Turn


@dataclass(frozen=True)
class Summary:
    cases: int
    passed: int
    broken: int
    pass_rate: float
    pass_hat_k: float
    pass_hat: dict[int, float]


@dataclass(frozen=True)
class Totals:
    runs: int
    turns: int
    model_calls: int
    tool_calls: int
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    tokens_estimated: bool
    """Some counts are the local tokenizer's (offline or usage-less models), not a provider's."""
    cost_usd: float | None
    unpriced_models: tuple[str, ...]
    latency_median_ms: float | None
    latency_p95_ms: float | None


def pass_hat(passed_runs: int, runs: int, k: int) -> float:
    """τ-bench's pass^k of one case: the chance that k runs drawn from `runs` all pass."""
    if runs == 0 or k > runs:
        return 0.0
    return math.comb(passed_runs, k) / math.comb(runs, k)


def summarize(results: list[CaseResult], repeat: int) -> Summary:
    n = len(results)
    if n == 0:
        return Summary(0, 0, 0, 0.0, 0.0, {})
    counts = [(r.passed_runs if r.error is None else 0) for r in results]
    hats = {j: sum(pass_hat(c, repeat, j) for c in counts) / n for j in range(1, repeat + 1)}
    return Summary(
        cases=n,
        passed=sum(1 for r in results if r.passed(repeat)),
        broken=sum(1 for r in results if r.error is not None),
        pass_rate=round(hats[1], 3),
        pass_hat_k=round(hats[repeat], 3),
        pass_hat={j: round(v, 3) for j, v in hats.items()},
    )


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (`share` in 0..1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def totals(results: list[CaseResult], prices: dict[str, Price]) -> Totals:
    turns: list[Turn] = [t for r in results for run in r.runs for t in run.turns]
    return turn_totals(turns, prices, runs=sum(len(r.runs) for r in results))


def turn_totals(turns: list[Turn], prices: dict[str, Price], *, runs: int) -> Totals:
    cost: float | None = 0.0
    unpriced: set[str] = set()
    for turn in turns:
        price = price_for(turn.model, prices)
        if price is None:
            unpriced.add(turn.model)
        elif cost is not None:
            cost += price.cost(turn.prompt_tokens, turn.completion_tokens)
    latencies = [t.latency_ms for t in turns]
    return Totals(
        runs=runs,
        turns=len(turns),
        model_calls=sum(t.model_calls for t in turns),
        tool_calls=sum(len(t.tools) for t in turns),
        prompt_tokens=sum(t.prompt_tokens for t in turns),
        completion_tokens=sum(t.completion_tokens for t in turns),
        cached_tokens=sum(t.cached_tokens for t in turns),
        tokens_estimated=any(t.tokens_estimated for t in turns),
        cost_usd=None if unpriced else round(cost or 0.0, 6),
        unpriced_models=tuple(sorted(unpriced)),
        latency_median_ms=round(median(latencies), 1) if latencies else None,
        latency_p95_ms=round(p95, 1) if (p95 := percentile(latencies, 0.95)) is not None else None,
    )


def _details(result: CaseResult) -> list[dict[str, Any]]:
    out = []
    for run in result.runs:
        for failure in run.failures:
            out.append(
                {
                    "run": run.run,
                    "step": failure.step,
                    "line": result.line_of(failure),
                    "where": failure.where if failure.step is None else "step",
                    "message": failure.message,
                    "reply": failure.reply,
                    "tools": list(failure.tools),
                    "outbound": list(failure.outbound),
                }
            )
    return out


def case_usage(result: CaseResult, prices: dict[str, Price]) -> dict[str, Any]:
    """A case's model calls, tokens, cost and latency over all its runs, to diff between runs."""
    turns = [t for run in result.runs for t in run.turns]
    t = turn_totals(turns, prices, runs=len(result.runs))
    return {
        "model_calls": t.model_calls,
        "prompt_tokens": t.prompt_tokens,
        "completion_tokens": t.completion_tokens,
        "cached_tokens": t.cached_tokens,
        "tokens_estimated": t.tokens_estimated,
        "cost_usd": t.cost_usd,
        "latency_median_ms": t.latency_median_ms,
    }


def case_json(
    result: CaseResult, repeat: int, prices: dict[str, Price] | None = None
) -> dict[str, Any]:
    case = result.case
    return {
        "id": result.id,
        "file": result.file,
        "passed": result.passed(repeat),
        "runs": len(result.runs),
        "passed_runs": result.passed_runs,
        "failures": result.failure_lines(repeat),
        "error": None if result.error is None else str(result.error),
        "description": case.description if case else None,
        "tags": list(case.tags if case else result.error.tags if result.error else ()),
        "details": _details(result),
        "usage": case_usage(result, prices or {}),
        "turns": [turn_json(run.run, t) for run in result.runs for t in run.turns],
    }


def turn_json(run: int, turn: Turn) -> dict[str, Any]:
    """One customer turn's cost: its model calls and their tokens, and its latency."""
    return {
        "run": run,
        "step": turn.step,
        "model": turn.model,
        "model_calls": turn.model_calls,
        "prompt_tokens": turn.prompt_tokens,
        "completion_tokens": turn.completion_tokens,
        "cached_tokens": turn.cached_tokens,
        "call_prompt_tokens": list(turn.call_prompt_tokens),
        "tools": [
            {"name": t.name, "arguments": t.arguments, "ok": t.ok, "result": t.result}
            for t in turn.tools
        ],
        "tokens_estimated": turn.tokens_estimated,
        "latency_ms": round(turn.latency_ms, 1),
    }


def report_json(
    results: list[CaseResult], *, model: str, repeat: int, prices: dict[str, Price]
) -> dict[str, Any]:
    summary = summarize(results, repeat)
    return {
        "model": model,
        "repeat": repeat,
        "summary": {
            "cases": summary.cases,
            "passed": summary.passed,
            "pass_rate": summary.pass_rate,
            "pass_hat_k": summary.pass_hat_k,
            "broken": summary.broken,
            "pass_hat": {str(j): v for j, v in summary.pass_hat.items()},
        },
        "totals": asdict(totals(results, prices)),
        "cases": [case_json(r, repeat, prices) for r in results],
    }


def write_json(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
