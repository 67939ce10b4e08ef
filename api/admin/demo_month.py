"""A believable month of customers for any business: plans booked over the four
weeks before `now`, sessions held (most completed, some missed), a few plans
dropped or cancelled, and sessions still to come.

Everything is booked through the chat's own tools (`acting`: check_availability,
propose_schedule, book_group) at the moment it would have been booked, so the
plans keep the opening hours, the capacity, the buffers and the notice; statuses
go through the store's state machine when the session ended. The choices come
from a seeded random generator: the same business, `now` and seed give the same
month. A customer who already has a plan is left alone, so seeding twice adds
nothing.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bookbot.api.admin.acting import Acting
from bookbot.core.config import Business, Service, Strategy
from bookbot.core.errors import BookbotError
from bookbot.core.types import BookingStatus
from bookbot.store import admin_queries
from bookbot.store.customers import get_or_create_customer
from bookbot.store.status import cancel_group, set_session_status

ACTOR = "demo"
FIRST = (
    "Lea Noah Mia Luca Emma Elias Lina Leon Sara David Laura Jan Nora Tim Alina Marco "
    "Julia Simon Chiara Felix Elena Fabian Nadia Reto"
).split()
LAST = (
    "Müller Meier Schneider Fischer Brunner Baumann Frei Gerber Widmer Zimmermann Moser "
    "Graf Wyss Roth Suter Bachmann Steiner Kaufmann Marti Huber"
).split()
NO_SHOW_RATE = 0.12
DROP_RATE = 0.12
CANCEL_RATE = 0.08


@dataclass
class MonthSummary:
    customers: int = 0
    plans: int = 0
    sessions: int = 0
    completed: int = 0
    no_shows: int = 0
    cancelled_plans: int = 0
    groups: dict[str, uuid.UUID] = field(default_factory=dict)
    """Group id by customer name."""


@dataclass
class _Month:
    factory: sessionmaker[Session]
    business: Business
    now: datetime
    rng: random.Random
    summary: MonthSummary

    def acting(self, at: datetime) -> Acting:
        return Acting(self.factory, self.business, at, actor=ACTOR)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.business.zone).date()

    def pick_start(
        self, customer_id: int, service: Service, day: date, number: int, at: datetime
    ) -> str:
        starts = self.acting(at).free_starts(customer_id, service.id, day, number)
        return self.rng.choice(starts[: max(1, len(starts) // 2)])

    def book(
        self, customer_id: int, service: Service, starts: list[str], at: datetime
    ) -> uuid.UUID | None:
        acting = self.acting(at)
        preview = acting.preview_book(customer_id, service.id, starts, override=False)
        if not preview.ok or preview.proposal_id is None:
            return None
        result, _ = acting.apply(uuid.UUID(preview.proposal_id), override=False)
        if not result.booked:
            return None
        with self.factory() as session:
            plans = admin_queries.find_plans(
                session, business=self.business, customer_id=customer_id, service_id=service.id
            )
        return plans[0].group.id if plans else None

    def hold_sessions(self, group_id: uuid.UUID) -> list[datetime]:
        """Mark each confirmed session that has ended completed or missed; their ends."""
        with self.factory.begin() as session:
            plan = admin_queries.get_plan(session, business=self.business, group_id=group_id)
            ends = []
            for booking in plan.bookings:
                if booking.status is not BookingStatus.CONFIRMED or booking.end > self.now:
                    continue
                missed = self.rng.random() < NO_SHOW_RATE
                status = BookingStatus.NO_SHOW if missed else BookingStatus.COMPLETED
                set_session_status(
                    session,
                    group_id=group_id,
                    session_number=booking.session_number,
                    status=status,
                    actor=ACTOR,
                    at=booking.end,
                )
                self.summary.no_shows += missed
                self.summary.completed += not missed
                ends.append(booking.end)
        return ends

    def plan_starts(self, customer_id: int, service: Service, at: datetime) -> list[str]:
        day = self.local_day(at) + timedelta(days=self.rng.randint(1, 4))
        if service.strategy is Strategy.FLEXIBLE and service.total_sessions > 1:
            starts: list[str] = []
            for _ in range(self.rng.randint(2, min(4, service.total_sessions))):
                start = self.pick_start(customer_id, service, day, len(starts) + 1, at)
                starts.append(start)
                day = date.fromisoformat(start[:10]) + timedelta(days=self.rng.randint(2, 4))
            return starts
        return [self.pick_start(customer_id, service, day, 1, at)]

    def sequential(self, customer_id: int, service: Service, group_id: uuid.UUID) -> None:
        """Book each next session once the one before is held, until the plan is done,
        the customer drops out, or the next one lies past `now`."""
        for number in range(2, service.total_sessions + 1):
            ends = self.hold_sessions(group_id)
            if not ends or self.rng.random() < DROP_RATE:
                return
            at = max(ends) + timedelta(hours=2)
            if at >= self.now:
                return
            day = self.local_day(max(ends)) + timedelta(days=service.gap(number - 1).target)
            try:
                start = self.pick_start(customer_id, service, day, number, at)
            except BookbotError:
                return
            if self.book(customer_id, service, [start], at) is None:
                return

    def customer(self, index: int, service: Service) -> None:
        name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7 + 3) % len(LAST)]}"
        with self.factory.begin() as session:
            record = get_or_create_customer(session, phone=f"+417920{index:05d}", name=name)
            if admin_queries.find_plans(
                session, business=self.business, customer_id=record.id, limit=1
            ):
                return
        at = self.now - timedelta(days=self.rng.randint(2, 30), hours=self.rng.randint(0, 8))
        try:
            group_id = self.book(record.id, service, self.plan_starts(record.id, service, at), at)
        except BookbotError:
            return
        if group_id is None:
            return
        self.summary.customers += 1
        self.summary.plans += 1
        self.summary.groups[name] = group_id
        if service.strategy is Strategy.SEQUENTIAL and service.requires_multiple_sessions:
            self.sequential(record.id, service, group_id)
        self.hold_sessions(group_id)
        cancel_at = at + timedelta(days=1)
        if self.rng.random() < CANCEL_RATE and cancel_at < self.now:
            with self.factory.begin() as session:
                plan = admin_queries.get_plan(session, business=self.business, group_id=group_id)
                if plan.group.status == "active":
                    cancel_group(session, group_id=group_id, actor=ACTOR, at=cancel_at)
                    self.summary.cancelled_plans += 1


def seed_month(
    session_factory: sessionmaker[Session],
    business: Business,
    now: datetime,
    *,
    customers: int = 16,
    seed: int = 2026,
) -> MonthSummary:
    """Book `customers` customers' plans over the month before `now` (aware)."""
    if now.tzinfo is None:
        raise ValueError(f"seed_month needs an aware now, got {now!r}")
    month = _Month(session_factory, business, now, random.Random(seed), MonthSummary())
    services = business.services
    for index in range(customers):
        month.customer(index, services[index % len(services)])
    with session_factory() as session:
        for group_id in month.summary.groups.values():
            plan = admin_queries.get_plan(session, business=business, group_id=group_id)
            month.summary.sessions += sum(
                1 for b in plan.bookings if b.status is not BookingStatus.CANCELLED
            )
    return month.summary
