"""What the load and soak benches (and the soak test) share: bookbot as processes on a
PostgreSQL schema of its own, a fake Graph API, signed webhooks, customers walking a
booking conversation, and the checks (lost, duplicated, two turns of one customer
at once). Loopback only; everything has a deadline.

- `Deployment` starts `bookbot serve --workers N --ingest M` (the supervisor and its
  children) with WhatsApp pointed at the fake Graph API, on a fresh schema, and
  knows each child's pid (from the supervisor's "started" lines) for CPU figures
  and kill -9.
- `FakeGraph` is a small asyncio HTTP/1.1 server answering `POST .../messages` like
  Graph (a `wamid.` id per send) and recording every send per recipient.
- `Walker` posts signed webhooks (the real `X-Hub-Signature-256`) for customers
  walking a `conversation`, each message after the reply to the previous one
  arrived, and measures each acknowledgement; it posts through `LeanClient`, a
  minimal HTTP/1.1 keep-alive client (httpx.AsyncClient cost about 1 ms of the
  generator's CPU per request, on the cores it measures).
- `LoopLag` measures how late the generator's own event loop runs (every ack it
  measures includes that), `read_ingest_trace` the ingest's own timing of each
  webhook (BOOKBOT_INGEST_TRACE): the ack's time split between the two.
- `check(url, ...)` reads the database (and the turn trace) and counts what must
  be 0: lost messages, duplicated replies or sends, overlapping turns.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import func, make_url, select, text
from sqlalchemy.pool import NullPool

from bookbot.api.whatsapp import sign
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import make_engine
from bookbot.store.models import ConversationRow, MessageRow, OutboxRow

SECRET = "bench-app-secret"
PHONE_ID = "1065403522"
_OPENINGS = {
    "en": (
        "Hi, I need a dental implant",
        "hello, I'd like to book the implant treatment",
        "Hi there, can I get a dental implant please",
        "I want to start the implant plan",
        "good morning, implants please",
        "hey, looking to book a dental implant",
    ),
    "de": (
        "Hallo, ich brauche ein Zahnimplantat",
        "Guten Tag, ich möchte die Implantat-Behandlung buchen",
        "Hi, ein Implantat bitte",
    ),
    "es": (
        "Hola, necesito un implante dental",
        "Buenas, quería reservar el tratamiento de implante",
        "hola, un implante por favor",
    ),
}
_WHEN = {
    "en": ("How about next {day} at {time}?", "next {day} at {time} works for me",
           "{day} next week, {time} please"),
    "de": ("Wie wäre es nächsten {day} um {time}?", "nächsten {day} um {time} bitte"),
    "es": ("¿Qué tal el {day} que viene a las {time}?", "el {day} que viene a las {time}, porfa"),
}  # fmt: skip
_DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes"),
}
_TIMES = {
    "en": ("9am", "10:30", "8:30am", "2pm", "3:30pm", "4pm"),
    "de": ("9 Uhr", "10:30", "8:30", "14 Uhr", "15:30", "16 Uhr"),
    "es": ("9:00", "10:30", "8:30", "14:00", "15:30", "16:00"),
}
_YES = {
    "en": ("yes", "yes please", "ok, book it", "sounds good", "perfect, go ahead"),
    "de": ("ja", "ja bitte", "passt, bitte buchen"),
    "es": ("sí", "sí, por favor", "vale, resérvalo"),
}
_PROGRESS = {
    "en": ("how far am I with my plan?", "how many sessions do I have left?",
           "where am I with the treatment?"),
    "de": ("wie viele Termine habe ich noch?", "wo stehe ich mit meinem Plan?"),
    "es": ("¿cuántas sesiones me quedan?", "¿cómo voy con mi plan?"),
}  # fmt: skip


def conversation(n: int) -> tuple[str, str, str, str]:
    """The `n`th walk: a booking conversation in English, German or Spanish, its
    phrasings, day and time drawn by `n` (so the texts vary across customers as real
    ones do, and no cache of the bot's readings sees only four texts)."""
    lang = ("en", "en", "de", "es")[n % 4]
    pick = random.Random(n)
    when = pick.choice(_WHEN[lang]).format(
        day=pick.choice(_DAYS[lang]), time=pick.choice(_TIMES[lang])
    )
    return (
        pick.choice(_OPENINGS[lang]),
        when,
        pick.choice(_YES[lang]),
        pick.choice(_PROGRESS[lang]),
    )


CAPACITY = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_business(folder: Path) -> Path:
    """The demo business with no quiet hours and every capacity at CAPACITY (so
    customers booking at once mostly get their slot)."""
    lines = []
    for line in DEMO_BUSINESS.read_text().splitlines():
        if line.strip().startswith("capacity:"):
            line = line[: line.index("capacity:")] + f"capacity: {CAPACITY}"
        lines.append(line)
    path = folder / "bench-business.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@contextlib.contextmanager
def fresh_schema(base_url: str) -> Iterator[str]:
    """A URL on a new schema of the PostgreSQL database at `base_url`, dropped afterwards."""
    base = make_url(base_url)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


# --- the fake Graph API ---------------------------------------------------------------


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


# --- signed webhooks ------------------------------------------------------------------


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


# --- bookbot as processes ------------------------------------------------------------


@dataclass
class Deployment:
    """`bookbot serve --workers N --ingest M` on `url`, WhatsApp pointed at `graph_url`."""

    url: str
    graph_url: str
    workers: int = 2
    ingest: int = 1
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bookbot-")))
    env_extra: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    pids: dict[str, int] = field(default_factory=dict)
    output: list[str] = field(default_factory=list)
    _reader: threading.Thread = field(init=False, repr=False)

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/whatsapp"

    @property
    def trace(self) -> Path:
        return self.folder / "turns.trace"

    @property
    def ingest_trace(self) -> Path:
        """The ingest's own timing of each webhook (BOOKBOT_INGEST_TRACE)."""
        return self.folder / "ingest.trace"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOKBOT_", "OPENAI_"))}
        env.update(
            BOOKBOT_DATABASE_URL=self.url,
            BOOKBOT_BUSINESS=str(bench_business(self.folder)),
            BOOKBOT_MODEL="offline",
            BOOKBOT_WHATSAPP_TOKEN="bench-token",
            BOOKBOT_WHATSAPP_APP_SECRET=SECRET,
            BOOKBOT_WHATSAPP_PHONE_NUMBER_ID=PHONE_ID,
            BOOKBOT_GRAPH_API_URL=self.graph_url,
            BOOKBOT_TURN_TRACE=str(self.trace),
            BOOKBOT_INGEST_TRACE=str(self.ingest_trace),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.env_extra)
        return env

    def start(self, timeout: float = 180.0) -> None:
        """Start the supervisor and wait until every child runs and the ingest answers."""
        command = [
            sys.executable, "-m", "bookbot.api.cli", "serve", "--port", str(self.port),
            "--workers", str(self.workers), "--ingest", str(self.ingest),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        expected = self.workers + self.ingest + 1
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("bookbot serve exited:\n" + "\n".join(self.output))
            if len(self.pids) >= expected and self._healthy():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"bookbot did not start within {timeout} s:\n" + "\n".join(self.output))

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.output.append(line)
            started = re.search(r"started (\S+) \(pid (\d+)\)", line)
            if started:
                self.pids[started.group(1)] = int(started.group(2))

    def kill(self, name: str) -> int:
        """kill -9 the child `name` (the supervisor starts it again); its pid."""
        pid = self.pids[name]
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        return pid

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pids.get(name, old_pid) != old_pid:
                return True
            time.sleep(0.1)
        return False

    def stop(self, timeout: float = 40.0) -> None:
        """SIGTERM the supervisor (it stops its children), SIGKILL the group after `timeout`."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._reader.join(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU seconds of every postgres process on this machine (all databases)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    total += cpu_seconds(int(entry.name))
    return total


def database_cpu_seconds(database: str) -> float:
    """CPU seconds so far of the PostgreSQL backends connected to `database` on this
    machine (their process titles name it): one database's server work, without the
    other databases' (a shared machine) or the server's own background processes."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if f" postgres {database} " in title:
                    total += cpu_seconds(int(entry.name))
    return total


# --- customers walking a conversation -----------------------------------------------


@dataclass
class Walk:
    """What the walkers did: messages posted (each once acknowledged), replies waited for."""

    posted: Posted = field(default_factory=Posted)
    messages: int = 0
    replies: int = 0
    timeouts: int = 0
    conversations: int = 0
    turns_at: list[float] = field(default_factory=list)


class Walker:
    """Customers walking a `conversation` against a deployment, `concurrency` at a time."""

    def __init__(
        self,
        webhook: str | list[str],
        graph: FakeGraph,
        *,
        customers: int,
        concurrency: int,
        reply_timeout: float = 60.0,
        redeliver: float = 0.0,
        double: float = 0.0,
        prefix: str = "4179",
    ) -> None:
        self.webhooks = [webhook] if isinstance(webhook, str) else webhook
        self.graph = graph
        self.customers = max(customers, concurrency)
        self.concurrency = concurrency
        self.reply_timeout = reply_timeout
        self.redeliver = redeliver
        self.double = double
        self.prefix = prefix
        self.walk = Walk()
        self._next = 0
        self._free: asyncio.Queue[str] = asyncio.Queue()
        for n in range(self.customers):
            self._free.put_nowait(f"{prefix}{n:07d}")

    async def run(self, duration: float) -> Walk:
        """Walk conversations until `duration` seconds passed (the ones started finish)."""
        deadline = time.monotonic() + duration
        async with LeanClient(timeout=30.0) as client:
            await asyncio.gather(*(self._walker(client, deadline) for _ in range(self.concurrency)))
        return self.walk

    async def _walker(self, client: LeanClient, deadline: float) -> None:
        while time.monotonic() < deadline:
            wa_id = await self._free.get()
            try:
                await self._conversation(client, wa_id, deadline)
            finally:
                self._free.put_nowait(wa_id)

    async def _conversation(self, client: LeanClient, wa_id: str, deadline: float) -> None:
        """One walk through a `conversation`; it stops at `deadline` (the next customer
        with this number starts where it stopped, which is a conversation too)."""
        self.walk.conversations += 1
        phone = wa_id  # Graph's `to`: the number's digits
        for said in conversation(self.walk.conversations):
            if time.monotonic() >= deadline:
                return
            seen = len(self.graph.by_phone[phone])
            self._next += 1
            wamid = f"wamid.bench.{uuid.uuid4().hex}"
            raw = delivery(wa_id, wamid, said)
            url = self.webhooks[self._next % len(self.webhooks)]
            if not await post_signed(client, url, raw, self.walk.posted):
                return
            self.walk.messages += 1
            self.walk.posted.new += 1
            if self._chance(self.redeliver, 0.6180339887):
                other = self.webhooks[(self._next + 1) % len(self.webhooks)]
                await post_signed(client, other, raw, self.walk.posted)  # Meta redelivers
                self.walk.posted.redelivered += 1
            expected = 1
            if self._chance(self.double, 0.4142135623):  # a second message before the reply
                extra = delivery(wa_id, f"wamid.bench.{uuid.uuid4().hex}", "and one more thing")
                if await post_signed(client, url, extra, self.walk.posted):
                    self.walk.messages += 1
                    self.walk.posted.new += 1
                    expected = 2
            if not await self._reply(phone, seen + expected - 1):
                self.walk.timeouts += 1
                return
            self.walk.replies += expected
            self.walk.turns_at.extend([time.monotonic()] * expected)

    def _chance(self, share: float, step: float) -> bool:
        """A deterministic spread: about `share` of the messages."""
        return bool(share) and (self._next * step) % 1 < share

    async def _reply(self, phone: str, seen: int) -> bool:
        deadline = time.monotonic() + self.reply_timeout
        event = self.graph.arrived[phone]
        while len(self.graph.by_phone[phone]) <= seen:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            event.clear()
            if len(self.graph.by_phone[phone]) > seen:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), left)
        return True


