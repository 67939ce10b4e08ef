"""list_services, find_service and check_availability: what the business offers."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time, timedelta

from bookbot.core.availability import Availability
from bookbot.core.config import Service, Strategy
from bookbot.core.open_days import open_suggestion
from bookbot.core.planner import sequential_window
from bookbot.core.types import BookingStatus, Conflict, SessionState, Window
from bookbot.tools.context import ToolContext
from bookbot.tools.registry import ToolRetry
from bookbot.tools.schemas import (
    AvailabilityDay,
    AvailabilityResult,
    BookingWindow,
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
    """Services matching the customer's words, best first; empty when none fits."""
    words = _WORD.findall(args.query.lower())
    scored = [(_score(words, s), i, s) for i, s in enumerate(ctx.business.services)]
    hits = sorted((t for t in scored if t[0] >= 0.6), key=lambda t: (-t[0], t[1]))
    return ServicesResult(services=[service_view(ctx.business, s) for _, _, s in hits])


def check_availability(ctx: ToolContext, args: CheckAvailabilityArgs) -> AvailabilityResult:
    """Free start times of a session, day by day, for questions about what is free
    (to book, use propose_schedule). Sequential plans: only the next session's window."""
    service = ctx.service(args.service_id)
    first = ctx.local_date(args.date_from, "date_from") if args.date_from else ctx.today()
    last = ctx.local_date(args.date_to, "date_to") if args.date_to else first + timedelta(days=6)
    if last < first:
        raise ToolRetry("date_to is before date_from")
    if (last - first).days > MAX_DAYS:
        raise ToolRetry(f"search at most {MAX_DAYS} days at once")
    group, sessions = ctx.active_sessions(service)
    number = args.session_number or _next_number(service, sessions)
    if number > service.total_sessions:
        raise ToolRetry(f"{service.name} has {service.total_sessions} sessions")
    windowed = service.strategy is Strategy.SEQUENTIAL and number == _next_number(service, sessions)

    def search(avail: Availability) -> AvailabilityResult:
        window = sequential_window(avail, sessions) if windowed else None
        if isinstance(window, Conflict):
            return AvailabilityResult(
                service_id=service.id, session_number=number, days=[], note=window.message
            )
        low, high = max(first, ctx.today()), last
        if window is not None:
            low = max(low, window.earliest)
            high = min(high, window.latest) if window.latest is not None else high
        cut = avail.last_day is not None and high > avail.last_day
        days = _free_days(ctx, avail, number, low, min(high, avail.last_day or high), window)
        view = _window_view(ctx, window)
        note = None if days else _empty_note(view, number)
        if cut:
            note = _expiry_note(avail, note)
        return AvailabilityResult(
            service_id=service.id, session_number=number, days=days, window=view, note=note
        )

    end = datetime.combine(last, time(0), tzinfo=ctx.zone)
    expires_at = ctx.package_expiry(service, group)
    return ctx.planning(service, search, around=end, expires_at=expires_at)


def _expiry_note(avail: Availability, note: str | None) -> str:
    """The note when the range reaches past the package's expiry."""
    text = f"{avail.expiry_text()}: no session can start after that, so later days are not listed"
    return text if note is None else f"{note}; {text}"


def _free_days(
    ctx: ToolContext,
    avail: Availability,
    number: int,
    first: date,
    last: date,
    window: Window | None = None,
) -> list[AvailabilityDay]:
    """Free starts day by day; inside a sequential window only those it allows
    (after the previous session ends)."""
    found: list[AvailabilityDay] = []
    day = first
    while day <= last:
        starts = avail.free_starts(day, number)
        if window is not None:
            starts = [s for s in starts if window.allows(s)]
        if starts:
            times = [f"{s.astimezone(ctx.zone):%H:%M}" for s in starts]
            found.append(AvailabilityDay(date=day.isoformat(), weekday=f"{day:%A}", times=times))
        day += timedelta(days=1)
    return found


def _window_view(ctx: ToolContext, window: Window | None) -> BookingWindow | None:
    if window is None:
        return None
    suggested = open_suggestion(
        window.suggested, window.earliest, window.latest, ctx.business.is_open
    )
    return BookingWindow(
        earliest_day=window.earliest.isoformat(),
        latest_day=window.latest.isoformat() if window.latest else None,
        suggested_day=suggested.isoformat(),
    )


def _empty_note(view: BookingWindow | None, number: int) -> str:
    if view is None:
        return "nothing free in this range; try later days"
    until = f" to {view.latest_day}" if view.latest_day else ""
    return (
        f"nothing free in this range; session {number} may be booked from "
        f"{view.earliest_day}{until} (suggested {view.suggested_day})"
    )


def _next_number(service: Service, sessions: list[SessionState]) -> int:
    used = sum(
        1 for s in sessions if s.status in (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)
    )
    return min(used + 1, service.total_sessions)
