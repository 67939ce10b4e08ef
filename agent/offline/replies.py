"""Every sentence the offline model writes, in one place (easy to change or translate)."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from bookbot.agent.offline import catalogue
from bookbot.agent.offline.catalogue import say, when_text
from bookbot.agent.offline.options import numbered
from bookbot.agent.offline.state import Stage
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


def unit(service: Service, lang: str = "en", *, many: bool = False) -> str:
    """What one session is called for this service: 'lesson' or 'session'."""
    return catalogue.unit(lang, service, many=many)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def greeting(business: Business, name: str | None, lang: str = "en") -> str:
    hello = say(lang, "greeting.hello_name", name=name) if name else say(lang, "greeting.hello")
    lines = [say(lang, "greeting.intro", hello=hello, business=business.name)]
    lines += [f"• {s.name}" for s in business.services]
    lines.append(say(lang, "greeting.ask"))
    return "\n".join(lines)


def not_understood(business: Business, lang: str = "en") -> str:
    return say(lang, "not_understood", names=", ".join(s.name for s in business.services))


def which_service(business: Business, lang: str = "en") -> str:
    return say(lang, "which_service", names=", ".join(s.name for s in business.services))


def unknown_service(business: Business, asked: str | None = None, lang: str = "en") -> str:
    names = ", ".join(s.name for s in business.services)
    what = asked or say(lang, "unknown_service.that")
    return say(lang, "unknown_service", what=what, names=names)


def describe(business: Business, service: Service, *, ask: bool = True, lang: str = "en") -> str:
    """What the service is; with `ask`, ending in the question that starts booking it."""
    if lang != "en":
        return _describe_short(business, service, ask=ask, lang=lang)
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


def _describe_short(business: Business, service: Service, *, ask: bool, lang: str) -> str:
    """The description in another language: sessions, their spacing, the price."""
    n = service.total_sessions
    price = price_text(business, service, lang)
    if n <= 1:
        text = say(lang, "describe.single", name=service.name, minutes=service.duration_minutes)
        lines = [text, say(lang, "proposal.price", price=price)]
    else:
        count = f"{n} {unit(service, lang, many=True)}"
        lines = [say(lang, "describe.includes", name=service.name, count=count)]
        gaps = [service.gap(k) for k in range(1, n)]
        low = min(g.minimum for g in gaps)
        high = max((g.maximum for g in gaps if g.maximum), default=None)
        key = "describe.spacing_range" if high else "describe.spacing_min"
        lines.append(say(lang, key, low=low, high=high))
        lines.append(say(lang, "proposal.price", price=price))
    if ask:
        lines.append(ask_start(service, lang))
    return "\n".join(lines)


def price_text(business: Business, service: Service, lang: str = "en") -> str:
    """The price in `lang`: per session (and for all), for the plan, or on request."""
    if lang == "en" or not service.price:
        return facts.price_text(service, business.currency)
    one = facts.money(service.price, business.currency)
    n = service.total_sessions
    if n <= 1:
        return one
    if service.price_per == "session":
        total = facts.money(service.price * n, business.currency)
        return say(lang, "price.per_session", price=one, total=total, n=n)
    return say(lang, "price.plan", price=one, n=n, units=unit(service, lang, many=True))


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


def ask_start(service: Service, lang: str = "en") -> str:
    one, many = unit(service, lang), unit(service, lang, many=True)
    values = {"n": service.total_sessions, "unit": one, "units": many, "Unit": _cap(one)}
    if service.total_sessions <= 1 or not service.requires_multiple_sessions:
        return say(lang, "ask_start.single")
    if service.strategy is Strategy.IMMEDIATE:
        return say(lang, "ask_start.immediate", **values)
    if service.strategy is Strategy.SEQUENTIAL:
        return say(lang, "ask_start.sequential", **values)
    return say(lang, "ask_start.flexible", **values)


def ask_again(service: Service, stage: str, lang: str = "en") -> str:
    """A yes to "when would you like...?" or "how many...?": ask once more, briefly."""
    if stage == Stage.ASK_COUNT:
        return say(lang, "ask_again.count", units=unit(service, lang, many=True))
    return say(lang, "ask_again.start")


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


def _label(service: Service, s: JSON, lang: str) -> str:
    """'Session 2 of 4' (or the service's name for a single session)."""
    if s["of"] <= 1:
        return service.name
    return say(
        lang, "label.numbered", Unit=_cap(unit(service, lang)), number=s["number"], of=s["of"]
    )


def proposal(business: Business, service: Service, result: JSON, lang: str = "en") -> str:
    sessions = result.get("sessions", [])
    lines = [say(lang, "proposal.many" if len(sessions) > 1 else "proposal.one")]
    for s in sessions:
        name = f" - {s['name']}" if s.get("name") else ""
        lines.append(
            say(
                lang,
                "proposal.line",
                label=_label(service, s, lang),
                when=when_text(lang, s),
                name=name,
                minutes=s["duration_minutes"],
            )
        )
    if result.get("total_price"):
        lines.append(say(lang, "proposal.price", price=result["total_price"]))
    lines.append(say(lang, "proposal.ask"))
    return "\n".join(lines)


def booked(service: Service, result: JSON, lang: str = "en") -> str:
    sessions = result.get("sessions", [])
    n = service.total_sessions
    many = unit(service, lang, many=True)
    if result.get("kind") == "reschedule":
        lines = [say(lang, "booked.moved")]
    elif n > 1 and len(sessions) == n:
        lines = [say(lang, "booked.all", n=n, units=many)]
    else:
        lines = [say(lang, "booked.one")]
    for s in sessions:
        lines.append(
            say(lang, "booked.line", label=_label(service, s, lang), when=when_text(lang, s))
        )
    if result.get("kind") != "reschedule" and n > 1:
        lines.extend(_booked_next(service, result, lang))
    lines.append(say(lang, "booked.reminder"))
    return "\n".join(lines)


def _booked_next(service: Service, result: JSON, lang: str) -> list[str]:
    """What comes after a booking in a plan: the next session, or how many are left."""
    sessions, n = result.get("sessions", []), service.total_sessions
    one = unit(service, lang)
    remaining = result.get("remaining_unscheduled")
    if service.strategy is Strategy.SEQUENTIAL and service.requires_multiple_sessions:
        last = max(s["number"] for s in sessions) if sessions else 0
        if last < n:
            return [say(lang, "booked.next_sequential", unit=one, Unit=_cap(one), next=last + 1)]
        return []
    if remaining:
        left = f"{remaining} {unit(service, lang, many=remaining != 1)}"
        return [say(lang, "booked.left", left=left)]
    return []


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


def _items(service: Service, result: JSON, lang: str) -> str:
    one = _cap(unit(service, lang))
    return "\n".join(
        say(lang, "session_item", Unit=one, number=s["number"], when=when_text(lang, s))
        for s in result["sessions"]
    )


def cancel_preview(service: Service, result: JSON, lang: str = "en") -> str:
    return say(lang, "cancel_preview", items=_items(service, result, lang))


def cancelled(service: Service, result: JSON, lang: str = "en") -> str:
    return say(lang, "cancelled", items=_items(service, result, lang))


def reschedule_preview(service: Service, result: JSON, lang: str = "en") -> str:
    """The whole plan as it would be after the move, the moving sessions marked."""
    sessions = result["sessions"]
    moving = set(result.get("moved_sessions", []))
    lines = [say(lang, "reschedule.header")]
    for s in sessions:
        moved = s["number"] in moving if s.get("moved") is None else s["moved"]
        done = s.get("status") == "completed"
        tag = say(lang, "tag.moved") if moved else say(lang, "tag.done") if done else ""
        lines.append(
            say(lang, "booked.line", label=_label(service, s, lang), when=when_text(lang, s)) + tag
        )
    if len(sessions) > 1 and not all(s.get("moved") for s in sessions):
        lines.append(say(lang, "reschedule.only_marked"))
    lines.append(say(lang, "reschedule.ask"))
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


def price(business: Business, service: Service, lang: str = "en") -> str:
    return f"{service.name}: {price_text(business, service, lang)}."


def other_customer() -> str:
    return (
        "Sorry, I can only help with your own appointments; I can't share anything "
        "about other customers."
    )


def which_option(starts: list[str], lang: str = "en") -> str:
    return say(lang, "which_option", options=numbered(starts, lang))


def declined(lang: str = "en") -> str:
    return say(lang, "declined")


def nothing_pending(lang: str = "en") -> str:
    return say(lang, "nothing_pending")


def thanks(lang: str = "en") -> str:
    return say(lang, "thanks")


def partly_read(
    day: date | None, at: time | None, unread: tuple[str, ...], lang: str = "en"
) -> str:
    """What was understood of a day or time read only in part, and the question."""
    when = say(lang, "at_time", hm=f"{at:%H:%M}") if at else ""
    parts = [catalogue.day_text(lang, day)[:-5].rstrip(" ,.") if day else "", when]
    understood = " ".join(p for p in parts if p)
    left = ", ".join(f'"{n}"' for n in unread)
    month = f" {catalogue.texts(lang).MONTHS_LONG[day.month - 1]}" if day else ""
    return say(lang, "partly_read", understood=understood, left=left, example=f"{unread[0]}{month}")


def invalid_date(reason: str) -> str:
    return f"Hmm, {reason}. Which date did you mean?"


def tool_error(message: str) -> str:
    return f"Sorry, I couldn't do that: {readable_dates(message)}."


def past_date() -> str:
    return "That date is in the past. Which upcoming day would suit you?"
