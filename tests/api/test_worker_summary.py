"""The worker's summary inside the quiet hours: until when, and what waits for then.

A reminder that fell due during the day while no worker ran is held by the
policy at night (not enqueued); a send retried into the night waits in the
outbox. Both are named, with the local time the quiet hours end.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bookbot.api import worker_cli
from bookbot.core.types import Plan, PlannedSession
from bookbot.service.transports import LocalTransport
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import (
    ensure_schema,
    get_or_create_customer,
    import_business,
    load_business_file,
    make_engine,
    make_session_factory,
)
from bookbot.store import outbox as outbox_store
from bookbot.store.bookings import book_plan


def test_a_reminder_held_for_the_morning_is_named_with_the_local_time(tmp_path: Path) -> None:
    business = load_business_file(DEMO_BUSINESS)
    zone = business.zone
    engine = make_engine(f"sqlite:///{tmp_path / 'quiet.db'}")
    ensure_schema(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, business)
        customer = get_or_create_customer(session, phone="+41790000001").id
    start = datetime(2026, 3, 11, 9, 0, tzinfo=zone)
    book_plan(
        factory,
        business=business,
        customer_id=customer,
        service_id="consultation",
        plan=Plan(sessions=(PlannedSession(1, start, start + timedelta(minutes=30)),)),
        at=start - timedelta(days=3),
    )
    night = datetime(2026, 3, 10, 22, 0, tzinfo=zone)  # the reminder was due at 09:00

    line = worker_cli.run_pass(factory, business, LocalTransport(), now=night)

    assert line == (
        "2026-03-10 21:00:00Z enqueued 0; sent 0, retrying 0, failed 0; "
        "quiet hours until 08:00 Wed 11 Mar (Europe/Zurich): 1 waiting (reminder 1)"
    )
    with factory() as session:
        assert outbox_store.items(session) == []  # held by the policy, not enqueued
    morning = datetime(2026, 3, 11, 8, 0, tzinfo=zone)
    assert worker_cli.run_pass(factory, business, LocalTransport(), now=morning) == (
        "2026-03-11 07:00:00Z enqueued 1 (reminder 1); sent 1, retrying 0, failed 0"
    )
    engine.dispose()
