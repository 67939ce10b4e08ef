"""Graph send bench: the delivery process's CPU per message in its HTTP send path (issue #15).

    .venv/bin/python bench/bench_graph_send.py [--sends 4000] [--concurrency 8] [--runs 5]

A fake Graph API (`loadkit.fake_graph.FakeGraph`) runs in a child process, so its CPU is not
counted; this process sends `--sends` outbox rows through the `GraphTransport`
that `build_transport` gives the delivery role (the same client, headers, body and
response handling), from `--concurrency` threads as `Senders`' send threads do.
Prints, per run, this process's CPU ms (user + system, every thread) per send, and
the median of the runs. No database: what is measured is `transport.send` alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.fake_graph import FakeGraph  # noqa: E402

from bookbot.service.delivery import build_transport  # noqa: E402
from bookbot.settings import load_settings  # noqa: E402
from bookbot.store.outbox import OutboxItem  # noqa: E402

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
TEXT = "Tuesday 10 March at 14:00 is free for your first implant session. Shall I book it?"


async def serve_forever() -> None:
    graph = FakeGraph()
    await graph.start()
    print(graph.url, flush=True)
    await asyncio.Event().wait()


def item(n: int) -> OutboxItem:
    body: dict[str, object] = {"text": TEXT, "message_id": n}
    if n % 2:
        body["buttons"] = ["Yes, book it", "Another time"]
    return OutboxItem(
        id=n, customer_id=n, phone=f"+4179{n:07d}", kind="reply", dedupe_key=f"reply:{n}",
        body=body, status="leased", attempts=0, last_error=None, created_at=NOW,
        send_after=NOW, sent_at=None, provider_message_id=None,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if os.environ.get("BENCH_GRAPH_SERVER"):
        asyncio.run(serve_forever())
        return
    env = {**os.environ, "BENCH_GRAPH_SERVER": "1"}
    server = subprocess.Popen(
        [sys.executable, __file__], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        settings = load_settings(
            {
                "whatsapp_token": "bench-token",
                "whatsapp_phone_number_id": "1234567890",
                "graph_api_url": url,
                "delivery_concurrency": args.concurrency,
            },
            paths=(),
        )
        transport = build_transport(settings)
        items = [item(n) for n in range(args.sends)]
        per_send: list[float] = []
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(lambda i: transport.send(i, within_window=True), items[:200]))  # warm
            for _ in range(args.runs):
                started, wall = time.process_time(), time.perf_counter()
                ids = list(pool.map(lambda i: transport.send(i, within_window=True), items))
                cpu, wall = time.process_time() - started, time.perf_counter() - wall
                assert all(str(i).startswith("wamid.") for i in ids)
                per_send.append(cpu * 1000 / len(items))
                print(
                    f"{len(items)} sends from {args.concurrency} threads: "
                    f"CPU {per_send[-1]:.3f} ms a send, {len(items) / wall:.0f} sends/s"
                )
        print(
            f"median CPU ms a send: {statistics.median(per_send):.3f} "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
