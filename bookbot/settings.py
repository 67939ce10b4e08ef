"""Runtime settings, read from the environment with the prefix `BOOKBOT_`.

One `Settings` object (pydantic-settings); every layer that needs a setting gets
it passed in, so tests build their own `Settings(...)` instead of patching env.

The database URL is normalised here: `postgres://` and `postgresql://` (and
`postgresql+psycopg2://`) run on the installed psycopg 3 driver, `~` in a SQLite
path is the home folder; a URL bookbot cannot use is refused naming the fix.

`load_settings(options)` is how the command line reads them: options given on
the command line override the environment, every mistake becomes one line naming
the setting (or the option) and the fix (`SettingsError.problems`), and the paths
the settings point at are checked (the business file exists, the SQLite file's
folder exists or is created).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from annotated_types import Ge, Gt, MinLen
from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError

DEMO_BUSINESS = Path(__file__).resolve().parent / "evals" / "businesses" / "demo.yaml"
ENV_PREFIX = "BOOKBOT_"
URL_EXAMPLES = "sqlite:////path/to/bookbot.db or postgresql+psycopg://user@host:5432/dbname"
POSTGRES_DRIVERS = {"", "psycopg", "psycopg2"}
"""Drivers of a postgresql URL that run on psycopg 3 (the one installed)."""


def default_database_url() -> str:
    data_home = Path.home() / ".local" / "share" / "bookbot"
    return f"sqlite:///{data_home / 'bookbot.db'}"


def normalise_database_url(text: str) -> str:
    """`text` as the URL bookbot opens, or ValueError naming what to write instead."""
    raw = text.strip()
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        raise ValueError(f"{raw!r} is not a database URL; use {URL_EXAMPLES}") from None
    backend, _, driver = url.drivername.partition("+")
    if backend in ("postgres", "postgresql"):
        if driver not in POSTGRES_DRIVERS:
            raise ValueError(
                f"the driver {driver!r} is not supported; use postgresql+psycopg://"
                f"{_after_scheme(raw)}"
            )
        if url.drivername == "postgresql+psycopg":
            return raw
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise ValueError(f"the driver {driver!r} is not supported; use sqlite:///path/to.db")
        return _expand_home(url, raw)
    raise ValueError(f"{backend!r} databases are not supported; use {URL_EXAMPLES}")


def _after_scheme(raw: str) -> str:
    return raw.split("://", 1)[1] if "://" in raw else "user@host:5432/dbname"


def _expand_home(url: URL, raw: str) -> str:
    database = url.database or ""
    if not database.startswith("~"):
        return raw
    return url.set(database=str(Path(database).expanduser())).render_as_string(
        hide_password=False
    )


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None: in memory, a URI filename, or not SQLite)."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return None
    return Path(database)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    business: Path = DEMO_BUSINESS
    model: str = "offline"
    prompt: str = "system_v2"
    """The system prompt's version: a template in bookbot/prompts (`bookbot prompt show`)."""
    admin_token: str | None = None
    whatsapp_token: str | None = None
    whatsapp_app_secret: str | None = None
    whatsapp_verify_token: str | None = None
    whatsapp_phone_number_id: str | None = None
    graph_api_url: str = "https://graph.facebook.com/v21.0"
    # The approved template (body only "{{1}}") for a reply outside the 24-hour window.
    whatsapp_template: str = Field(default="bookbot_update", min_length=1)
    whatsapp_template_language: str = Field(default="en", min_length=2)
    # The largest request body the HTTP service reads (bytes); a larger one gets a 413.
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)

    # Caps of the agent loop; each has a test that hits it.
    max_tool_rounds: int = Field(default=6, ge=1)
    tool_retries: int = Field(default=2, ge=0)
    history_token_budget: int = Field(default=6000, ge=200)
    llm_retry_attempts: int = Field(default=3, ge=1)
    llm_time_budget_seconds: float = Field(default=30.0, gt=0)
    llm_timeout_seconds: float = Field(default=20.0, gt=0)

    # The message path across processes (bookbot.service): how long an outbox row is
    # reserved for the sender that leased it (renewed while a send is slow; a crashed
    # sender's row is retried when it runs out), and a claimed inbound message for
    # the process answering it (renewed while the turn runs).
    outbox_lease_seconds: float = Field(default=30.0, gt=0, le=3600)
    inbox_claim_seconds: float = Field(default=60.0, gt=0, le=3600)

    # Human handoff: a thread waiting for staff (or taken over by them) goes back to
    # the bot after this many hours without a staff action (see service.handoff).
    handoff_idle_hours: float = Field(default=24.0, gt=0, le=24 * 365)

    # Roles in processes (`bookbot serve --role`, `--workers`): how many turns one turn
    # worker runs at once, how many sends one delivery process has in flight, and how
    # often an idle worker looks for work without a wakeup (PostgreSQL wakes it at once
    # by LISTEN/NOTIFY, so there polling is only a safety net; SQLite has only polling).
    turn_concurrency: int = Field(default=4, ge=1, le=256)
    delivery_concurrency: int = Field(default=8, ge=1, le=256)
    poll_seconds: float = Field(default=0.5, gt=0, le=60)
    background_nice: int = Field(default=0, ge=0, le=19)
    """How much lower than the supervisor's the CPU priority (Unix nice) of the turn
    workers and the delivery process started by `bookbot serve --workers N` is, so that
    the ingest, at the supervisor's priority, gets a core first and acknowledges a
    webhook without waiting behind turns (0, the default: all at the same priority).
    Opt-in: on a saturated machine a niced process can starve past its claim or lease
    (the kill -9 soak with 3 s leases sent one reply twice at 10, none at 0; README)."""
    turn_trace: Path | None = None
    """A file every turn worker appends one line per turn to (pid, message, customer,
    start and end, wall clock): the soak bench finds two turns of one customer at once in it."""
    ingest_trace: Path | None = None
    """A file the ingest's webhook fast path appends one line per delivery to (ms: the
    request inside the process, the wait for a pooled connection, the statements): the
    load bench splits the webhook ack's time with it."""

    @field_validator("database_url")
    @classmethod
    def _usable_database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("model")
    @classmethod
    def _known_model(cls, value: str) -> str:
        name = value.strip()
        if name == "offline" or (name.startswith("openai:") and name.removeprefix("openai:")):
            return name
        raise ValueError(
            f"unknown model {value!r}; use offline or openai:<model> (e.g. openai:gpt-4o-mini)"
        )


