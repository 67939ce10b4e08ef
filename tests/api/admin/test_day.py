"""The admin reads as a receptionist needs it: times with weekday, date and time,
plans that read apart, sessions to mark, each reply's delivery status, and no
500 for a NUL character (PostgreSQL cannot store one)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bookbot.agent.runtime import Runtime
from bookbot.api.admin.demo_seed import DEMO_NOW, DemoSeed, seed_demo_conversations
from bookbot.service.conversations import Conversations
from bookbot.store import outbox
from bookbot.store.delivery_status import apply_delivery_status
from bookbot.store.models import MessageRow
from tests.api.admin.admin_testkit import AUTH, MARIE


def test_sessions_read_with_weekday_date_and_time_and_say_which_can_be_marked(
    reader: TestClient,
) -> None:
    data = reader.get("/admin/api/overview", headers=AUTH).json()
    marie = next(p for p in data["in_progress"] if p["customer"]["name"] == "Marie Schmidt")
    assert [(s["label"], s["can_mark"]) for s in marie["sessions"]] == [
        ("Session 1: Tue 10 Mar 2026, 14:00 - Completed", False),
        ("Session 2: Tue 24 Mar 2026, 14:00 - Confirmed", True),  # started at 14:00
        ("Session 3: Thu 23 Apr 2026, 14:00 - Confirmed", False),  # not yet started
    ]
    assert [b["when"] for b in data["upcoming"]] == [
        "Wed 25 Mar 2026, 17:00",
        "Fri 27 Mar 2026, 17:00",
    ]


def test_the_overview_lists_started_sessions_still_to_mark(
    client: TestClient, seed: DemoSeed
) -> None:
    to_mark = client.get("/admin/api/overview", headers=AUTH).json()["to_mark"]
    assert [(b["customer"]["name"], b["session_number"], b["when"]) for b in to_mark] == [
        ("Marie Schmidt", 2, "Tue 24 Mar 2026, 14:00"),
    ]
    group = seed.groups["Marie Schmidt"]
    client.post(f"/admin/api/groups/{group}/sessions/2/complete", headers=AUTH)
    assert client.get("/admin/api/overview", headers=AUTH).json()["to_mark"] == []


def test_two_plans_of_one_service_booked_the_same_day_read_apart(reader: TestClient) -> None:
    plans = reader.get("/admin/api/groups", params={"service": "dental-implant"}, headers=AUTH)
    titles = {p["customer"]["name"]: p["title"] for p in plans.json()}
    assert titles == {
        "Marie Schmidt": "Dental Implant - Complete Treatment · booked Mon 2 Mar 2026, 09:00",
        "Jonas Huber": "Dental Implant - Complete Treatment · booked Wed 1 Oct 2025, 09:00",
    }


def _marie_replies(client: TestClient) -> list[dict[str, Any]]:
    found = client.get("/admin/api/conversations", params={"phone": MARIE}, headers=AUTH)
    transcript = client.get(f"/admin/api/conversations/{found.json()[0]['id']}", headers=AUTH)
    return [m for m in transcript.json()["messages"] if m["direction"] == "outbound"]


def test_transcripts_show_each_replys_delivery_status(client: TestClient, runtime: Runtime) -> None:
    seed_demo_conversations(Conversations.of(runtime), now=DEMO_NOW)
    (reply,) = _marie_replies(client)
    with runtime.session_factory.begin() as session:
        message = session.get_one(MessageRow, reply["id"])
        message.status = "queued"
        item = outbox.enqueue(
            session,
            phone=MARIE,
            kind="reply",
            dedupe_key=f"reply:test:{reply['id']}",
            body={"text": reply["text"], "message_id": reply["id"]},
            now=DEMO_NOW,
        )
        assert item is not None
        outbox.mark_failed(session, item_id=item.id, now=DEMO_NOW, error="graph 503")
    (queued,) = _marie_replies(client)
    assert queued["delivery"]["status"] == "queued"
    assert queued["delivery"]["error"] == "graph 503"
    assert queued["delivery"]["next_try"] is not None

    with runtime.session_factory.begin() as session:
        outbox.mark_sent(session, item_id=item.id, now=DEMO_NOW, provider_message_id="wamid.x")
        message = session.get_one(MessageRow, reply["id"])
        message.status, message.wa_message_id = "sent", "wamid.x"
        session.flush()
        apply_delivery_status(
            session, wa_message_id="wamid.x", status="read", at=DEMO_NOW + timedelta(minutes=1)
        )
    (read,) = _marie_replies(client)
    assert (read["status"], read["delivery"]["status"]) == ("read", "read")
    assert set(read["delivery"]["seen"]) == {"read"}

    with runtime.session_factory.begin() as session:
        apply_delivery_status(
            session, wa_message_id="wamid.x", status="failed", at=DEMO_NOW, error="blocked"
        )
    (failed,) = _marie_replies(client)
    assert (failed["delivery"]["status"], failed["delivery"]["error"]) == ("failed", "blocked")


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("GET", "/admin/api/customers?q=%00", None, "q"),
        ("GET", "/admin/api/customers?q=ma%00rie", None, "q"),
        ("GET", "/admin/api/bookings?service=dental%00", None, "service"),
        ("GET", "/admin/api/services/x%00y", None, "service_id"),
        ("PATCH", "/admin/api/services/physiotherapy", {"name": "Physio\u0000"}, "name"),
        (
            "PATCH",
            "/admin/api/services/physiotherapy",
            {"sessions": [{"name": "a\u0000"}]},
            "sessions[0].name",
        ),
    ],
)
def test_a_nul_character_is_a_422_naming_the_parameter(
    reader: TestClient, method: str, path: str, body: Any, field: str
) -> None:
    response = reader.request(method, path, json=body, headers=AUTH)
    assert response.status_code == 422, response.text
    (problem,) = response.json()["detail"]
    assert (problem["field"], problem["msg"]) == (field, "must not contain a NUL character")


def test_bookings_per_week_count_each_weeks_sessions_by_status(
    client: TestClient, seed: DemoSeed
) -> None:
    weeks = client.get("/admin/api/analytics/weeks", params={"before": 3, "after": 1}, headers=AUTH)
    assert weeks.status_code == 200, weeks.text
    rows = {w["label"]: w for w in weeks.json()}
    assert list(rows) == [
        "Mon 2 Mar 2026",
        "Mon 9 Mar 2026",
        "Mon 16 Mar 2026",
        "Mon 23 Mar 2026",
        "Mon 30 Mar 2026",
    ]
    this_week = rows["Mon 23 Mar 2026"]
    assert this_week["current"]
    # Thomas 23rd, 25th, 27th; Sofia and Marie today
    assert (this_week["completed"], this_week["confirmed"]) == (2, 3)
    assert rows["Mon 2 Mar 2026"]["no_shows"] == 1  # Lukas, 3 March
    group = seed.groups["Marie Schmidt"]
    client.post(f"/admin/api/groups/{group}/sessions/2/complete", headers=AUTH)
    again = client.get("/admin/api/analytics/weeks", params={"before": 0, "after": 0}, headers=AUTH)
    assert [(w["completed"], w["confirmed"]) for w in again.json()] == [(3, 2)]
    assert (
        client.get("/admin/api/analytics/weeks", params={"before": 53}, headers=AUTH).status_code
        == 422
    )