# --- the checks ------------------------------------------------------------------------


@dataclass
class Traced:
    """The turn workers' own trace (BOOKBOT_TURN_TRACE), by the processes' clocks: a
    turn from after its claim's commit to after its reply's commit, the session's
    close and the senders' wakeup. Its overlaps are not the database's: `lag_ms` is
    how long after the close's statement (`closed_at`) the trace's ends were taken."""

    turns: int = 0
    overlaps: int = 0
    largest_overlap_ms: float = 0.0
    apart_in_database: int = 0
    """Of the overlapping pairs, those whose claims the database shows one after the other."""
    lag_ms: list[float] = field(default_factory=list)

    def line(self) -> str:
        lag = (
            f"; its ends {percentile(self.lag_ms, 0.5):.1f} ms (p50), "
            f"{percentile(self.lag_ms, 0.999):.1f} ms (p99.9), {max(self.lag_ms):.1f} ms (max) "
            "after the close's statement"
            if self.lag_ms
            else ""
        )
        longest = f", the longest {self.largest_overlap_ms:.1f} ms" if self.overlaps else ""
        apart = (
            f", {self.apart_in_database} of them one after the other in the database"
            if self.overlaps
            else ""
        )
        return (
            f"the workers' own trace (process clocks): {self.overlaps} overlapping of "
            f"{self.turns} turns{longest}{apart}{lag}"
        )


