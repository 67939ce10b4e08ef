"""The proactive-message worker against a real database: the store's state through
core's policy into the outbox, once, for each strategy of the guide (the demo
business, frozen clocks), and two workers racing without sending anything twice.

On every backend of the run (tests/service/conftest.py: the demo business in a
migrated database).
"""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.types import Plan, PlannedSession
from bookbot.service import proactive
from bookbot.service.proactive import enqueue_due
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import (
    get_or_create_customer,
    import_business,
    load_business_file,
    make_engine,
    make_session_factory,
    notification_state,
)
from bookbot.store import outbox as outbox_store
from bookbot.store.bookings import book_plan, cancel_sessions
from bookbot.store.db import write_session
from bookbot.store.outbox import OutboxItem
from bookbot.store.queries import customer_groups
from bookbot.store.status import complete_session, set_session_status

ZURICH = ZoneInfo("Europe/Zurich")
Factory = sessionmaker[Session]


@pytest.fixture
def business() -> Business:
    return load_business_file(DEMO_BUSINESS)


def t(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=ZURICH)


def customer(factory: Factory, phone: str, name: str = "Marie") -> int:
    with factory.begin() as session:
        return get_or_create_customer(session, phone=phone, name=name).id


def book(
    factory: Factory,
    business: Business,
    customer_id: int,
    service_id: str,
    *starts: str,
    first: int = 1,
    group_id: uuid.UUID | None = None,
    at: str = "2026-03-01 09:00",
) -> uuid.UUID:
    service = business.service(service_id)
    sessions = []
    for number, start in enumerate(starts, start=first):
        begin = t(start)
        minutes = service.session_duration(number)
        sessions.append(PlannedSession(number, begin, begin + timedelta(minutes=minutes)))
    result = book_plan(
        factory,
        business=business,
        customer_id=customer_id,
        service_id=service_id,
        plan=Plan(sessions=tuple(sessions)),
        group_id=group_id,
        at=t(at),
    )
    return result.group.id


def complete(
    factory: Factory, group: uuid.UUID, number: int, at: str, actor: str = "admin"
) -> None:
    with factory.begin() as session:
        complete_session(session, group_id=group, session_number=number, actor=actor, at=t(at))


def no_show(factory: Factory, group: uuid.UUID, number: int, at: str) -> None:
    with factory.begin() as session:
        set_session_status(
            session,
            group_id=group,
            session_number=number,
            status="no_show",
            actor="admin",
            at=t(at),
        )


def run(factory: Factory, business: Business, now: str) -> list[OutboxItem]:
    return enqueue_due(factory, business, now=t(now))


def kinds(items: list[OutboxItem]) -> list[str]:
    return [item.kind for item in items]


# --- each strategy of the guide -----------------------------------------------------


def test_immediate_the_24_hour_reminder_comes_once(factory: Factory, business: Business) -> None:
    marie = customer(factory, "+41790000001")
    book(
        factory,
        business,
        marie,
        "dental-implant",
        "2026-03-10 14:00",
        "2026-03-24 14:00",
        "2026-04-23 14:00",
    )
    assert run(factory, business, "2026-03-09 13:59") == []
    [reminder] = run(factory, business, "2026-03-09 14:00")
    assert reminder.kind == "reminder" and reminder.phone == "+41790000001"
    assert reminder.customer_id == marie
    assert "Session 1 of 3 (Implant placement)" in reminder.body["text"]
    assert "tomorrow, Tue 10 Mar 2026 at 14:00" in reminder.body["text"]
    template = reminder.body["template"]
    assert template["name"] == "bookbot_reminder" and template["language"] == "en"
    assert template["params"][0] == "Session 1 of 3 (Implant placement)"
    assert reminder.send_after == t("2026-03-09 14:00")
    assert datetime.fromisoformat(reminder.body["stale_after"]) == t("2026-03-10 14:00")
    # every later pass until the start finds it in the outbox
    assert run(factory, business, "2026-03-09 14:01") == []
    assert run(factory, business, "2026-03-10 13:00") == []
    complete(factory, _group_of(factory, marie), 1, "2026-03-10 16:00")
    [progress] = run(factory, business, "2026-03-10 16:00")
    assert progress.kind == "progress"
    assert progress.body["text"].startswith("✅ Session 1 of 3 (Implant placement) complete")
    [second] = run(factory, business, "2026-03-23 14:00")
    assert "Session 2 of 3 (Healing check)" in second.body["text"]


