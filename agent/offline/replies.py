"""Every sentence the offline model writes, in one place (easy to change or translate)."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from bookbot.core.config import Business, Service, Strategy
from bookbot.prompts import facts

JSON = dict[str, Any]
_ISO_DAY = re.compile(
    r"\b(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(\d{4})-(\d{2})-(\d{2})\b"
)


def day_text(value: str | date) -> str:
    """'2026-03-07' as the customer reads it: 'Sat 7 Mar 2026'."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%a} {day.day} {day:%b %Y}"


def readable_dates(text: str) -> str:
    """Every ISO day in `text` written as `day_text`."""
    return _ISO_DAY.sub(lambda m: day_text("-".join(m.groups())), text)


def unit(service: Service) -> str:
    """What one session is called for this service: 'lesson' or 'session'."""
    text = f"{service.name} {' '.join(service.trigger_words)}".lower()
    return "lesson" if "lesson" in text else "session"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def greeting(business: Business, name: str | None) -> str:
    hello = f"Hi {name}!" if name else "Hi!"
    lines = [f"{hello} I'm the booking assistant of {business.name}. I can book:"]
    lines += [f"• {s.name}" for s in business.services]
    lines.append("What would you like to book?")
    return "\n".join(lines)


def not_understood(business: Business) -> str:
    names = ", ".join(s.name for s in business.services)
    return (
        "Sorry, I can't help with that here. I can book, move or cancel appointments and "
        f"tell you about prices, opening hours and your plan. We offer: {names}."
    )


def which_service(business: Business) -> str:
    names = ", ".join(s.name for s in business.services)
    return f"Which service would you like? We offer: {names}."


def unknown_service(business: Business, asked: str | None = None) -> str:
    names = ", ".join(s.name for s in business.services)
    what = asked or "that"
    return f"Sorry, we don't offer {what}. We offer: {names}. Would you like one of these?"


def describe(business: Business, service: Service, *, ask: bool = True) -> str:
    """What the service is; with `ask`, ending in the question that starts booking it."""
    n = service.total_sessions
    word = unit(service)
    if n <= 1:
        price = facts.price_text(service, business.currency)
        text = f"{service.name} takes {service.duration_minutes} minutes ({price})."
        return text + " When would you like to come?" if ask else text
    lines = [f"The {service.name} includes {plural(n, word)}."]
    named = [service.session_name(k) for k in range(1, n + 1)]
    if any(named):
        for k in range(1, n + 1):
            extra = ""
            if k > 1:
                gap = service.gap(k - 1)
                extra = f", at least {facts.plural_days(gap.minimum)} after {word} {k - 1}"
            label = named[k - 1] or f"{word.title()} {k}"
            lines.append(f"{k}. {label} ({service.session_duration(k)} min{extra})")
    spacing = facts.buffer_text(service)
    lines.append(f"Spacing: {spacing}.")
    span = plan_span(service)
    if span:
        lines.append(span)
    lines.append(f"Price: {facts.price_text(service, business.currency)}.")
    if ask:
        lines.append(ask_start(service))
    return "\n".join(lines)


def plan_span(service: Service) -> str | None:
    """How long the whole plan takes from the first session to the last, by its gaps."""
    gaps = [service.gap(k) for k in range(1, service.total_sessions)]
    shortest = sum(g.target for g in gaps)
    if not gaps or shortest <= 0 or service.strategy is Strategy.FLEXIBLE:
        return None
    text = f"From the first to the last {unit(service)}: about {_span(shortest)}"
    if service.strategy is Strategy.SEQUENTIAL and all(g.maximum for g in gaps):
        longest = sum(g.maximum or 0 for g in gaps)
        text = (
            f"From the first to the last {unit(service)}: {_span(sum(g.minimum for g in gaps))} "
            f"to {_span(longest)}, ideally about {_span(shortest)}"
        )
    return text + "."


def _span(days: int) -> str:
    weeks = round(days / 7)
    return facts.plural_days(days) if days < 14 else f"{weeks} weeks"


def ask_start(service: Service) -> str:
    word = unit(service)
    if service.total_sessions <= 1 or not service.requires_multiple_sessions:
        return "When would you like to come?"
    if service.strategy is Strategy.IMMEDIATE:
        return (
            f"We'll schedule all {service.total_sessions} {word}s now. "
            f"When would you like to start with {word} 1?"
        )
    if service.strategy is Strategy.SEQUENTIAL:
        return (
            f"We book one {word} at a time, so you can plan flexibly. "
            f"When would you like your first {word}?"
        )
    return (
        f"You can book as many or as few {word}s at a time as you like. "
        f"How many would you like to schedule now?"
    )


