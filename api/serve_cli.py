"""`bookbot serve`: the HTTP service (WhatsApp webhook, the local chat page, /admin).

With no settings at all it runs on a SQLite file, the offline model and the demo
business, and prints the chat page's address once it is listening.
`--business`, `--model` and `--database-url` override the environment.
"""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from bookbot.agent.runtime import open_runtime
from bookbot.api.app import create_app
from bookbot.api.cli_support import (
    BusinessOption,
    DatabaseOption,
    ModelOption,
    opening_database,
    settings_from,
)

console = Console(soft_wrap=True)


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that prints where the chat page is once its socket is bound."""

    def __init__(self, config: uvicorn.Config, announce: str) -> None:
        super().__init__(config)
        self.announce = announce

    async def startup(self, sockets: list | None = None) -> None:  # type: ignore[type-arg]
        await super().startup(sockets=sockets)
        if not self.should_exit:
            console.print(self.announce, highlight=False)


def chat_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/chat"


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
    ) -> None:
        """Run the HTTP service: WhatsApp webhook, the chat page at /chat, and /admin."""
        settings = settings_from(database_url=database_url, business=business, model=model)
        with opening_database(settings, option=database_url is not None):
            runtime = open_runtime(settings)
        try:
            web = create_app(runtime)
            config = uvicorn.Config(web, host=host, port=port, log_level="info")
            announce = f"bookbot is serving {runtime.business.name} (model {settings.model}). "
            if settings.whatsapp_token:
                webhook = chat_url(host, port).removesuffix("/chat") + "/webhooks/whatsapp"
                announce += f"WhatsApp webhook at {webhook}"
            else:
                announce += f"Chat with it at {chat_url(host, port)}"
            admin = chat_url(host, port).removesuffix("/chat") + "/admin"
            signed = "" if settings.admin_token else " (set BOOKBOT_ADMIN_TOKEN to sign in)"
            announce += f"; the admin dashboard is at {admin}{signed}."
            server = AnnouncingServer(config, announce)
            server.run()
            if not server.started:
                raise typer.Exit(code=1)
        finally:
            runtime.close()
