"""A fake Graph API: a small asyncio HTTP/1.1 server answering `POST .../messages` like
Graph (a `wamid.` id per send) and recording every send per recipient."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import defaultdict
from dataclasses import dataclass


@dataclass
class Send:
    at: float
    to: str
    text: str
    wamid: str


class FakeGraph:
    """Answers `POST /v21.0/<phone id>/messages` as Graph does, after `delay` seconds."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.sends: list[Send] = []
        self.by_phone: dict[str, list[Send]] = defaultdict(list)
        self.arrived: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.port = 0
        self._server: asyncio.base_events.Server | None = None
        self._count = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v21.0"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length) if length else b""
                if self.delay:
                    await asyncio.sleep(self.delay)
                answer = self._record(body)
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(answer)}\r\n\r\n".encode()
                    + answer
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def _record(self, body: bytes) -> bytes:
        self._count += 1
        wamid = f"wamid.fake{self._count}"
        try:
            payload = json.loads(body)
        except ValueError:
            payload = {}
        to = str(payload.get("to", "")).removeprefix("+")
        kind = payload.get("type")
        if kind == "text":
            said = payload["text"]["body"]
        elif kind == "interactive":
            said = payload["interactive"]["body"]["text"]
        else:
            said = json.dumps(payload.get(kind, {}))
        send = Send(time.monotonic(), to, said, wamid)
        self.sends.append(send)
        self.by_phone[to].append(send)
        self.arrived[to].set()
        return json.dumps({"messaging_product": "whatsapp", "messages": [{"id": wamid}]}).encode()
