"""The business YAML file: reading it, and writing a `Business` back to its form.

`load_business_file(path)` gives a `Business` or raises `ConfigError` naming the
file (and the line of a YAML syntax error, or each bad field).
`business_to_mapping(business)` is the inverse of `parse_business`: the mapping a
YAML file would hold, which the store keeps as JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bookbot.core.config import BufferConfig, Business, Service, parse_business
from bookbot.core.errors import ConfigError


def load_business_file(path: str | Path) -> Business:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"business file {file} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read business file {file}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: invalid YAML{_where(exc)}: {_problem(exc)}") from None
    return parse_business(data, source=str(file))


def _where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return ""
    return f" at line {mark.line + 1}, column {mark.column + 1}"


def _problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem and context:
        return f"{problem} ({context})"
    return str(problem or context or exc)


def buffer_to_mapping(buffer: BufferConfig) -> dict[str, Any]:
    """`session_buffer_config` in the guide's form: {"session_1_to_2_days": 14, ...}."""
    out: dict[str, Any] = buffer.model_dump(mode="json", exclude_none=True, exclude={"pair_days"})
    for first, days in sorted(buffer.pair_days.items()):
        out[f"session_{first}_to_{first + 1}_days"] = days
    return out


def service_to_mapping(service: Service) -> dict[str, Any]:
    out: dict[str, Any] = service.model_dump(
        mode="json", exclude_none=True, exclude={"session_buffer_config", "sessions"}
    )
    out["session_buffer_config"] = buffer_to_mapping(service.session_buffer_config)
    if service.sessions:
        out["sessions"] = [s.model_dump(mode="json", exclude_none=True) for s in service.sessions]
    return out


def business_to_mapping(business: Business, *, with_services: bool = True) -> dict[str, Any]:
    """The YAML form of `business`; `parse_business` of it gives `business` back."""
    out: dict[str, Any] = business.model_dump(
        mode="json", exclude={"hours", "closed", "services", "notifications"}
    )
    out["hours"] = {day: [str(r) for r in ranges] for day, ranges in business.hours.items()}
    out["closed"] = sorted(day.isoformat() for day in business.closed)
    notifications = business.notifications
    quiet = notifications.quiet_hours
    out["notifications"] = {
        **notifications.model_dump(mode="json", exclude={"quiet_hours"}),
        "quiet_hours": None if quiet is None else str(quiet),
    }
    if with_services:
        out["services"] = [service_to_mapping(s) for s in business.services]
    return out
