"""`bookbot chat`: a terminal conversation books a plan; bad options fail clearly."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from bookbot.api.cli import app

runner = CliRunner()


def test_a_terminal_conversation_books_the_implant_plan(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chat.db'}"
    result = runner.invoke(
        app,
        [
            "chat",
            "--phone",
            "+41790000009",
            "--name",
            "Marie",
            "--model",
            "offline",
            "--now",
            "2026-03-02T09:00",
            "--database-url",
            url,
        ],
        input="I need a dental implant\nHow about March 10th at 2pm?\nyes please\n\n",
    )
    assert result.exit_code == 0, result.output
    assert "Session 3 of 3: Thu 23 Apr 2026, 14:00" in result.output
    assert "All 3 sessions confirmed" in result.output
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM bookings")).scalar_one()
    engine.dispose()
    assert count == 3


def test_an_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["chat", "--model", "gpt5", "--database-url", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 2
    assert "unknown model 'gpt5'" in result.output


def test_a_broken_business_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: X\ntimezone: Mars/Olympus\nservices: []\n")
    result = runner.invoke(
        app, ["chat", "--business", str(broken), "--database-url", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 2
    assert "Mars/Olympus" in result.output


def test_a_bad_now_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["chat", "--now", "March 40", "--database-url", f"sqlite:///{tmp_path / 'x.db'}"],
        input="hi\n\n",
    )
    assert result.exit_code == 2
    assert "--now" in result.output