def _group_of(factory: Factory, customer_id: int) -> uuid.UUID:
    with factory() as session:
        return customer_groups(session, customer_id=customer_id)[0].id


def test_sequential_outreach_then_overdue(factory: Factory, business: Business) -> None:
    marie = customer(factory, "+41790000001")
    group = book(factory, business, marie, "physiotherapy", "2026-03-03 10:00")
    complete(factory, group, 1, "2026-03-03 11:00")
    items = run(factory, business, "2026-03-03 11:00")
    assert kinds(items) == ["progress", "outreach"]
    assert items[1].body["text"] == (
        "📅 Ready to book Session 2 of 8? We recommend Fri 6 Mar 2026 "
        "(any open day from Thu 5 Mar 2026 to Tue 10 Mar 2026 works)."
    )
    assert run(factory, business, "2026-03-06 18:00") == []
    assert run(factory, business, "2026-03-07 07:59") == []  # due, but quiet hours
    [overdue] = run(factory, business, "2026-03-07 08:00")
    assert overdue.kind == "overdue"
    assert overdue.body["text"].startswith("It's been 4 days since Session 1 of 8.")
    assert run(factory, business, "2026-03-08 09:00") == []
    # booking session 2 and completing it starts the next round
    book(factory, business, marie, "physiotherapy", "2026-03-09 10:00", first=2, group_id=group)
    [reminder] = run(factory, business, "2026-03-08 10:00")
    assert "Session 2 of 8" in reminder.body["text"]
    complete(factory, group, 2, "2026-03-09 11:00")
    items = run(factory, business, "2026-03-09 11:00")
    assert kinds(items) == ["progress", "outreach"]
    assert "2 of 8 done" in items[0].body["text"]
    assert "Session 3 of 8" in items[1].body["text"]


def test_setup_history_is_not_announced_but_time_follows_it(
    factory: Factory, business: Business
) -> None:
    marie = customer(factory, "+41790000001")
    group = book(factory, business, marie, "physiotherapy", "2026-03-03 10:00")
    complete(factory, group, 1, "2026-03-03 11:00", actor="setup")
    assert run(factory, business, "2026-03-03 11:00") == []
    assert kinds(run(factory, business, "2026-03-07 09:00")) == ["overdue"]


def test_a_no_show_is_offered_again(factory: Factory, business: Business) -> None:
    marie = customer(factory, "+41790000001")
    group = book(factory, business, marie, "physiotherapy", "2026-03-03 10:00")
    complete(factory, group, 1, "2026-03-03 11:00")
    run(factory, business, "2026-03-03 11:00")
    book(factory, business, marie, "physiotherapy", "2026-03-06 10:00", first=2, group_id=group)
    no_show(factory, group, 2, "2026-03-06 11:00")
    [outreach] = run(factory, business, "2026-03-06 11:00")
    assert outreach.kind == "outreach"
    assert outreach.body["text"].startswith(
        "We missed you at Session 2 of 8 on Fri 6 Mar 2026. Would you like to book it again?"
    )


def test_flexible_milestones_check_in_and_expiry(factory: Factory, business: Business) -> None:
    thomas = customer(factory, "+41790000002", "Thomas")
    starts = ("2026-03-02 17:00", "2026-03-04 17:00", "2026-03-06 17:00")
    group = book(factory, business, thomas, "driving-lessons", *starts)
    for number in (1, 2, 3):
        complete(factory, group, number, f"2026-03-06 18:0{number}")
    items = run(factory, business, "2026-03-06 18:05")
    assert kinds(items) == ["progress", "progress", "progress"]
    assert ["1 of 10 done" in i.body["text"] for i in items] == [True, False, False]
    assert "Lesson 3 of 10 complete – 3 of 10 done, 7 lessons to go." in items[2].body["text"]
    assert run(factory, business, "2026-03-19 12:00") == []
    [check_in] = run(factory, business, "2026-03-20 08:00")
    assert check_in.kind == "check_in"
    assert "You have 7 lessons remaining" in check_in.body["text"]
    # bought 2026-03-01 09:00 CET with 180 days: expires 2026-08-28 10:00 CEST (180 x 24 h),
    # warned 14 days ahead
    assert run(factory, business, "2026-08-14 09:59") == []
    [expiry] = run(factory, business, "2026-08-14 10:00")
    assert expiry.kind == "expiry"
    assert "expires in 14 days (Fri 28 Aug 2026). 7 lessons still available!" in expiry.body["text"]


