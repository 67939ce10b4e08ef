"""Turn core values into the tool results the model reads (local times)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bookbot.core.config import Business, Service
from bookbot.core.open_days import open_suggestion
from bookbot.core.progress import NextAction
from bookbot.core.types import Conflict, PlannedSession, SessionState
from bookbot.prompts import facts
from bookbot.tools.schemas import (
    ConflictView,
    GapView,
    NextActionView,
    ServiceView,
    SessionView,
)


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


def next_action_view(action: NextAction, zone: ZoneInfo) -> NextActionView:
    """The next action as `progress` gave it (its suggested day already an open one)."""
    return NextActionView(
        kind=action.kind.value,
        session=action.session,
        at=None if action.at is None else local_iso(action.at, zone),
        earliest_day=day_text(action.earliest),
        latest_day=day_text(action.latest),
        suggested_day=day_text(action.suggested),
    )


def open_day(
    business: Business, suggested: date | None, earliest: date | None, latest: date | None
) -> date | None:
    """A conflict's suggested day on a day the business is open (`open_suggestion`)."""
    if suggested is None:
        return None
    return open_suggestion(suggested, earliest or suggested, latest, business.is_open)


def service_view(business: Business, service: Service) -> ServiceView:
    n = service.total_sessions
    sessions = [
        f"{k}. {service.session_name(k) or f'Session {k}'} ({service.session_duration(k)} min)"
        for k in range(1, n + 1)
    ]
    gaps = [
        GapView(
            from_session=k,
            to_session=k + 1,
            minimum_days=gap.minimum,
            maximum_days=gap.maximum,
            target_days=gap.target,
        )
        for k in range(1, n)
        for gap in [service.gap(k)]
    ]
    return ServiceView(
        service_id=service.id,
        name=service.name,
        description=service.description,
        strategy=service.strategy.value if n > 1 else "single",
        how_booking_works=facts.strategy_text(service),
        total_sessions=n,
        sessions=sessions,
        gaps=gaps,
        spacing=facts.buffer_text(service) if n > 1 else "",
        price=facts.price_text(service, business.currency),
        package_expiry_days=service.package_expiry_days,
    )
