"""Signed WhatsApp webhooks as Meta posts them (the real `X-Hub-Signature-256`), through
`LeanClient`, a minimal HTTP/1.1 keep-alive client (httpx.AsyncClient cost about 1 ms
of the generator's CPU per request, on the cores it measures), retried until
acknowledged."""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx

from bookbot.api.whatsapp import sign

SECRET = "bench-app-secret"
PHONE_ID = "1065403522"


def delivery(wa_id: str, wamid: str, body: str, at: float | None = None) -> bytes:
    message = {
        "from": wa_id,
        "id": wamid,
        "timestamp": str(int(at or time.time())),
        "type": "text",
        "text": {"body": body},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": f"Bench {wa_id[-4:]}"}, "wa_id": wa_id}],
        "messages": [message],
    }
    envelope = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1022901", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(envelope).encode()


@dataclass
class Posted:
    acks_ms: list[float] = field(default_factory=list)
    new: int = 0
    redelivered: int = 0
    refused: int = 0
    """Deliveries answered with anything but 200 (a replica being killed, say): they are
    redelivered, as Meta would."""


class LeanClient:
    """A minimal HTTP/1.1 client for the load generator: POSTs over keep-alive
    connections of its own (one per concurrent request, reused), no connection-pool
    bookkeeping, no header models, so the generator's CPU per request stays small on
    the machine it measures. What it measures is httpx's: from writing the request to
    the last byte of the response. Any network fault raises `OSError` (or
    `asyncio.IncompleteReadError`): the caller retries, as Meta does."""

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._idle: dict[tuple[str, int], list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]
        self._idle = defaultdict(list)

    async def __aenter__(self) -> LeanClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for _, writer in connections:
                writer.close()
        self._idle.clear()

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """POST `body` to `url` (`http://host:port/path`); the status and the body. A
        kept-alive connection the server closed meanwhile (its keep-alive timeout) is
        replaced, and the request sent again on a new one, as httpx does."""
        host, port, path = _split(url)
        idle = self._idle[(host, port)]
        head = f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: {len(body)}\r\n"
        request = (head + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
        while idle:
            reader, writer = idle.pop()
            if reader.at_eof() or writer.is_closing():
                writer.close()
                continue
            try:
                return await self._exchange(idle, reader, writer, request + body)
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                    raise  # the server began to answer: not a stale connection
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), self.timeout)
        return await self._exchange(idle, reader, writer, request + body)

    async def _exchange(
        self,
        idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        data: bytes,
    ) -> tuple[int, bytes]:
        try:
            writer.write(data)
            status, answer, keep = await asyncio.wait_for(_response(reader), self.timeout)
        except BaseException:
            writer.close()
            raise
        if keep:
            idle.append((reader, writer))
        else:
            writer.close()
        return status, answer


def _split(url: str) -> tuple[str, int, str]:
    rest = url.removeprefix("http://")
    authority, _, path = rest.partition("/")
    host, _, port = authority.partition(":")
    return host, int(port or 80), "/" + path


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """A response's status, body and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, keep, chunked = 0, True, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            keep = value.strip().lower() != b"close"
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
    if not chunked:
        return status, await reader.readexactly(length) if length else b"", keep
    body = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if not size:
            return status, body, keep
        body += chunk[:-2]


POST_FAULTS = (httpx.HTTPError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
               TimeoutError, ValueError, IndexError)  # fmt: skip
"""A request that got no answer (a replica killed mid-request, a refused connection)."""


async def post_signed(
    client: httpx.AsyncClient | LeanClient,
    url: str,
    raw: bytes,
    posted: Posted,
    *,
    attempts: int = 20,
) -> bool:
    """POST a signed delivery until it is acknowledged (as Meta retries); whether it was."""
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw, SECRET)}
    for attempt in range(attempts):
        started = time.perf_counter()
        try:
            if isinstance(client, LeanClient):
                status, _ = await client.post(url, raw, headers)
            else:
                status = (await client.post(url, content=raw, headers=headers)).status_code
        except POST_FAULTS:
            status = 0
        if status == 200:
            posted.acks_ms.append((time.perf_counter() - started) * 1000)
            return True
        posted.refused += 1
        await asyncio.sleep(min(0.05 * 2**attempt, 1.0))
    return False
