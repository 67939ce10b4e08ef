"""Request bodies are capped (BOOKBOT_MAX_REQUEST_BYTES): how much of a huge body is read.

These tests drive the ASGI app directly with a body that streams from a counter,
so they see how many bytes the app pulled: none when the Content-Length is over
the cap or the webhook's signature header cannot be genuine, at most the cap
plus one chunk when the body streams (chunked, or a Content-Length that lies).
A flood of unsigned or oversized posts therefore costs no memory.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import respx
from fastapi import FastAPI

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.api.whatsapp import sign
from bookbot.store.models import MessageRow
from tests.api.service_testkit import (
    SECRET,
    Clock,
    count,
    delivery,
    service_settings,
    text_message,
)

CAP = 64 * 1024
CHUNK = 16 * 1024
HUGE = 64 * 1024 * 1024  # what the client would send if nobody stopped reading
WEBHOOK = "/webhooks/whatsapp"
CHAT = "/chat/api/messages"
GOOD_SIGNATURE = "sha256=" + "0" * 64  # well formed, wrong


@pytest.fixture
def runtime(db_url: str) -> Iterator[Runtime]:
    with open_runtime(service_settings(db_url, max_request_bytes=CAP)) as opened:
        yield opened


@pytest.fixture
def app(runtime: Runtime, http_client: httpx.Client) -> FastAPI:
    """The app with the Graph API mocked (`graph`); driven directly, no lifespan needed."""
    return create_app(
        runtime, clock=Clock(), http_client=http_client, process_inline=True, chat_page=True
    )


@dataclass
class Exchange:
    status: int = 0
    consumed: int = 0  # bytes of the body the app pulled
    body: bytes = b""
    chunks: Iterator[bytes] = field(default_factory=lambda: iter(()))


def post(
    app: FastAPI, path: str, chunks: Iterator[bytes], headers: dict[str, str] | None = None
) -> Exchange:
    """POST `chunks` to the app as a server would hand them over; what it answered and read."""
    exchange = Exchange(chunks=chunks)

    async def receive() -> dict[str, Any]:
        chunk = next(exchange.chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        exchange.consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            exchange.status = message["status"]
        elif message["type"] == "http.response.body":
            exchange.body += message.get("body", b"")

    raw_headers = [(b"content-type", b"application/json")]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))
    return exchange


def flood(total: int = HUGE) -> Iterator[bytes]:
    for _ in range(total // CHUNK):
        yield b" " * CHUNK


def test_a_declared_length_over_the_cap_is_refused_before_reading(app: FastAPI) -> None:
    for path in (WEBHOOK, CHAT):
        headers = {"content-length": str(HUGE), "x-hub-signature-256": GOOD_SIGNATURE}
        exchange = post(app, path, flood(), headers)
        assert exchange.status == 413
        assert exchange.consumed == 0
        assert b"BOOKBOT_MAX_REQUEST_BYTES" in exchange.body


@pytest.mark.parametrize("declared", [None, "100"], ids=["chunked", "lying length"])
@pytest.mark.parametrize("path", [WEBHOOK, CHAT])
def test_a_streamed_body_is_read_up_to_the_cap_only(
    app: FastAPI, runtime: Runtime, path: str, declared: str | None
) -> None:
    headers = {"x-hub-signature-256": GOOD_SIGNATURE}
    if declared is not None:
        headers["content-length"] = declared
    exchange = post(app, path, flood(), headers)
    assert exchange.status == 413, exchange.body
    assert CAP < exchange.consumed <= CAP + CHUNK
    assert count(runtime, MessageRow) == 0


@pytest.mark.parametrize(
    "signature", [None, "", "sha256=", "sha256=" + "z" * 64, "md5=" + "0" * 64, "0" * 64]
)
def test_an_unsigned_or_malformed_signature_reads_no_byte(
    app: FastAPI, runtime: Runtime, signature: str | None
) -> None:
    headers = {} if signature is None else {"x-hub-signature-256": signature}
    exchange = post(app, WEBHOOK, flood(), headers)
    assert exchange.status == 403
    assert exchange.consumed == 0
    assert count(runtime, MessageRow) == 0


def test_without_an_app_secret_no_byte_is_read(db_url: str, http_client: httpx.Client) -> None:
    settings = service_settings(db_url, whatsapp_app_secret=None)
    with open_runtime(settings) as runtime:
        app = create_app(runtime, clock=Clock(), http_client=http_client, process_inline=True)
        raw = json.dumps(delivery(messages=[text_message("wamid.1", "hi")])).encode()
        exchange = post(app, WEBHOOK, flood(), {"x-hub-signature-256": sign(raw, "")})
    assert (exchange.status, exchange.consumed) == (403, 0)


def test_a_signed_delivery_under_the_cap_is_accepted(
    app: FastAPI, runtime: Runtime, graph: respx.Router
) -> None:
    raw = json.dumps(delivery(messages=[text_message("wamid.1", "I need a dental implant")]))
    body = raw.encode()
    headers = {"content-length": str(len(body)), "x-hub-signature-256": sign(body, SECRET)}
    exchange = post(app, WEBHOOK, iter([body[:100], body[100:]]), headers)
    assert exchange.status == 200, exchange.body
    assert exchange.consumed == len(body)
    assert count(runtime, MessageRow, MessageRow.direction == "inbound") == 1
    assert graph["messages"].call_count == 1  # answered
