"""`bookbot eval run`: run eval cases and report, for people and for CI.

    bookbot eval run PATH... [--model offline|openai:MODEL] [--repeat K]
        [--json FILE] [--report FILE.md|FILE.html] [--filter TAG_OR_ID]
        [-j N] [--record DIR | --replay DIR] [--prices FILE]

Exit codes: 0 when every case passed every run; 1 when a case failed or a
case file is broken (the other cases still run and are reported); 2 for a
usage error (no case files, an unknown model, a missing API key).
`register(app)` adds the `eval` commands to the `bookbot` CLI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from bookbot.agent.runtime import build_model
from bookbot.core.errors import ConfigError
from bookbot.evals.cases_model import Case, CaseError
from bookbot.evals.compare import (
    CompareError,
    Comparison,
    compare,
    load_report,
    summary_line,
    to_html,
    to_markdown,
)
from bookbot.evals.console import comparison_table, print_report, progress_bar
from bookbot.evals.prices import Price, PriceError, load_prices
from bookbot.evals.render import write_report
from bookbot.evals.report import report_json, write_json
from bookbot.evals.results import CaseResult
from bookbot.evals.run_logs import captured_logs
from bookbot.evals.runner import RunConfig
from bookbot.evals.suite import (
    NoCasesError,
    Outages,
    SuiteOptions,
    discover,
    failed_ids,
    load_all,
    run_suite,
    select,
)
from bookbot.evals.transport import ModelTransport
from bookbot.prompts.render import check_version
from bookbot.settings import Settings, SettingsError, load_settings


def register(app: typer.Typer) -> None:
    """Add `eval run` to `app`."""
    eval_app = typer.Typer(help="Replay conversation cases against the bot.", no_args_is_help=True)
    eval_app.command("run")(run)
    eval_app.command("compare")(compare_command)
    app.add_typer(eval_app, name="eval")


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code=2)


def _only_failed(entries: list[Case | CaseError], report: Path) -> list[Case | CaseError]:
    ids = set(failed_ids(report))
    if not ids:
        raise NoCasesError(f"--failed-from {report}: every case passed; nothing to rerun")
    return [e for e in entries if e.id in ids]


def run(
    paths: Annotated[list[Path], typer.Argument(help="Case files or folders of them")],
    models: Annotated[
        list[str] | None,
        typer.Option(
            "--model", help="offline or openai:MODEL (default: BOOKBOT_MODEL; repeat for A/B)"
        ),
    ] = None,
    prompts: Annotated[
        list[str] | None,
        typer.Option("--prompt", help="Prompt version (default: BOOKBOT_PROMPT; repeat for A/B)"),
    ] = None,
    repeat: Annotated[int, typer.Option("--repeat", "-k", min=1, help="Runs per case")] = 1,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write the JSON report")] = None,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Write a Markdown (.md) or HTML (.html) report")
    ] = None,
    filters: Annotated[
        list[str] | None,
        typer.Option("--filter", help="Only cases with this id or tag, or a glob (repeatable)"),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Runs in parallel")] = 1,
    record: Annotated[
        Path | None, typer.Option("--record", help="Store the model's HTTP exchanges in DIR")
    ] = None,
    replay: Annotated[
        Path | None, typer.Option("--replay", help="Serve the model's HTTP from DIR, no network")
    ] = None,
    prices: Annotated[
        Path | None, typer.Option("--prices", help="YAML of USD per million tokens per model")
    ] = None,
    transcripts: Annotated[
        bool, typer.Option("--transcripts", help="Put every conversation in --report")
    ] = False,
    failed_from: Annotated[
        Path | None,
        typer.Option("--failed-from", help="Only the cases that failed in this --json report"),
    ] = None,
    log_file: Annotated[
        Path | None, typer.Option("--log", help="Write the bot's warnings and errors to FILE")
    ] = None,
    max_outages: Annotated[
        int,
        typer.Option(
            "--max-outages", min=0, help="Stop after N runs in a row find the model down (0: never)"
        ),
    ] = 3,
) -> None:
    """Run eval cases; exit 0 only when every case passes every run (of every variant).

    Several --model or --prompt values run the matrix of them, one JSON report per
    variant (--json FILE becomes FILE.<model>.<prompt>.json) and a comparison with
    the first variant at the end."""
    try:
        settings = load_settings(paths=())
    except SettingsError as wrong:
        raise _fail(str(wrong)) from None
    variants = [(m, p) for m in models or [settings.model] for p in prompts or [settings.prompt]]
    _check_http_options(record, replay, len(variants))
    try:
        price_table = load_prices(prices)
        entries = _entries(paths, filters or [], failed_from)
    except (PriceError, NoCasesError) as exc:
        raise _fail(str(exc)) from None
    plan = _Plan(entries, repeat, jobs, record, replay, price_table, max_outages)
    console = Console(soft_wrap=True)
    reports = []
    configs = [(_config(plan, settings, spec, prompt), prompt) for spec, prompt in variants]
    for config, prompt in configs:
        spec = config.model
        with captured_logs(log_file) as tally:
            results, report = _run_variant(console, plan, config, prompt)
        if note := tally.line(log_file):
            console.print(f"[dim]{escape(note)}[/]")
        reports.append(report)
        if json_file is not None:
            write_json(_variant_path(json_file, spec, prompt, len(variants)), report)
        if report_file is not None:
            target = _variant_path(report_file, spec, prompt, len(variants))
            write_report(target, report, results, transcripts=transcripts)
    for report in reports[1:]:
        _print_comparison(console, compare(reports[0], report, _label(reports[0]), _label(report)))
    if any(r["summary"]["passed"] != r["summary"]["cases"] for r in reports):
        raise typer.Exit(code=1)


def _check_http_options(record: Path | None, replay: Path | None, variants: int) -> None:
    if record is not None and replay is not None:
        raise _fail("--record and --replay cannot be used together")
    if variants > 1 and (record is not None or replay is not None):
        raise _fail("--record and --replay take one model and one prompt; run the variants apart")


def _entries(
    paths: list[Path], filters: list[str], failed_from: Path | None
) -> list[Case | CaseError]:
    """The cases to run: those under `paths` the filters select (only the failed ones
    of a report with --failed-from)."""
    entries = select(load_all(discover(paths)), filters)
    return entries if failed_from is None else _only_failed(entries, failed_from)


@dataclass(frozen=True)
class _Plan:
    entries: list[Case | CaseError]
    repeat: int
    jobs: int
    record: Path | None
    replay: Path | None
    prices: dict[str, Price]
    max_outages: int


def _config(plan: _Plan, settings: Settings, spec: str, prompt: str) -> RunConfig:
    """One variant's run settings; every usage error is found before anything runs."""
    if spec == "offline" and (plan.record is not None or plan.replay is not None):
        flag = "--record" if plan.record is not None else "--replay"
        raise _fail(
            f"{flag} needs a language model (--model openai:MODEL); the offline model "
            "makes no HTTP calls to record or replay"
        )
    settings = settings.model_copy(update={"prompt": prompt, "model": spec})
    if plan.replay is not None:
        settings = settings.model_copy(update={"llm_retry_attempts": 1})
    transports = ModelTransport(record_dir=plan.record, replay_dir=plan.replay)
    try:
        check_version(prompt)
        probe = build_model(spec, settings, environ=transports.environ())
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    close = getattr(probe, "close", None)
    if callable(close):
        close()
    cases = [e for e in plan.entries if isinstance(e, Case)]
    problems = transports.check_replay(cases, model=spec, repeat=plan.repeat)
    if problems:
        raise _fail("\n".join(problems))
    return RunConfig(model=spec, settings=settings, transports=transports)


