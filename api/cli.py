"""The `bookbot` command line.

Every command reads its settings from the environment (`BOOKBOT_*`, see
bookbot.settings); options override them. A mistake a user can fix (a setting,
a broken business YAML, an unreachable database) is one `error:` line naming the
setting and the fix, with exit code 2, never a traceback (api.cli_support).
`-h`/`--help` on every command, `--version` on `bookbot`.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bookbot.api.cli_help import CONTEXT_SETTINGS, ReadableGroup
from bookbot.api.cli_support import (
    BusinessOption,
    DatabaseOption,
    ModelOption,
    NowOption,
    fail,
    frozen_clock,
    opening_database,
    real_now,
    settings_from,
)
from bookbot.api.demo_cli import register as register_demo
from bookbot.api.prompt_cli import register as register_prompt
from bookbot.api.serve_cli import register as register_serve
from bookbot.api.worker_cli import register as register_worker
from bookbot.core.errors import BookbotError
from bookbot.evals.cli import register as register_evals
from bookbot.store import (
    downgrade,
    ensure_schema,
    import_business,
    load_business_file,
    make_engine,
    make_session_factory,
    upgrade,
)
from bookbot.store.business_changes import ImportPlan, plan_import
from bookbot.store.businesses import ImportResult, remember_source

app = typer.Typer(
    cls=ReadableGroup,
    help="bookbot: a WhatsApp booking agent for multi-session plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT_SETTINGS,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
register_serve(app)
register_worker(app)
register_evals(app)
register_prompt(app)
register_demo(app)

console = Console(soft_wrap=True, highlight=False)


def bookbot_version() -> str:
    try:
        return version("bookbot")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def _show_version(shown: bool) -> None:
    if shown:
        console.print(f"bookbot {bookbot_version()}")
        raise typer.Exit()


@app.callback()
def main(
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """bookbot: a WhatsApp booking agent for multi-session plans."""


def _migrate(database_url: str | None, revision: str, *, down: bool) -> None:
    settings = settings_from(["database_url"], database_url=database_url)
    with opening_database(settings, option=database_url is not None):
        (downgrade if down else upgrade)(settings.database_url, revision)
    console.print(f"database at {revision}")


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision", metavar="REVISION")] = "head",
    database_url: DatabaseOption = None,
) -> None:
    """Migrate the database to the newest schema (or to REVISION)."""
    _migrate(database_url, revision, down=False)


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[
        str, typer.Argument(help="Target revision; base drops everything", metavar="REVISION")
    ],
    database_url: DatabaseOption = None,
) -> None:
    """Migrate the database down to REVISION."""
    _migrate(database_url, revision, down=True)


@app.command("import-business")
def import_business_command(
    file: Annotated[Path, typer.Argument(help="The business YAML", metavar="FILE")],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite what was edited in the admin.")
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Load a business YAML into the database (running it twice changes nothing).

    Fields edited in the admin since the last import are kept unless --force.
    """
    settings = settings_from(["database_url"], database_url=database_url)
    try:
        business = load_business_file(file)
    except BookbotError as exc:
        raise fail(str(exc)) from None
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    with opening_database(settings, option=database_url is not None):
        engine = make_engine(settings.database_url)
        try:
            ensure_schema(engine)
            with make_session_factory(engine).begin() as session:
                plan = plan_import(session, business, digest)
                if plan.overwrites and not force:
                    raise fail("\n".join(_refusal(file, plan)))
                result = import_business(session, business) if plan.changes else None
                remember_source(session, business.name, digest)
        finally:
            engine.dispose()
    console.print(_imported(file, business.name, result, len(business.services)))


def _refusal(file: Path, plan: ImportPlan) -> list[str]:
    """The refusal: a line per admin edit the import would undo, and how to go on."""
    count = len(plan.overwrites)
    if plan.last_import_known:
        what = "admin edit" if count == 1 else "admin edits"
    else:
        what = "field that differs" if count == 1 else "fields that differ"
        what += " in the database"
    lines = [f"importing {file} would overwrite {count} {what}:"]
    lines += [f"  {overwrite.describe()}" for overwrite in plan.overwrites]
    if not plan.last_import_known:
        lines.append(
            "  (the database does not record its last import, so these may be file changes)"
        )
    lines.append(
        f"  run `bookbot import-business {file} --force` to overwrite them, "
        "or copy them into the file first"
    )
    return lines


def _imported(file: Path, name: str, result: ImportResult | None, services: int) -> str:
    if result is None:
        return f"{file}: nothing to import, the database matches it ({name}, {services} services)"
    return (
        f"{name}: business {result.business}; services "
        f"{result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.retired} retired"
    )


@app.command("check-business")
def check_business(
    file: Annotated[Path, typer.Argument(help="The business YAML", metavar="FILE")],
) -> None:
    """Validate a business YAML and summarise its services."""
    try:
        business = load_business_file(file)
    except BookbotError as exc:
        raise fail(str(exc)) from None
    console.print(f"{business.name} ({business.timezone}): {len(business.services)} services")
    for service in business.services:
        console.print(
            f"  {service.id}: {service.total_sessions} session(s), "
            f"{service.strategy.value if service.total_sessions > 1 else 'single'}"
        )


@app.command("chat")
def chat(
    phone: Annotated[
        str, typer.Option(metavar="PHONE", help="Your phone number (E.164)")
    ] = "+41790000000",
    name: Annotated[
        str | None, typer.Option(metavar="NAME", help="Your name, as WhatsApp would tell it")
    ] = None,
    model: ModelOption = None,
    business: BusinessOption = None,
    now: NowOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Talk to the bot in the terminal as a customer (empty line or Ctrl-D ends)."""
    from bookbot.agent.runtime import open_runtime
    from bookbot.service.conversations import Conversations

    settings = settings_from(database_url=database_url, business=business, model=model)
    with opening_database(settings, option=database_url is not None):
        runtime = open_runtime(settings)
    with runtime:
        frozen = frozen_clock(now, runtime.business.timezone)
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
                phone=phone, text=text, now=frozen or real_now(), name=name, channel="terminal"
            )
            if answer is not None:
                console.print(f"[bold cyan]bot>[/] {answer.reply}")
            else:  # held: the conversation is with a person (admin Inbox)
                console.print("[dim](kept for staff: a person answers this conversation)[/]")


if __name__ == "__main__":
    app()
