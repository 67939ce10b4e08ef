"""`bookbot --version`, `-h` on every command, readable option types, and the
options `serve` and `worker` gained (`--business/--model/--database-url`, `--now`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from bookbot.api import serve_cli
from bookbot.api.cli import app
from bookbot.settings import DEMO_BUSINESS

COMMANDS = [
    [],
    ["serve"],
    ["chat"],
    ["worker"],
    ["import-business"],
    ["check-business"],
    ["db"],
    ["db", "upgrade"],
    ["db", "downgrade"],
    ["eval"],
    ["eval", "run"],
]


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"bookbot \d+\.\d+\.\d+\S*\n", result.output)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "bookbot")
def test_every_command_has_h_and_readable_types(command: list[str]) -> None:
    short = CliRunner().invoke(app, [*command, "-h"], prog_name="bookbot", terminal_width=120)
    long = CliRunner().invoke(app, [*command, "--help"], prog_name="bookbot", terminal_width=120)
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output
    assert "Usage: bookbot" in short.output
    typer_types = r"<(bool|str|int|float|path|file|list\[\w+\])( range)?>"
    assert re.search(typer_types, short.output, re.IGNORECASE) is None, short.output


def test_option_types_read_as_words() -> None:
    output = CliRunner().invoke(app, ["worker", "-h"], terminal_width=120).output
    assert re.search(r"--interval\s+SECONDS", output)
    assert re.search(r"--now\s+YYYY-MM-DDTHH:MM", output)
    assert re.search(r"--once\s+Run one pass", output)  # a flag takes no value
    output = CliRunner().invoke(app, ["eval", "run", "-h"], terminal_width=120).output
    assert re.search(r"--repeat\s+-k\s+INTEGER", output)
    assert re.search(r"paths\.\.\.\s+PATH\.\.\.", output)


def test_serve_runs_with_the_business_model_and_database_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(DEMO_BUSINESS.read_text())
    data["name"] = "Praxis Given"
    given = tmp_path / "given.yaml"
    given.write_text(yaml.safe_dump(data, allow_unicode=True))
    seen: dict[str, Any] = {}

    class Stop(Exception):
        pass

    def create_app(runtime: Any) -> None:
        seen.update(business=runtime.business.name, model=runtime.model.name)
        seen.update(url=runtime.settings.database_url)
        raise Stop

    monkeypatch.setattr(serve_cli, "create_app", create_app)
    monkeypatch.setenv("BOOKBOT_MODEL", "openai:gpt-4o-mini")  # the option wins
    url = f"sqlite:///{tmp_path / 'served.db'}"
    args = ["--business", str(given), "--model", "offline", "--database-url", url]
    result = CliRunner().invoke(app, ["serve", *args])
    assert isinstance(result.exception, Stop)
    assert seen == {"business": "Praxis Given", "model": "offline", "url": url}


def test_worker_now_freezes_the_clock_and_names_the_quiet_hours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOKBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'worker.db'}")
    monkeypatch.delenv("BOOKBOT_WHATSAPP_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["worker", "--once", "--now", "2026-03-10T22:30"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "2026-03-10 21:30:00Z enqueued 0; sent 0, retrying 0, failed 0; "
        "quiet hours until 08:00 Wed 11 Mar (Europe/Zurich): nothing waiting\n"
    )
    day = CliRunner().invoke(app, ["worker", "--once", "--now", "2026-03-11T10:00+01:00"])
    assert day.output == "2026-03-11 09:00:00Z enqueued 0; sent 0, retrying 0, failed 0\n"
