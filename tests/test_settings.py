"""Database URLs of every common form become the one bookbot opens (bookbot.settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbot.settings import Settings, SettingsError, load_settings, normalise_database_url


@pytest.mark.parametrize(
    ("given", "opened"),
    [
        ("postgres://u:pw@db.example:5432/bookbot", "postgresql+psycopg://u:pw@db.example:5432/bookbot"),
        ("postgresql://u@host/db?sslmode=require", "postgresql+psycopg://u@host/db?sslmode=require"),
        ("postgresql+psycopg2://u@host/db", "postgresql+psycopg://u@host/db"),
        ("postgresql+psycopg://u@host/db", "postgresql+psycopg://u@host/db"),
        ("  sqlite:///relative/bookbot.db ", "sqlite:///relative/bookbot.db"),
        ("sqlite:////abs/bookbot.db", "sqlite:////abs/bookbot.db"),
        ("sqlite://", "sqlite://"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
    ],
)
def test_common_forms_are_normalised(given: str, opened: str) -> None:
    assert normalise_database_url(given) == opened
    assert Settings(database_url=given).database_url == opened


def test_a_home_relative_sqlite_path_is_expanded() -> None:
    assert normalise_database_url("sqlite:///~/bookbot.db") == f"sqlite:///{Path.home()}/bookbot.db"


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("", "'' is not a database URL"),
        ("bookbot.db", "'bookbot.db' is not a database URL"),
        ("postgresql+psycopg://u@host:port/db", "is not a database URL"),
        ("oracle://u@host/db", "'oracle' databases are not supported"),
        ("sqlite+aiosqlite:///x.db", "the driver 'aiosqlite' is not supported"),
    ],
)
def test_unusable_urls_are_refused_with_the_fix(given: str, problem: str) -> None:
    with pytest.raises(SettingsError) as wrong:
        load_settings({"database_url": given}, paths=())
    [line] = wrong.value.problems
    assert line.startswith("--database-url: ") and problem in line and "use " in line


def test_several_mistakes_are_one_line_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKBOT_MAX_TOOL_ROUNDS", "many")
    monkeypatch.setenv("BOOKBOT_LLM_TIMEOUT_SECONDS", "0")
    with pytest.raises(SettingsError) as wrong:
        load_settings(paths=())
    assert wrong.value.problems == [
        "BOOKBOT_MAX_TOOL_ROUNDS='many': expected a whole number of at least 1; "
        "set one, or unset it for the default 6",
        "BOOKBOT_LLM_TIMEOUT_SECONDS='0': expected a number above 0; "
        "set one, or unset it for the default 20.0",
    ]
