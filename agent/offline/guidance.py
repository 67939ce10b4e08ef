"""Replies that tell a customer where they stand in a plan and what to do next.

They read a `get_progress` plan (tools.schemas.PlanProgressView as JSON): the
offline model asks for it before answering "book my next session", a bare
"yes" with nothing pending, or "2 more lessons", so a customer in the middle
of a plan is never asked for their "first session" again.
"""

from __future__ import annotations

from datetime import date

from bookbot.agent.offline.replies import JSON, day_text, plural, unit
from bookbot.core.config import Business, Service


def plan_for(plans: list[JSON], service_id: str) -> JSON | None:
    """The customer's newest plan for the service that is not finished."""
    for plan in plans:
        if plan["service_id"] == service_id and plan["next_action"]["kind"] != "done":
            return plan
    return None


def confirmed_on(plan: JSON, day: str) -> list[JSON]:
    """The plan's confirmed sessions on `day` (ISO date)."""
    return [
        s
        for s in plan.get("sessions", [])
        if s.get("status") == "confirmed" and s["start"][:10] == day
    ]


def _when(plan: JSON, number: int | None) -> str | None:
    for session in plan.get("sessions", []):
        if session["number"] == number and session.get("status") == "confirmed":
            return str(session["when"])
    return None


def next_step(business: Business, service: Service, plan: JSON) -> tuple[str, str | None]:
    """(reply, the stage the dialogue waits in: ask_start, ask_count or None)."""
    word = unit(service)
    action = plan["next_action"]
    kind, number = action["kind"], action.get("session")
    done = f"{plan['completed']} of {plan['total']} {word}s done"
    if kind == "book_next" and action.get("earliest_day"):
        earliest = date.fromisoformat(action["earliest_day"])
        latest = date.fromisoformat(action["latest_day"]) if action.get("latest_day") else None
        best = date.fromisoformat(action["suggested_day"])  # an open day (get_progress)
        until = f" and {day_text(latest)}" if latest else ""
        return (
            f"You're at {done}. {word.title()} {number} can be booked between "
            f"{day_text(earliest)}{until}; I'd suggest {day_text(best)}. "
            "Which day and time would suit you?",
            "ask_start",
        )
    flexible = plan.get("strategy") == "flexible"
    if kind == "book_more" or (flexible and plan["remaining_unscheduled"] > 0):
        left = plural(plan["remaining_unscheduled"], word)
        return (
            f"You're at {done}, {plan['booked']} booked and {left} left to schedule. "
            f"How many would you like to book now?",
            "ask_count",
        )
    if kind in ("attend", "await_completion") and number is not None:
        when = _when(plan, number)
        booked = f" on {when}" if when else ""
        later = ""
        if plan["remaining_unscheduled"] > 0:
            later = f" Once it's completed, I'll help you book {word} {number + 1}."
        return f"Your next {word} is {word} {number}{booked}.{later}", None
    if kind == "expired":
        return (
            f"Your {service.name} package has expired. Would you like to start a new one?",
            None,
        )
    return f"You're at {done}. When would you like your next {word}?", "ask_start"


def count_capped(service: Service, count: int, remaining: int) -> str | None:
    """Why fewer than `count` sessions can be collected, if so."""
    word = unit(service)
    if remaining <= 0:
        return f"Every {word} of your package is already booked or done."
    if count > remaining:
        return f"You have only {plural(remaining, word)} left, so let's book {remaining}."
    return None
