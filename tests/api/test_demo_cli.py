"""`bookbot demo` fills a fresh database once; a second run adds nothing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bookbot.api.cli import app


def test_demo_fills_a_fresh_database_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    args = ["demo", "--database-url", url, "--now", "2026-03-30T18:00", "--customers", "4"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "Praxis Demo:" in first.output and "Demo: 0 customers" not in first.output
    assert "/admin" in first.output and "/chat" in first.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "Demo: 0 customers, 0 plans" in again.output


def test_a_bad_clock_is_one_line_and_exit_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(app, ["demo", "--database-url", url, "--now", "soon"])
    assert result.exit_code == 2
    assert "--now: 'soon' is not a date and time" in result.output