def test_milestones_of_a_plan_to_the_end(factory: Factory, business: Business) -> None:
    marie = customer(factory, "+41790000001")
    starts = ("2026-03-02 10:00", "2026-03-30 10:00", "2026-04-27 10:00", "2026-05-25 10:00")
    group = book(factory, business, marie, "laser-hair-removal", *starts)
    seen = []
    for number, start in enumerate(starts, start=1):
        at = f"{start[:10]} 11:00"
        complete(factory, group, number, at)
        seen += [i for i in run(factory, business, at) if i.kind != "reminder"]
    assert kinds(seen) == ["progress", "halfway", "one_to_go", "all_done"]
    assert "completed all 4 sessions" in seen[-1].body["text"]


def test_quiet_hours_hold_a_message_until_the_morning(factory: Factory, business: Business) -> None:
    marie = customer(factory, "+41790000001")
    group = book(factory, business, marie, "driving-lessons", "2026-03-10 17:00")
    complete(factory, group, 1, "2026-03-10 22:30")
    assert run(factory, business, "2026-03-10 22:30") == []
    assert run(factory, business, "2026-03-11 07:59") == []
    [progress] = run(factory, business, "2026-03-11 08:00")
    assert progress.kind == "progress" and progress.send_after == t("2026-03-11 08:00")


def test_a_held_reminder_follows_the_state_of_the_morning(
    engine: Engine, business: Business
) -> None:
    """Due at 22:00 (12 hours ahead), held for the morning, cancelled at 23:00: never sent."""
    rules = business.notifications.model_copy(update={"reminder_hours": 12})
    early = business.model_copy(update={"notifications": rules})
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, early)
    marie = customer(factory, "+41790000001")
    group = book(factory, early, marie, "consultation", "2026-03-10 10:00")
    assert run(factory, early, "2026-03-09 22:00") == []
    cancel_sessions(
        factory, customer_id=marie, group_id=group, session_numbers=[1], at=t("2026-03-09 23:00")
    )
    assert run(factory, early, "2026-03-10 08:00") == []
    book(factory, early, marie, "consultation", "2026-03-10 11:00")
    [reminder] = run(factory, early, "2026-03-10 08:00")
    assert reminder.body["text"].startswith("⏰ Reminder: your Initial Consultation is today")


