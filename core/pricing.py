"""The price rule: what a booking of some sessions of a service costs.

A per-session price (`price_per: session`) multiplies by the sessions booked;
a plan price is paid once, with the plan's first booking (later bookings of the
same plan cost nothing more). Wording the amounts is `bookbot.prompts.facts`'.
"""

from __future__ import annotations

from bookbot.core.config import Service


def plan_price(service: Service, sessions: int) -> float | None:
    """What `sessions` sessions cost: per-session prices multiply, plans cost once.
    None when the service's price is on request."""
    if service.price is None:
        return None
    if service.price_per == "session":
        return service.price * sessions
    return service.price


def price_due(service: Service, sessions: int, *, first_booking: bool) -> float | None:
    """What booking `sessions` sessions now costs: a plan's price is due with its first
    booking only (None: nothing to state, or the price is on request)."""
    if service.price_per != "session" and not first_booking:
        return None  # the plan's price was agreed with its first booking
    return plan_price(service, sessions)
