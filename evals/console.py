"""What `bookbot eval run` prints: a progress bar while it runs, then one table
row per case, the failures with the bot's reply and tool calls, and the totals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bookbot.evals.compare import HEADERS, Row, cells
from bookbot.evals.results import CaseRun, runs_label

MAX_REPLY_LINES = 12


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[Any]:
    """Yields a callback for each finished run."""
    progress = Progress(
        TextColumn("[bold]eval"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    )
    with progress:
        task = progress.add_task("", total=total)

        def advance(run: CaseRun) -> None:
            mark = "[green]✓[/]" if run.passed else "[red]✗[/]"
            progress.update(task, advance=1, description=f"{mark} {escape(run.case_id)}")

        yield advance


def print_report(console: Console, report: dict[str, Any]) -> None:
    repeat = report["repeat"]
    table = Table(title=f"bookbot evals · {report['model']} · {repeat} run(s) per case")
    table.add_column("case", overflow="fold")
    table.add_column("result")
    table.add_column("runs", justify="right")
    table.add_column("first failure", overflow="fold")
    for case in report["cases"]:
        result = "[green]pass[/]" if case["passed"] else "[bold red]FAIL[/]"
        first = case["failures"][0] if case["failures"] else ""
        table.add_row(escape(case["id"]), result, f"{case['passed_runs']}/{repeat}", escape(first))
    console.print(table)
    for case in report["cases"]:
        if not case["passed"]:
            _print_failures(console, case, repeat)
    _print_totals(console, report)


def _print_failures(console: Console, case: dict[str, Any], repeat: int) -> None:
    console.print(f"\n[bold red]✗ {escape(case['id'])}[/] [dim]{escape(case['file'])}[/]")
    if case["error"]:
        console.print(f"  {escape(case['error'])}")
        return
    runs_of: dict[tuple[Any, ...], list[int]] = {}
    for detail in case["details"]:
        key = (detail["step"], detail["where"], detail["message"])
        runs_of.setdefault(key, []).append(detail["run"])
    for detail in case["details"]:
        key = (detail["step"], detail["where"], detail["message"])
        runs = runs_of.pop(key, None)
        if runs is None:  # the same failure in another run: listed once, with its runs
            continue
        where = f"step {detail['step']}" if detail["step"] is not None else detail["where"]
        run = f"{runs_label(runs)}: " if repeat > 1 else ""
        line = f" [dim]({escape(case['file'])}:{detail['line']})[/]" if detail.get("line") else ""
        console.print(f"  • {escape(run + where)}: {escape(detail['message'])}{line}")
        if detail["reply"]:
            lines = detail["reply"].splitlines()
            shown = lines[:MAX_REPLY_LINES] + (["…"] if len(lines) > MAX_REPLY_LINES else [])
            console.print("[dim]    bot: " + escape("\n         ".join(shown)) + "[/]")
        if detail["tools"]:
            console.print("[dim]    tools: " + escape(", ".join(detail["tools"])) + "[/]")
        for text in detail["outbound"]:
            console.print("[dim]    sent: " + escape(text.replace("\n", " ")) + "[/]")


def _print_totals(console: Console, report: dict[str, Any]) -> None:
    s, t = report["summary"], report["totals"]
    cost = "n/a" if t["cost_usd"] is None else f"${t['cost_usd']:.4f}"
    if t["unpriced_models"]:
        cost += f" (no price for {', '.join(t['unpriced_models'])}; see --prices)"
    latency = "n/a"
    if t["latency_median_ms"] is not None:
        latency = f"median {t['latency_median_ms']:.0f} ms, p95 {t['latency_p95_ms']:.0f} ms"
    color = "green" if s["passed"] == s["cases"] else "red"
    console.print(
        f"\n[bold {color}]{s['passed']}/{s['cases']} cases passed[/] · "
        f"pass rate {s['pass_rate']} · pass^{report['repeat']} {s['pass_hat_k']}"
        + (f" · [red]{s['broken']} broken[/]" if s["broken"] else "")
    )
    if report["repeat"] > 1:
        console.print(f"[dim]reliability: {_pass_curve(s)}[/]")
    if s.get("outage_runs"):
        console.print(
            f"[yellow]{s['outage_runs']} run(s) found {escape(report['model'])} unreachable: "
            "infrastructure errors, not the bot's failures[/]"
        )
    if report.get("stopped"):
        console.print(f"[bold red]{escape(report['stopped'])}[/]")
    console.print(
        f"{t['turns']} turns · {t['model_calls']} {_calls(report['model'])} · "
        f"{t['tool_calls']} tool calls · "
        f"{token_line(t)} · est. cost {escape(cost)} · latency per turn {latency}"
    )
    if report.get("replayed_from"):
        recorded = t.get("recorded_model_ms") or 0.0
        console.print(
            f"[yellow]replayed from {escape(report['replayed_from'])}: tokens and cost are the "
            f"recording's; the recorded model took {recorded / 1000:.1f} s in all, while the "
            "latency above is the replay's own time (no model was called)[/]"
        )


def _calls(model: str) -> str:
    """The offline model makes rule-based decisions, not calls to a language model."""
    return "offline decisions" if model == "offline" else "LLM calls"


def _pass_curve(summary: dict[str, Any]) -> str:
    hats = summary.get("pass_hat") or {}
    return " · ".join(f"pass^{k} {v}" for k, v in sorted(hats.items(), key=lambda kv: int(kv[0])))


def token_line(t: dict[str, Any]) -> str:
    """'12 prompt (3 cached) + 4 completion tokens', marked when counted locally."""
    cached = f" ({t['cached_tokens']} cached)" if t.get("cached_tokens") else ""
    line = f"{t['prompt_tokens']} prompt{cached} + {t['completion_tokens']} completion tokens"
    per_turn = f", {t['prompt_tokens'] // t['turns']} prompt per turn" if t["turns"] else ""
    return line + per_turn + (" (estimated locally)" if t.get("tokens_estimated") else "")


def comparison_table(rows: list[Row]) -> Table:
    """Per-case differences of two reports (`bookbot eval compare`, A/B runs)."""
    table = Table(*HEADERS, show_lines=False)
    for row in rows:
        style = {"broken": "red", "fixed": "green"}.get(row.change)
        table.add_row(*(escape(c) for c in cells(row)), style=style)
    return table
