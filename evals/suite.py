"""A suite: find the case files, load them, run each K times, keep the recordings.

Runs are independent (each has its own database), so `jobs` > 1 runs them in
threads. A broken case file becomes a `CaseResult` with its error and no runs;
the others run regardless.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import Case, CaseError
from bookbot.evals.recording import Exchange, cassette_path, save_cassette
from bookbot.evals.results import CaseResult, CaseRun
from bookbot.evals.runner import RunConfig, run_case

CASE_SUFFIXES = (".yaml", ".yml")


class NoCasesError(ValueError):
    """The paths hold no case file (a usage error, not a failing case)."""


def discover(paths: Iterable[Path]) -> list[Path]:
    """Case files under `paths` (folders searched recursively), each once, sorted per path."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in CASE_SUFFIXES and p.is_file())
        elif path.is_file():
            files = [path]
        else:
            raise NoCasesError(f"{path} does not exist")
        found += [f for f in files if f not in found]
    if not found:
        raise NoCasesError("no case files (*.yaml) under " + ", ".join(str(p) for p in paths))
    return found


def load_all(files: Sequence[Path]) -> list[Case | CaseError]:
    """Every file loaded; a second case with an id already used is an error."""
    loaded: list[Case | CaseError] = []
    owners: dict[str, Path] = {}
    for file in files:
        entry = load_case(file)
        if isinstance(entry, Case):
            if entry.id in owners:
                entry = CaseError(
                    file,
                    1,
                    f"id {entry.id!r} is already used by {owners[entry.id]}",
                    id=entry.id,
                    tags=entry.tags,
                )
            else:
                owners[entry.id] = file
        loaded.append(entry)
    return loaded


def select(entries: list[Case | CaseError], wanted: Sequence[str]) -> list[Case | CaseError]:
    """Cases whose id or a tag matches one of `wanted` (ids, tags or globs of them; all
    when nothing is wanted). A filter that matches no case is a usage error: a typo
    must not quietly run fewer cases."""
    if not wanted:
        return entries
    named = [e for e in entries if isinstance(e, Case)]
    for w in wanted:
        if not any(e.matches(w) for e in named):
            raise NoCasesError(f"--filter {w!r} matches no case id or tag")
    return [e for e in entries if any(e.matches(w) for w in wanted)]


def failed_ids(report: Path) -> list[str]:
    """The ids of the cases a JSON report (`--json`) says failed, for `--failed-from`."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        return [str(c["id"]) for c in data["cases"] if not c["passed"] and c.get("id")]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NoCasesError(f"--failed-from {report}: not a readable eval report ({exc})") from None


@dataclass(frozen=True)
class SuiteOptions:
    config: RunConfig
    repeat: int = 1
    jobs: int = 1
    record_dir: Path | None = None
    max_outages: int = 3
    """Stop after this many runs in a row found the model unreachable (0: never stop)."""


@dataclass
class Outages:
    """Runs that found the model unreachable; `stopped` says why the suite gave up."""

    runs: int = 0
    in_a_row: int = 0
    stopped: str | None = None

    def record(self, run: CaseRun, limit: int, model: str) -> bool:
        """Count `run`; True when the suite should stop."""
        self.runs += run.outage
        self.in_a_row = self.in_a_row + 1 if run.outage else 0
        if limit and self.in_a_row >= limit and self.stopped is None:
            self.stopped = (
                f"stopped early: {model} was unreachable in {self.in_a_row} runs in a row; "
                "check its key, URL and status, then run again"
            )
        return self.stopped is not None


def run_suite(
    entries: Sequence[Case | CaseError],
    options: SuiteOptions,
    on_run: Callable[[CaseRun], None] | None = None,
    outages: Outages | None = None,
) -> list[CaseResult]:
    """Run every case `options.repeat` times; results in the order of `entries`. Runs
    not started when too many outages came in a row are left out (see `outages`)."""
    outages = outages if outages is not None else Outages()
    results = [
        CaseResult(str(e.file), case=e) if isinstance(e, Case) else CaseResult(str(e.file), error=e)
        for e in entries
    ]
    tasks = [
        (index, result.case, run)
        for index, result in enumerate(results)
        if result.case is not None
        for run in range(1, options.repeat + 1)
    ]
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {
            pool.submit(run_case, case, options.config, run): index for index, case, run in tasks
        }
        for future in as_completed(futures):
            if future.cancelled():
                continue
            finished = future.result()
            results[futures[future]].runs.append(finished)
            if on_run is not None:
                on_run(finished)
            if outages.record(finished, options.max_outages, options.config.model):
                for pending in futures:
                    pending.cancel()
    for result in results:
        result.runs.sort(key=lambda r: r.run)
    if options.record_dir is not None:
        _save_recordings(results, options.record_dir, options.config.model)
    return results


def _save_recordings(results: list[CaseResult], directory: Path, model: str) -> None:
    for result in results:
        if result.case is None or not result.runs:
            continue
        runs = [[e for e in run.recorded if isinstance(e, Exchange)] for run in result.runs]
        save_cassette(
            cassette_path(directory, result.case.id), case_id=result.case.id, model=model, runs=runs
        )
