"""Replies that tell a customer where they stand in a plan and what to do next.

They read a `get_progress` plan (tools.schemas.PlanProgressView as JSON): the
offline model asks for it before answering "book my next session", a bare
"yes" with nothing pending, or "2 more lessons", so a customer in the middle
of a plan is never asked for their "first session" again.
"""

from __future__ import annotations

from bookbot.agent.offline.catalogue import count_text, day_text, say, when_text
from bookbot.agent.offline.replies import JSON, unit
from bookbot.agent.offline.state import Stage
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


def _when(plan: JSON, number: int | None, lang: str = "en") -> str | None:
    for session in plan.get("sessions", []):
        if session["number"] == number and session.get("status") == "confirmed":
            return when_text(lang, session)
    return None


def next_step(
    business: Business, service: Service, plan: JSON, lang: str = "en"
) -> tuple[str, str | None]:
    """(reply, the stage the dialogue waits in: ask_start, ask_count or None)."""
    del business
    one, many = unit(service, lang), unit(service, lang, many=True)
    action = plan["next_action"]
    kind, number = action["kind"], action.get("session")
    words = {"unit": one, "Unit": one[:1].upper() + one[1:], "units": many, "number": number}
    done = say(lang, "next.done", completed=plan["completed"], total=plan["total"], units=many)
    if kind == "book_next" and action.get("earliest_day"):
        latest = action.get("latest_day")
        until = say(lang, "next.until", last=day_text(lang, latest)) if latest else ""
        text = say(
            lang,
            "next.window",
            done=done,
            first=day_text(lang, action["earliest_day"]),
            until=until,
            best=day_text(lang, action["suggested_day"]),  # an open day (get_progress)
            **words,
        )
        return text, Stage.ASK_START
    flexible = plan.get("strategy") == "flexible"
    if kind == "book_more" or (flexible and plan["remaining_unscheduled"] > 0):
        left = plan["remaining_unscheduled"]
        left_text = f"{left} {unit(service, lang, many=left != 1)}"
        text = say(lang, "next.more", done=done, booked=plan["booked"], left=left_text)
        return text, Stage.ASK_COUNT
    if kind in ("attend", "await_completion") and number is not None:
        when = _when(plan, number, lang)
        text = say(lang, "next.attend_on" if when else "next.attend", when=when, **words)
        if plan["remaining_unscheduled"] > 0:
            text += " " + say(lang, "next.after", next=number + 1, **words)
        return text, None
    if kind == "expired":
        return say(lang, "next.expired", service=service.name), None
    return say(lang, "next.when", done=done, **words), Stage.ASK_START


def count_capped(service: Service, count: int, remaining: int, lang: str = "en") -> str | None:
    """Why fewer than `count` sessions can be collected, if so."""
    if remaining <= 0:
        many = unit(service, lang, many=True)
        return say(lang, "capped.all_booked", unit=unit(service, lang), units=many)
    if count > remaining:
        left = count_text(lang, service, remaining)
        return say(lang, "capped.only", left=left, remaining=remaining)
    return None
