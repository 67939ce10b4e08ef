"""A cap on request bodies (`BOOKBOT_MAX_REQUEST_BYTES`, 1 MiB by default), as ASGI middleware.

A body is refused with 413 before a byte of it is read when its Content-Length
is larger than the cap, and while it streams as soon as more than the cap has
arrived (a Content-Length that lies, or a chunked body): the read that crosses
the cap raises a 413 `HTTPException`, which FastAPI answers like any other, so
no route ever holds more than the cap (plus one chunk) in memory.
"""

from __future__ import annotations

import json

from fastapi import HTTPException, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = status.HTTP_413_CONTENT_TOO_LARGE


def too_large(max_bytes: int) -> str:
    return f"request body larger than {max_bytes} bytes (BOOKBOT_MAX_REQUEST_BYTES)"


class BodyLimit:
    """Refuse request bodies larger than `max_bytes` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _refuse(send, too_large(self.max_bytes))
            return
        received = 0

        async def capped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(TOO_LARGE, too_large(self.max_bytes))
            return message

        await self.app(scope, capped, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isascii() and text.isdigit() else None
    return None


async def _refuse(send: Send, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": TOO_LARGE, "headers": headers})
    await send({"type": "http.response.body", "body": body})
