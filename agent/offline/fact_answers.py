"""Answers to questions about the business itself, from its configuration: the
cancellation and reschedule notice, how long packages stay valid, whether it is
open on a given day, and how to reach it. Each answer is honest about what this
assistant can and cannot do; none of them needs a tool."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bookbot.agent.offline.catalogue import day_text, say, texts
from bookbot.core.config import WEEKDAYS, Business, Service

FACT_INTENTS = ("policy", "validity", "opening", "contact")
"""The intents answered here, in the order their answers are written."""


def _hours(value: float, lang: str) -> str:
    n = int(value) if float(value).is_integer() else value
    return say(lang, "fact.hour" if n == 1 else "fact.hours", n=n)


def policy(business: Business, lang: str = "en") -> str:
    notice = _hours(business.min_notice_hours, lang)
    return say(
        lang,
        "fact.policy",
        notice=notice,
        reschedule=_hours(business.reschedule_notice_hours, lang),
    )


def validity(business: Business, service: Service | None, lang: str = "en") -> str:
    chosen = [service] if service is not None else list(business.services)
    lines = [
        say(lang, "fact.valid", service=s.name, days=s.package_expiry_days)
        for s in chosen
        if s.package_expiry_days
    ]
    if lines:
        return "\n".join(lines)
    if service is None:
        return say(lang, "fact.no_expiry")
    return say(lang, "fact.no_expiry_one", service=service.name)


def opening(
    business: Business, days: Iterable[date], lang: str = "en", weekdays: Iterable[int] = ()
) -> str | None:
    """Whether the business is open on each named day (holidays included) and on each
    named weekday ("are you open on Wednesdays?", 0 = Monday, its weekly hours); None
    when neither was named (the weekly hours answer that)."""
    lines = []
    for weekday in weekdays:
        name = texts(lang).WEEKDAYS_LONG[weekday]
        name = name if name.endswith("s") else name + "s"  # "Mondays", "montags", "los lunes"
        ranges = business.hours.get(WEEKDAYS[weekday], ())
        if not ranges:
            lines.append(say(lang, "fact.closed_weekday", weekdays=name))
            continue
        hours = ", ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in ranges)
        lines.append(say(lang, "fact.open_weekday", weekdays=name, hours=hours))
    for day in days:
        ranges = business.opening(day)
        if not ranges:
            lines.append(say(lang, "fact.closed_on", day=day_text(lang, day)))
            continue
        hours = ", ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in ranges)
        lines.append(say(lang, "fact.open_on", day=day_text(lang, day), hours=hours))
    return "\n".join(lines) or None


def contact(business: Business, lang: str = "en") -> str:
    details = _contact_lines(business, lang)
    if not details:
        return say(lang, "fact.no_contact", business=business.name)
    return say(lang, "fact.contact", business=business.name) + "\n" + "\n".join(details)


_CONTACT_FIELDS = ("phone", "email", "address", "website", "hours_note")


def _contact_lines(business: Business, lang: str) -> list[str]:
    """The business's `contact:` block, when its configuration has one."""
    block = getattr(business, "contact", None)
    if block is None:
        return []
    return [
        f"{say(lang, f'fact.{key}')}: {getattr(block, key)}"
        for key in _CONTACT_FIELDS
        if getattr(block, key, None)
    ]


def answer(
    intents: Iterable[str],
    business: Business,
    service: Service | None,
    days: list[date],
    lang: str = "en",
    weekdays: Iterable[int] = (),
) -> str | None:
    """The answers to every fact question among `intents`, in one text; None if none."""
    wanted = set(intents)
    parts: list[str] = []
    if "policy" in wanted:
        parts.append(policy(business, lang))
    if "validity" in wanted:
        parts.append(validity(business, service, lang))
    if "opening" in wanted:
        parts.append(opening(business, days, lang, weekdays) or "")
    if "contact" in wanted:
        parts.append(contact(business, lang))
    text = "\n".join(p for p in parts if p)
    return text or None