def _run_variant(
    console: Console, plan: _Plan, config: RunConfig, prompt: str
) -> tuple[list[CaseResult], dict[str, Any]]:
    options = SuiteOptions(
        config, plan.repeat, plan.jobs, record_dir=plan.record, max_outages=plan.max_outages
    )
    total = sum(plan.repeat for e in plan.entries if isinstance(e, Case))
    outages = Outages()
    with progress_bar(console, total) as advance:
        results = run_suite(plan.entries, options, on_run=advance, outages=outages)
    report = report_json(results, model=config.model, repeat=plan.repeat, prices=plan.prices)
    report["prompt"] = prompt
    report["summary"]["outage_runs"] = outages.runs
    report["stopped"] = outages.stopped
    if plan.replay is not None:
        report["replayed_from"] = str(plan.replay)
        recorded = sum(run.recorded_model_ms for r in results for run in r.runs)
        report["totals"]["recorded_model_ms"] = round(recorded, 1)
    print_report(console, report)
    return results, report


def _variant_path(path: Path, spec: str, prompt: str, variants: int) -> Path:
    if variants == 1:
        return path
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{spec}.{prompt}")
    return path.with_name(f"{path.stem}.{label}{path.suffix}")


def _label(report: dict[str, Any]) -> str:
    return f"{report['model']} / {report.get('prompt', '?')}"


def _print_comparison(console: Console, comparison: Comparison) -> None:
    console.print(f"\n[bold]A/B[/] {escape(summary_line(comparison))}")
    changed = comparison.changed()
    if changed:
        console.print(comparison_table(changed))


def compare_command(
    first: Annotated[Path, typer.Argument(help="Report A (from --json)")],
    second: Annotated[Path, typer.Argument(help="Report B (from --json)")],
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write the table as Markdown")
    ] = None,
    html_file: Annotated[Path | None, typer.Option("--html", help="Also write it as HTML")] = None,
    all_cases: Annotated[
        bool, typer.Option("--all", help="List every case, not only the changed ones")
    ] = False,
) -> None:
    """Compare two eval reports case by case: outcome, pass^k, tokens, cost, latency."""
    try:
        comparison = compare(load_report(first), load_report(second), str(first), str(second))
    except CompareError as exc:
        raise _fail(str(exc)) from None
    console = Console(soft_wrap=True)
    console.print(escape(summary_line(comparison)))
    rows = comparison.rows if all_cases else comparison.changed()
    console.print(comparison_table(rows) if rows else "no case changed its outcome")
    if markdown is not None:
        markdown.write_text(to_markdown(comparison), encoding="utf-8")
    if html_file is not None:
        html_file.write_text(to_html(comparison), encoding="utf-8")
