"""Every sentence the offline model writes, in one place (easy to change or translate)."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from bookbot.agent.offline import catalogue
from bookbot.agent.offline.catalogue import say, when_text
from bookbot.agent.offline.options import numbered
from bookbot.agent.offline.state import Stage
from bookbot.agent.offline.texts import en
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
    else:
        lines += _durations(service, lang)
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
        lines += _durations(service, lang)
        gaps = [service.gap(k) for k in range(1, n)]
        low = min(g.minimum for g in gaps)
        high = max((g.maximum for g in gaps if g.maximum), default=None)
        key = "describe.spacing_range" if high else "describe.spacing_min"
        lines.append(say(lang, key, low=low, high=high))
        span = plan_span(service, lang)
        lines += [span] if span else []
        lines.append(say(lang, "proposal.price", price=price))
    if ask:
        lines.append(ask_start(service, lang))
    return "\n".join(lines)


def _durations(service: Service, lang: str) -> list[str]:
    """How long the sessions of a plan take: one line when all take the same, else one
    line per session with its name ("1. Microblading (150 min)", "2. Retoque (60 min)")."""
    n = service.total_sessions
    minutes = [service.session_duration(k) for k in range(1, n + 1)]
    named = [service.session_name(k) for k in range(1, n + 1)]
    if len(set(minutes)) == 1 and not any(named):
        return [say(lang, "describe.duration_each", unit=unit(service, lang), minutes=minutes[0])]
    return [
        say(lang, "describe.session", number=k, minutes=minutes[k - 1],
            label=named[k - 1] or f"{_cap(unit(service, lang))} {k}")
        for k in range(1, n + 1)
    ]  # fmt: skip


def price_text(business: Business, service: Service, lang: str = "en") -> str:
    """The price in `lang`: per session (and for all), for the plan, or on request."""
    if lang == "en":
        return facts.price_text(service, business.currency)
    if service.price is None:
        return say(lang, "price.on_request")
    if not service.price:
        return say(lang, "price.free")
    one = facts.money(service.price, business.currency, lang)
    n = service.total_sessions
    if n <= 1:
        return one
    if service.price_per == "session":
        total = facts.money(service.price * n, business.currency, lang)
        return say(lang, "price.per_session", price=one, total=total, n=n)
    return say(lang, "price.plan", price=one, n=n, units=unit(service, lang, many=True))


def _money_in(text: str, lang: str) -> str:
    """The tools' amount ('UYU 19,200', written the English way) as `lang` writes it."""
    currency, _, amount = text.partition(" ")
    try:
        return facts.money(float(amount.replace(",", "")), currency, lang)
    except ValueError:
        return text


def plan_span(service: Service, lang: str = "en") -> str | None:
    """How long the whole plan takes from the first session to the last, by its gaps."""
    gaps = [service.gap(k) for k in range(1, service.total_sessions)]
    shortest = sum(g.target for g in gaps)
    if not gaps or shortest <= 0 or service.strategy is Strategy.FLEXIBLE:
        return None
    word = unit(service, lang)
    if service.strategy is Strategy.SEQUENTIAL and all(g.maximum for g in gaps):
        low = _span(sum(g.minimum for g in gaps), lang)
        high = _span(sum(g.maximum or 0 for g in gaps), lang)
        return say(lang, "span.range", unit=word, low=low, high=high, span=_span(shortest, lang))
    return say(lang, "span.about", unit=word, span=_span(shortest, lang))


def _span(days: int, lang: str = "en") -> str:
    """'10 days', '3 weeks' (whole weeks from 7 days on, rounded from 14 on)."""
    if days >= 14 or (days % 7 == 0 and days >= 7):
        weeks = round(days / 7)
        return say(lang, "span.week" if weeks == 1 else "span.weeks", n=weeks)
    return days_text(days, lang)


def days_text(days: int, lang: str = "en") -> str:
    """'1 day', '3 days', in `lang`."""
    return say(lang, "span.day" if days == 1 else "span.days", n=days)


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


def _words(service: Service, lang: str) -> dict[str, str]:
    """The session word as templates use it: {unit}, {Unit}, {units}."""
    one = unit(service, lang)
    return {"unit": one, "Unit": _cap(one), "units": unit(service, lang, many=True)}