@dataclass
class Counts:
    """What must all be 0 (and what they were counted over).

    `concurrent_turns` is counted from the database: each answered message's claim,
    from `claimed_at` (the claiming statement's clock, after the customer's lock) to
    `closed_at` (the closing statement's clock, before its commit). A claim that
    begins before an earlier claim of the customer closed was taken while that one
    was still held; a correct claim sees the close committed, so begins after it.
    `taken_over` are turns that ran on after their claim was taken from them (their
    worker logged the lost claim): two turns at once on one message, which the
    database keeps only as a message claimed more than once (`reclaimed`, which a
    killed worker's message also is)."""

    messages: int
    lost: int
    duplicated_replies: int
    duplicated_sends: int
    concurrent_turns: int
    claimed_turns: int
    largest_overlap_ms: float = 0.0
    """Of the concurrent turns, how long the longest held its claim beside the one before."""
    taken_over: int = 0
    reclaimed: int = 0
    traced: Traced | None = None

    def line(self) -> str:
        overlap = (
            f", the longest overlap {self.largest_overlap_ms:.1f} ms"
            if self.concurrent_turns
            else ""
        )
        return (
            f"{self.messages} messages: {self.lost} lost, {self.duplicated_replies} duplicated "
            f"replies, {self.duplicated_sends} duplicated sends, {self.concurrent_turns} "
            f"concurrent turns of one customer{overlap} (the database's claims of "
            f"{self.claimed_turns} turns), {self.taken_over} turns taken over while they ran "
            f"({self.reclaimed} messages claimed more than once)"
        )

    @property
    def clean(self) -> bool:
        return not (
            self.lost
            or self.duplicated_replies
            or self.duplicated_sends
            or self.concurrent_turns
            or self.taken_over
        )


