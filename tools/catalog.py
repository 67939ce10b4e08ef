"""list_services, find_service and check_availability: what the business offers."""

from __future__ import annotations

import difflib
import re
from datetime import datetime, time, timedelta

from bookbot.core.availability import Availability
from bookbot.core.config import Service
from bookbot.core.types import BookingStatus
from bookbot.store import bookings as booking_store
from bookbot.tools.context import ToolContext
from bookbot.tools.registry import ToolRetry
from bookbot.tools.schemas import (
    AvailabilityDay,
    AvailabilityResult,
    CheckAvailabilityArgs,
    FindServiceArgs,
    ListServicesArgs,
    ServicesResult,
)
from bookbot.tools.views import service_view

MAX_DAYS = 31
_WORD = re.compile(r"[a-z0-9]+")


def list_services(ctx: ToolContext, args: ListServicesArgs) -> ServicesResult:
    """Every service of the business: sessions, spacing, booking strategy, price."""
    return ServicesResult(services=[service_view(ctx.business, s) for s in ctx.business.services])


def _score(query_words: list[str], service: Service) -> float:
    phrases = [service.id.replace("-", " "), service.name, *service.trigger_words]
    words = {w for p in phrases for w in _WORD.findall(p.lower()) if len(w) > 2}
    text = " ".join(query_words)
    score = 0.0
    for phrase in service.trigger_words:
        if phrase.lower() in text:
            score += 2 + len(phrase) / 20
    for word in query_words:
        if len(word) <= 2:
            continue
        if word in words:
            score += 1
        elif difflib.get_close_matches(word, words, n=1, cutoff=0.8):
            score += 0.6
    return score


def find_service(ctx: ToolContext, args: FindServiceArgs) -> ServicesResult:
    """Services matching the customer's words (trigger words, names, close spellings),
    best first; empty when nothing fits."""
    words = _WORD.findall(args.query.lower())
    scored = [(_score(words, s), i, s) for i, s in enumerate(ctx.business.services)]
    hits = sorted((t for t in scored if t[0] >= 0.6), key=lambda t: (-t[0], t[1]))
    return ServicesResult(services=[service_view(ctx.business, s) for _, _, s in hits])


def check_availability(ctx: ToolContext, args: CheckAvailabilityArgs) -> AvailabilityResult:
    """Free start times for a session of a service, day by day (local times).
    Use it when the customer asks what is free; to plan a booking use propose_schedule."""
    service = ctx.service(args.service_id)
    first = ctx.local_date(args.date_from, "date_from") if args.date_from else ctx.today()
    last = ctx.local_date(args.date_to, "date_to") if args.date_to else first + timedelta(days=6)
    if last < first:
        raise ToolRetry("date_to is before date_from")
    if (last - first).days > MAX_DAYS:
        raise ToolRetry(f"search at most {MAX_DAYS} days at once")
    number = args.session_number or _next_number(ctx, service)
    if number > service.total_sessions:
        raise ToolRetry(f"{service.name} has {service.total_sessions} sessions")
    def free_days(avail: Availability) -> list[AvailabilityDay]:
        found: list[AvailabilityDay] = []
        day = max(first, ctx.today())
        while day <= last:
            starts = avail.free_starts(day, number)
            if starts:
                found.append(
                    AvailabilityDay(
                        date=day.isoformat(),
                        weekday=f"{day:%A}",
                        times=[f"{s.astimezone(ctx.zone):%H:%M}" for s in starts],
                    )
                )
            day += timedelta(days=1)
        return found

    end = datetime.combine(last, time(0), tzinfo=ctx.zone)
    days = ctx.planning(service, free_days, around=end)
    note = None if days else "nothing free in this range; try later days"
    return AvailabilityResult(service_id=service.id, session_number=number, days=days, note=note)


def _next_number(ctx: ToolContext, service: Service) -> int:
    with ctx.session_factory() as session:
        group = booking_store.active_group(
            session, customer_id=ctx.customer_id, service_id=service.id
        )
        if group is None:
            return 1
        sessions = booking_store.group_sessions(
            session, group_id=group.id, customer_id=ctx.customer_id
        )
    used = sum(
        1 for s in sessions if s.status in (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)
    )
    return min(used + 1, service.total_sessions)