def ask_again(service: Service, stage: str) -> str:
    """A yes to "when would you like...?" or "how many...?": ask once more, briefly."""
    if stage == "ask_count":
        return f"Great! How many {unit(service)}s would you like to schedule now?"
    return "Great! Which day and time would suit you?"


def ask_which_to_move(service: Service, start: str) -> str:
    word = unit(service)
    when = f"{day_text(start[:10])}, {start[11:16]}"
    return (
        f"Your {service.name} is already booked. Which {word} would you like to move to "
        f"{when}? (for example: {word} 2)"
    )


def ask_new_time(when: str) -> str:
    return (
        f"Sure, let's move your appointment on {when}. Which day and time would suit you instead?"
    )


def ask_day_for(service: Service, number: int) -> str:
    word = unit(service)
    return f"Which day would you like for {word} {number}? Please tell me the date too."


def ask_next_start(
    service: Service, number: int, count: int, *, first: bool, remaining: int | None = None
) -> str:
    """Ask for the start of session `number`, one of `count` being collected."""
    word = unit(service)
    label = f"{word.title()} {number}"
    if not first:
        return f"{label}: when works for you?"
    things = plural(count, word)
    if remaining is not None and number > 1:
        return (
            f"Great! You have {plural(remaining, word)} left to schedule in your package. "
            f"Let's find times for {things}.\n{label}: when works for you?"
        )
    return f"Perfect! Let's find times for your {things}.\n{label}: when works for you?"


def proposal(business: Business, service: Service, result: JSON) -> str:
    sessions = result.get("sessions", [])
    word = unit(service)
    lines = ["Here's your schedule:" if len(sessions) > 1 else "Here's what I can book:"]
    for s in sessions:
        label = f"{word.title()} {s['number']} of {s['of']}" if s["of"] > 1 else service.name
        name = f" - {s['name']}" if s.get("name") else ""
        lines.append(f"📅 {label}: {s['when']}{name} ({s['duration_minutes']} min)")
    if result.get("total_price"):
        lines.append(f"Price: {result['total_price']}.")
    lines.append("Does this work for you?")
    return "\n".join(lines)


def booked(service: Service, result: JSON) -> str:
    sessions = result.get("sessions", [])
    word = unit(service)
    n = service.total_sessions
    if result.get("kind") == "reschedule":
        lines = ["✅ Done! Your updated schedule:"]
    elif n > 1 and len(sessions) == n:
        lines = [f"✅ All {plural(n, word)} confirmed!"]
    else:
        lines = ["✅ Confirmed!"]
    for s in sessions:
        label = f"{word.title()} {s['number']} of {s['of']}" if s["of"] > 1 else service.name
        lines.append(f"📅 {label}: {s['when']}")
    remaining = result.get("remaining_unscheduled")
    if result.get("kind") != "reschedule" and n > 1:
        if service.strategy is Strategy.SEQUENTIAL and service.requires_multiple_sessions:
            last = max(s["number"] for s in sessions) if sessions else 0
            if last < n:
                lines.append(
                    f"After you complete this {word}, I'll help you book {word.title()} {last + 1}."
                )
        elif remaining:
            lines.append(f"You have {plural(remaining, word)} left to schedule. Book more anytime!")
    lines.append("You'll receive a reminder before each appointment.")
    return "\n".join(lines)


def moved_schedule(service: Service, sessions: list[JSON], moved: set[str]) -> str:
    """The plan after a move: every session still on, the moved ones (by start) marked."""
    word = unit(service)
    lines = ["✅ Done! Your updated schedule:"]
    for s in sessions:
        if s.get("status") not in ("confirmed", "completed"):
            continue
        tag = " (moved)" if s["start"] in moved else ""
        tag = tag or (" (done)" if s.get("status") == "completed" else "")
        label = f"{word.title()} {s['number']} of {s['of']}" if s["of"] > 1 else service.name
        lines.append(f"📅 {label}: {s['when']}{tag}")
    lines.append("You'll receive a reminder before each appointment.")
    return "\n".join(lines)


def shown_session(service: Service, number: int, total: int, when: str) -> str:
    """Where one session of the shown (not yet booked) plan falls."""
    word = unit(service)
    text = f"In this plan, {word} {number} of {total} would be on {when}."
    if service.strategy is Strategy.IMMEDIATE:
        text += (
            f" Each later {word} follows from the one before by the required spacing, so "
            f"to change it, tell me another start for {word} 1."
        )
    return text + " " + BOOK_AS_SHOWN


BOOK_AS_SHOWN = "Shall I book the plan as shown?"


def cancel_preview(service: Service, result: JSON) -> str:
    word = unit(service)
    items = "\n".join(f"• {word.title()} {s['number']}: {s['when']}" for s in result["sessions"])
    return f"Shall I cancel:\n{items}\nPlease reply yes or no."