def ask_which_to_move(service: Service, start: str, lang: str = "en") -> str:
    when = catalogue.at_text(lang, start)
    return say(lang, "ask_which_to_move", service=service.name, when=when, **_words(service, lang))


def ask_new_time(when: str, lang: str = "en") -> str:
    return say(lang, "ask_new_time", when=when)


def ask_day_for(service: Service, number: int, lang: str = "en") -> str:
    return say(lang, "ask_day_for", number=number, **_words(service, lang))


def ask_next_start(
    service: Service,
    number: int,
    count: int,
    *,
    first: bool,
    remaining: int | None = None,
    lang: str = "en",
) -> str:
    """Ask for the start of session `number`, one of `count` being collected."""
    words = {"number": number, **_words(service, lang)}
    if not first:
        return say(lang, "collect.next", **words)
    things = catalogue.count_text(lang, service, count)
    if remaining is not None and number > 1:
        left = catalogue.count_text(lang, service, remaining)
        return say(lang, "collect.left", left=left, things=things, **words)
    return say(lang, "collect.first", things=things, **words)


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
        price = str(result["total_price"])
        price = say(lang, "price.free") if price == facts.FREE else _money_in(price, lang)
        lines.append(say(lang, "proposal.price", price=price))
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


def moved_schedule(
    service: Service, sessions: list[JSON], moved: set[str], lang: str = "en"
) -> str:
    """The plan after a move: every session still on, the moved ones (by start) marked."""
    lines = [say(lang, "booked.moved")]
    for s in sessions:
        if s.get("status") not in ("confirmed", "completed"):
            continue
        tag = say(lang, "tag.moved") if s["start"] in moved else ""
        tag = tag or (say(lang, "tag.done") if s.get("status") == "completed" else "")
        line = say(lang, "booked.line", label=_label(service, s, lang), when=when_text(lang, s))
        lines.append(line + tag)
    lines.append(say(lang, "booked.reminder"))
    return "\n".join(lines)


def shown_session(service: Service, number: int, total: int, when: str, lang: str = "en") -> str:
    """Where one session of the shown (not yet booked) plan falls (`when`: the tools'
    wording, written in `lang`)."""
    words = {"number": number, "total": total, **_words(service, lang)}
    when = when_text(lang, {"when": when})
    text = say(lang, "shown.session", when=when, **words)
    if service.strategy is Strategy.IMMEDIATE:
        text += say(lang, "shown.immediate", **words)
    return text + " " + book_as_shown(lang)


def take_your_time(lang: str = "en", *, shown: bool = False) -> str:
    """The answer to a hesitation: nothing is booked; a proposal shown stays open."""
    return say(lang, "hesitant.shown" if shown else "hesitant")


def unread_on_shown(lang: str = "en") -> str:
    """What a message this model cannot read gets while a proposal waits for a yes."""
    return f"{say(lang, 'not_understood.short')}\n{book_as_shown(lang)}"


def book_as_shown(lang: str = "en", *, or_other: bool = False) -> str:
    """The question a shown proposal waits on; `or_other`: or another time."""
    return say(lang, "book_as_shown.or_other" if or_other else "book_as_shown")


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


def progress(business: Business, plans: list[JSON], lang: str = "en") -> str:
    if not plans:
        return say(lang, "progress.none")
    return "\n\n".join(_plan_progress(business, plan, lang) for plan in plans)


