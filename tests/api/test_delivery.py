"""Sending the outbox: Graph payloads, the 24-hour window, retries, failures, the local transport.

`deliver_due` runs against a respx-mocked Graph API at a frozen `now`; moving
`now` past the backoff is how a retry comes due (no sleeping).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import select

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.whatsapp import GraphClient
from bookbot.service.delivery import (
    DeliveryReport,
    GraphTransport,
    LocalTransport,
    build_transport,
    deliver_due,
)
from bookbot.service.outbound import DEFAULT_TEMPLATE, template_param
from bookbot.store import outbox
from bookbot.store.conversations import record_outbound
from bookbot.store.inbound import store_message
from bookbot.store.models import MessageRow, OutboxRow
from bookbot.store.outbox import OutboxItem
from tests.api.service_testkit import (
    GRAPH,
    MARIE,
    MARIE_WA,
    NOW,
    PHONE_ID,
    ZONE,
    graph_error,
    graph_ok,
    sent_bodies,
    service_settings,
)

REMINDER = "Reminder: Session 2 of 3 tomorrow\nTue 24 Mar 2026, 14:00"


@pytest.fixture
def quick_graph(http_client: httpx.Client) -> GraphTransport:
    """Graph with one attempt per delivery: every retry is the outbox's, at a later `now`."""
    client = GraphClient(http_client, token="test-token", phone_number_id=PHONE_ID, base_url=GRAPH)
    return GraphTransport(client, attempts=1)


def write_in(runtime: Runtime, at: datetime, channel: str = "whatsapp") -> int:
    """Marie writes at `at` (opening the 24-hour window then); her customer id."""
    with runtime.session_factory.begin() as session:
        stored = store_message(session, phone=MARIE, text="hi", at=at, channel=channel)
        assert stored is not None
        return stored.customer_id


def enqueue(runtime: Runtime, body: dict[str, Any], key: str = "reminder:booking:1") -> OutboxItem:
    with runtime.session_factory.begin() as session:
        item = outbox.enqueue(
            session, phone=MARIE, kind="reminder", dedupe_key=key, body=body, now=NOW
        )
        assert item is not None
        return item


def row(runtime: Runtime, item_id: int) -> OutboxRow:
    with runtime.session_factory() as session:
        return session.get_one(OutboxRow, item_id)


def outbound_messages(runtime: Runtime) -> list[MessageRow]:
    with runtime.session_factory() as session:
        query = select(MessageRow).where(MessageRow.direction == "outbound").order_by(MessageRow.id)
        return list(session.scalars(query))


def test_build_transport_picks_graph_only_when_configured(db_url: str) -> None:
    assert isinstance(build_transport(service_settings(db_url)), GraphTransport)
    local = build_transport(service_settings(db_url, whatsapp_token=None))
    assert isinstance(local, LocalTransport)
    no_number = build_transport(service_settings(db_url, whatsapp_phone_number_id=None))
    assert isinstance(no_number, LocalTransport)


def test_inside_the_window_a_text_goes_out_and_is_recorded(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    write_in(runtime, NOW - timedelta(hours=23))
    item = enqueue(runtime, {"text": REMINDER})

    report = deliver_due(runtime.session_factory, quick_graph, now=NOW)

    assert report == DeliveryReport(sent=1)
    (body,) = sent_bodies(graph)
    assert body["type"] == "text" and body["text"]["body"] == REMINDER
    sent = row(runtime, item.id)
    assert (sent.status, sent.provider_message_id, sent.attempts) == ("sent", "wamid.out.1", 1)
    (message,) = outbound_messages(runtime)
    assert (message.text, message.status, message.wa_message_id) == (
        REMINDER,
        "sent",
        "wamid.out.1",
    )
    assert deliver_due(runtime.session_factory, quick_graph, now=NOW).attempted == 0  # sent once


@pytest.mark.parametrize("last_inbound", [timedelta(hours=24), timedelta(days=9), None])
def test_outside_the_window_a_template_goes_out(
    runtime: Runtime,
    quick_graph: GraphTransport,
    graph: respx.Router,
    last_inbound: timedelta | None,
) -> None:
    if last_inbound is not None:
        write_in(runtime, NOW - last_inbound)
    enqueue(runtime, {"text": REMINDER, "buttons": ["Yes", "No"]})

    assert deliver_due(runtime.session_factory, quick_graph, now=NOW).sent == 1

    (body,) = sent_bodies(graph)
    assert body["type"] == "template"
    assert body["to"] == MARIE_WA
    assert body["template"] == {
        "name": DEFAULT_TEMPLATE,
        "language": {"code": "en"},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": template_param(REMINDER)}]}
        ],
    }
    assert "\n" not in template_param(REMINDER)


