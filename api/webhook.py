"""The WhatsApp Cloud API webhook: `GET` and `POST /webhooks/whatsapp`.

- GET answers Meta's subscription check: `hub.challenge` echoed as plain text
  when `hub.mode=subscribe` and `hub.verify_token` is BOOKBOT_WHATSAPP_VERIFY_TOKEN.
- POST accepts a delivery only with a valid `X-Hub-Signature-256` (HMAC-SHA256 of
  the raw body with BOOKBOT_WHATSAPP_APP_SECRET); anything else is refused with
  403 before a byte of it is stored. Without a secret, or without a well-formed
  header, the body is not read at all; a body over BOOKBOT_MAX_REQUEST_BYTES is
  refused with 413 (`limits.BodyLimit`), so an unsigned flood costs no memory.
  A signed delivery is stored (messages `pending`, statuses applied) and
  acknowledged with 200 at once; the agent turns run after it, on the inbound
  queue. A signed but malformed delivery is also answered 200 (Meta would
  redeliver it for days): each part is stored on its own (`intake`), its
  readable parts are kept, and what cannot be read or stored is logged with the
  raw body. Parts for another phone number id of the same Meta app are
  acknowledged and skipped. Only an unreachable database gets a 503 (redeliver).

In the ingest role on PostgreSQL the POST is answered by `IngestFastPath` (ASGI
middleware, below) with the same checks and answers: each message is one statement
on the event loop (`bookbot.store.ingest`), no thread per request.
"""

from __future__ import annotations

import json
import logging
import time
from typing import IO, Annotated, Any, NoReturn

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.types import ASGIApp, Receive, Scope, Send

from bookbot.api.deps import AppState, SettingsDep, StateDep
from bookbot.api.intake import (
    Read,
    StoredBatch,
    only_messages,
    read_events,
    store_events,
    store_messages,
)
from bookbot.api.limits import TOO_LARGE
from bookbot.api.whatsapp import (
    SIGNATURE_HEADER,
    verify_handshake,
    verify_signature,
    well_formed,
)
from bookbot.store import wakeups
from bookbot.store.db import write_session
from bookbot.store.ingest import UNAVAILABLE, WAITS, AsyncStore

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/whatsapp", tags=["whatsapp"])

FORBIDDEN: dict[int | str, dict[str, Any]] = {
    status.HTTP_403_FORBIDDEN: {"description": "Missing or wrong verification"}
}
POST_RESPONSES: dict[int | str, dict[str, Any]] = {
    **FORBIDDEN,
    TOO_LARGE: {"description": "Body larger than BOOKBOT_MAX_REQUEST_BYTES"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "Database unreachable: redeliver"},
}
# Documents the body for API clients and fuzzers; the route reads the raw bytes itself,
# since the signature covers them exactly as sent.
WEBHOOK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["object", "entry"],
                    "properties": {
                        "object": {"type": "string", "example": "whatsapp_business_account"},
                        "entry": {"type": "array", "items": {"type": "object"}},
                    },
                }
            }
        },
    }
}


class WebhookAck(BaseModel):
    """What one delivery brought; Meta only looks at the 200."""

    received: int
    duplicates: int
    statuses: int
    unreadable: int
    other_number: int = 0


@router.get("", response_class=PlainTextResponse, responses=FORBIDDEN)
def verify(
    settings: SettingsDep,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> PlainTextResponse:
    """Meta's subscription check: echo `hub.challenge` when the verify token is ours."""
    answer = verify_handshake(mode, token, challenge, settings.whatsapp_verify_token)
    if answer is None:
        reason = (
            "BOOKBOT_WHATSAPP_VERIFY_TOKEN is not set"
            if not settings.whatsapp_verify_token
            else "hub.mode must be 'subscribe' and hub.verify_token must match"
        )
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"verification failed: {reason}")
    return PlainTextResponse(answer)


@router.post("", responses=POST_RESPONSES, openapi_extra=WEBHOOK_BODY)
async def receive(
    request: Request,
    state: StateDep,
    signature: Annotated[str | None, Header(alias=SIGNATURE_HEADER)] = None,
) -> WebhookAck:
    """Store a signed delivery and acknowledge it; the replies follow."""
    secret = state.settings.whatsapp_app_secret or ""
    if not secret or not well_formed(signature):
        refuse(signature, secret)  # before reading a byte of the body
    raw = await request.body()  # at most BOOKBOT_MAX_REQUEST_BYTES (limits.BodyLimit)
    if not verify_signature(raw, signature, secret):
        refuse(signature, secret)
    return await run_in_threadpool(accept, state, raw)


def refuse(signature: str | None, secret: str) -> NoReturn:
    log.warning("webhook refused: %s signature", "no" if not signature else "a wrong")
    detail = "invalid X-Hub-Signature-256"
    if not secret:
        detail = "webhook disabled: BOOKBOT_WHATSAPP_APP_SECRET is not set"
    raise HTTPException(status.HTTP_403_FORBIDDEN, detail)