class SettingsError(Exception):
    """Settings bookbot cannot run with: one line per mistake, naming the setting and fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


PATH_SETTINGS = ("business", "database_url")


def load_settings(
    options: Mapping[str, Any] | None = None, *, paths: Collection[str] = PATH_SETTINGS
) -> Settings:
    """The settings from the environment, with the command line's `options` (None: not
    given) on top; SettingsError when a value is wrong or a path the command uses
    (`paths`: the business file, the SQLite file's folder) is unusable."""
    given = {name: value for name, value in (options or {}).items() if value is not None}
    try:
        settings = Settings(**given)
    except ValidationError as invalid:
        raise SettingsError(
            [_problem(error, given) for error in invalid.errors(include_url=False)]
        ) from None
    checks = {"business": _business_problem, "database_url": _folder_problem}
    problems = [p for name in paths if (p := checks[name](settings, given)) is not None]
    if problems:
        raise SettingsError(problems)
    return settings


def setting_name(field: str, given: dict[str, Any]) -> str:
    """How the user set `field`: its command-line option, or its environment variable."""
    if field in given:
        return "--" + field.replace("_", "-")
    return ENV_PREFIX + field.upper()


def _problem(error: Any, given: dict[str, Any]) -> str:
    field = str(error["loc"][0]) if error["loc"] else "settings"
    name = setting_name(field, given)
    if error["type"] == "value_error":  # our own validators say the problem and the fix
        return f"{name}: {error['ctx']['error']}"
    info = Settings.model_fields.get(field)
    wanted = _wanted(info) if info is not None else "a valid value"
    fix = "set one"
    if info is not None and info.default is not None:
        fix += f", or unset it for the default {info.default}"
    return f"{name}={error['input']!r}: expected {wanted}; {fix}"


def _wanted(info: FieldInfo) -> str:
    """'a whole number of at least 1', 'a number above 0', 'a text of at least 2 characters'."""
    kinds: dict[object, str] = {int: "a whole number", float: "a number"}
    kind = kinds.get(info.annotation, "a text")
    for bound in info.metadata:
        if isinstance(bound, Ge):
            return f"{kind} of at least {bound.ge}"
        if isinstance(bound, Gt):
            return f"{kind} above {bound.gt}"
        if isinstance(bound, MinLen):
            return f"{kind} of at least {bound.min_length} characters"
    return kind


def _business_problem(settings: Settings, given: dict[str, Any]) -> str | None:
    path = settings.business
    if path.is_file():
        return None
    name = setting_name("business", given)
    what = "is a folder" if path.is_dir() else "does not exist"
    return f"{name}: {path} {what}; point it at a business YAML (unset: the demo business)"


def _folder_problem(settings: Settings, given: dict[str, Any]) -> str | None:
    file = sqlite_file(settings.database_url)
    if file is None or file.parent.is_dir():
        return None
    name = setting_name("database_url", given)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return (
            f"{name}: cannot create the folder {file.parent} for the SQLite file "
            f"({exc.strerror}); create it or choose a file in a folder you can write"
        )
    return None
