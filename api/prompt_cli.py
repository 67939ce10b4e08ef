"""`bookbot prompt show`: the rendered system prompt and tool schemas, with token counts.

A prompt engineer sees exactly what the model gets before the conversation, and
how much of it is the cacheable static prefix.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bookbot.agent.prompt_report import PromptReport, prompt_report
from bookbot.core.errors import BookbotError
from bookbot.prompts.render import check_version
from bookbot.settings import Settings
from bookbot.store import load_business_file

prompt_app = typer.Typer(help="See the prompt the language model gets.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(prompt_app, name="prompt")


@prompt_app.command("show")
def show(
    business: Annotated[
        Path | None, typer.Option("--business", help="Business YAML (default: BOOKBOT_BUSINESS)")
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", help="The customer's name, as WhatsApp gives it")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Whose tokenizer counts (default: BOOKBOT_MODEL)")
    ] = None,
    version: Annotated[
        str | None, typer.Option("--prompt", help="Prompt version (default: BOOKBOT_PROMPT)")
    ] = None,
    now: Annotated[
        datetime | None, typer.Option("--now", help="The clock, e.g. 2026-03-02T09:00 (local)")
    ] = None,
    tools: Annotated[
        bool, typer.Option("--tools/--no-tools", help="Print the tool schemas")
    ] = True,
) -> None:
    """Print the system prompt and the tool schemas a model call starts with, and their tokens."""
    settings = Settings()
    err = Console(stderr=True, soft_wrap=True)
    try:
        loaded = load_business_file(business or settings.business)
        chosen = check_version(version or settings.prompt)
    except BookbotError as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(code=2) from None
    clock = datetime.now(UTC) if now is None else now.replace(tzinfo=now.tzinfo or loaded.zone)
    report = prompt_report(
        loaded, clock, model=model or settings.model, customer_name=customer, version=chosen
    )
    out = Console(soft_wrap=True, highlight=False)
    out.print(report.prompt.text, markup=False)
    if tools:
        out.print(report.tools_json(), markup=False)
    out.print(_summary(report), markup=False)


def _summary(report: PromptReport) -> str:
    kind = "exact" if report.tokenizer.exact else "estimated"
    return "\n".join(
        [
            f"-- tokens ({kind}, {report.tokenizer.encoding}, model {report.tokenizer.model}):",
            f"   tool schemas          {report.tools_tokens:>6}",
            f"   system, static part   {report.static_tokens:>6}",
            f"   static prefix         {report.static_prefix_tokens:>6}  (cached across customers)",
            f"   system, context part  {report.context_tokens:>6}  (clock and customer)",
        ]
    )
