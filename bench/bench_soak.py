"""Soak bench: 2 ingest replicas + 2 turn workers (+ delivery) on PostgreSQL, with
Meta's redeliveries and kill -9 of replicas and workers mid-run (issue #14).

    .venv/bin/python bench/bench_soak.py [--url postgresql+psycopg://...] [--duration 60]
        [--concurrency 16] [--kill-every 8] [--redeliver 0.3] [--double 0.2] [--kill-delivery]
        [--only-delivery]

Loopback only, bounded. `bookbot serve --workers 2 --ingest 2` runs under its
supervisor on a fresh schema (dropped afterwards) with short claims and leases
(BOOKBOT_INBOX_CLAIM_SECONDS=3, BOOKBOT_OUTBOX_LEASE_SECONDS=3), so work of a killed
process is taken over within seconds. Customers walk a booking conversation through
signed webhooks; `--redeliver` of the deliveries are posted a second time (as Meta
redelivers), `--double` of the messages are followed by a second one before the
reply (so one customer has two messages waiting, the case where two turns at once
could happen); a delivery refused or cut off by a kill is posted again. Every
`--kill-every` seconds one of ingest[1], ingest[2], turns[1], turns[2] gets SIGKILL
(the supervisor starts it again). Then everything is drained and counted:

- lost: acknowledged messages whose reply did not reach the fake Graph API;
- duplicated: a message answered twice, or a reply sent twice;
- concurrent turns: from the database, a claim of a customer's message taken before
  the customer's previous claim was closed (`messages.claimed_at`, `closed_at`, by
  the database's clock), and turns that ran on after their claim was taken from them
  (logged by their worker). The turn workers' own trace (BOOKBOT_TURN_TRACE, by the
  processes' clocks) is printed beside it.

All must be 0. `--kill-delivery` also kills the delivery process: a kill between
Graph's acceptance and the `sent` commit may then send that reply twice (the
documented at-least-once case), which is reported apart.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.checks import TAKEN_OVER, Counts, check  # noqa: E402
from loadkit.deployment import Deployment, fresh_schema, wait_until_quiet  # noqa: E402
from loadkit.fake_graph import FakeGraph  # noqa: E402
from loadkit.walker import Walker  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_roles"
SHORT = {"BOOKBOT_INBOX_CLAIM_SECONDS": "3", "BOOKBOT_OUTBOX_LEASE_SECONDS": "3"}


async def soak(
    url: str,
    *,
    duration: float,
    concurrency: int,
    customers: int,
    kill_every: float,
    redeliver: float,
    double: float,
    victims: tuple[str, ...],
    seed: int = 7,
) -> tuple[Counts, list[str], Deployment]:
    """One soak run on `url` (a fresh schema); the counts, the kills made, the deployment."""
    graph = FakeGraph()
    await graph.start()
    deployment = Deployment(url, graph.url, workers=2, ingest=2, env_extra=dict(SHORT))
    await asyncio.to_thread(deployment.start)
    kills: list[str] = []
    try:
        walker = Walker(deployment.webhook, graph, customers=customers, concurrency=concurrency,
                        redeliver=redeliver, double=double)  # fmt: skip
        rng = random.Random(seed)

        async def killer() -> None:
            end = time.monotonic() + duration
            while time.monotonic() + kill_every < end:
                await asyncio.sleep(kill_every)
                victim = rng.choice(victims)
                pid = deployment.kill(victim)
                kills.append(f"{victim} (pid {pid})")

        await asyncio.gather(walker.run(duration), killer())
        await asyncio.to_thread(wait_until_quiet, url, 120)
        counts = await asyncio.to_thread(
            check,
            url,
            graph,
            deployment.trace,
            expected=walker.walk.messages,
            output=deployment.output,
        )
    finally:
        await asyncio.to_thread(deployment.stop)
        await graph.close()
    return counts, kills, deployment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BOOKBOT_BENCH_POSTGRES_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--customers", type=int, default=64)
    parser.add_argument("--kill-every", type=float, default=8.0)
    parser.add_argument("--redeliver", type=float, default=0.3)
    parser.add_argument("--double", type=float, default=0.2)
    parser.add_argument("--kill-delivery", action="store_true")
    parser.add_argument(
        "--only-delivery",
        action="store_true",
        help="kill the delivery process alone (every --kill-every seconds): its resends",
    )
    args = parser.parse_args()
    victims = ("ingest[1]", "ingest[2]", "turns[1]", "turns[2]")
    if args.kill_delivery:
        victims += ("delivery",)
    if args.only_delivery:
        victims = ("delivery",)
    started = time.monotonic()
    with fresh_schema(args.url) as url:
        counts, kills, deployment = asyncio.run(
            soak(url, duration=args.duration, concurrency=args.concurrency,
                 customers=args.customers, kill_every=args.kill_every,
                 redeliver=args.redeliver, double=args.double, victims=victims)
        )  # fmt: skip
    print(
        f"soak: 2 ingest + 2 turn workers + delivery on PostgreSQL, {args.duration:.0f} s, "
        f"{args.concurrency} customers at a time, {args.redeliver:.0%} redelivered, "
        f"{args.double:.0%} doubled; {len(kills)} kill -9: {', '.join(kills) or 'none'} "
        f"({time.monotonic() - started:.0f} s in all, load average {os.getloadavg()[0]:.1f})"
    )
    print(counts.line())
    if counts.traced is not None:
        print(counts.traced.line())
    for line in deployment.output:
        if TAKEN_OVER in line:
            print(line)
    restarts = [line for line in deployment.output if "exited" in line]
    print(f"restarts by the supervisor: {len(restarts)}")
    print("all 0: " + ("yes" if counts.clean else "NO"))
    if not counts.clean:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
