"""A proactive message goes out only while it is still true: a reminder of a
session cancelled or moved meanwhile is withdrawn, and a text that says 'tomorrow'
is reworded when its send waited overnight."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import httpx
import pytest
import respx

from bookbot.agent.runtime import Runtime
from bookbot.api.whatsapp import GraphClient
from bookbot.core.types import Plan, PlannedSession
from bookbot.service.delivery import GraphTransport, deliver_due, for_the_day
from bookbot.service.proactive import enqueue_due
from bookbot.store.bookings import book_plan, set_status
from bookbot.store.db import write_session
from bookbot.store.inbound import store_message
from bookbot.store.models import OutboxRow
from bookbot.store.outbox import OutboxItem
from tests.api.service_testkit import (
    GRAPH,
    MARIE,
    PHONE_ID,
    ZONE,
    graph_error,
    graph_ok,
    sent_bodies,
)


def zurich(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=ZONE)


@pytest.fixture
def quick_graph(http_client: httpx.Client) -> GraphTransport:
    client = GraphClient(http_client, token="test-token", phone_number_id=PHONE_ID, base_url=GRAPH)
    return GraphTransport(client, attempts=1)


def consultation_at(runtime: Runtime, start: datetime) -> int:
    """Marie (who wrote on 03-09 at 09:00) books a consultation; its booking id."""
    with runtime.session_factory.begin() as session:
        stored = store_message(session, phone=MARIE, text="hi", at=zurich(9, 9), channel="whatsapp")
        assert stored is not None
    session_plan = Plan(sessions=(PlannedSession(1, start, start + timedelta(minutes=30)),))
    result = book_plan(
        runtime.session_factory,
        business=runtime.business,
        customer_id=stored.customer_id,
        service_id="consultation",
        plan=session_plan,
        at=zurich(2, 9),
    )
    return result.bookings[0].id


def the_reminder(runtime: Runtime, now: datetime) -> OutboxRow:
    [item] = enqueue_due(runtime.session_factory, runtime.business, now=now)
    with runtime.session_factory() as session:
        return session.get_one(OutboxRow, item.id)


def test_a_reminder_of_a_session_cancelled_meanwhile_is_withdrawn(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    booking = consultation_at(runtime, zurich(10, 14))
    reminder = the_reminder(runtime, zurich(9, 14))
    with write_session(runtime.session_factory) as session:
        set_status(session, booking_id=booking, status="cancelled", actor="admin", at=zurich(9, 14))
    report = deliver_due(runtime.session_factory, quick_graph, now=zurich(9, 14, 1))
    assert (report.sent, report.failed) == (0, 1)
    assert "cancelled or moved" in report.errors[0][1]
    assert graph["messages"].call_count == 0
    with runtime.session_factory() as session:
        assert session.get_one(OutboxRow, reminder.id).status == "failed"


def test_a_reminder_still_true_goes_out(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    consultation_at(runtime, zurich(10, 14))
    the_reminder(runtime, zurich(9, 14))
    assert deliver_due(runtime.session_factory, quick_graph, now=zurich(9, 14, 1)).sent == 1
    (body,) = sent_bodies(graph)
    assert "tomorrow, Tue 10 Mar 2026" in body["text"]["body"]


def test_a_reminder_that_waited_overnight_says_today(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    """Written on 03-09 for a session at 09:00 on 03-10; Graph fails at 20:59:45, the
    retry waits out the quiet hours, and at 08:00 the reminder says 'today'."""
    consultation_at(runtime, zurich(10, 9))
    reminder = the_reminder(runtime, zurich(9, 9))
    graph["messages"].side_effect = [graph_error(500, 2), graph_ok("wamid.morning")]
    assert deliver_due(runtime.session_factory, quick_graph, now=zurich(9, 20, 59, 45)).retrying
    with runtime.session_factory() as session:
        assert session.get_one(OutboxRow, reminder.id).send_after == zurich(10, 8)
    assert deliver_due(runtime.session_factory, quick_graph, now=zurich(10, 8)).sent == 1
    first, second = sent_bodies(graph)
    assert "tomorrow, Tue 10 Mar 2026" in first["text"]["body"]
    assert "today, Tue 10 Mar 2026" in second["text"]["body"]
    assert "tomorrow" not in second["text"]["body"]


def item_written_for(day: str) -> OutboxItem:
    moment = zurich(9, 20)
    body = {
        "text": "Reminder: tomorrow, Tue 10 Mar 2026 at 09:00",
        "template": {"name": "bookbot_reminder", "language": "en", "params": ["tomorrow"]},
        "written_for": {
            "day": day,
            "timezone": "Europe/Zurich",
            "next_day": {"text": "Reminder: today, Tue 10 Mar 2026 at 09:00", "params": ["today"]},
        },
    }
    return OutboxItem(
        1, 1, MARIE, "reminder", "k", body, "pending", 0, None, moment, moment, None, None
    )


def test_the_wording_follows_the_day_it_is_read_on() -> None:
    item = item_written_for("2026-03-09")
    assert for_the_day(item, zurich(9, 20, 59)) is item
    morning = for_the_day(item, zurich(10, 8))
    assert isinstance(morning, OutboxItem)
    assert morning.body["text"] == "Reminder: today, Tue 10 Mar 2026 at 09:00"
    assert morning.body["template"]["params"] == ["today"]
    assert for_the_day(item, zurich(11, 8)) == "not sent: written for 2026-03-09"
    handwritten = replace(item, body={"text": "hello", "written_for": {"day": "nonsense"}})
    assert for_the_day(handwritten, zurich(11, 8)) is handwritten