def cancelled(service: Service, result: JSON) -> str:
    word = unit(service)
    items = "\n".join(f"• {word.title()} {s['number']}: {s['when']}" for s in result["sessions"])
    return f"✅ Cancelled:\n{items}"


def reschedule_preview(service: Service, result: JSON) -> str:
    """The whole plan as it would be after the move, the moving sessions marked."""
    word = unit(service)
    sessions = result["sessions"]
    moving = set(result.get("moved_sessions", []))
    lines = ["Here's your new schedule:"]
    for s in sessions:
        moved = s["number"] in moving if s.get("moved") is None else s["moved"]
        tag = " (moved)" if moved else " (done)" if s.get("status") == "completed" else ""
        label = f"{word.title()} {s['number']} of {s['of']}" if s["of"] > 1 else service.name
        lines.append(f"📅 {label}: {s['when']}{tag}")
    if len(sessions) > 1 and not all(s.get("moved") for s in sessions):
        lines.append("Only the ones marked (moved) change; the others stay as they are.")
    lines.append("Shall I make this change?")
    return "\n".join(lines)


def progress(business: Business, plans: list[JSON]) -> str:
    if not plans:
        return "You have no plans with us yet. Would you like to book something?"
    parts = []
    for plan in plans:
        service = business.service(plan["service_id"])
        word = unit(service)
        lines = [
            f"{plan['service_name']}: {plan['completed']} of {plan['total']} completed, "
            f"{plan['booked']} booked, {plural(plan['remaining_unscheduled'], word)} "
            "still to schedule."
        ]
        for s in plan["sessions"]:
            lines.append(f"• {word.title()} {s['number']}: {s['when']} ({s['status']})")
        action = plan["next_action"]
        if action["kind"] == "book_next" and action.get("suggested_day"):
            lines.append(
                f"Next: book {word} {action['session']} between {action['earliest_day']} and "
                f"{action.get('latest_day') or 'any later day'} "
                f"(ideally {action['suggested_day']})."
            )
        elif action["kind"] == "attend" and action.get("at"):
            when = day_text(action["at"][:10]) + f", {action['at'][11:16]}"
            lines.append(f"Your next {word} is {word} {action['session']} on {when}.")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def bookings(business: Business, items: list[JSON]) -> str:
    if not items:
        return "You have no upcoming appointments."
    lines = ["Your upcoming appointments:"]
    shown = None
    for s in items:
        service = business.service(s["service_id"]) if s.get("service_id") else None
        if s["of"] <= 1 or service is None:
            lines.append(f"📅 {s.get('service_name') or 'Appointment'}: {s['when']}")
            shown = None
            continue
        if s["service_id"] != shown:
            lines.append(f"{s['service_name']}:")
            shown = s["service_id"]
        lines.append(f"📅 {unit(service).title()} {s['number']} of {s['of']}: {s['when']}")
    return "\n".join(lines)


def one_booking(item: JSON) -> str:
    """The one upcoming session a question asked about."""
    name = f" ({item['name']})" if item.get("name") else ""
    label = f"Session {item['number']} of {item['of']}{name}" if item["of"] > 1 else "It"
    service = item.get("service_name") or "appointment"
    return f"Your {service}: {label} is on {item['when']}."


def price(business: Business, service: Service) -> str:
    return f"{service.name}: {facts.price_text(service, business.currency)}."


def other_customer() -> str:
    return (
        "Sorry, I can only help with your own appointments; I can't share anything "
        "about other customers."
    )


def which_option(starts: list[str]) -> str:
    from bookbot.agent.offline.options import numbered

    return f"Which one would you like? Reply with its number:\n{numbered(starts)}"


def declined() -> str:
    return "No problem. Which day and time would suit you better?"


def nothing_pending() -> str:
    return "Okay! Is there anything you'd like to book or change?"


def thanks() -> str:
    return "You're welcome! Anything else I can do for you?"


def partly_read(day: date | None, at: time | None, unread: tuple[str, ...]) -> str:
    """What was understood of a day or time read only in part, and the question."""
    parts = [day_text(day)[:-5] if day else "", f"at {at:%H:%M}" if at else ""]
    understood = " ".join(p for p in parts if p)
    left = ", ".join(f'"{n}"' for n in unread)
    month = f" {day:%B}" if day else ""
    return (
        f"I understood {understood}, but I'm not sure what {left} means there. "
        "Which date and time would you like? Please write the month too "
        f'(for example "{unread[0]}{month}").'
    )


def invalid_date(reason: str) -> str:
    return f"Hmm, {reason}. Which date did you mean?"


def tool_error(message: str) -> str:
    return f"Sorry, I couldn't do that: {readable_dates(message)}."


def past_date() -> str:
    return "That date is in the past. Which upcoming day would suit you?"
