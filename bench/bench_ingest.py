"""Ingest bench: the webhook path alone (signed POST -> stored -> 200), its CPU per message.

    .venv/bin/python bench/bench_ingest.py [--url postgresql+psycopg://...] [--messages 3000]
        [--customers 400] [--concurrency 32] [--redeliver 0.1]

`bookbot serve --workers 1` runs on a fresh schema of `--url`'s database (dropped
afterwards); its turn worker and delivery process are stopped (SIGSTOP) while the
bench posts, so the ingest process has the CPU to itself and what is measured is
only its work. `--concurrency` clients post `--messages` signed deliveries back to
back, spread over `--customers` customers (each customer's first message creates
the customer and the conversation, the later ones find them), `--redeliver` of them
posted a second time (a redelivery: stored nothing new). Prints the ingest's CPU ms
per delivery, the ack p50/p99 as the client sees it, and checks that every message
was stored exactly once and the redeliveries stored nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.cpu import cpu_seconds  # noqa: E402
from loadkit.deployment import Deployment, fresh_schema  # noqa: E402
from loadkit.timing import percentile  # noqa: E402
from loadkit.webhooks import Posted, delivery, post_signed  # noqa: E402

from bookbot.store import make_engine  # noqa: E402
from bookbot.store.models import MessageRow  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_roles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BOOKBOT_BENCH_POSTGRES_URL", DEFAULT_URL))
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--customers", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--redeliver", type=float, default=0.1)
    parser.add_argument("--py-spy", metavar="FILE", help="record the ingest with py-spy (raw)")
    args = parser.parse_args()
    with fresh_schema(args.url) as url:
        deployment = Deployment(url, "http://127.0.0.1:9", workers=1, ingest=1)
        deployment.start()
        others = [pid for name, pid in deployment.pids.items() if not name.startswith("ingest")]
        for pid in others:
            os.kill(pid, signal.SIGSTOP)
        try:
            asyncio.run(run(args, deployment, url))
        finally:
            for pid in others:
                os.kill(pid, signal.SIGCONT)
            deployment.stop()


async def run(args: argparse.Namespace, deployment: Deployment, url: str) -> None:
    rng = random.Random(15)
    bodies = [
        delivery(f"4179{i % args.customers:07d}", f"wamid.ingest.{i}", "How about Tuesday at 2pm?")
        for i in range(args.messages)
    ]
    again = rng.sample(bodies, int(len(bodies) * args.redeliver))
    queue = bodies + again
    rng.shuffle(again)
    ingest = next(pid for name, pid in deployment.pids.items() if name.startswith("ingest"))
    async with httpx.AsyncClient(timeout=30) as client:
        warm = Posted()
        for i in range(50):
            raw = delivery(f"4178{i:07d}", f"wamid.warm.{i}", "hi")
            await post_signed(client, deployment.webhook, raw, warm)
        posted = Posted()
        cursor = iter(queue)

        async def poster() -> None:
            for raw in cursor:
                await post_signed(client, deployment.webhook, raw, posted)

        spy = None
        if args.py_spy:
            spy_bin = str(Path(sys.executable).parent / "py-spy")
            options = ["-o", args.py_spy, "--format", "raw", "-r", "200", "--gil"]
            spy = subprocess.Popen([spy_bin, "record", "-p", str(ingest), *options])  # noqa: ASYNC220
            await asyncio.sleep(1.0)
        before, started = cpu_seconds(ingest), time.monotonic()
        split = user_system(ingest)
        await asyncio.gather(*(poster() for _ in range(args.concurrency)))
        cpu, elapsed = cpu_seconds(ingest) - before, time.monotonic() - started
        now = user_system(ingest)
        user, system = now[0] - split[0], now[1] - split[1]
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(30)
    acks = posted.acks_ms
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            stored = connection.scalar(
                select(func.count()).where(
                    MessageRow.direction == "inbound",
                    MessageRow.wa_message_id.like("wamid.ingest.%"),
                )
            )
    finally:
        engine.dispose()
    print(
        f"ingest alone, PostgreSQL: {len(queue)} deliveries ({len(again)} redelivered) from "
        f"{args.concurrency} clients, {args.customers} customers; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"deliveries/s:       {len(queue) / elapsed:8.1f}")
    print(
        f"webhook ack (ms):   p50 {percentile(acks, 0.5):6.1f}  p99 {percentile(acks, 0.99):6.1f}"
        f"  ({len(acks)} acks, {posted.refused} refused)"
    )
    print(
        f"ingest CPU ms per delivery: {cpu * 1000 / len(queue):.2f} (user "
        f"{user * 1000 / len(queue):.2f}, system {system * 1000 / len(queue):.2f})"
    )
    ok = stored == args.messages and len(acks) == len(queue)
    print(f"stored: {stored} of {args.messages} messages ({'ok' if ok else 'WRONG'})")
    if not ok:
        raise SystemExit(1)


def user_system(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


if __name__ == "__main__":
    main()
