"""`bookbot eval run` through typer: exit codes, reports, filters, repeats, and a
broken case that is reported while the others run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bookbot.evals.cli import register

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
GOOD = f"""id: good-consultation
tags: [single, smoke]
business: {DEMO}
now: 2026-03-02T09:00
customer: {{phone: "+41790000060", name: Ada}}
steps:
  - user: I'd like a consultation on Wednesday at 11am
    expect: {{tools: [propose_schedule], reply_mentions_dates: [2026-03-04]}}
  - user: "yes"
    expect: {{tools: [book_group]}}
final:
  bookings:
    - {{service: consultation, session: 1, of: 1, start: 2026-03-04T11:00}}
"""
FAILING = (
    GOOD.replace("good-consultation", "wrong-expectation")
    .replace("tags: [single, smoke]", "tags: [single]")
    .replace("start: 2026-03-04T11:00", "start: 2026-03-04T12:00")
)
BROKEN = GOOD.replace("good-consultation", "broken-yes").replace('user: "yes"', "user: yes")


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """bookbot (test root)."""

    register(root)
    return root


def invoke(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["eval", "run", *args])
    return result.exit_code, result.output


def cases(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_all_passing_exits_0_and_writes_the_reports(app: typer.Typer, tmp_path: Path) -> None:
    folder = cases(tmp_path, a=GOOD)
    out_json, out_md, out_html = tmp_path / "r.json", tmp_path / "r.md", tmp_path / "r.html"
    code, output = invoke(
        app, str(folder), "--json", str(out_json), "--report", str(out_md), "--repeat", "2"
    )
    assert code == 0, output
    assert "1/1 cases passed" in output and "LLM calls" in output and "latency" in output
    report = json.loads(out_json.read_text())
    assert report["model"] == "offline" and report["repeat"] == 2
    assert report["summary"] == report["summary"] | {
        "cases": 1, "passed": 1, "pass_rate": 1.0, "pass_hat_k": 1.0
    }  # fmt: skip
    assert report["cases"][0] | {"runs": 2, "passed_runs": 2, "failures": []} == report["cases"][0]
    assert out_md.read_text().startswith("# bookbot evals")
    code, _ = invoke(app, str(folder), "--report", str(out_html))
    assert code == 0 and out_html.read_text().startswith("<!doctype html>")


def test_a_broken_case_fails_the_run_but_the_others_still_run(
    app: typer.Typer, tmp_path: Path
) -> None:
    folder = cases(tmp_path, a=GOOD, b=BROKEN, c=FAILING)
    out_json = tmp_path / "r.json"
    code, output = invoke(app, str(folder), "--json", str(out_json), "-j", "2")
    assert code == 1
    assert f"{folder / 'b.yaml'}:9:" in output.replace("\n", "")
    assert "YAML read yes as a boolean" in output.replace("\n", " ").replace("  ", " ")
    report = json.loads(out_json.read_text())
    by_id = {c["id"]: c for c in report["cases"]}
    assert by_id["good-consultation"]["passed"] is True
    assert by_id["broken-yes"]["passed"] is False and by_id["broken-yes"]["runs"] == 0
    assert by_id["wrong-expectation"]["failures"] == [
        "final: consultation session 1: expected 2026-03-04T12:00 (confirmed, of 1), "
        "got 2026-03-04T11:00 (confirmed, of 1)"
    ]
    assert report["summary"]["cases"] == 3 and report["summary"]["passed"] == 1


def test_filter_by_tag_or_id(app: typer.Typer, tmp_path: Path) -> None:
    folder = cases(tmp_path, a=GOOD, c=FAILING)
    assert invoke(app, str(folder), "--filter", "smoke")[0] == 0
    assert invoke(app, str(folder), "--filter", "good-consultation")[0] == 0
    assert invoke(app, str(folder), "--filter", "wrong-expectation")[0] == 1
    code, output = invoke(app, str(folder), "--filter", "nothing-like-it")
    assert code == 2 and "no case matches" in output


def test_usage_errors_exit_2(app: typer.Typer, tmp_path: Path) -> None:
    folder = cases(tmp_path, a=GOOD)
    code, output = invoke(app, str(folder), "--record", "x", "--replay", "y")
    assert code == 2 and "cannot be used together" in output
    code, output = invoke(app, str(folder), "--model", "gpt-9")
    assert code == 2 and "unknown model" in output
    code, output = invoke(app, str(tmp_path / "nowhere"))
    assert code == 2 and "does not exist" in output
