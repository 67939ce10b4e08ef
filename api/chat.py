"""The local chat page (`/chat`) and the JSON API it talks to.

The page plays the customer's phone: it posts what the customer types and polls
the conversation. A message goes the same way as a WhatsApp one (stored
`pending`, answered by the inbound queue through the agent), only on the
conversation channel "chat"; replies and proactive messages (sent through the
local transport) appear when the page polls. The customer's own messages show
WhatsApp's ticks: ✓✓ grey once stored (`pending`), blue once answered.
Text and name are stored as every database takes them (NUL and lone surrogates
become U+FFFD, `storable`); `after` is bounded to the id column's range.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from bookbot.api.deps import AppState, SessionDep, StateDep
from bookbot.api.storable import INTEGER_MAX, storable_name, storable_text
from bookbot.service.replies import CHAT_CHANNEL
from bookbot.store.customers import normalize_phone
from bookbot.store.inbound import PENDING
from bookbot.store.threads import ThreadMessage, message_by_wa_id, read_thread

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_PHONE = "+41790000001"
"""The demo customer the page starts as; any number can be chosen on the page."""
THREAD_LIMIT = 200
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

router = APIRouter(prefix="/chat", tags=["chat"])
disabled_router = APIRouter(prefix="/chat", include_in_schema=False)
CHAT_OFF = (
    "The chat page is off while WhatsApp is configured: it lets anyone write as any "
    "customer. Use it locally without BOOKBOT_WHATSAPP_TOKEN."
)


@disabled_router.api_route("{path:path}", methods=["GET", "POST"])
def chat_off(path: str) -> None:
    raise HTTPException(status.HTTP_404_NOT_FOUND, CHAT_OFF)


class ChatConfig(BaseModel):
    business: str
    timezone: str
    default_phone: str
    services: list[str]


class ChatSend(BaseModel):
    phone: str = Field(max_length=32, examples=[DEFAULT_PHONE])
    text: str = Field(min_length=1, max_length=4096, examples=["I need a dental implant"])
    name: str | None = Field(default=None, max_length=100)
    client_id: str | None = Field(
        default=None,
        pattern=_CLIENT_ID.pattern,
        description="The page's id for this message: a resend with the same id is stored once.",
    )


class ChatButton(BaseModel):
    id: str
    title: str


class ChatMessage(BaseModel):
    id: int
    direction: Literal["inbound", "outbound"]
    text: str
    status: str | None
    created_at: datetime
    kind: str | None = None
    buttons: list[ChatButton] = []
    by: str | None = None
    """Who from the business wrote it (a staff message, human handoff)."""


class ChatThread(BaseModel):
    phone: str
    messages: list[ChatMessage]
    typing: bool


@router.get("", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC_DIR / "chat.html", media_type="text/html")


ASSETS = {"chat.css": "text/css", "chat.js": "text/javascript"}


@router.get("/assets/{name}", include_in_schema=False)
def asset(name: str) -> FileResponse:
    """The page's stylesheet and script (served by name: nothing else in static/ is exposed)."""
    if name not in ASSETS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no asset {name!r}")
    return FileResponse(STATIC_DIR / name, media_type=ASSETS[name])


@router.get("/api/config")
def config(state: StateDep) -> ChatConfig:
    business = state.runtime.business
    return ChatConfig(
        business=business.name,
        timezone=str(business.timezone),
        default_phone=DEFAULT_PHONE,
        services=[s.name for s in business.services],
    )


@router.post("/api/messages", status_code=status.HTTP_202_ACCEPTED)
async def send(message: ChatSend, state: StateDep) -> ChatMessage:
    """Store the customer's message (answered after this returns, as on WhatsApp)."""
    phone = _phone(message.phone)
    text = storable_text(message.text.strip())
    if not text:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "text: the message is empty")
    return await run_in_threadpool(_send, state, phone, text, message)


def _send(state: AppState, phone: str, text: str, message: ChatSend) -> ChatMessage:
    client_key = f"chat.{message.client_id or uuid.uuid4().hex}"
    stored = state.conversations().receive(
        phone=phone,
        text=text,
        now=state.now(),
        channel=CHAT_CHANNEL,
        name=storable_name(message.name),
        wa_message_id=client_key,
        payload={"kind": "text"},
        status=PENDING,
    )
    if stored is not None:
        state.answer_later([stored.customer_id], announced=False)
    with state.runtime.session_factory() as session:
        return _view(message_by_wa_id(session, wa_message_id=client_key))


@router.get("/api/messages")
def thread(
    session: SessionDep,
    phone: Annotated[str, Query(max_length=32, examples=[DEFAULT_PHONE])],
    after: Annotated[
        int, Query(ge=0, le=INTEGER_MAX, description="Only messages with a larger id")
    ] = 0,
) -> ChatThread:
    """The chat conversation of `phone`, newest `THREAD_LIMIT` messages after `after`."""
    number = _phone(phone)
    found = read_thread(
        session, phone=number, channel=CHAT_CHANNEL, after=after, limit=THREAD_LIMIT
    )
    if found is None:
        return ChatThread(phone=number, messages=[], typing=False)
    return ChatThread(
        phone=number, messages=[_view(m) for m in found.messages], typing=found.answering
    )


def _view(row: ThreadMessage) -> ChatMessage:
    payload = row.payload
    buttons = [
        ChatButton(id=str(b[0]), title=str(b[1]))
        for b in payload.get("buttons") or []
        if isinstance(b, list) and len(b) == 2
    ]
    return ChatMessage(
        id=row.id,
        direction="inbound" if row.direction == "inbound" else "outbound",
        text=row.text,
        status=row.status,
        created_at=row.created_at,
        kind=payload.get("kind"),
        buttons=buttons,
        by=str(payload["by"]) if payload.get("kind") == "staff" and payload.get("by") else None,
    )


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"phone: {exc}") from None