def test_recent_completions_are_read_page_by_page(
    factory: Factory, business: Business, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events are read newest first, two per page here, down to the lookback."""
    monkeypatch.setattr(notification_state, "EVENT_PAGE", 2)
    marie = customer(factory, "+41790000001")
    starts = [f"2026-03-0{k} 17:00" for k in range(2, 7)]
    group = book(factory, business, marie, "driving-lessons", *starts)
    complete(factory, group, 1, "2026-03-02 18:00")
    complete(factory, group, 2, "2026-03-03 18:00")
    first = [i for i in run(factory, business, "2026-03-03 18:00") if i.kind != "reminder"]
    assert kinds(first) == ["progress", "progress"]
    for number in (3, 4, 5):
        complete(factory, group, number, "2026-03-20 18:00")
    with factory() as session:
        _, events = proactive.read_state(session, business, now=t("2026-03-20 18:00"))
    assert sorted(e.session_number for e in events) == [3, 4, 5]
    items = run(factory, business, "2026-03-20 18:00")
    assert [i.dedupe_key.rsplit(":", 1)[1] for i in items] == ["3", "4", "5"]
    assert kinds(items) == ["progress", "progress", "halfway"]


# --- what a pass reads ---------------------------------------------------------------


def test_a_pass_reads_only_the_plans_something_may_be_due_for(
    factory: Factory, business: Business
) -> None:
    """Idle plans (sessions weeks ahead, a finished plan, a plan nudged long ago) are
    not read; the plan with a session tomorrow is, and gets its reminder."""
    for k in range(6):  # booked weeks ahead: nothing due yet
        someone = customer(factory, f"+4179300{k:04d}")
        book(factory, business, someone, "dental-implant", f"2026-04-{10 + k} 14:00")
    done = book(
        factory,
        business,
        customer(factory, "+41793100000"),
        "consultation",
        "2026-01-05 10:00",
        at="2026-01-01 09:00",
    )
    complete(factory, done, 1, "2026-01-05 11:00")
    marie = customer(factory, "+41790000001")
    soon = book(factory, business, marie, "dental-implant", "2026-03-10 14:00")
    with factory() as session:
        groups, _ = proactive.read_state(session, business, now=t("2026-03-09 15:00"))
    assert [g.group_id for g in groups] == [str(soon)]
    assert kinds(run(factory, business, "2026-03-09 15:00")) == ["reminder"]


def test_a_plan_idle_for_months_still_gets_its_nudge(factory: Factory, business: Business) -> None:
    """Physiotherapy's overdue warning is due four days after session 1: a plan whose
    session 1 was months before the first pass gets it too, once."""
    recent = book(
        factory, business, customer(factory, "+41790000001"), "physiotherapy", "2026-03-03 10:00"
    )
    complete(factory, recent, 1, "2026-03-03 11:00", actor="setup")
    old = book(
        factory,
        business,
        customer(factory, "+41790000002"),
        "physiotherapy",
        "2025-11-03 10:00",
        at="2025-11-01 09:00",
    )
    complete(factory, old, 1, "2025-11-03 11:00", actor="setup")
    items = run(factory, business, "2026-03-27 09:00")
    assert sorted((i.kind, i.phone) for i in items) == [
        ("overdue", "+41790000001"),
        ("overdue", "+41790000002"),
    ]
    assert run(factory, business, "2026-03-28 09:00") == []


# --- two workers at once -------------------------------------------------------------


def send_due(factory: Factory, now: datetime) -> list[str]:
    """Claim and mark sent every due outbox row, four at a time; their dedupe keys."""
    sent: list[str] = []
    while True:
        with write_session(factory) as session:
            claimed = outbox_store.claim_due(session, now=now, limit=4)
            for item in claimed:
                outbox_store.mark_sent(session, item_id=item.id, now=now)
        sent.extend(item.dedupe_key for item in claimed)
        if not claimed:
            return sent


def test_two_workers_send_every_message_exactly_once(
    db_url: str, factory: Factory, business: Business
) -> None:
    """Two threads, each with its own engine, run enqueue passes and claim/mark-sent
    loops at the same clock; every due message is in the outbox once and sent once."""
    for k in range(10):
        phone = f"+4179100{k:04d}"
        book(
            factory,
            business,
            customer(factory, phone),
            "consultation",
            f"2026-03-10 {8 + k // 2:02d}:{30 * (k % 2):02d}",
        )
    for k in range(5):
        someone = customer(factory, f"+4179200{k:04d}")
        group = book(factory, business, someone, "physiotherapy", f"2026-03-09 {9 + k:02d}:00")
        complete(factory, group, 1, "2026-03-09 16:00")
    now = t("2026-03-09 16:00")
    expected = 10 + 5 * 2  # a reminder each; a milestone and an outreach each
    sent: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def worker() -> None:
        engine = make_engine(db_url)
        own = make_session_factory(engine)
        try:
            start.wait()
            for _ in range(3):
                enqueue_due(own, business, now=now)
                keys = send_due(own, now)
                with lock:
                    sent.extend(keys)
        except BaseException as exc:  # reported below, with the thread's traceback
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with factory() as session:
        rows = outbox_store.items(session)
    assert len(rows) == expected
    assert sorted(sent) == sorted(row.dedupe_key for row in rows)
    assert all(row.status == "sent" and row.attempts == 1 for row in rows)
    assert sorted(row.kind for row in rows).count("reminder") == 10
    assert enqueue_due(factory, business, now=now) == []


def _writes_in(factory: Factory, customer_id: int, lang: str | None) -> None:
    """The customer's conversation, with the language the dialogue last read them in."""
    from bookbot.store.models import ConversationRow

    with factory.begin() as session:
        state = {"dialogue": {"lang": lang}} if lang else {}
        session.add(ConversationRow(customer_id=customer_id, channel="whatsapp", state=state))


@pytest.mark.parametrize(
    ("lang", "said", "template_language"),
    [("de", "Erinnerung", "de"), ("es", "Recordatorio", "es"), (None, "Reminder", "en")],
)
def test_a_reminder_is_in_the_language_the_customer_writes(
    factory: Factory, business: Business, lang: str | None, said: str, template_language: str
) -> None:
    kim = customer(factory, "+41790000042", name="Kim")
    _writes_in(factory, kim, lang)
    book(
        factory, business, kim, "dental-implant",
        "2026-03-10 14:00", "2026-03-24 14:00", "2026-04-23 14:00",
    )  # fmt: skip
    [reminder] = run(factory, business, "2026-03-09 14:00")
    assert said in reminder.body["text"], reminder.body["text"]
    assert reminder.body["template"]["language"] == template_language
