"""Demo data: `seed_demo` fills a fresh database with a believable month (for
`bookbot demo` and screenshots); `seed_guide_plans` books the product guide's
customers, whom the tests read.

`seed_demo(session_factory, business, now, conversations=None)`: the guide's
customers (when the business has the demo's services, moved by whole weeks so
their story happens around `now`), a month of other customers for every service
(`demo_month`), and, given the bot's `Conversations`, a few customers asking it
about their plans, so transcripts have turns with tool calls. It returns a
`DemoSummary` of what it added.

The guide's customers, over the demo business (evals/businesses/demo.yaml), as
they stand on `DEMO_NOW` (Tue 24 March 2026, 16:00 in Zurich):

- Marie Schmidt, dental implant (immediate): session 1 on March 10 completed,
  session 2 today at 14:00 (over, waiting to be marked), session 3 on April 23:
  the guide's multi-session view once session 2 is marked completed.
- Thomas Weber, 10 driving lessons (flexible): 7 booked, 4 completed, 3 to
  schedule: the guide's package view.
- Anna Keller, physiotherapy (sequential): 3 done, session 4 overdue.
- Lukas Meier, laser (immediate): a no-show, then the plan was cancelled.
- Jonas Huber, an implant plan completed last autumn; Sofia Rossi, a
  consultation this morning.

Bookings go through the store's `book_plan` and status changes through its
state machine, so the audit trail is as real as the bot's. A status is applied
only once its session has ended by `now` (a plan is left out if it starts after
`now`); a customer who already has a plan is left alone, so seeding twice adds
nothing. `seed_demo_conversations` asks the bot two questions, for transcripts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bookbot.api.admin.demo_month import seed_month
from bookbot.core.config import Business
from bookbot.core.types import BookingStatus, Plan, PlannedSession
from bookbot.service.conversations import Conversations
from bookbot.store import admin_queries
from bookbot.store.bookings import book_plan
from bookbot.store.customers import get_or_create_customer
from bookbot.store.status import cancel_group, set_session_status

ZURICH = ZoneInfo("Europe/Zurich")
DEMO_NOW = datetime(2026, 3, 24, 16, 0, tzinfo=ZURICH)
ACTOR = "demo"


@dataclass(frozen=True, slots=True)
class DemoPlan:
    name: str
    phone: str
    service_id: str
    booked_at: str
    sessions: tuple[tuple[int, str, BookingStatus], ...]
    """(number, local start, status as of DEMO_NOW)."""
    cancelled_at: str | None = None


C, B, N = BookingStatus.COMPLETED, BookingStatus.CONFIRMED, BookingStatus.NO_SHOW

PLANS = (
    DemoPlan(
        "Marie Schmidt",
        "+41791000001",
        "dental-implant",
        "2026-03-02T09:00",
        ((1, "2026-03-10T14:00", C), (2, "2026-03-24T14:00", B), (3, "2026-04-23T14:00", B)),
    ),
    DemoPlan(
        "Thomas Weber",
        "+41791000002",
        "driving-lessons",
        "2026-03-13T18:00",
        (
            (1, "2026-03-16T17:00", C),
            (2, "2026-03-18T17:00", C),
            (3, "2026-03-20T17:00", C),
            (4, "2026-03-23T17:00", C),
            (5, "2026-03-25T17:00", B),
            (6, "2026-03-27T17:00", B),
            (7, "2026-04-01T17:00", B),
        ),
    ),
    DemoPlan(
        "Anna Keller",
        "+41791000003",
        "physiotherapy",
        "2026-03-09T12:00",
        ((1, "2026-03-10T09:00", C), (2, "2026-03-13T09:00", C), (3, "2026-03-17T09:00", C)),
    ),
    DemoPlan(
        "Lukas Meier",
        "+41791000004",
        "laser-hair-removal",
        "2026-02-02T10:00",
        (
            (1, "2026-02-03T10:00", C),
            (2, "2026-03-03T10:00", N),
            (3, "2026-03-31T10:00", B),
            (4, "2026-04-28T10:00", B),
        ),
        cancelled_at="2026-03-04T09:00",
    ),
    DemoPlan(
        "Jonas Huber",
        "+41791000005",
        "dental-implant",
        "2025-10-01T09:00",
        ((1, "2025-10-06T14:00", C), (2, "2025-10-20T14:00", C), (3, "2025-11-19T14:00", C)),
    ),
    DemoPlan(
        "Sofia Rossi",
        "+41791000006",
        "consultation",
        "2026-03-20T08:00",
        ((1, "2026-03-24T11:00", C),),
    ),
)


@dataclass(frozen=True, slots=True)
class DemoSeed:
    customers: dict[str, int]
    """Customer id by name, for every demo customer."""
    groups: dict[str, uuid.UUID]
    """Group id by customer name, for the plans this call created."""


def _local(text: str, shift: timedelta = timedelta(0)) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZURICH) + shift


def _plan(business: Business, demo: DemoPlan, shift: timedelta) -> Plan:
    service = business.service(demo.service_id)
    sessions = []
    for number, start, _status in demo.sessions:
        begin = _local(start, shift)
        end = begin + timedelta(minutes=service.session_duration(number))
        sessions.append(PlannedSession(number, begin, end, service.session_name(number)))
    return Plan(sessions=tuple(sessions))


def _apply_statuses(
    session: Session,
    demo: DemoPlan,
    business: Business,
    group_id: uuid.UUID,
    now: datetime,
    shift: timedelta,
) -> None:
    for number, start, status in demo.sessions:
        ends = _local(start, shift) + timedelta(
            minutes=business.service(demo.service_id).session_duration(number)
        )
        if status is not BookingStatus.CONFIRMED and ends <= now:
            set_session_status(
                session,
                group_id=group_id,
                session_number=number,
                status=status,
                actor=ACTOR,
                at=ends,
            )
    if demo.cancelled_at is not None and _local(demo.cancelled_at, shift) <= now:
        cancel_group(session, group_id=group_id, actor=ACTOR, at=_local(demo.cancelled_at, shift))


def seed_guide_plans(
    session_factory: sessionmaker[Session],
    business: Business,
    now: datetime = DEMO_NOW,
    *,
    shift: timedelta = timedelta(0),
) -> DemoSeed:
    """Book the guide's plans (moved by `shift`) into a database holding `business`
    (imported), as of `now`."""
    if now.tzinfo is None:
        raise ValueError(f"seed_guide_plans needs an aware now, got {now!r}")
    customers: dict[str, int] = {}
    groups: dict[str, uuid.UUID] = {}
    for demo in PLANS:
        with session_factory.begin() as session:
            customer = get_or_create_customer(session, phone=demo.phone, name=demo.name)
            customers[demo.name] = customer.id
            existing = admin_queries.find_plans(
                session, business=business, customer_id=customer.id, limit=1
            )
        booked_at = _local(demo.booked_at, shift)
        if existing or booked_at > now:
            continue
        result = book_plan(
            session_factory,
            business=business,
            customer_id=customer.id,
            service_id=demo.service_id,
            plan=_plan(business, demo, shift),
            actor=ACTOR,
            at=booked_at,
        )
        groups[demo.name] = result.group.id
        with session_factory.begin() as session:
            _apply_statuses(session, demo, business, result.group.id, now, shift)
    return DemoSeed(customers, groups)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What `seed_demo` added."""

    customers: int
    plans: int
    sessions: int
    completed: int
    no_shows: int
    cancelled_plans: int
    conversations: int

    def text(self) -> str:
        return (
            f"{self.customers} customers, {self.plans} plans, {self.sessions} sessions "
            f"({self.completed} completed, {self.no_shows} no-shows), "
            f"{self.cancelled_plans} cancelled plans, {self.conversations} conversations"
        )


