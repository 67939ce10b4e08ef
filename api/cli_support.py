"""What every `bookbot` command shares: its settings, its clock, and how it fails.

A mistake a user can fix (a setting, an option, a broken business file, a
database that cannot be opened) is printed as `error: ...`, one line per
mistake, naming the setting and the fix, and the command exits with code 2,
never with a traceback. `reading_settings` and `opening_database` turn the
errors of those steps into that form.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from sqlalchemy import make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, ProgrammingError

from bookbot.core.errors import BookbotError
from bookbot.settings import (
    PATH_SETTINGS,
    Settings,
    SettingsError,
    load_settings,
    setting_name,
)

errors = Console(stderr=True, soft_wrap=True, highlight=False)

NOW_FORMAT = "YYYY-MM-DDTHH:MM"
BUGS_NOT_SETTINGS = (IntegrityError, ProgrammingError, DataError)
"""Database errors a URL cannot cause: raised as they are, not reported as unreachable."""

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", metavar="URL", help="Overrides BOOKBOT_DATABASE_URL."),
]
BusinessOption = Annotated[
    str | None,
    typer.Option("--business", metavar="FILE", help="Business YAML; overrides BOOKBOT_BUSINESS."),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", metavar="MODEL", help="offline or openai:<model>; overrides BOOKBOT_MODEL."
    ),
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        metavar=NOW_FORMAT,
        help="Freeze the clock here (local time of the business), e.g. 2026-03-02T09:00.",
    ),
]


def fail(*problems: str) -> typer.Exit:
    """Print each problem as an `error:` line; the exit (code 2) to raise."""
    for problem in problems:
        errors.print(f"[bold red]error:[/] {problem}")
    return typer.Exit(code=2)


def settings_from(paths: Collection[str] = PATH_SETTINGS, **options: str | None) -> Settings:
    """The settings with the command's options on top, or exit 2 naming each mistake
    (`paths`: the settings naming a file or folder the command uses)."""
    try:
        return load_settings(options, paths=paths)
    except SettingsError as wrong:
        raise fail(*wrong.problems) from None


def one_line(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def database_problem(url: str, exc: DBAPIError, *, option: bool = False) -> str:
    """'BOOKBOT_DATABASE_URL: cannot reach the database at postgresql+psycopg://u@h/db:
    <why>; <fix>' (the password hidden)."""
    name = setting_name("database_url", {"database_url": url} if option else {})
    shown = make_url(url).render_as_string(hide_password=True)
    return (
        f"{name}: cannot reach the database at {shown}: {one_line(exc.orig)}; "
        "check that the database is running and the URL is right"
    )


@contextmanager
def opening_database(settings: Settings, *, option: bool = False) -> Iterator[None]:
    """Exit 2 with one line when the block cannot open the database or the business."""
    try:
        yield
    except BookbotError as exc:
        raise fail(str(exc)) from None
    except DBAPIError as exc:
        if isinstance(exc, BUGS_NOT_SETTINGS):
            raise
        raise fail(database_problem(settings.database_url, exc, option=option)) from None


def frozen_clock(now: str | None, zone_name: str) -> datetime | None:
    """`--now` as an aware moment (local to the business when it names no offset)."""
    if now is None:
        return None
    try:
        moment = datetime.fromisoformat(now)
    except ValueError:
        raise fail(f"--now: {now!r} is not a date and time like 2026-03-02T09:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone_name))


def real_now() -> datetime:
    return datetime.now(UTC)
