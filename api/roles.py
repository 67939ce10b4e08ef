"""One role of `bookbot serve` in this process: ingest, turns or delivery.

- **ingest** (`run_ingest`): the HTTP service (webhook, /chat, /admin) that
  verifies, stores and acknowledges, and wakes the turn workers by NOTIFY in the
  storing transaction; it never waits on a turn (`create_app(turns_here=False)`).
- **turns** (`run_turns`): a `service.turn_worker.TurnWorker`, woken by
  LISTEN/NOTIFY (polling on SQLite), answering with BOOKBOT_TURN_CONCURRENCY
  threads.
- **delivery** (`run_delivery`): `service.senders.Senders`, sending the outbox
  with BOOKBOT_DELIVERY_CONCURRENCY senders and BOOKBOT_OUTBOX_LEASE_SECONDS leases.

SIGTERM and Ctrl-C stop a role cleanly: the ingest finishes its requests, a turn
worker its running turns (what waits stays pending for the others), a sender its
send. A process started by `bookbot serve --workers N` (the supervisor) also
stops when the supervisor dies (Linux: PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import ctypes
import signal
import socket
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from types import FrameType

import uvicorn

from bookbot.agent.runtime import Runtime
from bookbot.api.app import create_app
from bookbot.service.delivery import build_transport
from bookbot.service.senders import Senders
from bookbot.service.turn_worker import Shard, TurnWorker

ROLES = ("ingest", "turns", "delivery")
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to SIGTERM this process when its parent (the supervisor) dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not glibc: the supervisor's SIGTERM still works
        pass


def on_stop_signals(stop: Callable[[], None]) -> Callable[[], None]:
    """Call `stop` on SIGTERM and SIGINT; returns the function that puts the old handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop()

    previous = {s: signal.signal(s, handle) for s in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


def shared_socket(host: str, port: int) -> socket.socket:
    """A listening socket several ingest processes bind together (SO_REUSEPORT):
    the kernel spreads the connections over them."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def ingest_server(
    runtime: Runtime,
    host: str,
    port: int,
    server: type[uvicorn.Server] = uvicorn.Server,
    **server_kwargs: object,
) -> uvicorn.Server:
    """The ingest role's uvicorn server (uvloop and httptools from uvicorn[standard];
    no access log: one line per webhook costs more than storing it)."""
    web = create_app(runtime, turns_here=False)
    config = uvicorn.Config(
        web, host=host, port=port, log_level="warning", access_log=False, backlog=2048
    )
    return server(config, **server_kwargs)


def run_ingest(
    runtime: Runtime, host: str, port: int, *, reuse_port: bool, server: uvicorn.Server
) -> bool:
    """Serve until SIGTERM/Ctrl-C; whether the server started."""
    sockets = [shared_socket(host, port)] if reuse_port else None
    server.run(sockets=sockets)
    return bool(server.started)


def run_turns(runtime: Runtime, *, shard: Shard | None = None) -> int:
    """Answer pending messages until SIGTERM/Ctrl-C; how many this process answered."""
    worker = TurnWorker(runtime, shard=shard)
    restore = on_stop_signals(worker.stop)
    try:
        worker.run()
    finally:
        restore()
    return worker.answered


def run_delivery(runtime: Runtime) -> int:
    """Send the outbox until SIGTERM/Ctrl-C; how many rows this process sent."""
    settings = runtime.settings
    senders = Senders(
        runtime.engine,
        runtime.session_factory,
        build_transport(settings),
        concurrency=settings.delivery_concurrency,
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        poll_seconds=settings.poll_seconds,
    )
    restore = on_stop_signals(senders.stop)
    try:
        senders.run()
    finally:
        restore()
    return senders.sent


def parse_shard(text: str) -> Shard:
    """`"1/4"` -> (1, 4): this worker takes the wakeups of customers with id % 4 == 1."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard {text!r}: expected INDEX/COUNT, e.g. 0/2") from None
    if count < 1 or not 0 <= index < count:
        raise ValueError(f"--shard {text!r}: INDEX must be in 0..COUNT-1")
    return index, count
