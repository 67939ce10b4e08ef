"""The results several tools share (a session, a conflict, a proposal, a booking)
and how core values become them: local times, as the model reads them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import Field

from bookbot.core.config import Business, Service
from bookbot.core.open_days import open_suggestion
from bookbot.core.types import Conflict, PlannedSession, SessionState
from bookbot.tools.arguments import Result


class SessionView(Result):
    number: int
    of: int
    start: str = Field(description="Local start, YYYY-MM-DDTHH:MM")
    when: str = Field(description="The start as the customer should read it")
    duration_minutes: int
    name: str | None = None
    status: str | None = None
    moved: bool | None = Field(
        default=None,
        description="Reschedule previews: true for a session whose time changes, "
        "false for one that stays as it is",
    )
    service_id: str | None = None
    service_name: str | None = None


class ConflictView(Result):
    rule: str
    session: int
    message: str
    requested: str | None = None
    alternatives: list[str] = Field(default_factory=list)
    alternatives_when: list[str] = Field(default_factory=list)
    earliest_day: str | None = None
    latest_day: str | None = None
    suggested_day: str | None = None


class ProposalResult(Result):
    """A preview (propose_schedule, and reschedule_session / cancel_booking without a
    proposal_id): a proposal to show, a conflict, or (`next_step`) what to ask first."""

    ok: bool
    service_id: str
    service_name: str
    proposal_id: str | None = None
    kind: str | None = None
    sessions: list[SessionView] = Field(
        default_factory=list,
        description="The sessions to book or cancel; for a reschedule, the whole new plan "
        "in date order (every session, `moved` marking the ones whose time changes)",
    )
    moved_sessions: list[int] = Field(
        default_factory=list,
        description="Reschedule previews: the current numbers of the sessions that move",
    )
    total_price: str | None = None
    sessions_left_after: int | None = None
    conflict: ConflictView | None = None
    next_step: str | None = None


class BookingResult(Result):
    """A proposal applied (book_group, and reschedule_session / cancel_booking with a
    proposal_id), or why nothing was written."""

    booked: bool
    already_done: bool = False
    service_id: str
    service_name: str
    kind: str
    sessions: list[SessionView]
    completed: int | None = None
    booked_total: int | None = None
    remaining_unscheduled: int | None = None
    conflict: ConflictView | None = None
    message: str | None = None


def local_iso(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%dT%H:%M}"


def human(moment: datetime, zone: ZoneInfo) -> str:
    """'Tue 10 Mar 2026, 14:00' in the business timezone."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def day_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def session_view(
    service: Service,
    session: PlannedSession | SessionState,
    zone: ZoneInfo,
    *,
    with_service: bool = False,
    moved: bool | None = None,
) -> SessionView:
    status = session.status.value if isinstance(session, SessionState) else None
    return SessionView(
        number=session.number,
        of=service.total_sessions,
        start=local_iso(session.start, zone),
        when=human(session.start, zone),
        # elapsed minutes: same-zone datetimes subtract on the wall clock (DST nights)
        duration_minutes=int((session.end.timestamp() - session.start.timestamp()) // 60),
        name=service.session_name(session.number),
        status=status,
        moved=moved,
        service_id=service.id if with_service else None,
        service_name=service.name if with_service else None,
    )


def conflict_view(conflict: Conflict, business: Business) -> ConflictView:
    zone = business.zone
    return ConflictView(
        rule=conflict.rule.value,
        session=conflict.session,
        message=conflict.message,
        requested=None if conflict.requested is None else local_iso(conflict.requested, zone),
        alternatives=[local_iso(a, zone) for a in conflict.alternatives],
        alternatives_when=[human(a, zone) for a in conflict.alternatives],
        earliest_day=day_text(conflict.earliest),
        latest_day=day_text(conflict.latest),
        suggested_day=day_text(
            open_day(business, conflict.suggested, conflict.earliest, conflict.latest)
        ),
    )


def open_day(
    business: Business, suggested: date | None, earliest: date | None, latest: date | None
) -> date | None:
    """A conflict's suggested day on a day the business is open (`open_suggestion`)."""
    if suggested is None:
        return None
    return open_suggestion(suggested, earliest or suggested, latest, business.is_open)
