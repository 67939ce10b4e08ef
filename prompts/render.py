"""Render a versioned system prompt: the business's facts first, the clock and customer last.

A prompt version is a template file in this folder, `<version>.md.j2`. A version
that also has `<version>.context.md.j2` is split for prompt caching: the main
template holds only what is the same for every customer and every minute of a
business (its rules, hours and services), the context template the clock and the
customer's name. Providers cache the longest repeated prefix of a request (the
tool schemas, then the system message), so the static part must come first and
must not change between calls. A version without a context template (the legacy
`system_v1`) renders everything from its one template and has no static part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bookbot.core.config import Business
from bookbot.core.errors import ConfigError
from bookbot.core.memo import PerObject
from bookbot.prompts import facts

PROMPT_VERSION = "system_v2"
_HERE = Path(__file__).resolve().parent
_CONTEXT = ".context.md.j2"


@dataclass(frozen=True, slots=True)
class SystemPrompt:
    """A rendered system prompt: `static` is the cacheable prefix, `context` follows it."""

    version: str
    static: str
    context: str

    @property
    def text(self) -> str:
        return self.static + self.context


def prompt_versions() -> list[str]:
    """Every prompt version in this folder, oldest first."""
    names = (p.name.removesuffix(".md.j2") for p in _HERE.glob("*.md.j2"))
    return sorted(n for n in names if not n.endswith(".context"))


def check_version(version: str) -> str:
    """`version` when a template exists for it; a ConfigError naming the choices otherwise."""
    if version not in prompt_versions():
        raise ConfigError(
            f"BOOKBOT_PROMPT: unknown prompt version {version!r} "
            f"(available: {', '.join(prompt_versions())})"
        )
    return version


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(_HERE),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # the templates ship with the package: no stat per render
    )


@cache
def _split(version: str) -> bool:
    """Whether `version` has a context template (see the module docstring)."""
    return (_HERE / f"{version}{_CONTEXT}").is_file()


_STATIC: PerObject[str, str] = PerObject(32)


def _static(business: Business, version: str) -> str:
    """The static part for `business`, rendered once per business object (an admin
    edit loads a new one) and version: it is the same for every turn."""
    def render() -> str:
        template = _environment().get_template(f"{version}.md.j2")
        return template.render(_business_facts(business))

    return _STATIC.get(business, version, render)


def _hours(value: float) -> str:
    return f"{value:g}"


def _service_facts(business: Business) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "description": s.description,
            "price_text": facts.price_text(s, business.currency),
            "total_sessions": s.total_sessions,
            "session_lines": facts.session_lines(s),
            "duration": s.session_duration(1),
            "strategy": s.strategy.value,
            "strategy_text": facts.strategy_text(s),
            "buffer_text": facts.buffer_text(s),
            "expiry": s.package_expiry_days,
        }
        for s in business.services
    ]


def _business_facts(business: Business) -> dict[str, Any]:
    return {
        "business": business,
        "hours": facts.hours_groups(business),
        "contact": facts.contact_lines(business),
        "closed": ", ".join(str(d) for d in sorted(business.closed)),
        "notice": _hours(business.min_notice_hours),
        "reschedule_notice": _hours(business.reschedule_notice_hours),
        "services": _service_facts(business),
    }


def _clock_facts(business: Business, now: datetime, customer_name: str | None) -> dict[str, Any]:
    local = now.astimezone(business.zone)
    return {
        "today": f"{local:%Y-%m-%d}",
        "weekday": f"{local:%A}",
        "time": f"{local:%H:%M}",
        "customer_name": customer_name,
    }


def render_prompt(
    business: Business,
    now: datetime,
    *,
    customer_name: str | None = None,
    version: str = PROMPT_VERSION,
) -> SystemPrompt:
    env = _environment()
    clock = _clock_facts(business, now, customer_name)
    if not _split(version):
        legacy = {**_business_facts(business), **clock, "hours": facts.hours_lines(business)}
        return SystemPrompt(version, "", env.get_template(f"{version}.md.j2").render(legacy))
    static = _static(business, version)
    context = env.get_template(f"{version}{_CONTEXT}").render(clock)
    return SystemPrompt(version, static, context)


def render_system_prompt(
    business: Business,
    now: datetime,
    *,
    customer_name: str | None = None,
    version: str = PROMPT_VERSION,
) -> str:
    return render_prompt(business, now, customer_name=customer_name, version=version).text
