"""`bookbot worker`: one pass enqueues and delivers, the loop runs until stopped,
Ctrl-C stops cleanly, and a broken setup is one clear error (exit code 2).

The command is registered on a fresh typer app, as `api/cli.py` does. Without
WhatsApp settings the delivery is local (no network)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bookbot.api import worker_cli
from bookbot.api.whatsapp import GraphRetryableError
from bookbot.core.config import Business
from bookbot.core.types import Plan, PlannedSession
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import (
    ensure_schema,
    get_or_create_customer,
    import_business,
    load_business_file,
    make_engine,
    make_session_factory,
)
from bookbot.store import outbox as outbox_store
from bookbot.store.bookings import book_plan
from bookbot.store.outbox import OutboxItem

Factory = sessionmaker[Session]


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("noop")(lambda: None)  # a second command, so `worker` is a subcommand
    worker_cli.register(app)
    return app


@pytest.fixture
def business_file(tmp_path: Path) -> Path:
    """The demo business without quiet hours, so a pass sends at any time of day."""
    data = yaml.safe_load(DEMO_BUSINESS.read_text())
    data["notifications"]["quiet_hours"] = "off"
    path = tmp_path / "business.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


@pytest.fixture
def env(tmp_path: Path, business_file: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "MODEL"):
        monkeypatch.delenv(f"BOOKBOT_{name}", raising=False)
    url = f"sqlite:///{tmp_path / 'worker.db'}"
    monkeypatch.setenv("BOOKBOT_DATABASE_URL", url)
    monkeypatch.setenv("BOOKBOT_BUSINESS", str(business_file))
    return {"url": url}


def database(url: str, business: Business) -> Factory:
    engine = make_engine(url)
    ensure_schema(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, business)
    return factory


def book_consultation(factory: Factory, business: Business, phone: str, start: datetime) -> None:
    with factory.begin() as session:
        owner = get_or_create_customer(session, phone=phone).id
    session_ = PlannedSession(1, start, start + timedelta(minutes=30))
    book_plan(
        factory,
        business=business,
        customer_id=owner,
        service_id="consultation",
        plan=Plan(sessions=(session_,)),
        at=start - timedelta(days=2),
    )


def test_once_enqueues_and_delivers_a_due_reminder(
    app: typer.Typer, env: dict[str, str], business_file: Path
) -> None:
    business = load_business_file(business_file)
    factory = database(env["url"], business)
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=3)
    book_consultation(factory, business, "+41790000001", start)
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "enqueued 1 (reminder 1); sent 1, retrying 0, failed 0" in result.output
    with factory() as session:
        [item] = outbox_store.items(session)
    assert item.status == "sent" and item.kind == "reminder"
    assert item.body["text"].startswith("⏰ Reminder: your Initial Consultation is")
    again = CliRunner().invoke(app, ["worker", "--once"])
    assert again.exit_code == 0, again.output
    assert "enqueued 0; sent 0, retrying 0, failed 0" in again.output


class Recording:
    """A transport that records what it is asked to send."""

    channel = None

    def __init__(self) -> None:
        self.sent: list[OutboxItem] = []

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        self.sent.append(item)
        return f"local.{item.id}"


def test_the_loop_runs_passes_until_stopped(tmp_path: Path) -> None:
    business = load_business_file(DEMO_BUSINESS)
    factory = database(f"sqlite:///{tmp_path / 'loop.db'}", business)
    start = datetime(2026, 3, 10, 14, 0, tzinfo=business.zone)
    book_consultation(factory, business, "+41790000001", start)
    clocks = iter(start - timedelta(hours=h) for h in (30, 24, 23))
    transport, lines, stop = Recording(), [], threading.Event()

    def echo(line: str) -> None:
        lines.append(line)
        if len(lines) == 3:
            stop.set()

    passes = worker_cli.run_worker(
        factory,
        business,
        transport,
        interval=0,
        stop=stop,
        clock=lambda: next(clocks),
        echo=echo,
    )
    assert passes == 3
    assert [line.split(" ", 2)[2] for line in lines] == [
        "enqueued 0; sent 0, retrying 0, failed 0",
        "enqueued 1 (reminder 1); sent 1, retrying 0, failed 0",
        "enqueued 0; sent 0, retrying 0, failed 0",
    ]
    assert lines[1].startswith("2026-03-09 13:00:00Z")
    assert [item.kind for item in transport.sent] == ["reminder"]


DATABASE_ERRORS = [
    OperationalError("SELECT 1", {}, Exception("server closed the connection")),
    IntegrityError("INSERT", {}, Exception("uq_conversations_customer_id_channel")),
]


@pytest.mark.parametrize("error", DATABASE_ERRORS, ids=["operational", "integrity"])
def test_the_loop_survives_a_database_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    calls: list[datetime] = []

    def flaky(*_args: Any, now: datetime, **_options: Any) -> str:
        calls.append(now)
        if len(calls) == 1:
            raise error
        stop.set()
        return "fine"

    stop = threading.Event()
    monkeypatch.setattr(worker_cli, "run_pass", flaky)
    lines: list[str] = []
    now = datetime(2026, 3, 9, 12, tzinfo=UTC)
    passes = worker_cli.run_worker(
        None,  # type: ignore[arg-type]
        load_business_file(DEMO_BUSINESS),
        Recording(),
        interval=0,
        stop=stop,
        clock=lambda: now,
        echo=lines.append,
    )
    assert (passes, lines) == (2, ["fine"])
    with pytest.raises(type(error)):
        calls.clear()
        worker_cli.run_worker(
            None,  # type: ignore[arg-type]
            load_business_file(DEMO_BUSINESS),
            Recording(),
            once=True,
            clock=lambda: now,
            echo=lines.append,
        )


def test_ctrl_c_stops_cleanly(
    app: typer.Typer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[datetime] = []

    def interrupted(*_args: Any, now: datetime, **_options: Any) -> str:
        calls.append(now)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return "pass"

    monkeypatch.setattr(worker_cli, "run_pass", interrupted)
    result = CliRunner().invoke(app, ["worker", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["pass", "worker stopped"]


def test_a_broken_setup_is_one_clear_error(
    app: typer.Typer, env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nservices: []\n")
    monkeypatch.setenv("BOOKBOT_BUSINESS", str(broken))
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 2
    assert "error:" in result.output and "services" in result.output
    monkeypatch.setenv("BOOKBOT_BUSINESS", str(DEMO_BUSINESS))
    monkeypatch.setenv("BOOKBOT_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 2
    assert "cannot reach the database" in result.output
    assert "Traceback" not in result.output


class FailingOnce(Recording):
    """Graph answers 500 to the first send, then works."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        if not self.failed:
            self.failed = True
            raise GraphRetryableError("HTTP 500 from Graph", status_code=500)
        return super().send(item, within_window=within_window)


