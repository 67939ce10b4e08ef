"""Helpers of the store tests: the demo business, local times, plans and counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.types import Plan, PlannedSession
from bookbot.store.confirmations import record_answer
from bookbot.store.conversations import record_inbound, record_outbound
from bookbot.store.customers import get_or_create_customer
from bookbot.store.models import Base, BookingEventRow, BookingRow, SessionGroupRow
from bookbot.store.proposals import mark_shown

ZURICH = ZoneInfo("Europe/Zurich")

DEMO: dict[str, Any] = {
    "name": "Praxis Demo",
    "timezone": "Europe/Zurich",
    "currency": "CHF",
    "slot_step_minutes": 30,
    "min_notice_hours": 2,
    "reschedule_notice_hours": 48,
    "hours": {
        "mon": ["08:00-12:00", "13:00-18:00"],
        "tue": ["08:00-12:00", "13:00-18:00"],
        "wed": ["08:00-12:00", "13:00-18:00"],
        "thu": ["08:00-12:00", "13:00-18:00"],
        "fri": ["08:00-12:00", "13:00-18:00"],
        "sat": ["09:00-13:00"],
        "sun": [],
    },
    "closed": ["2026-04-03"],
    "services": [
        {
            "id": "dental-implant",
            "name": "Dental Implant - Complete Treatment",
            "trigger_words": ["implant", "dental implant"],
            "price": 3500,
            "capacity": 1,
            "duration_minutes": 60,
            "requires_multiple_sessions": True,
            "total_sessions_required": 3,
            "multi_session_strategy": "immediate",
            "session_buffer_config": {"session_1_to_2_days": 14, "session_2_to_3_days": 30},
            "sessions": [
                {"name": "Implant placement", "duration_minutes": 90},
                {"name": "Healing check", "duration_minutes": 30},
                {"name": "Crown installation", "duration_minutes": 60},
            ],
            "package_expiry_days": 180,
        },
        {
            "id": "physio",
            "name": "Physiotherapy Treatment Plan",
            "price": 120,
            "price_per": "session",
            "capacity": 2,
            "duration_minutes": 45,
            "requires_multiple_sessions": True,
            "total_sessions_required": 8,
            "multi_session_strategy": "sequential",
            "session_buffer_config": {"minimum_days": 2, "maximum_days": 7, "recommended_days": 3},
        },
        {
            "id": "driving",
            "name": "Driving Lessons - Starter Package (10 Lessons)",
            "capacity": 2,
            "duration_minutes": 60,
            "requires_multiple_sessions": True,
            "total_sessions_required": 10,
            "multi_session_strategy": "flexible",
            "session_buffer_config": {"minimum_days": 0, "recommended_frequency": "2-3 per week"},
        },
        {"id": "consult", "name": "Consultation", "capacity": 1, "duration_minutes": 30},
    ],
    "notifications": {"reminder_hours": 24, "quiet_hours": "21:00-08:00"},
}


def local(text: str) -> datetime:
    """An aware Zurich datetime from '2026-03-10T14:00'."""
    return datetime.fromisoformat(text).replace(tzinfo=ZURICH)


def session_at(number: int, start: str, minutes: int = 60) -> PlannedSession:
    begin = local(start)
    return PlannedSession(number=number, start=begin, end=begin + timedelta(minutes=minutes))


def plan(*sessions: PlannedSession, renumbered: tuple[tuple[int, int], ...] = ()) -> Plan:
    return Plan(sessions=tuple(sessions), renumbered=renumbered)


def implant_plan(start: str = "2026-03-10T14:00") -> Plan:
    """The seed's immediate plan: 90, 30 and 60 minutes, 14 and 30 days apart."""
    first = local(start)
    return plan(
        PlannedSession(1, first, first + timedelta(minutes=90), "Implant placement"),
        PlannedSession(2, first + timedelta(days=14), first + timedelta(days=14, minutes=30)),
        PlannedSession(3, first + timedelta(days=44), first + timedelta(days=44, minutes=60)),
    )


def customer(factory: sessionmaker[Session], phone: str, name: str | None = None) -> int:
    with factory.begin() as session:
        return get_or_create_customer(session, phone=phone, name=name).id


def counts(factory: sessionmaker[Session]) -> dict[str, int]:
    """Rows in the booking tables (to show that nothing was written)."""
    with factory() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (SessionGroupRow, BookingRow, BookingEventRow)
        }


def table_names() -> set[str]:
    return set(Base.metadata.tables)


def show_and_answer(
    session: Session, conversation_id: int, answer: str, *, at: datetime, text: str = ""
) -> int:
    """A reply shows the conversation's new proposals, and the customer answers it with
    `answer` (yes, no, change, unclear) in a text message; the message's id."""
    reply = record_outbound(session, conversation_id=conversation_id, text="Shall I?", at=at)
    mark_shown(session, conversation_id=conversation_id, now=at, message_id=reply.id)
    message = record_inbound(session, conversation_id=conversation_id, text=text or answer, at=at)
    assert message is not None
    record_answer(
        session, message_id=message.id, confirmation=answer, source="text", offer=None, now=at
    )
    return message.id
