"""Customers and their plans, conversation transcripts, and the analytics.

- `/customers?q=` finds customers with a plan; `/customers/{id}` gives every plan
  of one customer as the guide's multi-session view or package view.
- `/conversations` and `/conversations/{id}`: the transcript, each reply with
  the turn that produced it (model, tokens, latency) and its tool calls
  (arguments, results, errors).
- `/analytics/weeks`: sessions per week by status (the "bookings per week" chart).
- `/analytics`: completion rates per service and strategy, drop-off by session
  number, no-show rates and the time between sessions against the buffers
  (`bookbot.core.analytics` documents each figure).
"""

# No `from __future__ import annotations`: FastAPI reads the route signatures at
# definition time.

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query

from bookbot.api.admin.deps import AdminDep, PresenterDep
from bookbot.api.admin.errors import AdminRoute, invalid
from bookbot.api.admin.schemas import (
    CustomerOut,
    CustomerPlansOut,
    CustomerSummaryOut,
    MeOut,
    WeekOut,
)
from bookbot.api.admin.timefmt import day_text
from bookbot.api.deps import BusinessDep, NowDep, SessionDep
from bookbot.core.analytics import Analytics, analyze
from bookbot.store import admin_queries, admin_stats, admin_transcripts
from bookbot.store.admin_transcripts import ConversationSummary, Transcript

RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A database id")]
"""Ids are 32-bit on PostgreSQL; a larger number is a 422, never a database error."""


router = APIRouter(route_class=AdminRoute)


@router.get("/me", tags=["admin"])
def me(admin: AdminDep, business: BusinessDep, now: NowDep) -> MeOut:
    """Checks the token; the dashboard's login calls it."""
    return MeOut(actor=admin.actor, business=business.name, timezone=business.timezone, now=now)


@router.get("/customers", tags=["admin: customers"])
def list_customers(
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    q: Annotated[str | None, Query(max_length=100, description="Part of a name or phone")] = None,
    limit: Annotated[int, Query(ge=1, le=admin_queries.MAX_ROWS)] = 100,
) -> list[CustomerSummaryOut]:
    found = admin_queries.find_customers(session, business=business, text=q, limit=limit)
    return [
        CustomerSummaryOut(
            customer=CustomerOut.of(c.customer), plans=c.plans, active_plans=c.active_plans
        )
        for c in found
    ]


@router.get("/customers/{customer_id}", tags=["admin: customers"])
def customer_plans(
    customer_id: RowId,
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    presenter: PresenterDep,
) -> CustomerPlansOut:
    """The customer's contact, every plan (newest first, each as the guide's view),
    their completed and missed sessions, and their conversations."""
    customer = admin_queries.get_customer_record(session, customer_id=customer_id)
    plans = admin_queries.find_plans(session, business=business, customer_id=customer_id)
    views = [presenter.view(p) for p in plans]
    return CustomerPlansOut(
        customer=CustomerOut.of(customer),
        plans=views,
        completed=sum(v.completed for v in views),
        no_shows=sum(v.no_shows for v in views),
        conversations=admin_transcripts.list_conversations(session, phone=customer.phone),
    )


@router.get("/conversations", tags=["admin: transcripts"])
def list_conversations(
    _admin: AdminDep,
    session: SessionDep,
    phone: Annotated[str | None, Query(description="Customer phone")] = None,
    limit: Annotated[int, Query(ge=1, le=admin_queries.MAX_ROWS)] = 100,
) -> list[ConversationSummary]:
    try:
        return admin_transcripts.list_conversations(session, phone=phone, limit=limit)
    except ValueError as exc:
        raise invalid("phone", str(exc)) from None


@router.get("/conversations/{conversation_id}", tags=["admin: transcripts"])
def read_transcript(conversation_id: RowId, _admin: AdminDep, session: SessionDep) -> Transcript:
    return admin_transcripts.transcript(session, conversation_id=conversation_id)


@router.get("/analytics/weeks", tags=["admin: analytics"])
def weeks(
    _admin: AdminDep,
    session: SessionDep,
    business: BusinessDep,
    now: NowDep,
    before: Annotated[int, Query(ge=0, le=52, description="Weeks before this one")] = 5,
    after: Annotated[int, Query(ge=0, le=52, description="Weeks after this one")] = 4,
) -> list[WeekOut]:
    """Sessions per local week (Monday first) by status, for 'bookings per week'."""
    zone = business.zone
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=before)
    mondays = [first + timedelta(weeks=i) for i in range(before + after + 1)]
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(mondays[-1] + timedelta(weeks=1), time(), zone)
    counts: dict[date, Counter[str]] = {m: Counter() for m in mondays}
    for moment, status in admin_stats.session_starts(
        session, business=business, start=start, end=end
    ):
        day = moment.astimezone(zone).date()
        counts[day - timedelta(days=day.weekday())][status] += 1
    return [
        WeekOut(
            start=m,
            label=day_text(m),
            current=m == monday,
            completed=c["completed"],
            no_shows=c["no_show"],
            confirmed=c["confirmed"],
            cancelled=c["cancelled"],
        )
        for m, c in counts.items()
    ]


@router.get("/analytics", tags=["admin: analytics"])
def analytics(
    _admin: AdminDep, session: SessionDep, business: BusinessDep, now: NowDep
) -> Analytics:
    facts = admin_queries.plan_facts(session, business=business)
    return analyze(facts, business.services, now=now, zone=business.zone)
