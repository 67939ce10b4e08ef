"""Answers to questions about the business itself, from its configuration: the
cancellation and reschedule notice, how long packages stay valid, whether it is
open on a given day, and how to reach it. Each answer is honest about what this
assistant can and cannot do; none of them needs a tool."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bookbot.agent.offline.replies import day_text
from bookbot.core.config import Business, Service

FACT_INTENTS = ("policy", "validity", "opening", "contact", "human")
"""The intents answered here, in the order their answers are written."""


def _hours(value: float) -> str:
    n = int(value) if float(value).is_integer() else value
    return f"{n} hour{'' if n == 1 else 's'}"


def policy(business: Business) -> str:
    return (
        f"Bookings need at least {_hours(business.min_notice_hours)}' notice. You can move "
        f"or cancel an appointment here up to {_hours(business.reschedule_notice_hours)} "
        "before it starts; after that, please contact us directly."
    )


def validity(business: Business, service: Service | None) -> str:
    chosen = [service] if service is not None else list(business.services)
    lines = [
        f"{s.name}: valid for {s.package_expiry_days} days from the first session."
        for s in chosen
        if s.package_expiry_days
    ]
    if not lines:
        return (
            "Our packages do not expire."
            if service is None
            else (f"The {service.name} does not expire.")
        )
    return "\n".join(lines)


def opening(business: Business, days: Iterable[date]) -> str | None:
    """Whether the business is open on each named day (holidays included); None when
    no day was named (the weekly hours answer that)."""
    lines = []
    for day in days:
        ranges = business.opening(day)
        if not ranges:
            lines.append(f"We're closed on {day_text(day)}.")
            continue
        hours = ", ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in ranges)
        lines.append(f"On {day_text(day)} we're open {hours}.")
    return "\n".join(lines) or None


def contact(business: Business) -> str:
    details = _contact_lines(business)
    if not details:
        return (
            f"I'm the booking assistant of {business.name} and have no contact details to "
            "give you here. I can book, move or cancel appointments and answer questions "
            "about prices, opening hours and your plan."
        )
    return f"You can reach {business.name}:\n" + "\n".join(details)


def human(business: Business) -> str:
    return "I'm an automatic booking assistant, so I can't put you through to a person. " + contact(
        business
    )


def _contact_lines(business: Business) -> list[str]:
    """The business's `contact:` block, when its configuration has one."""
    block = getattr(business, "contact", None)
    if block is None:
        return []
    labels = (
        ("phone", "Phone"),
        ("email", "Email"),
        ("address", "Address"),
        ("website", "Website"),
        ("hours_note", "Hours"),
    )
    return [f"{label}: {getattr(block, key)}" for key, label in labels if getattr(block, key, None)]


def answer(
    intents: Iterable[str], business: Business, service: Service | None, days: list[date]
) -> str | None:
    """The answers to every fact question among `intents`, in one text; None if none."""
    wanted = set(intents)
    parts: list[str] = []
    if "policy" in wanted:
        parts.append(policy(business))
    if "validity" in wanted:
        parts.append(validity(business, service))
    if "opening" in wanted:
        parts.append(opening(business, days) or "")
    if "human" in wanted:
        parts.append(human(business))
    elif "contact" in wanted:
        parts.append(contact(business))
    text = "\n".join(p for p in parts if p)
    return text or None