def accept(state: AppState, raw: bytes, read: Read | None = None) -> WebhookAck:
    """Store everything readable, each part on its own, then hand the customers to the queue."""
    if read is None:
        read = read_events(raw, phone_number_id=state.settings.whatsapp_phone_number_id)
    try:
        with write_session(state.runtime.session_factory) as session:
            stored = store_events(session, read.pieces)
            state.announce(session, stored.customers)
    except (OperationalError, InterfaceError) as exc:
        unavailable(exc)
    return acknowledge(state, raw, read, stored)


def unavailable(exc: Exception) -> NoReturn:
    log.error("webhook: database unavailable, Meta will redeliver: %s", exc)
    raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unavailable") from None


def acknowledge(state: AppState, raw: bytes, read: Read, stored: StoredBatch) -> WebhookAck:
    """Log what was cleaned or could not be stored, wake the turns, and the ack."""
    if read.cleaned:
        log.warning("webhook: stored with %s", read.cleaned)
    problems = read.problems + stored.problems
    if problems:
        log.error(
            "webhook: %d unreadable or unstorable part(s): %s; raw body: %s",
            len(problems),
            " | ".join(problems),
            raw.decode("utf-8", "replace"),
        )
    state.answer_later(stored.customers)
    return WebhookAck(
        received=stored.new,
        duplicates=stored.duplicates,
        statuses=stored.statuses,
        unreadable=len(problems),
        other_number=read.other_number,
    )


PATH = "/webhooks/whatsapp"
_SIGNATURE = SIGNATURE_HEADER.lower().encode("latin-1")
_JSON_HEADERS = [(b"content-type", b"application/json")]


class IngestFastPath:
    """ASGI middleware of the ingest role (no turns in its process) on PostgreSQL:
    `POST /webhooks/whatsapp` is answered here, on the event loop, without FastAPI's
    routing, dependencies and response model, or a thread; everything else goes on
    to the app.

    The same checks and answers as the route (`receive`): 403 before a byte of the
    body is read without a well-formed signature, 403 for a wrong one, 413 over
    BOOKBOT_MAX_REQUEST_BYTES (`limits.BodyLimit`, outside this), 503 when the
    database is unreachable, and a 200 with the same body once everything readable
    is stored. A delivery of messages only is stored by `intake.store_messages`
    (one statement per message on `store`, its NOTIFY in it); one carrying
    statuses goes the route's way (`accept`, on a thread). Active while `store` is
    open (from the app's startup to its shutdown); otherwise the route answers.
    """

    def __init__(self, app: ASGIApp, state: AppState, store: AsyncStore) -> None:
        self.app = app
        self.state = state
        self.store = store
        trace = state.settings.ingest_trace
        self.trace: IO[str] | None = None if trace is None else trace.open("a", buffering=1)
        """BOOKBOT_INGEST_TRACE: one line per delivery, ms (`_traced`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.store.opened
            or scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] != "POST"
        ):
            await self.app(scope, receive, send)
            return
        if self.trace is not None:
            await self._traced(scope, receive, send)
            return
        await self._handle(scope, receive, send)

    async def _traced(self, scope: Scope, receive: Receive, send: Send) -> None:
        """`_handle`, and a line in the trace: wall clock (s), ms in this process from
        the middleware's call to the answer sent, ms waiting for a pooled connection,
        ms in the statements (a round trip each, event-loop delays included)."""
        started = time.perf_counter()
        waits = [0.0, 0.0]
        token = WAITS.set(waits)
        try:
            await self._handle(scope, receive, send)
        finally:
            WAITS.reset(token)
            took = time.perf_counter() - started
            assert self.trace is not None
            self.trace.write(
                f"{time.time():.3f} {took * 1000:.2f} {waits[0] * 1000:.2f} "
                f"{waits[1] * 1000:.2f}\n"
            )

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            ack = await self._receive(scope, receive)
        except HTTPException as exc:
            await _answer(send, exc.status_code, {"detail": exc.detail})
            return
        await _answer(send, status.HTTP_200_OK, ack.model_dump())

    async def _receive(self, scope: Scope, receive: Receive) -> WebhookAck:
        state = self.state
        secret = state.settings.whatsapp_app_secret or ""
        signature = _header(scope, _SIGNATURE)
        if not secret or not well_formed(signature):
            refuse(signature, secret)  # before reading a byte of the body
        raw = await _body(receive)  # BodyLimit raises 413 past BOOKBOT_MAX_REQUEST_BYTES
        if not verify_signature(raw, signature, secret):
            refuse(signature, secret)
        read = read_events(raw, phone_number_id=state.settings.whatsapp_phone_number_id)
        if not only_messages(read.pieces):
            return await run_in_threadpool(accept, state, raw, read)
        try:
            stored = await store_messages(self.store, read.pieces, wake=wakeups.INBOX)
        except UNAVAILABLE as exc:
            unavailable(exc)
        return acknowledge(state, raw, read, stored)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "client disconnected")
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _answer(send: Send, code: int, body: dict[str, Any]) -> None:
    content = json.dumps(body, separators=(",", ":")).encode()
    headers = [*_JSON_HEADERS, (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": code, "headers": headers})
    await send({"type": "http.response.body", "body": content})
