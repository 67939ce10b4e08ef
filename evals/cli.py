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

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bookbot.agent.runtime import build_model
from bookbot.core.errors import ConfigError
from bookbot.evals.cases_model import Case
from bookbot.evals.console import print_report, progress_bar
from bookbot.evals.prices import PriceError, load_prices
from bookbot.evals.render import write_report
from bookbot.evals.report import report_json, write_json
from bookbot.evals.runner import RunConfig
from bookbot.evals.suite import NoCasesError, SuiteOptions, discover, load_all, run_suite, select
from bookbot.evals.transport import ModelTransport
from bookbot.settings import SettingsError, load_settings


def register(app: typer.Typer) -> None:
    """Add `eval run` to `app`."""
    eval_app = typer.Typer(help="Replay conversation cases against the bot.", no_args_is_help=True)
    eval_app.command("run")(run)
    app.add_typer(eval_app, name="eval")


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code=2)


def run(
    paths: Annotated[list[Path], typer.Argument(help="Case files or folders of them")],
    model: Annotated[
        str | None,
        typer.Option("--model", help="offline or openai:MODEL (default: BOOKBOT_MODEL)"),
    ] = None,
    repeat: Annotated[int, typer.Option("--repeat", "-k", min=1, help="Runs per case")] = 1,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write the JSON report")] = None,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Write a Markdown (.md) or HTML (.html) report")
    ] = None,
    filters: Annotated[
        list[str] | None,
        typer.Option("--filter", help="Only cases with this id or tag (repeatable)"),
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
) -> None:
    """Run eval cases; exit 0 only when every case passes every run."""
    if record is not None and replay is not None:
        raise _fail("--record and --replay cannot be used together")
    try:
        settings = load_settings(paths=())
    except SettingsError as wrong:
        raise _fail(str(wrong)) from None
    spec = model or settings.model
    if replay is not None:
        settings = settings.model_copy(update={"llm_retry_attempts": 1})
    transports = ModelTransport(record_dir=record, replay_dir=replay)
    try:
        price_table = load_prices(prices)
        probe = build_model(spec, settings, environ=transports.environ())
        close = getattr(probe, "close", None)
        if callable(close):
            close()
        entries = select(load_all(discover(paths)), filters or [])
    except (ConfigError, PriceError, NoCasesError) as exc:
        raise _fail(str(exc)) from None
    if not entries:
        raise _fail("no case matches " + ", ".join(filters or []))
    console = Console(soft_wrap=True)
    options = SuiteOptions(
        config=RunConfig(model=spec, settings=settings, transports=transports),
        repeat=repeat,
        jobs=jobs,
        record_dir=record,
    )
    total = sum(repeat for e in entries if isinstance(e, Case))
    with progress_bar(console, total) as advance:
        results = run_suite(entries, options, on_run=advance)
    report = report_json(results, model=spec, repeat=repeat, prices=price_table)
    print_report(console, report)
    if json_file is not None:
        write_json(json_file, report)
    if report_file is not None:
        write_report(report_file, report, results, transcripts=transcripts)
    if report["summary"]["passed"] != report["summary"]["cases"]:
        raise typer.Exit(code=1)
