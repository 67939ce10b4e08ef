"""What every tool's arguments and result are built on, and the readers of the
values the model writes (a service id, a local time).

Field descriptions are the schema the model reads, so they say what to pass in
the customer's terms. A value the model got wrong is a `ToolRetry` naming it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from bookbot.core.config import Business, Service
from bookbot.core.errors import NotFoundError
from bookbot.tools.registry import ToolRetry

LOCAL_DATETIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$"
LOCAL_DATE = r"^\d{4}-\d{2}-\d{2}$"


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


def service_arg(business: Business, service_id: str) -> Service:
    """The service the model named; ToolRetry listing the known ids when there is none."""
    try:
        return business.service(service_id)
    except NotFoundError:
        known = ", ".join(s.id for s in business.services)
        raise ToolRetry(
            f"unknown service_id {service_id!r}",
            code="unknown_service",
            hint=f"use one of: {known}",
        ) from None


def local_datetime(zone: ZoneInfo, text: str, field: str = "start") -> datetime:
    """A wall-clock time in `zone` from 'YYYY-MM-DDTHH:MM'."""
    try:
        parsed = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise ToolRetry(
            f"{field}: {text!r} is not a date and time",
            hint="write local times as YYYY-MM-DDTHH:MM, e.g. 2026-03-10T14:00",
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone)
    return parsed.astimezone(zone)


def local_date(text: str, field: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ToolRetry(
            f"{field}: {text!r} is not a date", hint="write dates as YYYY-MM-DD"
        ) from None
