"""Why a wish cannot be booked, in words: the conflict a tool returned, the
sequential window, and the suggested day (the tools already move it onto an open day)."""

from __future__ import annotations

import re
from datetime import date

from bookbot.agent.offline.catalogue import day_text, say
from bookbot.agent.offline.options import numbered
from bookbot.agent.offline.replies import JSON, days_text, readable_dates
from bookbot.agent.offline.texts import en
from bookbot.core.config import Business, Service

_GAP_DETAIL = re.compile(r"\s*\([^()]*\bare -?\d+(?: days?)?(?: apart)?\)")
_GAP = re.compile(
    r"sessions (?P<a>\d+) and (?P<b>\d+) must be at least (?P<min>\d+) days? apart "
    r"\((?P<first>\d{4}-\d\d-\d\d) and (?P<second>\d{4}-\d\d-\d\d) are"
)
"""The core's gap refusal (`core.flexible._gap_refusal`): the pair, the minimum, the days."""
_NOTICE_HOURS = {"min_notice": "min_notice_hours", "reschedule_notice": "reschedule_notice_hours"}
"""The rules whose refusal says how many hours of notice the business asks (its field)."""
WINDOW_RULES = frozenset({"buffer_min", "buffer_max", "no_slot_in_window"})
NO_DAY_FIXES = frozenset(
    {"not_movable", "no_sessions_left", "previous_not_completed", "reschedule_notice"}
)
"""Refusals another day cannot fix: the reply does not ask for one."""


def _tidy(message: str) -> str:
    """The core's wording, read aloud: "at least 1 day", no arithmetic in brackets."""
    message = _GAP_DETAIL.sub("", message)
    return re.sub(r"\b1 days\b", "1 day", message)


def conflict(business: Business, service: Service, conflict_view: JSON, lang: str = "en") -> str:
    """Why the wish cannot be booked, the window or the alternatives, in `lang`."""
    lines = [_why(business, conflict_view, lang)]
    earliest, suggested = conflict_view.get("earliest_day"), conflict_view.get("suggested_day")
    if earliest and suggested and conflict_view.get("rule") in WINDOW_RULES:
        lines.append(_window(conflict_view, lang))
    alternatives = offered(conflict_view)
    if alternatives:
        lines.append(say(lang, "conflict.offer", options=numbered(alternatives, lang)))
    elif conflict_view.get("rule") not in NO_DAY_FIXES:
        lines.append(say(lang, "conflict.another_day"))
    return "\n".join(lines)


def _why(business: Business, conflict_view: JSON, lang: str) -> str:
    rule = str(conflict_view.get("rule"))
    if rule == "closed_day" and conflict_view.get("requested"):
        day = date.fromisoformat(str(conflict_view["requested"])[:10])
        weekly_closed = not business.hours.get(f"{day:%a}".lower())
        closed = f"{day:%A}s" if weekly_closed and lang == "en" else day_text(lang, day)
        return say(lang, "conflict.closed", day=closed)
    if rule == "past":
        return say(lang, "conflict.past")
    gap = _GAP.search(str(conflict_view.get("message") or ""))
    if rule == "buffer_min" and gap is not None:
        # the two days asked, by name: "Sat 17 Jul and Sat 17 Jul are too close"
        message = say(
            lang, "rule.buffer_pair", a=gap["a"], b=gap["b"],
            first=day_text(lang, gap["first"]), second=day_text(lang, gap["second"]),
            days=days_text(int(gap["min"]), lang),
        )  # fmt: skip
        return say(lang, "conflict.sorry", message=message)
    message = _tidy(str(conflict_view.get("message") or say(lang, "rule.other")))
    if lang != "en":  # the core's wording is English
        message = say(lang, f"rule.{rule}" if f"rule.{rule}" in en.TEXTS else "rule.other")
        hours = _NOTICE_HOURS.get(rule)
        if hours is not None:  # how much notice, as the core's English says it
            message += say(lang, "rule.notice_hours", hours=f"{getattr(business, hours):g}")
    return say(lang, "conflict.sorry", message=readable_dates(message))


def _window(conflict_view: JSON, lang: str) -> str:
    """The days a sequential session may go on, and the suggested one."""
    first = date.fromisoformat(conflict_view["earliest_day"])
    latest = conflict_view.get("latest_day")
    best = date.fromisoformat(conflict_view["suggested_day"])  # the tools name an open day
    window = say(lang, "conflict.earliest", first=day_text(lang, first))
    if latest:
        window += say(lang, "conflict.latest", last=day_text(lang, date.fromisoformat(latest)))
    if best != first:
        window += say(lang, "conflict.suggest", best=day_text(lang, best))
    return window + "."


def offered(conflict_view: JSON) -> list[str]:
    """The alternative starts of a conflict, as local 'YYYY-MM-DDTHH:MM'."""
    return [str(a)[:16] for a in conflict_view.get("alternatives") or []]
