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

import socket

import uvicorn

from bookbot.agent.runtime import Runtime
from bookbot.api.app import create_app
from bookbot.api.delivery_role import send_outbox
from bookbot.api.process import die_with_parent as die_with_parent  # serve_cli's
from bookbot.api.process import on_stop_signals as on_stop_signals
from bookbot.service.turn_worker import Shard, TurnWorker

ROLES = ("ingest", "turns", "delivery")


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
    with on_stop_signals(worker.stop):
        worker.run()
    return worker.answered


def run_delivery(runtime: Runtime) -> int:
    """Send the outbox until SIGTERM/Ctrl-C; how many rows this process sent."""
    return send_outbox(runtime.settings, runtime.engine, runtime.session_factory)


def parse_shard(text: str) -> Shard:
    """`"1/4"` -> (1, 4): this worker takes the wakeups of customers with id % 4 == 1."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard {text!r}: expected INDEX/COUNT, e.g. 0/2") from None
    if count < 1 or not 0 <= index < count:
        raise ValueError(f"--shard {text!r}: INDEX must be in 0..COUNT-1")
    return index, count
