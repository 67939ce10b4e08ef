"""check_availability: the free start times of a session, day by day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pydantic import Field

from bookbot.core.availability import Availability
from bookbot.core.config import Service, Strategy
from bookbot.core.open_days import open_suggestion
from bookbot.core.planner import sequential_window
from bookbot.core.types import BookingStatus, Conflict, SessionState, Window
from bookbot.tools.arguments import LOCAL_DATE, Args, Result, local_date, service_arg
from bookbot.tools.calendar_window import package_expiry, plan_over
from bookbot.tools.context import ToolContext
from bookbot.tools.registry import ToolRetry

MAX_DAYS = 31


class CheckAvailabilityArgs(Args):
    service_id: str  # the system prompt lists every service with its service_id
    date_from: str | None = Field(
        default=None, pattern=LOCAL_DATE, description="First local day"
    )
    date_to: str | None = Field(
        default=None,
        pattern=LOCAL_DATE,
        description="Last local day; default: date_from + 6 days",
    )
    session_number: int | None = Field(
        default=None, ge=1, description="Default: the next session"
    )


class AvailabilityDay(Result):
    date: str
    weekday: str
    times: list[str]


class BookingWindow(Result):
    """Where the next session of a sequential plan may go."""

    earliest_day: str
    latest_day: str | None = None
    suggested_day: str


class AvailabilityResult(Result):
    service_id: str
    session_number: int
    days: list[AvailabilityDay]
    window: BookingWindow | None = Field(
        default=None,
        description="Sequential plans: the days the next session may be booked on; "
        "only those days are searched",
    )
    note: str | None = None


def check_availability(ctx: ToolContext, args: CheckAvailabilityArgs) -> AvailabilityResult:
    """Free start times per day, to answer what is free (to book: propose_schedule);
    sequential plans: the next session's window."""
    service = service_arg(ctx.business, args.service_id)
    first, last = _day_range(ctx, args)
    group, sessions = ctx.active_sessions(service)
    number = args.session_number or _next_number(service, sessions)
    if number > service.total_sessions:
        raise ToolRetry(f"{service.name} has {service.total_sessions} sessions")
    windowed = service.booking_strategy is Strategy.SEQUENTIAL and number == _next_number(
        service, sessions
    )

    def search(avail: Availability) -> AvailabilityResult:
        window = sequential_window(avail, sessions) if windowed else None
        if isinstance(window, Conflict):
            return AvailabilityResult(
                service_id=service.id, session_number=number, days=[], note=window.message
            )
        return _search(ctx, avail, number, (first, last), window)

    end = datetime.combine(last, time(0), tzinfo=ctx.zone)
    expires_at = package_expiry(ctx, service, group)
    return plan_over(ctx, service, search, around=end, expires_at=expires_at)


def _day_range(ctx: ToolContext, args: CheckAvailabilityArgs) -> tuple[date, date]:
    """The days asked for (default: the week from today); ToolRetry for a bad range."""
    first = local_date(args.date_from, "date_from") if args.date_from else ctx.today()
    last = local_date(args.date_to, "date_to") if args.date_to else first + timedelta(days=6)
    if last < first:
        raise ToolRetry("date_to is before date_from")
    if (last - first).days > MAX_DAYS:
        raise ToolRetry(f"search at most {MAX_DAYS} days at once")
    return first, last


def _search(
    ctx: ToolContext,
    avail: Availability,
    number: int,
    asked: tuple[date, date],
    window: Window | None,
) -> AvailabilityResult:
    """The free days of the range `asked`, inside the sequential `window` when there is one."""
    low, high = max(asked[0], ctx.today()), asked[1]
    if window is not None:
        low = max(low, window.earliest)
        high = min(high, window.latest) if window.latest is not None else high
    cut = avail.last_day is not None and high > avail.last_day
    days = _free_days(ctx, avail, number, low, min(high, avail.last_day or high), window)
    view = _window_view(ctx, window)
    note = None if days else _empty_note(view, number)
    if cut:
        note = _expiry_note(avail, note)
    service_id = avail.service.id
    return AvailabilityResult(
        service_id=service_id, session_number=number, days=days, window=view, note=note
    )


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
