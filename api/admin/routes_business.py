"""The business's opening hours and closures: read, and change (PATCH).

A change is checked exactly as the business YAML is (`core.config.parse_business`
over the whole business with the new values), a refusal is a 422 naming each bad
field, and the saved business is used from the next message on (the calendar,
the availability the bot offers, the Next Actions' open days).
"""

# No `from __future__ import annotations`: FastAPI and pydantic read these
# signatures and fields at definition time.

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from bookbot.api.admin.deps import AdminDep, EditorDep
from bookbot.api.admin.errors import AdminRoute, InvalidInput, Problem
from bookbot.api.admin.timefmt import day_text
from bookbot.core.config import WEEKDAYS, Business, parse_business
from bookbot.core.errors import ConfigError
from bookbot.store.business_file import business_to_mapping


class BusinessOut(BaseModel):
    name: str
    timezone: str
    hours: dict[str, list[str]] = Field(description="Weekday (mon..sun) to 'HH:MM-HH:MM' ranges")
    closed: list[date]
    closed_labels: list[str] = Field(description="e.g. 'Fri 3 Apr 2026'")
    min_notice_hours: float
    reschedule_notice_hours: float

    @classmethod
    def of(cls, business: Business) -> "BusinessOut":
        closed = sorted(business.closed)
        return cls(
            name=business.name,
            timezone=business.timezone,
            hours={day: [str(r) for r in business.hours.get(day, ())] for day in WEEKDAYS},
            closed=closed,
            closed_labels=[day_text(d) for d in closed],
            min_notice_hours=business.min_notice_hours,
            reschedule_notice_hours=business.reschedule_notice_hours,
        )


class BusinessIn(BaseModel):
    """Each key given replaces the current value, in the YAML's form."""

    model_config = ConfigDict(extra="forbid")

    hours: dict[str, list[str]] | None = Field(
        default=None, examples=[{"mon": ["08:00-12:00", "13:00-19:00"], "sun": []}]
    )
    closed: list[str] | None = Field(default=None, examples=[["2026-04-03"]])


def problems(error: ConfigError) -> list[Problem]:
    """The YAML checker's lines ('hours: ...') as fields and reasons."""
    lines = str(error).split("\n  ")[1:] or [str(error)]
    found = []
    for line in lines:
        path, _, reason = line.partition(": ")
        found.append(Problem(tuple(path.split(".")), reason or line))
    return found


router = APIRouter(route_class=AdminRoute, tags=["admin: business"])


@router.get("/business")
def read_business(_admin: AdminDep, editor: EditorDep) -> BusinessOut:
    """Opening hours, closures and the notice rules."""
    return BusinessOut.of(editor.current())


@router.patch("/business")
def change_business(body: BusinessIn, _admin: AdminDep, editor: EditorDep) -> BusinessOut:
    """Change the opening hours (every weekday given replaces that day's ranges;
    an empty list closes it) and the closed dates (the whole list)."""
    data = business_to_mapping(editor.current())
    if body.hours is not None:
        data["hours"] = {**data["hours"], **body.hours}
    if body.closed is not None:
        data["closed"] = body.closed
    try:
        changed = parse_business(data, source="the admin API")
    except ConfigError as exc:
        raise InvalidInput(problems(exc)) from None
    return BusinessOut.of(editor.save_settings(changed))
