"""The offline model completes the guide's three example conversations end to end,
judged by the database: exactly the expected bookings, none before the yes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.service.conversations import Conversations
from bookbot.settings import Settings
from bookbot.store.models import BookingRow, ServiceRow
from bookbot.store.status import complete_session

ZONE = ZoneInfo("Europe/Zurich")
PHONE = "+41790000001"


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    with open_runtime(Settings(database_url=f"sqlite:///{tmp_path / 'guide.db'}")) as rt:
        yield rt


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


def say(rt: Runtime, text: str, now: str) -> str:
    answer = Conversations.of(rt).handle(phone=PHONE, text=text, now=at(now), name="Marie")
    assert answer is not None and answer.outcome.error is None
    return answer.reply


def booked(factory: sessionmaker[Session]) -> list[tuple[str, int, str, str]]:
    with factory() as session:
        rows = session.execute(
            select(ServiceRow.slug, BookingRow)
            .join(ServiceRow, ServiceRow.id == BookingRow.service_id)
            .order_by(BookingRow.start_at)
        ).all()
        return [
            (slug, b.session_number, f"{b.start_at.astimezone(ZONE):%Y-%m-%d %H:%M}", b.status)
            for slug, b in rows
        ]


def complete(factory: sessionmaker[Session], number: int, now: str) -> None:
    with factory.begin() as session:
        row = session.scalars(select(BookingRow).where(BookingRow.session_number == number)).one()
        complete_session(
            session, group_id=row.session_group_id, session_number=number, actor="admin", at=at(now)
        )


@contextmanager
def physio_first_session_done(folder: Path) -> Iterator[Runtime]:
    """The demo business with a physio plan booked on 4 March and its first session
    completed on 5 March (the window of session 2 runs from 7 to 12 March)."""
    with open_runtime(Settings(database_url=f"sqlite:///{folder / 'physio.db'}")) as rt:
        say(rt, "I need physiotherapy for my back pain", "2026-03-04T09:00")
        say(rt, "Tomorrow at 10am if possible", "2026-03-04T09:00")
        say(rt, "yes", "2026-03-04T09:00")
        complete(rt.session_factory, 1, "2026-03-05T11:00")
        yield rt


def test_dental_implant_immediate(runtime: Runtime) -> None:
    now = "2026-03-02T09:00"
    assert "3 sessions" in say(runtime, "I need a dental implant", now)
    plan = say(runtime, "How about March 10th at 2pm?", now)
    for day in ("10 Mar", "24 Mar", "23 Apr"):
        assert day in plan
    assert booked(runtime.session_factory) == []
    assert "confirmed" in say(runtime, "Perfect!", now)
    assert booked(runtime.session_factory) == [
        ("dental-implant", 1, "2026-03-10 14:00", "confirmed"),
        ("dental-implant", 2, "2026-03-24 14:00", "confirmed"),
        ("dental-implant", 3, "2026-04-23 14:00", "confirmed"),
    ]


def test_driving_lessons_flexible(runtime: Runtime) -> None:
    now = "2026-03-01T09:00"  # a Sunday
    assert "10 lessons" in say(runtime, "I want to learn to drive", now)
    say(runtime, "Let's start with 5", now)
    plan = say(runtime, "Mondays and Wednesdays at 6pm, and Saturday mornings", now)
    assert "Lesson 5 of 10" in plan
    assert booked(runtime.session_factory) == []
    say(runtime, "Yes!", now)
    assert booked(runtime.session_factory) == [
        ("driving-lessons", 1, "2026-03-02 18:00", "confirmed"),
        ("driving-lessons", 2, "2026-03-04 18:00", "confirmed"),
        ("driving-lessons", 3, "2026-03-07 09:00", "confirmed"),
        ("driving-lessons", 4, "2026-03-09 18:00", "confirmed"),
        ("driving-lessons", 5, "2026-03-11 18:00", "confirmed"),
    ]
    assert "5 lessons" in say(runtime, "how many lessons do I have left?", now)


def test_physiotherapy_sequential(runtime: Runtime) -> None:
    now = "2026-03-04T09:00"
    assert "8 sessions" in say(runtime, "I need physiotherapy for my back pain", now)
    assert "Thu 5 Mar" in say(runtime, "Tomorrow at 10am if possible", now)
    say(runtime, "yes", now)
    assert booked(runtime.session_factory) == [
        ("physiotherapy", 1, "2026-03-05 10:00", "confirmed")
    ]
    complete(runtime.session_factory, 1, "2026-03-05T11:00")
    # Friday is one day after session 1; the demo's minimum is 2 days: refused with options
    refusal = say(runtime, "Same time on Friday?", "2026-03-05T11:00")
    assert "Sat 7 Mar" in refusal and "10:00" in refusal
    offer = say(runtime, "the first one", "2026-03-05T11:00")
    assert "Session 2 of 8" in offer
    say(runtime, "yes", "2026-03-05T11:00")
    assert booked(runtime.session_factory) == [
        ("physiotherapy", 1, "2026-03-05 10:00", "completed"),
        ("physiotherapy", 2, "2026-03-07 10:00", "confirmed"),
    ]