def test_a_retry_that_falls_in_quiet_hours_waits_for_the_morning(tmp_path: Path) -> None:
    """Quiet hours are 21:00-08:00 in Zurich: a reminder whose send fails at 20:59:45
    is not retried 30 seconds later (21:00:15) but from 08:00 on."""
    business = load_business_file(DEMO_BUSINESS)
    assert str(business.notifications.quiet_hours) == "21:00-08:00"
    factory = database(f"sqlite:///{tmp_path / 'quiet.db'}", business)
    zone = business.zone
    book_consultation(factory, business, "+41790000001", datetime(2026, 3, 11, 9, 0, tzinfo=zone))
    transport = FailingOnce()

    def run(day: int, hour: int, minute: int, second: int = 0) -> str:
        now = datetime(2026, 3, day, hour, minute, second, tzinfo=zone)
        return worker_cli.run_pass(factory, business, transport, now=now).split(" ", 2)[2]

    assert run(10, 20, 59, 45) == "enqueued 1 (reminder 1); sent 0, retrying 1, failed 0"
    with factory() as session:
        [item] = outbox_store.items(session)
    assert item.send_after.astimezone(zone) == datetime(2026, 3, 11, 8, 0, tzinfo=zone)
    waiting = "quiet hours until 08:00 Wed 11 Mar (Europe/Zurich): 1 waiting (reminder 1)"
    assert run(10, 21, 0, 15) == f"enqueued 0; sent 0, retrying 0, failed 0; {waiting}"
    assert run(11, 7, 59, 59) == f"enqueued 0; sent 0, retrying 0, failed 0; {waiting}"
    assert run(11, 8, 0, 0) == "enqueued 0; sent 1, retrying 0, failed 0"
    assert [item.kind for item in transport.sent] == ["reminder"]


def test_the_worker_leases_each_send_for_the_configured_outbox_lease(
    app: typer.Typer,
    env: dict[str, str],
    business_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """BOOKBOT_OUTBOX_LEASE_SECONDS reaches the worker's delivery: while a row is being
    sent it is reserved until now + that lease, not the 30 s default."""
    business = load_business_file(business_file)
    factory = database(env["url"], business)
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=3)
    book_consultation(factory, business, "+41790000001", start)
    monkeypatch.setenv("BOOKBOT_OUTBOX_LEASE_SECONDS", "7")
    reserved: list[float] = []

    class Watching(Recording):
        def send(self, item: OutboxItem, *, within_window: bool) -> str:
            with factory() as session:
                [row] = outbox_store.items(session)
            reserved.append((row.send_after - datetime.now(UTC)).total_seconds())
            return super().send(item, within_window=within_window)

    monkeypatch.setattr(worker_cli, "build_transport", lambda _settings: Watching())
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    [seconds] = reserved
    assert 0 < seconds <= 7  # the default lease would leave about 30 s
