"""`bookbot demo`: fill a database with a believable month, so every page has something to show.

It seeds the configured business (the demo by default) through the same tools
and store as real bookings: customers, plans, completions, no-shows, cancelled
plans and a few conversations with the bot (`api.admin.demo_seed.seed_demo`).
Running it again adds nothing.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from bookbot.api.cli_support import (
    BusinessOption,
    DatabaseOption,
    NowOption,
    frozen_clock,
    opening_database,
    real_now,
    settings_from,
)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    customers: Annotated[
        int, typer.Option(min=0, max=500, metavar="N", help="Customers besides the guide's")
    ] = 16,
    business: BusinessOption = None,
    now: NowOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Fill the database with a month of demo customers, plans and conversations."""
    from bookbot.agent.runtime import open_runtime
    from bookbot.api.admin.demo_seed import seed_demo
    from bookbot.service.conversations import Conversations

    settings = settings_from(database_url=database_url, business=business)
    with opening_database(settings, option=database_url is not None):
        runtime = open_runtime(settings)
    with runtime:
        moment = frozen_clock(now, runtime.business.timezone) or real_now()
        summary = seed_demo(
            runtime.session_factory,
            runtime.business,
            moment,
            conversations=Conversations.of(runtime),
            customers=customers,
        )
    console = Console(soft_wrap=True, highlight=False)
    console.print(f"{runtime.business.name}: {summary.text()}")
    console.print(
        "Now run `bookbot serve` and open /chat (the customer's view) and /admin "
        "(set BOOKBOT_ADMIN_TOKEN to sign in)."
    )