def test_a_row_may_name_its_own_template(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    template = {"name": "session_reminder", "language": "de", "params": ["2", "24.03. 14:00"]}
    enqueue(runtime, {"text": REMINDER, "template": template})
    deliver_due(runtime.session_factory, quick_graph, now=NOW)
    (body,) = sent_bodies(graph)
    assert body["template"]["name"] == "session_reminder"
    assert body["template"]["language"] == {"code": "de"}
    params = body["template"]["components"][0]["parameters"]
    assert [p["text"] for p in params] == ["2", "24.03. 14:00"]


def test_reply_buttons_inside_the_window(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    write_in(runtime, NOW)
    buttons = [["yes", "Yes, book it"], ["change", "Another time, please!"]]
    enqueue(runtime, {"text": "Does this work for you?", "buttons": buttons})
    deliver_due(runtime.session_factory, quick_graph, now=NOW)
    (body,) = sent_bodies(graph)
    replies = [b["reply"] for b in body["interactive"]["action"]["buttons"]]
    assert replies == [
        {"id": "yes", "title": "Yes, book it"},
        {"id": "change", "title": "Another time, pleas…"},  # WhatsApp allows 20 characters
    ]


def test_graph_500_is_retried_by_the_outbox_until_it_goes_through(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    write_in(runtime, NOW)
    graph["messages"].side_effect = [
        graph_error(500, 2, "Service temporarily unavailable"),
        graph_error(503, 2),
        graph_ok("wamid.finally"),
    ]
    item = enqueue(runtime, {"text": REMINDER})

    first = deliver_due(runtime.session_factory, quick_graph, now=NOW)
    assert (first.retrying, first.sent) == (1, 0)
    pending = row(runtime, item.id)
    assert pending.status == "pending" and pending.attempts == 1
    assert pending.last_error is not None and "HTTP 500" in pending.last_error
    assert deliver_due(runtime.session_factory, quick_graph, now=NOW).attempted == 0  # backing off

    later = pending.send_after
    assert deliver_due(runtime.session_factory, quick_graph, now=later).retrying == 1
    final = deliver_due(runtime.session_factory, quick_graph, now=row(runtime, item.id).send_after)
    assert final.sent == 1
    done = row(runtime, item.id)
    assert (done.status, done.attempts, done.provider_message_id) == ("sent", 3, "wamid.finally")
    assert graph["messages"].call_count == 3
    assert len(outbound_messages(runtime)) == 1


QUIET = {"hours": "21:00-08:00", "timezone": "Europe/Zurich"}
"""The rule every proactive row carries (`agent.proactive.outbox_body`)."""


def zurich(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=ZONE)


def test_a_retry_that_falls_in_quiet_hours_waits_for_their_end(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    """Failing at 20:59:45, the backoff says 21:00:15: the retry waits for 08:00."""
    write_in(runtime, zurich(2, 20))
    graph["messages"].side_effect = [graph_error(500, 2), graph_ok("wamid.morning")]
    item = enqueue(runtime, {"text": REMINDER, "quiet_hours": QUIET})

    first = deliver_due(runtime.session_factory, quick_graph, now=zurich(2, 20, 59, 45))
    assert first.retrying == 1
    assert row(runtime, item.id).send_after == zurich(3, 8)
    assert (
        deliver_due(runtime.session_factory, quick_graph, now=zurich(2, 21, 0, 15)).attempted == 0
    )
    assert deliver_due(runtime.session_factory, quick_graph, now=zurich(3, 7, 59)).attempted == 0
    assert deliver_due(runtime.session_factory, quick_graph, now=zurich(3, 8)).sent == 1
    assert graph["messages"].call_count == 2


def test_a_retry_outside_quiet_hours_keeps_its_backoff(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    graph["messages"].side_effect = [graph_error(500, 2), graph_ok("wamid.soon")]
    item = enqueue(runtime, {"text": REMINDER, "quiet_hours": QUIET})
    deliver_due(runtime.session_factory, quick_graph, now=zurich(2, 20, 59))
    assert row(runtime, item.id).send_after == zurich(2, 20, 59, 30)


def test_a_proactive_row_found_due_at_night_waits_a_reply_does_not(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    """A row due before the night but not sent by then (a late pass, a lease that ran
    out) is moved to the morning unsent; a reply carries no rule and goes out."""
    write_in(runtime, zurich(2, 22))
    proactive = enqueue(runtime, {"text": REMINDER, "quiet_hours": QUIET})
    reply = enqueue(runtime, {"text": "Happy to help!"}, key="reply:message:1")

    night = deliver_due(runtime.session_factory, quick_graph, now=zurich(2, 22, 30))
    assert (night.sent, night.deferred, night.attempted) == (1, 1, 1)
    assert row(runtime, reply.id).status == "sent"
    assert (row(runtime, proactive.id).status, row(runtime, proactive.id).attempts) == (
        "pending",
        0,
    )
    assert row(runtime, proactive.id).send_after == zurich(3, 8)
    assert (
        deliver_due(runtime.session_factory, quick_graph, now=zurich(3, 7, 59)) == DeliveryReport()
    )
    assert deliver_due(runtime.session_factory, quick_graph, now=zurich(3, 8)).sent == 1


def test_a_reminder_still_unsent_when_its_session_starts_fails_visibly_unsent(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    """Graph is down until after the session started: the reminder is never sent late."""
    write_in(runtime, zurich(2, 9))
    start = zurich(3, 10)
    graph["messages"].side_effect = [graph_error(500, 2), graph_ok("wamid.late")]
    item = enqueue(runtime, {"text": REMINDER, "stale_after": start.isoformat()})
    assert deliver_due(runtime.session_factory, quick_graph, now=zurich(3, 9, 59)).retrying == 1
    late = deliver_due(runtime.session_factory, quick_graph, now=zurich(3, 10, 5))
    assert (late.sent, late.failed) == (0, 1)
    failed = row(runtime, item.id)
    assert failed.status == "failed" and "stale since" in (failed.last_error or "")
    assert graph["messages"].call_count == 1


def test_graph_transport_retries_quickly_before_giving_up(
    http_client: httpx.Client, graph: respx.Router
) -> None:
    graph["messages"].side_effect = [graph_error(500, 2), graph_error(429, 130429), graph_ok("w.1")]
    naps: list[float] = []
    client = GraphClient(http_client, token="t", phone_number_id=PHONE_ID, base_url=GRAPH)
    transport = GraphTransport(client, sleep=naps.append)
    item = OutboxItem(
        1, None, MARIE, "reply", "k", {"text": "hi"}, "pending", 0, None, NOW, NOW, None, None
    )

    assert transport.send(item, within_window=True) == "w.1"
    assert naps == [0.5, 1.0]


def test_a_permanent_error_leaves_a_visible_failed_row(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    write_in(runtime, NOW)
    graph["messages"].side_effect = [graph_error(400, 100, "Invalid parameter")]
    with runtime.session_factory.begin() as session:
        conversation_id = session.scalars(select(MessageRow.conversation_id)).one()
        reply = record_outbound(session, conversation_id=conversation_id, text="Hi!", at=NOW)
    item = enqueue(runtime, {"text": "Hi!", "message_id": reply.id}, key="reply:message:1")

    report = deliver_due(runtime.session_factory, quick_graph, now=NOW)

    assert report.failed == 1
    assert report.errors[0][0] == item.id and "Invalid parameter" in report.errors[0][1]
    failed = row(runtime, item.id)
    assert failed.status == "failed"
    assert failed.last_error is not None and "Invalid parameter" in failed.last_error
    (message,) = outbound_messages(runtime)
    assert message.status == "failed"
    with runtime.session_factory() as session:
        assert [i.id for i in outbox.items(session, status="failed")] == [item.id]
    assert (
        deliver_due(runtime.session_factory, quick_graph, now=NOW + timedelta(days=1)).attempted
        == 0
    )


def test_retryable_errors_end_as_failed_after_the_last_attempt(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    write_in(runtime, NOW)
    graph["messages"].side_effect = lambda request: graph_error(500, 1)
    item = enqueue(runtime, {"text": REMINDER})
    now = NOW
    for _ in range(outbox.MAX_ATTEMPTS):
        deliver_due(runtime.session_factory, quick_graph, now=now)
        now = row(runtime, item.id).send_after
    failed = row(runtime, item.id)
    assert (failed.status, failed.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert graph["messages"].call_count == outbox.MAX_ATTEMPTS


def test_closed_window_reported_by_graph_sends_the_template_instead(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    write_in(runtime, NOW)
    graph["messages"].side_effect = [
        graph_error(400, 131047, "Re-engagement message"),
        graph_ok("wamid.template"),
    ]
    enqueue(runtime, {"text": REMINDER})
    assert deliver_due(runtime.session_factory, quick_graph, now=NOW).sent == 1
    assert [b["type"] for b in sent_bodies(graph)] == ["text", "template"]


def test_an_unsendable_body_fails_visibly(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    item = enqueue(runtime, {"text": "   ", "buttons": ["a", "b", "c", "d"]})
    assert deliver_due(runtime.session_factory, quick_graph, now=NOW).failed == 1
    failed = row(runtime, item.id)
    assert failed.status == "failed" and "text" in (failed.last_error or "")
    assert not graph["messages"].called


def test_a_row_for_an_impossible_number_fails_without_blocking_the_others(
    runtime: Runtime, quick_graph: GraphTransport, graph: respx.Router
) -> None:
    with runtime.session_factory.begin() as session:
        bad = outbox.enqueue(
            session, phone="12", kind="reminder", dedupe_key="bad", body={"text": "x"}, now=NOW
        )
    assert bad is not None
    good = enqueue(runtime, {"text": REMINDER})
    report = deliver_due(runtime.session_factory, quick_graph, now=NOW)
    assert (report.sent, report.failed) == (1, 1)
    failed = row(runtime, bad.id)
    assert failed.status == "failed" and "recipient" in (failed.last_error or "")
    assert row(runtime, good.id).status == "sent"


def test_a_second_sender_never_sends_a_leased_row(runtime: Runtime) -> None:
    """While one sender is sending a row, another sender's pass finds nothing to send."""
    inner: list[DeliveryReport] = []

    class Reentrant:
        channel: str | None = None

        def send(self, item: OutboxItem, *, within_window: bool) -> str | None:
            inner.append(deliver_due(runtime.session_factory, LocalTransport(), now=NOW))
            return f"local.{item.id}"

    enqueue(runtime, {"text": REMINDER})
    assert deliver_due(runtime.session_factory, Reentrant(), now=NOW).sent == 1
    assert inner == [DeliveryReport()]


@pytest.fixture
def local_runtime(db_url: str) -> Iterator[Runtime]:
    settings = service_settings(db_url, whatsapp_token=None, whatsapp_phone_number_id=None)
    with open_runtime(settings) as runtime:
        yield runtime


def test_local_transport_puts_the_message_in_the_customers_chat(local_runtime: Runtime) -> None:
    runtime = local_runtime
    write_in(runtime, NOW - timedelta(days=3), channel="chat")
    transport = build_transport(runtime.settings)
    enqueue(runtime, {"text": REMINDER, "buttons": ["Confirm"]})

    assert deliver_due(runtime.session_factory, transport, now=NOW).sent == 1
    assert deliver_due(runtime.session_factory, transport, now=NOW).attempted == 0

    (message,) = outbound_messages(runtime)
    with runtime.session_factory() as session:
        channel = session.scalar(
            select(MessageRow.conversation_id).where(MessageRow.direction == "inbound")
        )
    assert message.conversation_id == channel
    assert message.text == REMINDER and message.status == "sent"
    assert message.payload is not None and message.payload["buttons"] == [["b1", "Confirm"]]
    assert message.wa_message_id is not None and message.wa_message_id.startswith("local.")


def test_the_default_template_comes_from_the_settings(db_url: str) -> None:
    settings = service_settings(db_url).model_copy(
        update={"whatsapp_template": "clinic_update", "whatsapp_template_language": "de"}
    )
    transport = build_transport(settings)
    assert isinstance(transport, GraphTransport)
    assert transport.default_template is not None
    assert (transport.default_template.name, transport.default_template.language) == (
        "clinic_update",
        "de",
    )
