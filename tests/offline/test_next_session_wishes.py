"""A question about the next session of a one-at-a-time plan that carries a wish for
its time (held-out set 7) is a wish to book it: a weekly time ("Mondays at 11
again") proposes that day inside the plan's window, and "the same time as last
time" proposes the suggested day at the time of the plan's last session. Nothing is
booked before the yes. Phrasings are our own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.core.types import Plan, PlannedSession
from bookbot.settings import Settings
from bookbot.store.bookings import book_plan
from bookbot.store.customers import get_or_create_customer
from tests.offline.test_guide import PHONE, at, booked, complete, physio_first_session_done, say


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    with physio_first_session_done(tmp_path) as rt:
        yield rt


NOW = "2026-03-06T09:00"


@pytest.mark.parametrize(
    "text",
    [
        "when's my next physio session? same time as last time if you can",
        "can I have the next physio at the same time as last time?",
        "wann ist meine nächste Physio? gern zur gleichen Zeit wie letztes Mal",
        "¿cuándo me toca la siguiente de fisioterapia? a la misma hora que la otra vez",
        "la próxima sesión de fisio, ¿a la misma hora que la última?",
    ],
)
def test_the_same_time_as_last_time_is_the_last_sessions_time(runtime: Runtime, text: str) -> None:
    offer = say(runtime, text, NOW)
    assert "10:00" in offer
    assert [b[3] for b in booked(runtime.session_factory)] == ["completed"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("when can I do the next physio? mondays at 11 again ideally", "9 Mar"),
        ("wann können wir die nächste Physio machen? am liebsten dienstags um 11", "10.3."),
        ("¿cuándo puedo hacer la siguiente de fisioterapia? los lunes a las 11 mejor", "9 mar"),
    ],
)
def test_a_weekly_time_beside_the_question_proposes_that_day(
    runtime: Runtime, text: str, day: str
) -> None:
    offer = say(runtime, text, NOW)
    assert day in offer and "11:00" in offer
    assert [b[3] for b in booked(runtime.session_factory)] == ["completed"]


def test_the_yes_books_the_time_of_last_time(runtime: Runtime) -> None:
    say(runtime, "when is my next physio? same time as last time please", NOW)
    assert [b[3] for b in booked(runtime.session_factory)] == ["completed"]
    say(runtime, "great, yes", NOW)
    sessions = booked(runtime.session_factory)
    assert [(b[1], b[2][-5:], b[3]) for b in sessions] == [
        (1, "10:00", "completed"),
        (2, "10:00", "confirmed"),
    ]


@contextmanager
def physio_done_elsewhere(folder: Path) -> Iterator[Runtime]:
    """The demo business with a physio plan whose first session (5 March, 10:00) was
    booked and completed at the desk: the conversation knows nothing of it."""
    settings = Settings(database_url=f"sqlite:///{folder / 'desk.db'}")
    with open_runtime(settings) as rt:
        with rt.session_factory.begin() as session:
            owner = get_or_create_customer(session, phone=PHONE, name="Marie").id
        start = at("2026-03-05T10:00")
        service = rt.business.service("physiotherapy")
        planned = PlannedSession(1, start, start + timedelta(minutes=service.session_duration(1)))
        book_plan(
            rt.session_factory, business=rt.business, customer_id=owner,
            service_id=service.id, plan=Plan(sessions=(planned,)), actor="admin",
            at=at("2026-03-01T09:00"),
        )  # fmt: skip
        complete(rt.session_factory, 1, "2026-03-05T11:00")
        yield rt


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("hi, I'd like to book my 2nd physio session next monday same time as last one",
         "9 Mar"),
        ("nächste Physio bitte am Dienstag, gleiche Uhrzeit wie beim letzten Mal", "10.3."),
        ("la siguiente de fisio el lunes a la misma hora que la última", "9 mar"),
    ],
)  # fmt: skip
def test_a_named_day_at_the_same_time_as_last_time(tmp_path: Path, text: str, day: str) -> None:
    """(session 11) The day named, at the time of the plan's last session, also when
    the conversation holds no time of it (only the plan knows its last session)."""
    with physio_done_elsewhere(tmp_path) as runtime:
        offer = say(runtime, text, NOW)
        assert day in offer and "10:00" in offer, offer
        assert [b[3] for b in booked(runtime.session_factory)] == ["completed"]
