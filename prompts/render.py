"""Render the versioned system prompt with the business facts and the clock."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bookbot.core.config import Business
from bookbot.prompts import facts

PROMPT_VERSION = "system_v1"
_HERE = Path(__file__).resolve().parent


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(_HERE),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _service_facts(business: Business) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "description": s.description,
            "price_text": facts.price_text(s, business.currency),
            "total_sessions": s.total_sessions,
            "session_lines": facts.session_lines(s),
            "strategy_text": facts.strategy_text(s),
            "buffer_text": facts.buffer_text(s),
            "expiry": s.package_expiry_days,
        }
        for s in business.services
    ]


def render_system_prompt(
    business: Business,
    now: datetime,
    *,
    customer_name: str | None = None,
    version: str = PROMPT_VERSION,
) -> str:
    local = now.astimezone(business.zone)
    template = _environment().get_template(f"{version}.md.j2")
    return template.render(
        business=business,
        today=f"{local:%Y-%m-%d}",
        weekday=f"{local:%A}",
        time=f"{local:%H:%M}",
        customer_name=customer_name,
        hours=facts.hours_lines(business),
        contact=facts.contact_lines(business),
        closed=", ".join(str(d) for d in sorted(business.closed)),
        services=_service_facts(business),
    )
