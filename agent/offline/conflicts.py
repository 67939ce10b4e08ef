"""Why a wish cannot be booked, in words: the conflict a tool returned, the
sequential window, and the suggested day (the tools already move it onto an open day)."""

from __future__ import annotations

import re
from datetime import date

from bookbot.agent.offline.options import numbered
from bookbot.agent.offline.replies import JSON, day_text, readable_dates
from bookbot.core.config import Business, Service

_GAP_DETAIL = re.compile(r"\s*\([^()]*\bare -?\d+(?: days?)?(?: apart)?\)")
WINDOW_RULES = frozenset({"buffer_min", "buffer_max", "no_slot_in_window"})
NO_DAY_FIXES = frozenset({"not_movable", "no_sessions_left", "not_completed", "reschedule_notice"})
"""Refusals another day cannot fix: the reply does not ask for one."""


def _tidy(message: str) -> str:
    """The core's wording, read aloud: "at least 1 day", no arithmetic in brackets."""
    message = _GAP_DETAIL.sub("", message)
    return re.sub(r"\b1 days\b", "1 day", message)


def conflict(business: Business, service: Service, conflict_view: JSON) -> str:
    message = str(conflict_view.get("message", "that time is not possible"))
    earliest, suggested = conflict_view.get("earliest_day"), conflict_view.get("suggested_day")
    latest = conflict_view.get("latest_day")
    lines = []
    message = _tidy(message)
    if earliest and suggested and conflict_view.get("rule") in WINDOW_RULES:
        first, last = date.fromisoformat(earliest), date.fromisoformat(latest) if latest else None
        best = date.fromisoformat(suggested)  # the tools name an open day
        lines.append(f"Sorry, that doesn't work: {readable_dates(message)}.")
        window = f"The earliest possible day is {day_text(first)}"
        if last is not None:
            window += f", the latest {day_text(last)}"
        if best != first:
            window += f"; I'd suggest {day_text(best)}"
        lines.append(window + ".")
    elif conflict_view.get("rule") == "closed_day" and conflict_view.get("requested"):
        day = date.fromisoformat(str(conflict_view["requested"])[:10])
        closed = f"{day:%A}s" if not business.hours.get(f"{day:%a}".lower()) else day_text(day)
        lines.append(f"Sorry, we're closed on {closed}.")
    elif conflict_view.get("rule") == "past":
        lines.append("Sorry, that time has already passed.")
    else:
        lines.append(f"Sorry, that doesn't work: {readable_dates(message)}.")
    alternatives = offered(conflict_view)
    if alternatives:
        lines.append(f"I can offer:\n{numbered(alternatives)}\nWhich one would you like?")
    elif conflict_view.get("rule") not in NO_DAY_FIXES:
        lines.append("Would another day work for you?")
    return "\n".join(lines)


def offered(conflict_view: JSON) -> list[str]:
    """The alternative starts of a conflict, as local 'YYYY-MM-DDTHH:MM'."""
    return [str(a)[:16] for a in conflict_view.get("alternatives") or []]