QUESTIONS = ("How many sessions do I have left?", "When is my next session?")


def _has_guide_services(business: Business) -> bool:
    ids = {s.id for s in business.services}
    return all(demo.service_id in ids for demo in PLANS)


def _guide_counts(
    session_factory: sessionmaker[Session], business: Business, seed: DemoSeed
) -> tuple[int, int, int, int]:
    """(sessions, completed, no-shows, cancelled plans) of the guide's plans just booked."""
    sessions = completed = missed = cancelled = 0
    with session_factory() as session:
        for group_id in seed.groups.values():
            plan = admin_queries.get_plan(session, business=business, group_id=group_id)
            statuses = [b.status for b in plan.bookings]
            sessions += sum(1 for s in statuses if s is not BookingStatus.CANCELLED)
            completed += statuses.count(BookingStatus.COMPLETED)
            missed += statuses.count(BookingStatus.NO_SHOW)
            cancelled += plan.group.status == "cancelled"
    return sessions, completed, missed, cancelled


def seed_demo(
    session_factory: sessionmaker[Session],
    business: Business,
    now: datetime,
    *,
    conversations: Conversations | None = None,
    customers: int = 16,
) -> DemoSummary:
    """Fill a database holding `business` with a believable month up to `now` (aware):
    the guide's customers (for the demo's services), `customers` more across every
    service, and, with `conversations`, a few of them asking the bot about their plans."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"seed_demo needs an aware now, got {now!r}")
    guide = DemoSeed({}, {})
    if _has_guide_services(business):
        shift = timedelta(weeks=round((now - DEMO_NOW) / timedelta(weeks=1)))
        guide = seed_guide_plans(session_factory, business, now, shift=shift)
    month = seed_month(session_factory, business, now, customers=customers)
    sessions, completed, missed, cancelled = _guide_counts(session_factory, business, guide)
    talked = 0
    if conversations is not None:
        askers = [*guide.groups, *month.groups][:6]
        phones = _phones(session_factory, business, askers, guide, month.groups)
        for index, name in enumerate(askers):
            at = now - timedelta(hours=len(askers) - index)
            conversations.handle(phone=phones[name], name=name, text=QUESTIONS[index % 2], now=at)
            talked += 1
    return DemoSummary(
        customers=len(guide.groups) + month.customers,
        plans=len(guide.groups) + month.plans,
        sessions=sessions + month.sessions,
        completed=completed + month.completed,
        no_shows=missed + month.no_shows,
        cancelled_plans=cancelled + month.cancelled_plans,
        conversations=talked,
    )


def _phones(
    session_factory: sessionmaker[Session],
    business: Business,
    names: list[str],
    guide: DemoSeed,
    month: dict[str, uuid.UUID],
) -> dict[str, str]:
    """The phone of each named customer, from their plan."""
    found = {}
    with session_factory() as session:
        for name in names:
            group_id = guide.groups.get(name) or month[name]
            plan = admin_queries.get_plan(session, business=business, group_id=group_id)
            found[name] = plan.customer.phone
    return found


def seed_demo_conversations(conversations: Conversations, *, now: datetime = DEMO_NOW) -> None:
    """Marie and Thomas ask the bot about their plans, so transcripts have turns."""
    questions = (
        (PLANS[0], "How many sessions do I have left?"),
        (PLANS[1], "When is my next lesson?"),
    )
    for demo, text in questions:
        conversations.handle(phone=demo.phone, name=demo.name, text=text, now=now)
