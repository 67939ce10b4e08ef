"""`bookbot worker`: send due reminders and proactive messages.

Each pass, at the current clock: `agent.proactive.enqueue_due` puts every due
proactive message into the outbox (each at most once, also with several
workers), then `api.delivery.deliver_due` sends what is due there (replies the
service could not send yet included; nothing proactive goes out, nor is retried,
in the business's quiet hours) and prints a one-line summary. `--once` runs
one pass and exits (for cron and tests); otherwise a pass runs every
`--interval` seconds until Ctrl-C or SIGTERM, which stop it between passes.

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
from datetime import UTC, datetime
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import open_runtime
from bookbot.core.config import Business
from bookbot.core.errors import BookbotError
from bookbot.service.delivery import DeliveryReport, Transport, build_transport, deliver_due
from bookbot.service.proactive import enqueue_due
from bookbot.settings import Settings

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
        float, typer.Option("--interval", min=0.1, help="Seconds between passes.")
    ] = DEFAULT_INTERVAL,
) -> None:
    """Dispatch due reminders and proactive messages (Ctrl-C stops)."""
    settings = Settings()
    try:
        runtime = open_runtime(settings, model_spec="offline")
    except BookbotError as exc:
        raise _fail(str(exc)) from None
    except OperationalError as exc:
        raise _fail(f"cannot reach the database: {exc.orig}") from None
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
        )
    except KeyboardInterrupt:
        console.print("worker stopped")
        return
    except OperationalError as exc:
        raise _fail(f"cannot reach the database: {exc.orig}") from None
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
    clock: Clock = lambda: datetime.now(UTC),
    echo: Echo = console.print,
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
            echo(run_pass(session_factory, business, transport, now=now))
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
) -> str:
    """One pass: enqueue what is due, deliver what is due; the summary line."""
    enqueued = enqueue_due(session_factory, business, now=now)
    report = deliver_due(session_factory, transport, now=now)
    return summary(now, Counter(item.kind for item in enqueued), report)


def summary(now: datetime, kinds: Counter[str], report: DeliveryReport) -> str:
    """'2026-03-09 13:00:00Z enqueued 3 (reminder 2, progress 1); sent 3, retrying 0, failed 0'
    (and ', deferred N' when rows due in quiet hours were moved to their end)."""
    detail = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    enqueued = f"enqueued {sum(kinds.values())}" + (f" ({detail})" if detail else "")
    delivered = f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}"
    if report.deferred:
        delivered += f", deferred {report.deferred}"
    return f"{now.astimezone(UTC):%Y-%m-%d %H:%M:%S}Z {enqueued}; {delivered}"


def _stopper(stop: threading.Event) -> Callable[[int, FrameType | None], None]:
    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    return handle


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code=2)
