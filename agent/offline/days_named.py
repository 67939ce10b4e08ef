"""A bare weekday the customer said while a wish of theirs is being discussed.

"tues the 12th and wed the 13th at 4:30" is refused (too close together), and the
customer answers "ok fine, do tuesday and then thursday the 14th instead": that
"tuesday" is the Tuesday they named, the 12th, not the next one from today (the 5th).
A bare weekday (`Understanding.floating`) is read as the day of that weekday among
the starts the customer wished last (`state["starts"]`), when one is still ahead.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from bookbot.agent.offline.understanding import Understanding


def anchored(u: Understanding, state: dict[str, Any], today: date) -> Understanding:
    """`u` with each bare weekday moved onto the day of it the customer wished last."""
    if not u.floating or not state.get("stage") or u.source is not None:
        return u
    said = [date.fromisoformat(str(s)[:10]) for s in state.get("starts") or []]
    moved: dict[date, date] = {}
    for day in u.floating:
        same = [s for s in said if s.weekday() == day.weekday() and s != day and s >= today]
        if same:
            moved[day] = same[-1]
    if not moved:
        return u
    return replace(
        u,
        datetimes=tuple(_on(moment, moved) for moment in u.datetimes),
        dates=tuple(dict.fromkeys(moved.get(d, d) for d in u.dates)),
        floating=tuple(dict.fromkeys(moved.get(d, d) for d in u.floating)),
    )


def _on(moment: datetime, moved: dict[date, date]) -> datetime:
    day = moved.get(moment.date())
    return moment if day is None else datetime.combine(day, moment.timetz())
