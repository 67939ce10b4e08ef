"""`bookbot serve`: the HTTP service (WhatsApp webhook and the local chat page).

With no settings at all it runs on a SQLite file, the offline model and the demo
business, and prints the chat page's address once it is listening.
"""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from sqlalchemy.exc import OperationalError

from bookbot.agent.runtime import open_runtime
from bookbot.api.app import create_app
from bookbot.core.errors import BookbotError
from bookbot.settings import Settings

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


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
        host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on", min=1, max=65535)] = 8000,
    ) -> None:
        """Run the HTTP service: WhatsApp webhook and the chat page at /chat."""
        settings = Settings()
        try:
            runtime = open_runtime(settings)
        except BookbotError as exc:
            errors.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(code=2) from None
        except OperationalError as exc:
            message = f"[bold red]error:[/] cannot reach the database: {exc.orig}"
            errors.print(message, highlight=False)
            raise typer.Exit(code=2) from None
        try:
            web = create_app(runtime)
            config = uvicorn.Config(web, host=host, port=port, log_level="info")
            announce = f"bookbot is serving {runtime.business.name} (model {settings.model}). "
            if settings.whatsapp_token:
                webhook = chat_url(host, port).removesuffix("/chat") + "/webhooks/whatsapp"
                announce += f"WhatsApp webhook at {webhook}"
            else:
                announce += f"Chat with it at {chat_url(host, port)}"
            server = AnnouncingServer(config, announce)
            server.run()
            if not server.started:
                raise typer.Exit(code=1)
        finally:
            runtime.close()
