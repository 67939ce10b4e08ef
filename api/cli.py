"""The `bookbot` command line.

Every command reads its settings from the environment (`BOOKBOT_*`, see
bookbot.settings); options override them. Errors a user can fix (a broken
business YAML, an unreachable database) are printed as one clear message with
exit code 2, never as a traceback.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError

from bookbot.api.serve_cli import register as register_serve
from bookbot.api.worker_cli import register as register_worker
from bookbot.core.errors import BookbotError
from bookbot.evals.cli import register as register_evals
from bookbot.settings import Settings
from bookbot.store import (
    downgrade,
    ensure_schema,
    import_business,
    load_business_file,
    make_engine,
    make_session_factory,
    upgrade,
)

app = typer.Typer(
    help="bookbot: a WhatsApp booking agent for multi-session plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
register_serve(app)
register_worker(app)
register_evals(app)

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", help="Overrides BOOKBOT_DATABASE_URL."),
]


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code=2)


def _database_url(option: str | None) -> str:
    return option or Settings().database_url


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
    database_url: DatabaseOption = None,
) -> None:
    """Migrate the database to the newest schema (or to REVISION)."""
    url = _database_url(database_url)
    try:
        upgrade(url, revision)
    except OperationalError as exc:
        raise _fail(f"cannot reach the database: {exc.orig}") from None
    console.print(f"database at {revision}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision; base drops everything")],
    database_url: DatabaseOption = None,
) -> None:
    """Migrate the database down to REVISION."""
    try:
        downgrade(_database_url(database_url), revision)
    except OperationalError as exc:
        raise _fail(f"cannot reach the database: {exc.orig}") from None
    console.print(f"database at {revision}")


@app.command("import-business")
def import_business_command(
    file: Annotated[Path, typer.Argument(help="The business YAML")],
    database_url: DatabaseOption = None,
) -> None:
    """Load a business YAML into the database (running it twice changes nothing)."""
    try:
        business = load_business_file(file)
    except BookbotError as exc:
        raise _fail(str(exc)) from None
    url = _database_url(database_url)
    engine = make_engine(url)
    try:
        ensure_schema(engine)
        with make_session_factory(engine).begin() as session:
            result = import_business(session, business)
    except OperationalError as exc:
        raise _fail(f"cannot reach the database: {exc.orig}") from None
    finally:
        engine.dispose()
    console.print(
        f"{business.name}: business {result.business}; services "
        f"{result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.retired} retired"
    )


@app.command("check-business")
def check_business(file: Annotated[Path, typer.Argument(help="The business YAML")]) -> None:
    """Validate a business YAML and summarise its services."""
    try:
        business = load_business_file(file)
    except BookbotError as exc:
        raise _fail(str(exc)) from None
    console.print(f"{business.name} ({business.timezone}): {len(business.services)} services")
    for service in business.services:
        console.print(
            f"  {service.id}: {service.total_sessions} session(s), "
            f"{service.strategy.value if service.total_sessions > 1 else 'single'}"
        )


def _clock(now: str | None, zone_name: str) -> datetime:
    """The moment the chat runs at: `--now` (local to the business) or the real clock."""
    if now is None:
        return datetime.now(UTC)
    from zoneinfo import ZoneInfo

    try:
        moment = datetime.fromisoformat(now)
    except ValueError:
        raise _fail(f"--now: {now!r} is not a date and time like 2026-03-02T09:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone_name))


@app.command("chat")
def chat(
    phone: Annotated[str, typer.Option(help="Your phone number (E.164)")] = "+41790000000",
    name: Annotated[str | None, typer.Option(help="Your name, as WhatsApp would tell it")] = None,
    model: Annotated[
        str | None, typer.Option(help="offline or openai:<model>; overrides BOOKBOT_MODEL")
    ] = None,
    business: Annotated[
        Path | None, typer.Option(help="Business YAML; overrides BOOKBOT_BUSINESS")
    ] = None,
    now: Annotated[
        str | None, typer.Option(help="Freeze the clock here (local time), e.g. 2026-03-02T09:00")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Talk to the bot in the terminal as a customer (empty line or Ctrl-D ends)."""
    from bookbot.agent.runtime import open_runtime
    from bookbot.service.conversations import Conversations

    settings = Settings()
    if database_url:
        settings = settings.model_copy(update={"database_url": database_url})
    try:
        runtime = open_runtime(settings, business_file=business, model_spec=model)
    except BookbotError as exc:
        raise _fail(str(exc)) from None
    except OperationalError as exc:
        raise _fail(f"cannot reach the database: {exc.orig}") from None
    with runtime:
        console.print(
            f"[bold]{runtime.business.name}[/] · model {runtime.model.name} · you are {phone}. "
            "Type a message; an empty line ends."
        )
        while True:
            try:
                text = console.input("[bold green]you>[/] ")
            except (EOFError, KeyboardInterrupt):
                break
            if not text.strip():
                break
            answer = Conversations.of(runtime).handle(
                phone=phone,
                text=text,
                now=_clock(now, runtime.business.timezone),
                name=name,
                channel="terminal",
            )
            if answer is not None:
                console.print(f"[bold cyan]bot>[/] {answer.reply}", highlight=False)


if __name__ == "__main__":
    app()
