"""Plain-language facts about a business and its services.

Both the system prompt (for an LLM) and the offline model's replies describe
services the same way, from these functions.
"""

from __future__ import annotations

from bookbot.core.config import WEEKDAYS, Business, Service, Strategy
from bookbot.core.pricing import plan_price

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


FREE = "free"


def money(amount: float, currency: str, lang: str = "en") -> str:
    """'CHF 3,500', 'USD 12.50'; nothing to pay reads 'free', never 'USD 0'. German and
    Spanish group thousands with a point and write decimals with a comma ('UYU 3.200',
    'EUR 12,50'), except for the currencies of the countries that write them the
    English way (Mexico, the US, Peru, Central America)."""
    if amount == 0:
        return FREE
    whole = int(amount) == amount
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang != "en" and currency not in _WRITTEN_THE_ENGLISH_WAY:
        text = text.translate(_POINT_GROUPS)
    return f"{currency} {text}"


_POINT_GROUPS = str.maketrans({",": ".", ".": ","})
_WRITTEN_THE_ENGLISH_WAY = frozenset({"MXN", "USD", "PEN", "GTQ", "HNL", "NIO", "PAB", "DOP"})


def price_text(service: Service, currency: str) -> str:
    if service.price is None:
        return "on request"
    if service.price == 0:
        return FREE  # not "free per session (free for all 6)"
    if service.price_per == "session":
        n = service.total_sessions
        if n > 1:
            total = money(plan_price(service, n) or 0, currency)
            return f"{money(service.price, currency)} per session ({total} for all {n})"
        return money(service.price, currency)
    if service.total_sessions > 1:
        return f"{money(service.price, currency)} for all {service.total_sessions} sessions"
    return money(service.price, currency)


def strategy_text(service: Service) -> str:
    n = service.total_sessions
    if n <= 1 or not service.requires_multiple_sessions:
        return "a single appointment"
    if service.strategy is Strategy.IMMEDIATE:
        return f"all {n} sessions are planned and booked together, now"
    if service.strategy is Strategy.SEQUENTIAL:
        return f"{n} sessions booked one at a time; the next after the previous is completed"
    return f"{n} sessions booked at the customer's own pace, any number at a time"


def plural_days(n: int) -> str:
    if n % 7 == 0 and n >= 7:
        weeks = n // 7
        return f"{weeks} week{'s' if weeks > 1 else ''}"
    return f"{n} day{'s' if n != 1 else ''}"


def gap_lines(service: Service) -> list[str]:
    """One line per gap between consecutive sessions, merged where all are alike."""
    n = service.total_sessions
    gaps = [service.gap(k) for k in range(1, n)]
    lines: list[str] = []
    if not gaps:
        return lines
    describe = []
    for gap in gaps:
        if gap.maximum is not None and gap.maximum != gap.minimum:
            text = f"{gap.minimum}-{gap.maximum} days apart"
            if gap.target != gap.minimum:
                text += f" (ideally {gap.target})"
        elif gap.minimum == 0:
            text = "no minimum gap (consecutive days are fine)"
        else:
            text = f"at least {plural_days(gap.minimum)} apart"
        describe.append(text)
    if len(set(describe)) == 1:
        lines.append(describe[0])
    else:
        lines.extend(f"session {k} to {k + 1}: {text}" for k, text in enumerate(describe, 1))
    return lines


def buffer_text(service: Service) -> str:
    text = "; ".join(gap_lines(service)) or "no spacing rules"
    frequency = service.session_buffer_config.frequency_text
    if frequency:
        text += f"; suggested frequency: {frequency}"
    return text


def session_lines(service: Service) -> str:
    parts = []
    for k in range(1, service.total_sessions + 1):
        name = service.session_name(k)
        minutes = service.session_duration(k)
        if name:
            parts.append(f"{k}. {name} ({minutes} min)")
    if parts:
        return "; ".join(parts)
    return f"{service.duration_minutes} min each"


def hours_lines(business: Business) -> list[str]:
    lines = []
    for day in WEEKDAYS:
        ranges = business.hours.get(day, ())
        text = ", ".join(str(r) for r in ranges) if ranges else "closed"
        lines.append(f"{DAY_NAMES[day]}: {text}")
    return lines


def hours_groups(business: Business) -> list[str]:
    """The weekly hours with runs of alike days merged: 'Monday-Friday: 08:00-12:00'."""
    texts = []
    for day in WEEKDAYS:
        ranges = business.hours.get(day, ())
        texts.append(", ".join(str(r) for r in ranges) if ranges else "closed")
    lines: list[str] = []
    start = 0
    for end in range(1, len(WEEKDAYS) + 1):
        if end == len(WEEKDAYS) or texts[end] != texts[start]:
            first, last = DAY_NAMES[WEEKDAYS[start]], DAY_NAMES[WEEKDAYS[end - 1]]
            days = first if start == end - 1 else f"{first}-{last}"
            lines.append(f"{days}: {texts[start]}")
            start = end
    return lines


def contact_lines(business: Business) -> list[str]:
    """'Phone: +41 …' for each `contact:` detail the business gives (none without one)."""
    contact = business.contact
    if contact is None:
        return []
    labels = (
        ("Phone", contact.phone),
        ("Email", contact.email),
        ("Address", contact.address),
        ("Website", contact.website),
        ("Hours note", contact.hours_note),
    )
    return [f"{label}: {value}" for label, value in labels if value]
