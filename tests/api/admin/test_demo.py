"""`seed_demo` fills a fresh database with a believable month: the guide's customers
around `now`, more customers for every service, held and missed sessions, and
conversations with the bot; every booking keeps the business's rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bookbot.api.admin.demo_seed import seed_demo
from bookbot.service.conversations import Conversations
from bookbot.store.lookup import service_ids_by_slug
from bookbot.store.models import BookingRow
from tests.api.admin.admin_testkit import AUTH, admin_client, open_admin_runtime

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))  # a Monday


def test_a_fresh_database_gets_a_month_every_page_can_show(admin_db_url: str) -> None:
    with open_admin_runtime(admin_db_url) as runtime:
        summary = seed_demo(
            runtime.session_factory, runtime.business, NOW, conversations=Conversations.of(runtime)
        )
        assert summary.customers == summary.plans == 6 + 16
        assert summary.completed > summary.no_shows > 0
        assert summary.conversations == 6
        assert "22 customers" in summary.text()
        client = admin_client(runtime)
        overview = client.get("/admin/api/groups", params={"status": "active"}, headers=AUTH)
        assert len(overview.json()) >= 10
        marie = client.get("/admin/api/groups", params={"phone": "+41791000001"}, headers=AUTH)
        (plan,) = marie.json()
        assert plan["sessions"][1]["start"].startswith("2026-12-08")  # the guide, moved to now
        conversations = client.get("/admin/api/conversations", headers=AUTH).json()
        assert len(conversations) == 6 and all(c["turns"] == 1 for c in conversations)
        analytics = client.get("/admin/api/analytics", headers=AUTH).json()
        assert analytics["attendance"]["no_shows"] == summary.no_shows

        again = seed_demo(runtime.session_factory, runtime.business, NOW)
        assert (again.customers, again.plans, again.sessions) == (0, 0, 0)  # nothing twice


def test_every_seeded_session_keeps_the_opening_hours_and_the_capacity(admin_db_url: str) -> None:
    with open_admin_runtime(admin_db_url) as runtime:
        seed_demo(runtime.session_factory, runtime.business, NOW, customers=20)
        business = runtime.business
        with runtime.session_factory() as session:
            keys = service_ids_by_slug(session, business=business)
            capacity = {keys[s.id]: s.capacity for s in business.services}
            rows = session.scalars(select(BookingRow).where(BookingRow.status != "cancelled")).all()
        month = [r for r in rows if r.start_at >= NOW - timedelta(days=40)]
        assert len(month) > 30
        for row in month:
            start = row.start_at.astimezone(business.zone)
            end = row.end_at.astimezone(business.zone)
            ranges = business.opening(start.date())
            assert any(r.start <= start.time() and end.time() <= r.end for r in ranges), row.id
            overlapping = [
                o
                for o in rows
                if o.service_id == row.service_id
                and o.start_at < row.end_at
                and row.start_at < o.end_at
            ]
            assert len(overlapping) <= capacity[row.service_id], row.id


def test_the_same_now_gives_the_same_month(tmp_path: Path, admin_db_url: str) -> None:
    with open_admin_runtime(admin_db_url) as runtime:
        first = seed_demo(runtime.session_factory, runtime.business, NOW, customers=6)
    with open_admin_runtime(f"sqlite:///{tmp_path}/other.db") as runtime:
        second = seed_demo(runtime.session_factory, runtime.business, NOW, customers=6)
    assert first == second


def test_seeding_needs_an_aware_now(admin_db_url: str) -> None:
    with open_admin_runtime(admin_db_url) as runtime:
        with pytest.raises(ValueError, match="aware"):
            seed_demo(runtime.session_factory, runtime.business, datetime(2026, 12, 7))  # noqa: DTZ001
