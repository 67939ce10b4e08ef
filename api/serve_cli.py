"""`bookbot serve`: the HTTP service (WhatsApp webhook, the local chat page, /admin).

With no settings at all it runs on a SQLite file, the offline model and the demo
business, and prints the chat page's address once it is listening.
`--business`, `--model` and `--database-url` override the environment.

Roles in processes (`api.roles`): `--role ingest|turns|delivery` runs one role
alone (for deployments: any number of each on one PostgreSQL). Without
`--role`, `--workers N` starts a set on this machine under a supervisor
(`api.supervisor`): `--ingest` ingest processes sharing the port, N turn
workers and one delivery process. `--workers 0` runs every role in this one
process (threads); that is the default on SQLite, where one writer at a time
leaves nothing for more processes to win, and on PostgreSQL the default is 2.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.api.cli_support import (
    BusinessOption,
    DatabaseOption,
    ModelOption,
    fail,
    opening_database,
    settings_from,
)
from bookbot.api.roles import (
    ROLES,
    die_with_parent,
    ingest_server,
    parse_shard,
    run_delivery,
    run_ingest,
    run_turns,
)
from bookbot.api.supervisor import Supervisor, child_env
from bookbot.settings import Settings

console = Console(soft_wrap=True)


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that prints where the chat page is once its socket is bound."""

    def __init__(self, config: uvicorn.Config, announce: str) -> None:
        super().__init__(config)
        self.announce = announce

    async def startup(self, sockets: list | None = None) -> None:  # type: ignore[type-arg]
        await super().startup(sockets=sockets)
        if not self.should_exit and self.announce:
            console.print(self.announce, highlight=False)


def chat_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/chat"


DEFAULT_WORKERS_POSTGRES = 2


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the `bookbot` typer app."""

    @app.command("serve")
    def serve(
        host: Annotated[
            str, typer.Option(metavar="ADDRESS", help="Interface to listen on")
        ] = "127.0.0.1",
        port: Annotated[
            int, typer.Option(metavar="PORT", help="Port to listen on", min=1, max=65535)
        ] = 8000,
        business: BusinessOption = None,
        model: ModelOption = None,
        database_url: DatabaseOption = None,
        role: Annotated[
            str | None,
            typer.Option(
                metavar="ROLE",
                help="Run one role alone: ingest (HTTP: store and acknowledge), turns "
                "(answer pending messages) or delivery (send the outbox).",
            ),
        ] = None,
        workers: Annotated[
            int | None,
            typer.Option(
                metavar="N",
                min=0,
                max=64,
                help="Turn-worker processes beside ingest and delivery (0: every role in "
                "one process; default 0 on SQLite, 2 on PostgreSQL).",
            ),
        ] = None,
        ingest: Annotated[
            int,
            typer.Option(metavar="M", min=1, max=64, help="Ingest processes sharing the port."),
        ] = 1,
        shard: Annotated[str | None, typer.Option(hidden=True)] = None,
        reuse_port: Annotated[bool, typer.Option(hidden=True)] = False,
        announce: Annotated[bool, typer.Option(hidden=True)] = True,
    ) -> None:
        """Run the HTTP service: WhatsApp webhook, the chat page at /chat, and /admin."""
        settings = settings_from(database_url=database_url, business=business, model=model)
        if role is not None and role not in ROLES:
            raise fail(f"--role {role!r}: use one of {', '.join(ROLES)}")
        with opening_database(settings, option=database_url is not None):
            runtime = open_runtime(settings)
        if role is None:
            count = workers
            if count is None:
                count = 0 if runtime.engine.dialect.name == "sqlite" else DEFAULT_WORKERS_POSTGRES
            if count > 0:
                runtime.close()  # migrated and imported: the children open their own
                options = {"business": business, "model": model, "database_url": database_url}
                supervise(settings, host, port, count, ingest, options)
                return
        try:
            run_role(runtime, settings, role, host, port, shard, reuse_port, announce)
        finally:
            runtime.close()


def run_role(
    runtime: Runtime,
    settings: Settings,
    role: str | None,
    host: str,
    port: int,
    shard: str | None,
    reuse_port: bool,
    announce: bool,
) -> None:
    """Run `role` (None: every role) in this process until it stops."""
    if role is None:
        serve_one_process(runtime, settings, host, port)
        return
    die_with_parent()
    if role == "ingest":
        text = announcement(runtime, settings, host, port) if announce else ""
        server = ingest_server(runtime, host, port, AnnouncingServer, announce=text)
        if not run_ingest(runtime, host, port, reuse_port=reuse_port, server=server):
            raise typer.Exit(code=1)
    elif role == "turns":
        try:
            parsed = parse_shard(shard) if shard else None
        except ValueError as exc:
            raise fail(str(exc)) from None
        run_turns(runtime, shard=parsed)
    else:
        run_delivery(runtime)


def announcement(runtime: Runtime, settings: Settings, host: str, port: int) -> str:
    text = f"bookbot is serving {runtime.business.name} (model {settings.model}). "
    if settings.whatsapp_token:
        webhook = chat_url(host, port).removesuffix("/chat") + "/webhooks/whatsapp"
        text += f"WhatsApp webhook at {webhook}"
    else:
        text += f"Chat with it at {chat_url(host, port)}"
    admin = chat_url(host, port).removesuffix("/chat") + "/admin"
    signed = "" if settings.admin_token else " (set BOOKBOT_ADMIN_TOKEN to sign in)"
    return text + f"; the admin dashboard is at {admin}{signed}."


def serve_one_process(runtime: Runtime, settings: Settings, host: str, port: int) -> None:
    """Every role in this process: turns and sends on threads (`--workers 0`)."""
    web = create_app(runtime)
    config = uvicorn.Config(web, host=host, port=port, log_level="info")
    server = AnnouncingServer(config, announcement(runtime, settings, host, port))
    server.run()
    if not server.started:
        raise typer.Exit(code=1)


def supervise(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    ingest: int,
    options: dict[str, str | None],
) -> None:
    """`--workers N`: ingest, N turn workers and delivery as supervised child processes."""
    base = [sys.executable, "-m", "bookbot.api.cli", "serve"]
    for name, value in options.items():
        if value is not None:
            base += ["--" + name.replace("_", "-"), str(value)]
    nice = settings.background_nice  # below the ingest's priority: the ack waits on the ingest
    children: list[tuple[str, list[str], int]] = []
    for n in range(ingest):
        argv = [*base, "--role", "ingest", "--host", host, "--port", str(port), "--reuse-port"]
        if n > 0:
            argv.append("--no-announce")
        children.append((f"ingest[{n + 1}]", argv, 0))
    for n in range(workers):
        children.append(
            (f"turns[{n + 1}]", [*base, "--role", "turns", "--shard", f"{n}/{workers}"], nice)
        )
    # the delivery child starts lean: it imports no CLI, web app or agent (api.delivery_role)
    delivery = [sys.executable, "-m", "bookbot.api.delivery_role"]
    if options.get("database_url") is not None:
        delivery += ["--database-url", str(options["database_url"])]
    children.append(("delivery", delivery, nice))
    console.print(
        f"bookbot: {ingest} ingest, {workers} turn worker(s) (each {settings.turn_concurrency} "
        f"turns at once), 1 delivery ({settings.delivery_concurrency} sends at once); turns "
        f"and delivery at nice +{nice}",
        highlight=False,
    )
    Supervisor(
        children, echo=lambda line: console.print(line, highlight=False), env=child_env()
    ).run()
