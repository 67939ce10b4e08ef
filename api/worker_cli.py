"""`bookbot worker`: send due reminders and proactive messages.

Each pass, at the current clock: `service.proactive.enqueue_due` puts every due
proactive message into the outbox (each at most once, also with several
workers), then `service.delivery.deliver_due` sends what is due there (replies the
service could not send yet included; nothing proactive goes out, nor is retried,
in the business's quiet hours) and prints a one-line summary. `--once` runs
one pass and exits (for cron and tests); otherwise a pass runs every
`--interval` seconds until Ctrl-C or SIGTERM, which stop it between passes.
`--now` freezes the clock (local time of the business), like `bookbot chat`'s.
Inside the quiet hours the summary says until when (local time) and what waits
for then (api.worker_summary).

Settings come from the environment (`BOOKBOT_*`). The worker never runs an
agent turn, so it opens the runtime with the offline model whatever
`BOOKBOT_MODEL` says (no API key needed). Register it on the app with
`register(app)`.
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import open_runtime
from bookbot.api.cli_support import (
    BusinessOption,
    DatabaseOption,
    NowOption,
    database_problem,
    fail,
    frozen_clock,
    opening_database,
    real_now,
    settings_from,
)
from bookbot.api.worker_summary import quiet_hours_note, summary
from bookbot.core.config import Business
from bookbot.service.delivery import LEASE, Transport, build_transport, deliver_due
from bookbot.service.proactive import enqueue_due

DEFAULT_INTERVAL = 60.0

console = Console(soft_wrap=True, highlight=False)
errors = Console(stderr=True, soft_wrap=True, highlight=False)

Clock = Callable[[], datetime]
Echo = Callable[[str], None]


def register(app: typer.Typer) -> None:
    """Add `bookbot worker` to `app`."""
    app.command("worker")(worker)


def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Run one pass at the current clock, then exit.")
    ] = False,
    interval: Annotated[
        float,
        typer.Option("--interval", min=0.1, metavar="SECONDS", help="Seconds between passes."),
    ] = DEFAULT_INTERVAL,
    now: NowOption = None,
    business: BusinessOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Dispatch due reminders and proactive messages (Ctrl-C stops)."""
    settings = settings_from(database_url=database_url, business=business, model="offline")
    with opening_database(settings, option=database_url is not None):
        runtime = open_runtime(settings)
    frozen = frozen_clock(now, runtime.business.timezone) if now else None
    clock: Clock = real_now if frozen is None else (lambda: frozen)
    stop = threading.Event()
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stopper(stop)) if main else None
    try:
        transport = build_transport(settings)
        passes = run_worker(
            runtime.session_factory,
            runtime.business,
            transport,
            once=once,
            interval=interval,
            stop=stop,
            clock=clock,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
        )
    except KeyboardInterrupt:
        console.print("worker stopped")
        return
    except OperationalError as exc:
        problem = database_problem(settings.database_url, exc, option=database_url is not None)
        raise fail(problem) from None
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        runtime.close()
    if not once:
        console.print(f"worker stopped after {passes} passes")


def run_worker(
    session_factory: sessionmaker[Session],
    business: Business,
    transport: Transport,
    *,
    once: bool = False,
    interval: float = DEFAULT_INTERVAL,
    stop: threading.Event | None = None,
    clock: Clock = real_now,
    echo: Echo = console.print,
    lease: timedelta = LEASE,
) -> int:
    """Run passes until `once` is done or `stop` is set; the number of passes.

    With `once`, a database error ends the run (raised); in the loop it is
    printed and the next pass tries again.
    """
    stop = stop or threading.Event()
    passes = 0
    while not stop.is_set():
        now = clock()
        try:
            echo(run_pass(session_factory, business, transport, now=now, lease=lease))
        except SQLAlchemyError as exc:  # any database error: this pass is lost, not the worker
            if once:
                raise
            reason = getattr(exc, "orig", None) or exc
            errors.print(f"{now:%Y-%m-%d %H:%M:%S} pass failed: database error: {reason}")
        passes += 1
        if once:
            break
        stop.wait(interval)
    return passes


def run_pass(
    session_factory: sessionmaker[Session],
    business: Business,
    transport: Transport,
    *,
    now: datetime,
    lease: timedelta = LEASE,
) -> str:
    """One pass: enqueue what is due, deliver what is due (each send leased for
    `lease`, BOOKBOT_OUTBOX_LEASE_SECONDS); the summary line."""
    enqueued = enqueue_due(session_factory, business, now=now)
    report = deliver_due(session_factory, transport, now=now, lease=lease)
    quiet = quiet_hours_note(session_factory, business, now=now)
    return summary(now, Counter(item.kind for item in enqueued), report, quiet)


def _stopper(stop: threading.Event) -> Callable[[int, FrameType | None], None]:
    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    return handle