def _plan_progress(business: Business, plan: JSON, lang: str) -> str:
    """One plan: how far it is, its sessions and their status, what comes next."""
    service = business.service(plan["service_id"])
    words = _words(service, lang)
    left = catalogue.count_text(lang, service, plan["remaining_unscheduled"])
    counts = {k: plan[k] for k in ("completed", "total", "booked")}
    lines = [say(lang, "progress.plan", service=plan["service_name"], left=left, **counts)]
    for s in plan["sessions"]:
        status = str(s["status"])
        if f"status.{status}" in en.TEXTS:
            status = say(lang, f"status.{status}")
        when = when_text(lang, s)
        lines.append(
            say(lang, "progress.session", number=s["number"], when=when, status=status, **words)
        )
    action = plan["next_action"]
    if action["kind"] == "book_next" and action.get("suggested_day"):
        days = {
            k: _iso_day(lang, action.get(f"{k}_day")) for k in ("earliest", "latest", "suggested")
        }
        key = "progress.next" if days["latest"] else "progress.next_open"
        first, last, best = days["earliest"], days["latest"], days["suggested"]
        lines.append(
            say(lang, key, number=action["session"], first=first, last=last, best=best, **words)
        )
    elif action["kind"] == "attend" and action.get("at"):
        when = catalogue.at_text(lang, action["at"])
        lines.append(say(lang, "next.attend_on", number=action["session"], when=when, **words))
    return "\n".join(lines)


def _iso_day(lang: str, iso: str | None) -> str | None:
    """A day of the progress: ISO as the tools give it in English, else the customer's way."""
    if not iso or lang == "en":
        return iso
    return catalogue.day_text(lang, iso)


def bookings(business: Business, items: list[JSON], lang: str = "en") -> str:
    if not items:
        return say(lang, "bookings.none")
    lines = [say(lang, "bookings.header")]
    shown = None
    for s in items:
        service = business.service(s["service_id"]) if s.get("service_id") else None
        when = when_text(lang, s)
        if s["of"] <= 1 or service is None:
            label = s.get("service_name") or say(lang, "bookings.appointment")
            lines.append(say(lang, "booked.line", label=label, when=when))
            shown = None
            continue
        if s["service_id"] != shown:
            lines.append(f"{s['service_name']}:")
            shown = s["service_id"]
        lines.append(say(lang, "booked.line", label=_label(service, s, lang), when=when))
    return "\n".join(lines)


def one_booking(item: JSON, business: Business | None = None, lang: str = "en") -> str:
    """The one upcoming session a question asked about."""
    name = f" ({item['name']})" if item.get("name") else ""
    service = item.get("service_name") or say(lang, "one_booking.appointment")
    when = when_text(lang, item)
    if item["of"] <= 1:
        return say(lang, "one_booking.single", service=service, when=when)
    found = business.service(item["service_id"]) if business and item.get("service_id") else None
    one = unit(found, lang) if found is not None else say(lang, "unit.session")
    values = {"number": item["number"], "of": item["of"], "name": name, "when": when}
    return say(lang, "one_booking.numbered", service=service, unit=one, Unit=_cap(one), **values)


def price(business: Business, service: Service, lang: str = "en") -> str:
    return f"{service.name}: {price_text(business, service, lang)}."


def other_customer(lang: str = "en") -> str:
    return say(lang, "other_customer")


def either_free(starts: list[str], *, all_free: bool, lang: str = "en") -> str:
    """The free ones of the times offered as alternatives, numbered to pick from."""
    if len(starts) == 1:
        return say(lang, "either.one_free", option=numbered(starts, lang))
    key = "either.both_free" if all_free and len(starts) == 2 else "either.free"
    return say(lang, key, options=numbered(starts, lang))


def either_taken(lang: str = "en") -> str:
    return say(lang, "either.none_free")


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


def invalid_date(reason: str, lang: str = "en") -> str:
    return say(lang, "invalid_date", reason=reason)


ERRORS = {"no_plan": "error.no_plan", "ProposalError": "error.stale"}
"""The tools' error codes (tools.registry.ToolRetry) told in the customer's terms."""


def tool_error(error: JSON, service: Service | None = None, lang: str = "en") -> str:
    """What went wrong, in the customer's terms: by the tool's error `code`, else a
    general sorry naming the service; never the tool's own (English, internal) words."""
    code, message = str(error.get("code") or ""), str(error.get("message") or "")
    key = ERRORS.get(code)
    if code == "no_plan" and "upcoming" in message:
        key = "error.no_upcoming"  # a plan is booked, nothing of it ahead
    if code == "not_confirmed":
        return say(lang, "error.not_confirmed")
    if service is None:
        return say(lang, "error.generic")
    return say(lang, key or "error.service", service=service.name)


def past_date(lang: str = "en") -> str:
    return say(lang, "past_date")
