"""Every configuration mistake is one line naming the setting and the fix, exit code 2,
no traceback, for every command that reads the setting (typer's CliRunner).

Each command runs with a clean `BOOKBOT_*` environment (a SQLite file in the
test's folder), then one mistake is made in the environment or on the command line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bookbot.api.cli import app
from bookbot.settings import DEMO_BUSINESS

URL_FIX = "use sqlite:////path/to/bookbot.db or postgresql+psycopg://user@host:5432/dbname"

COMMANDS: dict[str, list[str]] = {
    "serve": ["serve", "--port", "1"],
    "chat": ["chat"],
    "worker": ["worker", "--once"],
    "eval": ["eval", "run", "evals/cases"],
    "import-business": ["import-business", str(DEMO_BUSINESS)],
    "db": ["db", "upgrade"],
}
USES_BUSINESS = ["serve", "chat", "worker"]
"""The commands that run with BOOKBOT_BUSINESS (import-business takes a file; eval its cases')."""
USES_DATABASE = ["serve", "chat", "worker", "import-business", "db"]
OPTIONS = {"serve", "chat", "worker", "import-business", "db"}
"""The commands with a --database-url option."""


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("BOOKBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BOOKBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'bookbot.db'}")


def run(args: list[str]) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, args, input="\n")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.strip().splitlines()


def assert_one_line(args: list[str], expected: str) -> None:
    code, lines = run(args)
    assert (code, lines) == (2, [expected])


ENV_MISTAKES = [
    (
        "BOOKBOT_DATABASE_URL",
        "nonsense",
        f"error: BOOKBOT_DATABASE_URL: 'nonsense' is not a database URL; {URL_FIX}",
    ),
    (
        "BOOKBOT_DATABASE_URL",
        "postgres//user@host/db",
        f"error: BOOKBOT_DATABASE_URL: 'postgres//user@host/db' is not a database URL; {URL_FIX}",
    ),
    (
        "BOOKBOT_DATABASE_URL",
        "mysql://user@host/db",
        f"error: BOOKBOT_DATABASE_URL: 'mysql' databases are not supported; {URL_FIX}",
    ),
    (
        "BOOKBOT_DATABASE_URL",
        "postgresql+asyncpg://user@host/db",
        "error: BOOKBOT_DATABASE_URL: the driver 'asyncpg' is not supported; "
        "use postgresql+psycopg://user@host/db",
    ),
    (
        "BOOKBOT_MAX_TOOL_ROUNDS",
        "abc",
        "error: BOOKBOT_MAX_TOOL_ROUNDS='abc': expected a whole number of at least 1; "
        "set one, or unset it for the default 6",
    ),
    (
        "BOOKBOT_HISTORY_TOKEN_BUDGET",
        "10",
        "error: BOOKBOT_HISTORY_TOKEN_BUDGET='10': expected a whole number of at least 200; "
        "set one, or unset it for the default 6000",
    ),
    (
        "BOOKBOT_LLM_TIME_BUDGET_SECONDS",
        "soon",
        "error: BOOKBOT_LLM_TIME_BUDGET_SECONDS='soon': expected a number above 0; "
        "set one, or unset it for the default 30.0",
    ),
]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("variable", "value", "expected"), ENV_MISTAKES)
def test_a_wrong_setting_is_one_line_for_every_command(
    command: str, variable: str, value: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    assert_one_line(COMMANDS[command], expected)


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"worker"}))
def test_an_unknown_model_is_one_line(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKBOT_MODEL", "gpt5")
    assert_one_line(
        COMMANDS[command],
        "error: BOOKBOT_MODEL: unknown model 'gpt5'; use offline or openai:<model> "
        "(e.g. openai:gpt-4o-mini)",
    )


@pytest.mark.parametrize("command", USES_BUSINESS)
def test_a_missing_business_file_is_one_line(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "clinic.yaml"
    monkeypatch.setenv("BOOKBOT_BUSINESS", str(missing))
    assert_one_line(
        COMMANDS[command],
        f"error: BOOKBOT_BUSINESS: {missing} does not exist; point it at a business YAML "
        "(unset: the demo business)",
    )
    assert_one_line(
        [*COMMANDS[command], "--business", str(tmp_path)],
        f"error: --business: {tmp_path} is a folder; point it at a business YAML "
        "(unset: the demo business)",
    )


@pytest.mark.parametrize("command", USES_DATABASE)
def test_a_sqlite_file_whose_folder_cannot_be_made_is_one_line(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("BOOKBOT_DATABASE_URL", f"sqlite:///{blocker}/data/bookbot.db")
    assert_one_line(
        COMMANDS[command],
        f"error: BOOKBOT_DATABASE_URL: cannot create the folder {blocker}/data for the SQLite "
        "file (Not a directory); create it or choose a file in a folder you can write",
    )


@pytest.mark.parametrize("command", USES_DATABASE)
def test_an_unreachable_database_is_one_line(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOKBOT_DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:1/none")
    code, lines = run(COMMANDS[command])
    assert code == 2 and len(lines) == 1
    assert re.fullmatch(
        r"error: BOOKBOT_DATABASE_URL: cannot reach the database at "
        r"postgresql\+psycopg://nobody:\*\*\*@127\.0\.0\.1:1/none: .*refused.*; "
        r"check that the database is running and the URL is right",
        lines[0],
    ), lines[0]


@pytest.mark.parametrize("command", USES_DATABASE)
def test_a_file_that_is_no_database_is_one_line(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("this is not a database\n" * 100)
    monkeypatch.setenv("BOOKBOT_DATABASE_URL", f"sqlite:///{notes}")
    assert_one_line(
        COMMANDS[command],
        f"error: BOOKBOT_DATABASE_URL: cannot reach the database at sqlite:///{notes}: "
        "file is not a database; check that the database is running and the URL is right",
    )


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_a_wrong_option_is_named_as_the_option(command: str) -> None:
    assert_one_line(
        [*COMMANDS[command], "--database-url", "sqlite//x.db"],
        f"error: --database-url: 'sqlite//x.db' is not a database URL; {URL_FIX}",
    )


@pytest.mark.parametrize("command", ["chat", "worker"])
def test_a_bad_now_is_one_line(command: str) -> None:
    assert_one_line(
        [*COMMANDS[command], "--now", "March 40"],
        "error: --now: 'March 40' is not a date and time like 2026-03-02T09:00",
    )


def test_a_sqlite_file_in_a_missing_folder_gets_its_folder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'folders' / 'bookbot.db'}"
    code, lines = run(["db", "upgrade", "--database-url", url])
    assert (code, lines) == (0, ["database at head"])
    assert (tmp_path / "new" / "folders" / "bookbot.db").is_file()


def test_a_relative_sqlite_path_is_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = run(["db", "upgrade", "--database-url", "sqlite:///data/bookbot.db"])
    assert (code, lines) == (0, ["database at head"])
    assert (tmp_path / "data" / "bookbot.db").is_file()
