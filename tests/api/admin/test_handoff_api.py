"""The admin's handoff API (issue #20) on every backend of the run: the inbox of
threads waiting for a person (oldest first, with waiting time), a thread with its
transcript and tool calls, take over, a staff reply through the outbox, hand back;
and the token they all need."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from bookbot.agent.runtime import Runtime
from bookbot.api.admin.demo_seed import DEMO_NOW
from bookbot.service.conversations import Conversations
from tests.api.admin.admin_testkit import AUTH

LEA, MAX = "+41790000061", "+41790000062"


def _asks_for_a_person(runtime: Runtime, phone: str, minutes_ago: int) -> int:
    answer = Conversations.of(runtime).handle(
        phone=phone,
        text="I'd like to talk to a person",
        now=DEMO_NOW - timedelta(minutes=minutes_ago),
        name="Lea" if phone == LEA else None,
    )
    assert answer is not None and [t.name for t in answer.outcome.tools] == ["request_human"]
    return answer.conversation_id


def test_inbox_thread_reply_and_hand_back(client: TestClient, runtime: Runtime) -> None:
    newer = _asks_for_a_person(runtime, MAX, minutes_ago=5)
    older = _asks_for_a_person(runtime, LEA, minutes_ago=30)
    held = Conversations.of(runtime).handle(phone=LEA, text="hello??", now=DEMO_NOW)
    assert held is None  # kept for staff, not answered

    inbox = client.get("/admin/api/handoff/inbox", headers=AUTH).json()
    assert [item["conversation_id"] for item in inbox] == [older, newer]
    assert inbox[0]["waiting_seconds"] == 30 * 60
    assert (inbox[0]["status"], inbox[0]["held"], inbox[0]["last_text"]) == (
        "requested",
        1,
        "hello??",
    )

    thread = client.get(f"/admin/api/handoff/threads/{older}", headers=AUTH).json()
    assert thread["handoff"]["within_window"] is True
    calls = [
        c["name"]
        for m in thread["transcript"]["messages"]
        if m["turn"]
        for c in m["turn"]["tool_calls"]
    ]
    assert calls == ["request_human"]
    assert thread["transcript"]["messages"][-1]["status"] == "held"

    sent = client.post(
        f"/admin/api/handoff/threads/{older}/reply",
        json={"text": "Hi Lea, Anna here.", "by": "Anna"},
        headers=AUTH,
    )
    assert sent.status_code == 200, sent.text
    body = sent.json()
    assert body["handoff"]["status"] == "taken" and body["handoff"]["by"] == "Anna"
    assert body["as_template"] is False
    thread = client.get(f"/admin/api/handoff/threads/{older}", headers=AUTH).json()
    staff = thread["transcript"]["messages"][-1]
    assert (staff["kind"], staff["by"], staff["text"]) == ("staff", "Anna", "Hi Lea, Anna here.")

    inbox = client.get("/admin/api/handoff/inbox", headers=AUTH).json()
    assert [item["conversation_id"] for item in inbox] == [newer, older]  # staff wrote last
    assert inbox[1]["waiting_seconds"] is None

    back = client.post(f"/admin/api/handoff/threads/{older}/hand-back", headers=AUTH)
    assert back.json()["status"] is None
    answer = Conversations.of(runtime).handle(
        phone=LEA, text="how much is a dental implant?", now=DEMO_NOW + timedelta(minutes=1)
    )
    assert answer is not None and "3,500" in answer.reply


def test_take_over_any_thread(client: TestClient, runtime: Runtime) -> None:
    answer = Conversations.of(runtime).handle(phone=LEA, text="hello", now=DEMO_NOW)
    assert answer is not None
    taken = client.post(
        f"/admin/api/handoff/threads/{answer.conversation_id}/take-over", headers=AUTH
    )
    assert taken.status_code == 200
    assert (taken.json()["status"], taken.json()["by"]) == ("taken", "admin")
    assert Conversations.of(runtime).handle(phone=LEA, text="hi?", now=DEMO_NOW) is None


def test_handoff_routes_need_the_token_and_a_known_thread(client: TestClient) -> None:
    assert client.get("/admin/api/handoff/inbox").status_code == 401
    assert client.post("/admin/api/handoff/threads/1/hand-back").status_code == 401
    assert client.get("/admin/api/handoff/threads/999999", headers=AUTH).status_code == 404
    missing = client.post(
        "/admin/api/handoff/threads/999999/reply", json={"text": "hi"}, headers=AUTH
    )
    assert missing.status_code == 404
    empty = client.post("/admin/api/handoff/threads/1/reply", json={"text": ""}, headers=AUTH)
    assert empty.status_code == 422
