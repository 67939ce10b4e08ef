"""Helpers of the service tests (tests/api): constants, a frozen clock, Meta's webhook
payloads (developers.facebook.com/docs/whatsapp/cloud-api/webhooks), signed posts,
and Graph API answers for the respx mock. The fixtures are in conftest.py.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import respx
from fastapi.testclient import TestClient
from httpx2 import Response as ClientResponse
from sqlalchemy import func, select

from bookbot.agent.runtime import Runtime
from bookbot.api.whatsapp import sign
from bookbot.settings import DEMO_BUSINESS, Settings

ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
GRAPH = "https://graph.test/v21.0"
PHONE_ID = "106540352242922"
SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
MARIE = "+41790000001"
MARIE_WA = "41790000001"

Payload = dict[str, Any]


def service_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings with WhatsApp configured, everything explicit (the environment cannot leak in)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "business": DEMO_BUSINESS,
        "model": "offline",
        "admin_token": None,
        "whatsapp_token": "test-token",
        "whatsapp_app_secret": SECRET,
        "whatsapp_verify_token": VERIFY_TOKEN,
        "whatsapp_phone_number_id": PHONE_ID,
        "graph_api_url": GRAPH,
    }
    values.update(overrides)
    return Settings(**values)


class Clock:
    """A frozen clock that tests move by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def graph_ok(message_id: str) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "messaging_product": "whatsapp",
            "contacts": [{"input": MARIE_WA, "wa_id": MARIE_WA}],
            "messages": [{"id": message_id}],
        },
    )


def graph_error(status: int, code: int, message: str = "error") -> httpx.Response:
    body = {"error": {"message": message, "type": "OAuthException", "code": code}}
    return httpx.Response(status, json=body)


def sent_bodies(graph: respx.Router) -> list[Payload]:
    """The JSON bodies posted to the messages endpoint, in order."""
    return [json.loads(call.request.content) for call in graph["messages"].calls]


# --- Meta's webhook payloads (developers.facebook.com/docs/whatsapp/cloud-api/webhooks) ---


def unix(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def text_message(wamid: str, body: str, *, at: datetime = NOW, sender: str = MARIE_WA) -> Payload:
    return {
        "from": sender,
        "id": wamid,
        "timestamp": unix(at),
        "type": "text",
        "text": {"body": body},
    }


def button_reply(
    wamid: str, reply_id: str, title: str, *, context: str | None = None, at: datetime = NOW
) -> Payload:
    message: Payload = {
        "from": MARIE_WA,
        "id": wamid,
        "timestamp": unix(at),
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}},
    }
    if context:
        message["context"] = {"from": "15550783881", "id": context}
    return message


def status_update(wamid: str, state: str, *, at: datetime = NOW, **extra: Any) -> Payload:
    return {
        "id": wamid,
        "status": state,
        "timestamp": unix(at),
        "recipient_id": MARIE_WA,
        **extra,
    }


def delivery(
    *,
    messages: list[Payload] | None = None,
    statuses: list[Payload] | None = None,
    name: str = "Marie",
) -> Payload:
    value: Payload = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
    }
    if messages is not None:
        senders = sorted({m["from"] for m in messages if isinstance(m, dict) and "from" in m})
        value["contacts"] = [{"profile": {"name": name}, "wa_id": s} for s in senders]
        value["messages"] = messages
    if statuses is not None:
        value["statuses"] = statuses
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def post_webhook(
    client: TestClient,
    payload: Payload | bytes,
    *,
    secret: str | None = SECRET,
    signature: str | None = None,
) -> ClientResponse:
    """POST a delivery as Meta does: the raw bytes, signed with `secret` (None: unsigned)."""
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if signature is None and secret is not None:
        signature = sign(raw, secret)
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return client.post("/webhooks/whatsapp", content=raw, headers=headers)


def count(runtime: Runtime, model: type, *where: Any) -> int:
    with runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)
