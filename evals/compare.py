"""Two eval reports side by side: which cases changed, and what they cost.

`bookbot eval compare A.json B.json` reads two `--json` reports (two prompts, two
models, before and after a change) and lists, per case, passed/failed in each,
pass^k, prompt tokens, cost and median latency, with the cases whose outcome
changed first. The same rows render as a terminal table, Markdown or HTML.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookbot.evals.report import pass_hat


class CompareError(ValueError):
    """A report that cannot be read or compared."""


@dataclass(frozen=True, slots=True)
class Side:
    passed: bool | None
    """None: the case is not in this report."""
    pass_hat_k: float | None
    prompt_tokens: int | None
    cost_usd: float | None
    latency_ms: float | None


@dataclass(frozen=True, slots=True)
class Row:
    case_id: str
    a: Side
    b: Side

    @property
    def change(self) -> str:
        if self.a.passed is None or self.b.passed is None:
            return "only in " + ("B" if self.a.passed is None else "A")
        if self.a.passed == self.b.passed:
            return "same"
        return "fixed" if self.b.passed else "broken"


@dataclass(frozen=True)
class Comparison:
    a_label: str
    b_label: str
    a_summary: dict[str, Any]
    b_summary: dict[str, Any]
    rows: list[Row]

    def changed(self) -> list[Row]:
        return [r for r in self.rows if r.change != "same"]


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CompareError(f"{path}: not a readable eval report ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CompareError(f"{path}: not an eval report (no 'cases' list)")
    return data


def compare(a: dict[str, Any], b: dict[str, Any], a_label: str, b_label: str) -> Comparison:
    a_cases, b_cases = _by_id(a), _by_id(b)
    order = {"broken": 0, "fixed": 1, "only in A": 2, "only in B": 2, "same": 3}
    rows = [
        Row(i, _side(a_cases.get(i), a), _side(b_cases.get(i), b)) for i in {*a_cases, *b_cases}
    ]
    rows.sort(key=lambda r: (order[r.change], r.case_id))
    return Comparison(a_label, b_label, a.get("summary", {}), b.get("summary", {}), rows)


def _by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(c.get("id") or c.get("file")): c for c in report["cases"]}


def _side(case: dict[str, Any] | None, report: dict[str, Any]) -> Side:
    if case is None:
        return Side(None, None, None, None, None)
    usage = case.get("usage") or {}
    runs, passed_runs = int(case.get("runs") or 0), int(case.get("passed_runs") or 0)
    return Side(
        bool(case.get("passed")),
        pass_hat(passed_runs, runs, int(report.get("repeat") or 1)),
        usage.get("prompt_tokens"),
        usage.get("cost_usd"),
        usage.get("latency_median_ms"),
    )


HEADERS = (
    "case", "change", "A", "B", "pass^k A", "pass^k B",
    "tokens A", "tokens B", "cost A", "cost B", "ms A", "ms B",
)  # fmt: skip


def cells(row: Row) -> tuple[str, ...]:
    return (
        row.case_id,
        row.change,
        _verdict(row.a),
        _verdict(row.b),
        _share(row.a.pass_hat_k),
        _share(row.b.pass_hat_k),
        _number(row.a.prompt_tokens),
        _number(row.b.prompt_tokens),
        _money(row.a.cost_usd),
        _money(row.b.cost_usd),
        _number(row.a.latency_ms),
        _number(row.b.latency_ms),
    )


def summary_line(comparison: Comparison) -> str:
    a, b = comparison.a_summary, comparison.b_summary
    changed = comparison.changed()
    fixed = sum(1 for r in changed if r.change == "fixed")
    broken = sum(1 for r in changed if r.change == "broken")
    return (
        f"A {comparison.a_label}: {a.get('passed')}/{a.get('cases')} passed, "
        f"pass^k {a.get('pass_hat_k')} · B {comparison.b_label}: {b.get('passed')}/"
        f"{b.get('cases')} passed, pass^k {b.get('pass_hat_k')} · {fixed} fixed, {broken} broken"
    )


def to_markdown(comparison: Comparison) -> str:
    lines = [f"# Eval comparison\n\n{summary_line(comparison)}\n"]
    lines.append("| " + " | ".join(HEADERS) + " |")
    lines.append("|" + "---|" * len(HEADERS))
    lines += ["| " + " | ".join(cells(r)) + " |" for r in comparison.rows]
    return "\n".join(lines) + "\n"


def to_html(comparison: Comparison) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
    body = "".join(
        f'<tr class="{html.escape(r.change.replace(" ", "-"))}">'
        + "".join(f"<td>{html.escape(c)}</td>" for c in cells(r))
        + "</tr>"
        for r in comparison.rows
    )
    style = ".broken td{background:#fde2e2}.fixed td{background:#e2f7e2}td,th{padding:2px 8px}"
    return (
        f"<!doctype html><meta charset=utf-8><title>Eval comparison</title><style>{style}</style>"
        f"<h1>Eval comparison</h1><p>{html.escape(summary_line(comparison))}</p>"
        f"<table><tr>{head}</tr>{body}</table>\n"
    )


def _verdict(side: Side) -> str:
    if side.passed is None:
        return "-"
    return "pass" if side.passed else "FAIL"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:.4f}"
