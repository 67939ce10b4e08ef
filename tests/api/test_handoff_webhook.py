"""Human handoff end to end from WhatsApp (issue #20), on every backend of the run:
signed webhooks in, the Graph API (respx) out, the admin API between. A customer
asks for a person, the bot says so and then stops answering; staff reply from the
admin (as text inside the 24-hour window, as the template outside it); staff hand
back, and the bot answers the next message with the staff reply in its history."""

from __future__ import annotations

from collections.abc import Callable

import respx
from fastapi.testclient import TestClient
from sqlalchemy import select

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.service.outbound import DEFAULT_TEMPLATE
from bookbot.store import turn_queue
from bookbot.store.models import ConversationRow, MessageRow
from tests.api.service_testkit import (
    Clock,
    delivery,
    post_webhook,
    sent_bodies,
    service_settings,
    text_message,
)

TOKEN = "handoff-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _write(client: TestClient, clock: Clock, wamid: str, text: str) -> None:
    message = text_message(wamid, text, at=clock.now)
    assert post_webhook(client, delivery(messages=[message])).status_code == 200


def test_a_person_takes_over_from_whatsapp_and_hands_back(
    any_db_url: str,
    make_client: Callable[[Runtime], TestClient],
    graph: respx.Router,
    clock: Clock,
) -> None:
    with open_runtime(service_settings(any_db_url, admin_token=TOKEN)) as runtime:
        client = make_client(runtime)
        _write(client, clock, "wamid.in.1", "Can I talk to a real person please?")
        first = sent_bodies(graph)
        assert len(first) == 1 and "asked our team" in first[0]["text"]["body"]

        clock.advance(minutes=2)
        _write(client, clock, "wamid.in.2", "It's about my knee, it still hurts")
        assert len(sent_bodies(graph)) == 1  # held: the bot says nothing
        with runtime.session_factory() as session:
            held = session.scalar(
                select(MessageRow.status).where(MessageRow.wa_message_id == "wamid.in.2")
            )
            conversation = session.scalars(select(ConversationRow)).one()
        assert held == "held"

        inbox_items = client.get("/admin/api/handoff/inbox", headers=AUTH).json()
        assert [i["conversation_id"] for i in inbox_items] == [conversation.id]
        assert inbox_items[0]["waiting_seconds"] == 120

        path = f"/admin/api/handoff/threads/{conversation.id}"
        sent = client.post(
            f"{path}/reply",
            json={"text": "Hi Marie, Anna from the practice here.", "by": "Anna"},
            headers=AUTH,
        )
        assert sent.status_code == 200 and sent.json()["as_template"] is False
        bodies = sent_bodies(graph)
        assert bodies[-1]["type"] == "text"
        assert bodies[-1]["text"]["body"] == "Hi Marie, Anna from the practice here."

        clock.advance(hours=25)  # WhatsApp's window closed: a template carries the reply
        late = client.post(
            f"{path}/reply", json={"text": "Are you still there?", "by": "Anna"}, headers=AUTH
        )
        assert late.json()["as_template"] is True
        template = sent_bodies(graph)[-1]
        assert template["type"] == "template" and template["template"]["name"] == DEFAULT_TEMPLATE

        assert client.post(f"{path}/hand-back", headers=AUTH).json()["status"] is None
        clock.advance(minutes=5)
        _write(client, clock, "wamid.in.3", "how much is a dental implant?")
        answer = sent_bodies(graph)[-1]
        assert "3,500" in answer["text"]["body"]
        with runtime.session_factory() as session:
            last = session.scalar(
                select(MessageRow.id).where(MessageRow.wa_message_id == "wamid.in.3")
            )
            assert last is not None
            history = turn_queue.load_turn(session, message_id=last).history
            statuses = session.scalars(
                select(MessageRow.status).where(MessageRow.direction == "inbound")
            ).all()
        contents = [m.get("content") for m in history]
        assert "[staff: Anna] Hi Marie, Anna from the practice here." in contents
        assert "It's about my knee, it still hurts" in contents
        assert sorted(str(s) for s in statuses) == [
            "answered",
            "answered",
            "held",
        ]  # none lost, none answered twice