TAKEN_OVER = "the claim ran out during the turn"
"""What a turn worker logs when a turn's claim was taken from it while it ran."""


def check(
    url: str,
    graph: FakeGraph,
    trace: Path | None,
    *,
    expected: int,
    output: list[str] | None = None,
) -> Counts:
    """Count, in the database at `url`, the fake Graph's log and the deployment's
    `output`:

    - lost: of the `expected` inbound messages acknowledged, those not stored, or
      stored but not answered with a reply that Graph received;
    - duplicated replies: a message answered by more than one stored reply (two turns);
    - duplicated sends: Graph received more messages than the outbox sent rows;
    - concurrent turns: a claim of a customer's message taken before the customer's
      previous claim was closed, by the database's clock (`Counts`);
    - taken over: turns whose claim was taken while they ran (logged by the worker).

    The workers' own trace (`trace`), by the processes' clocks, is compared with the
    database's claims (`Counts.traced`)."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            inbound = connection.execute(
                select(
                    MessageRow.id,
                    MessageRow.conversation_id,
                    MessageRow.status,
                    ConversationRow.customer_id,
                    MessageRow.claimed_at,
                    MessageRow.closed_at,
                    MessageRow.claims,
                )
                .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
                .where(MessageRow.direction == "inbound")
            ).all()
            sent_keys = set(
                connection.scalars(
                    select(OutboxRow.dedupe_key).where(
                        OutboxRow.kind == "reply", OutboxRow.status == "sent"
                    )
                )
            )
            replies = dict(
                connection.execute(
                    select(MessageRow.conversation_id, func.count())
                    .where(MessageRow.direction == "outbound")
                    .group_by(MessageRow.conversation_id)
                ).all()
            )
            sent_rows = connection.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "sent")
            )
    finally:
        engine.dispose()
    answered = [m for m in inbound if f"reply:message:{m.id}" in sent_keys]
    lost = max(0, expected - len(answered))
    per_conversation: dict[int, int] = defaultdict(int)
    for message in inbound:
        per_conversation[message.conversation_id] += 1
    duplicated_replies = sum(max(0, replies.get(c, 0) - n) for c, n in per_conversation.items())
    duplicated_sends = max(0, len(graph.sends) - int(sent_rows or 0))
    customer_of = {m.id: m.customer_id for m in inbound}
    claims = {
        m.id: (m.claimed_at.timestamp(), m.closed_at.timestamp())
        for m in inbound
        if m.claimed_at is not None and m.closed_at is not None
    }
    held = [(message_id, start, end) for message_id, (start, end) in claims.items()]
    taken_over = sum(TAKEN_OVER in line for line in output or [])
    reclaimed = sum(1 for m in inbound if (m.claims or 0) > 1)
    traced = compare_trace(read_trace(trace), claims, customer_of) if trace is not None else None
    return Counts(
        expected,
        lost,
        duplicated_replies,
        duplicated_sends,
        overlapping(held, customer_of),
        len(held),
        largest_overlap(held, customer_of) * 1000,
        taken_over,
        reclaimed,
        traced,
    )


def compare_trace(
    turns: list[tuple[int, float, float]],
    claims: dict[int, tuple[float, float]],
    customer_of: dict[int, int],
) -> Traced:
    """The workers' trace beside the database's claims (`claims`: message id -> claimed,
    closed, in Unix seconds): its overlaps, how many of those the database shows one
    after the other, and how long after the close's statement each traced turn ended."""
    apart = 0
    for first, second in overlapping_pairs(turns, customer_of):
        if first in claims and second in claims and claims[first][1] < claims[second][0]:
            apart += 1
    lag = [(end - claims[m][1]) * 1000 for m, _, end in turns if m in claims]
    return Traced(
        len(turns),
        overlapping(turns, customer_of),
        largest_overlap(turns, customer_of) * 1000,
        apart,
        lag,
    )


