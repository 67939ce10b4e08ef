"""Delivery bench: client CPU and statements per sent outbox row (issue #15).

    .venv/bin/python bench/bench_delivery.py [--url postgresql+psycopg://...] [--rows 2000]
        [--batch 1 16]

On a fresh schema of `--url` (PostgreSQL, dropped afterwards; or a SQLite URL):
`--rows` customers each with a conversation, a stored reply and its outbox row (as a
turn leaves them), then `deliver_due` sends them through a transport that returns at
once (no HTTP: what is measured is the leasing and recording), in passes of
`--batch` rows. Prints, per batch size, CPU ms (this process: user + system) and
statements per sent row, and checks every row is `sent` once.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.deployment import fresh_schema  # noqa: E402

from bookbot.service.delivery import deliver_due  # noqa: E402
from bookbot.store.conversations import record_outbound  # noqa: E402
from bookbot.store.db import make_engine, make_session_factory  # noqa: E402
from bookbot.store.inbound import store_message  # noqa: E402
from bookbot.store.migrate import ensure_schema  # noqa: E402
from bookbot.store.models import OutboxRow  # noqa: E402
from bookbot.store.outbox import OutboxItem, enqueue  # noqa: E402

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)


class Instant:
    """Sends nothing, at once: a provider id per row."""

    channel = "whatsapp"

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        return f"wamid.{item.id}"


@contextmanager
def counting(engine: Engine) -> Iterator[list[int]]:
    count = [0]

    def before(*_: object) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before)


def fill(engine: Engine, rows: int, offset: int) -> None:
    factory = make_session_factory(engine)
    with factory.begin() as session:
        for n in range(offset, offset + rows):
            phone = f"+4179{n:07d}"
            stored = store_message(session, phone=phone, text="hi", at=NOW, channel="whatsapp")
            assert stored is not None
            reply = record_outbound(
                session, conversation_id=stored.conversation_id, text="Hello!", at=NOW
            )
            enqueue(
                session,
                phone=phone,
                kind="reply",
                dedupe_key=f"reply:message:{reply.id}",
                body={"text": "Hello!", "message_id": reply.id},
                now=NOW,
                customer_id=stored.customer_id,
            )


def measure(url: str, rows: int, batches: list[int]) -> None:
    engine = make_engine(url)
    ensure_schema(engine)
    factory = make_session_factory(engine)
    deliver_due(factory, Instant(), now=NOW)  # warm the statement caches
    for index, batch in enumerate(batches):
        fill(engine, rows, index * rows)
        with counting(engine) as statements:
            started = sum(os.times()[:2])
            sent = 0
            while True:
                report = deliver_due(factory, Instant(), now=NOW, limit=batch, batch=batch)
                if not report.attempted:
                    break
                sent += report.sent
            cpu = sum(os.times()[:2]) - started
        print(
            f"batch {batch:3d}: {sent} rows, CPU {cpu * 1000 / max(sent, 1):.2f} ms a row, "
            f"{statements[0] / max(sent, 1):.2f} statements a row"
        )
    with factory() as session:
        statuses = dict(
            session.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status)).all()
        )
    print(f"outbox: {statuses}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("BOOKBOT_BENCH_POSTGRES_URL", "sqlite:///:memory:")
    parser.add_argument("--url", default=default)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 16])
    args = parser.parse_args()
    if args.url.startswith("postgresql"):
        with fresh_schema(args.url) as url:
            measure(url, args.rows, args.batch)
    else:
        measure(args.url, args.rows, args.batch)


if __name__ == "__main__":
    main()
