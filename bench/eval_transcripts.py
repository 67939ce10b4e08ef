"""Every eval turn's tool calls and reply, written as JSON lines, to prove that a change
left the offline model's behaviour as it was.

    .venv/bin/python bench/eval_transcripts.py OUT.jsonl [PATH ...] [--jobs 2]
    .venv/bin/python bench/eval_transcripts.py --compare BEFORE.jsonl AFTER.jsonl

PATHs default to evals/cases and every evals/heldout*/cases. One line per case run:
its id, each turn (step, message, reply, buttons, error, tool calls with arguments,
whether each succeeded and its result as the model read it), the proactive messages
sent and the failures. `--compare` prints the cases that differ (the first differing
turn of each; random ids such as a proposal's numbered in order of mention) and the
counts; it exits 1 when any differ. A performance change to the turn must leave every
line identical.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from bookbot.evals.results import CaseRun
from bookbot.evals.runner import RunConfig
from bookbot.evals.suite import SuiteOptions, discover, load_all, run_suite
from bookbot.evals.transport import ModelTransport
from bookbot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def default_paths() -> list[Path]:
    return [ROOT / "evals" / "cases", *sorted((ROOT / "evals").glob("heldout*/cases"))]


def record(run: CaseRun) -> dict[str, Any]:
    return {
        "case": run.case_id,
        "run": run.run,
        "turns": [
            {
                "step": t.step,
                "text": t.text,
                "reply": t.reply,
                "buttons": list(t.buttons),
                "error": t.error,
                "tools": [[u.name, u.arguments, u.ok, u.result] for u in t.tools],
            }
            for t in run.turns
        ],
        "outbound": [list(o) for o in run.outbound],
        "failures": [str(f) for f in run.failures],
    }


def write(out: Path, paths: list[Path], jobs: int) -> None:
    entries = load_all(discover(paths))
    config = RunConfig(
        model="offline", settings=Settings(model="offline"), transports=ModelTransport()
    )
    results = run_suite(entries, SuiteOptions(config=config, jobs=jobs))
    lines = [record(run) for result in results for run in result.runs]
    lines.sort(key=lambda line: (line["case"], line["run"]))
    with out.open("w", encoding="utf-8") as file:
        for line in lines:
            file.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    turns = sum(len(line["turns"]) for line in lines)
    print(f"{len(lines)} case runs, {turns} turns written to {out}")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical(line: str) -> dict[str, Any]:
    """A case run's line with its random ids (proposals, plans: uuid4) numbered in order
    of first mention, so two runs compare equal when they name the same ids alike."""
    seen: dict[str, str] = {}
    return dict(json.loads(_UUID.sub(lambda m: seen.setdefault(m[0], f"<id {len(seen)}>"), line)))


def compare(before: Path, after: Path) -> int:
    def load(path: Path) -> dict[str, dict[str, Any]]:
        lines = (canonical(line) for line in path.read_text(encoding="utf-8").splitlines())
        return {f"{line['case']}#{line['run']}": line for line in lines}

    old, new = load(before), load(after)
    differing = 0
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        differing += 1
        if a is None or b is None:
            print(f"{key}: only in {'after' if a is None else 'before'}")
            continue
        for ta, tb in zip(a["turns"], b["turns"], strict=False):
            if ta != tb:
                print(f"{key} step {ta['step']}:\n  before {ta}\n  after  {tb}")
                break
        else:
            print(f"{key}: turns equal; outbound, failures or turn count differ")
    turns = sum(len(line["turns"]) for line in old.values())
    calls = sum(len(t["tools"]) for line in old.values() for t in line["turns"])
    print(
        f"{len(old)} / {len(new)} case runs, {turns} turns, {calls} tool calls; {differing} differ"
    )
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.compare:
        if len(args.paths) != 2:
            parser.error("--compare BEFORE AFTER")
        sys.exit(compare(*args.paths))
    if not args.paths:
        parser.error("OUT.jsonl is required")
    write(args.paths[0], args.paths[1:] or default_paths(), args.jobs)


if __name__ == "__main__":
    main()