def read_trace(path: Path) -> list[tuple[int, float, float]]:
    """(message id, start, end) of every traced turn."""
    if not path.exists():
        return []
    turns = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4:
            turns.append((int(parts[1]), float(parts[2]), float(parts[3])))
    return turns


def _by_customer(
    turns: list[tuple[int, float, float]], customer_of: dict[int, int]
) -> dict[int, list[tuple[float, float, int]]]:
    """Each customer's turns as (start, end, message id), in order of start."""
    by_customer: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for message_id, start, end in turns:
        by_customer[customer_of.get(message_id, -message_id)].append((start, end, message_id))
    for spans in by_customer.values():
        spans.sort()
    return by_customer


def overlapping_pairs(
    turns: list[tuple[int, float, float]], customer_of: dict[int, int]
) -> list[tuple[int, int]]:
    """(the message id of the turn still running, of the turn that began beside it) for
    each turn that began while another turn of the same customer was still running."""
    pairs = []
    for spans in _by_customer(turns, customer_of).values():
        running_until, running = float("-inf"), 0
        for start, end, message_id in spans:
            if start < running_until:
                pairs.append((running, message_id))
            if end > running_until:
                running_until, running = end, message_id
    return pairs


def largest_overlap(turns: list[tuple[int, float, float]], customer_of: dict[int, int]) -> float:
    """Seconds the longest overlap of two turns of one customer lasted (0.0: none)."""
    largest = 0.0
    for spans in _by_customer(turns, customer_of).values():
        running_until = float("-inf")
        for start, end, _ in spans:
            largest = max(largest, min(running_until, end) - start)
            running_until = max(running_until, end)
    return largest


