"""bookbot as processes: `Deployment` starts `bookbot serve --workers N --ingest M` (the
supervisor and its children) with WhatsApp pointed at the fake Graph API, on a fresh
schema (`fresh_schema`), and knows each child's pid (from the supervisor's "started"
lines) for CPU figures and kill -9; `wait_until_quiet` waits for its queues to drain."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, make_url, select, text
from sqlalchemy.pool import NullPool

from bookbot.settings import DEMO_BUSINESS
from bookbot.store import make_engine
from bookbot.store.models import MessageRow, OutboxRow

from .webhooks import PHONE_ID, SECRET

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