def overlapping(turns: list[tuple[int, float, float]], customer_of: dict[int, int]) -> int:
    """Turns that began while another turn of the same customer was still running."""
    return len(overlapping_pairs(turns, customer_of))


def read_ingest_trace(path: Path, since: float, until: float) -> list[tuple[float, float, float]]:
    """(ms inside the ingest, ms waiting for a connection, ms in the statements) of the
    webhooks the ingest answered between the wall clock times `since` and `until`."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and since <= float(parts[0]) <= until:
            rows.append((float(parts[1]), float(parts[2]), float(parts[3])))
    return rows


class LoopLag:
    """How late this process's event loop runs a 10 ms timer (the load generator's own
    queueing, which every ack it measures includes), sampled while it runs."""

    def __init__(self) -> None:
        self.lags_ms: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(0.01)
            self.lags_ms.append((time.perf_counter() - asked - 0.01) * 1000)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def wait_until_quiet(url: str, timeout: float) -> bool:
    """Wait until no inbound message is pending or processing and no reply row is
    waiting to be sent; whether that happened within `timeout`."""
    engine = make_engine(url, poolclass=NullPool)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                busy = connection.scalar(
                    select(func.count())
                    .select_from(MessageRow)
                    .where(MessageRow.status.in_(("pending", "processing")))
                )
                unsent = connection.scalar(
                    select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "pending")
                )
            if not busy and not unsent:
                return True
            time.sleep(0.25)
    finally:
        engine.dispose()
    return False


def run_async(coro: Any) -> Any:
    return asyncio.run(coro)


class ReniceBackends:
    """An experiment (needs root, PostgreSQL on this machine): every `every` seconds,
    give the PostgreSQL backends of bookbot's turn workers and delivery (their
    `application_name`, PGAPPNAME set by the supervisor) the nice `nice`, so the
    database's work for the turns also yields to the ingest's."""

    def __init__(self, url: str, nice: int, every: float = 0.5) -> None:
        self.url, self.nice, self.every = url, nice, every
        self.reniced: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        url = make_url(self.url).set(drivername="postgresql", query={})
        with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as db:
            while not self._stop.wait(self.every):
                rows = db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND (application_name LIKE 'bookbot turns%' "
                    "OR application_name LIKE 'bookbot delivery%')"
                ).fetchall()
                for (pid,) in rows:
                    if pid not in self.reniced:
                        with contextlib.suppress(OSError):
                            os.setpriority(os.PRIO_PROCESS, pid, self.nice)
                            self.reniced.add(pid)
