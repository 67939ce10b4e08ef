"""Load bench: customers walking a booking conversation through signed webhooks against
bookbot as processes on PostgreSQL, replies sent to a fake Graph API (issue #15).

    .venv/bin/python bench/bench_load.py [--url postgresql+psycopg://...] [--customers 256]
        [--concurrency 64] [--duration 60] [--workers 2] [--ingest 1] [--graph-ms 0]

Loopback only, bounded: `bookbot serve --workers N --ingest M` (the supervisor, its
ingest processes, N turn workers and one delivery process) runs on a fresh schema of
`--url`'s database (dropped afterwards) with the offline model; WhatsApp points at a
fake Graph API in this process. `--concurrency` customers at a time (out of
`--customers`) walk "I need a dental implant" -> a day and time -> "yes" -> "how far
am I", each message a signed webhook (real X-Hub-Signature-256) posted after the
reply to the previous one reached the fake Graph API. After a warm-up, the run is
measured for `--duration` seconds, then drained (bounded) and checked.

Prints: webhook ack p50/p99 (ms, as the client sees it), turns/s (replies received
by the fake Graph API in the window), CPU ms per turn for each process (also with
each process's idle cost, measured for 5 s before the window, taken out; and for all
postgres processes of the machine: other databases' work included), the lost and
duplicated counts, and a bare FastAPI echo app (one uvicorn process, the same
signed bodies posted back to back by `--concurrency` clients) measured in the same run.

The load generator and the fake Graph run in this process on the same cores as what they
measure, neither pinned nor niced: pinned, they would take a core from a 2-core server
(or share one with it unevenly); niced, their own lateness would be added to the acks
they time. Their cost is printed instead (CPU ms per turn, their share of a core, how
late their event loop ran), with each bookbot process's nice. `--background-nice N`
sets BOOKBOT_BACKGROUND_NICE for the deployment (A/B runs); `--renice-postgres N` is an
experiment (root, PostgreSQL on this machine): the PostgreSQL backends of the turn
workers and delivery (found by their application_name) at nice N during the window.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.checks import check  # noqa: E402
from loadkit.cpu import (  # noqa: E402
    ReniceBackends,
    backend_cpu_by_role,
    backends,
    cpu_seconds,
    database_cpu_seconds,
    postgres_cpu_seconds,
    transactions,
)
from loadkit.deployment import Deployment, free_port, fresh_schema, wait_until_quiet  # noqa: E402
from loadkit.fake_graph import FakeGraph  # noqa: E402
from loadkit.timing import LoopLag, percentile, read_ingest_trace  # noqa: E402
from loadkit.walker import Walker  # noqa: E402
from loadkit.webhooks import LeanClient, Posted, delivery, post_signed  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_roles"
IDLE_SECONDS = 5.0
ECHO_APP = """
import uvicorn
from fastapi import FastAPI, Request
app = FastAPI()
@app.post("/webhooks/whatsapp")
async def receive(request: Request) -> dict:
    await request.body()
    return {"received": 1}
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning", access_log=False)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BOOKBOT_BENCH_POSTGRES_URL", DEFAULT_URL))
    parser.add_argument("--customers", type=int, default=256)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ingest", type=int, default=1)
    parser.add_argument("--graph-ms", type=float, default=0.0, help="fake Graph API latency")
    parser.add_argument("--echo-seconds", type=float, default=10.0)
    parser.add_argument(
        "--background-nice", type=int, default=None,
        help="BOOKBOT_BACKGROUND_NICE for the deployment (default: bookbot's own default)",
    )  # fmt: skip
    parser.add_argument(
        "--renice-postgres", type=int, default=None, metavar="NICE",
        help="experiment (root, local PostgreSQL): the turn workers' and delivery's "
        "PostgreSQL backends at this nice",
    )  # fmt: skip
    args = parser.parse_args()
    asyncio.run(run(args))


async def run(args: argparse.Namespace) -> None:
    graph = FakeGraph(delay=args.graph_ms / 1000)
    await graph.start()
    with fresh_schema(args.url) as url:
        extra = {}
        if args.background_nice is not None:
            extra["BOOKBOT_BACKGROUND_NICE"] = str(args.background_nice)
        deployment = Deployment(
            url, graph.url, workers=args.workers, ingest=args.ingest, env_extra=extra
        )
        await asyncio.to_thread(deployment.start)
        try:
            figures = await measure(args, deployment, graph, url)
        finally:
            await asyncio.to_thread(deployment.stop)
    echo = await measure_echo(args) if args.echo_seconds > 0 else Posted()
    await graph.close()
    report(args, figures, echo)


async def measure(
    args: argparse.Namespace, deployment: Deployment, graph: FakeGraph, url: str
) -> dict[str, object]:
    warm = Walker(deployment.webhook, graph, customers=args.customers,
                  concurrency=args.concurrency, prefix="4178")  # fmt: skip
    await warm.run(args.warmup)
    await asyncio.to_thread(wait_until_quiet, url, 60)
    walker = Walker(deployment.webhook, graph, customers=args.customers,
                    concurrency=args.concurrency)  # fmt: skip
    pids = dict(deployment.pids)
    nice = {name: os.getpriority(os.PRIO_PROCESS, pid) for name, pid in pids.items()}
    idle_from = {name: cpu_seconds(pid) for name, pid in pids.items()}
    await asyncio.sleep(IDLE_SECONDS)  # what each process costs doing nothing (polls)
    idle = {n: (cpu_seconds(p) - idle_from[n]) / IDLE_SECONDS for n, p in pids.items()}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    database = make_url(url).database or ""
    pg_before, own_before = postgres_cpu_seconds(), sum(os.times()[:2])
    db_before = database_cpu_seconds(database)
    backends_before = await asyncio.to_thread(backends, url)
    xacts_before = await asyncio.to_thread(transactions, url)
    started, wall_started = time.monotonic(), time.time()
    lag = LoopLag()
    lag.start()
    renice = None if args.renice_postgres is None else ReniceBackends(url, args.renice_postgres)
    if renice is not None:
        renice.start()
    walk = await walker.run(args.duration)
    await lag.stop()
    if renice is not None:
        renice.stop()
    inside = read_ingest_trace(deployment.ingest_trace, wall_started, time.time())
    window_end = started + args.duration
    cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    pg_cpu, own_cpu = postgres_cpu_seconds() - pg_before, sum(os.times()[:2]) - own_before
    db_cpu = database_cpu_seconds(database) - db_before
    by_role = backend_cpu_by_role(backends_before, await asyncio.to_thread(backends, url))
    xacts = await asyncio.to_thread(transactions, url) - xacts_before
    elapsed = time.monotonic() - started
    quiet = await asyncio.to_thread(wait_until_quiet, url, 60)
    counts = await asyncio.to_thread(
        check,
        url,
        graph,
        deployment.trace,
        expected=warm.walk.messages + walk.messages,
        output=deployment.output,
    )
    in_window = sum(1 for t in walk.turns_at if t <= window_end)
    return {
        "walk": walk, "counts": counts, "cpu": cpu, "pg_cpu": pg_cpu, "db_cpu": db_cpu,
        "by_role": by_role, "xacts": xacts,
        "own_cpu": own_cpu,
        "elapsed": elapsed, "in_window": in_window, "quiet": quiet, "idle": idle,
        "restarted": [line for line in deployment.output if "exited" in line],
        "inside": inside, "lag": lag.lags_ms, "nice": nice,
        "own_nice": os.getpriority(os.PRIO_PROCESS, 0),
        "reniced": None if renice is None else len(renice.reniced),
    }  # fmt: skip


async def measure_echo(args: argparse.Namespace) -> Posted:
    port = free_port()
    script = ECHO_APP.replace("{port}", str(port))
    process = subprocess.Popen([sys.executable, "-c", script])  # noqa: ASYNC220
    url = f"http://127.0.0.1:{port}/webhooks/whatsapp"
    posted = Posted()
    try:
        async with httpx.AsyncClient(timeout=10) as probe:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    await probe.get(f"http://127.0.0.1:{port}/docs")
                    break
                except httpx.HTTPError:
                    await asyncio.sleep(0.2)
        async with LeanClient(timeout=10) as client:
            warm = Posted()
            await post_signed(client, url, delivery("41790000000", "wamid.echo", "hi"), warm)

            async def poster(n: int, until: float) -> None:
                i = 0
                while time.monotonic() < until:
                    i += 1
                    raw = delivery(f"4177{n:07d}", f"wamid.echo.{n}.{i}", "Hi, I need an implant")
                    await post_signed(client, url, raw, posted)

            until = time.monotonic() + args.echo_seconds
            await asyncio.gather(*(poster(n, until) for n in range(args.concurrency)))
    finally:
        process.terminate()
        process.wait(10)
    return posted


def report(args: argparse.Namespace, figures: dict[str, object], echo: Posted) -> None:
    walk = figures["walk"]
    counts = figures["counts"]
    cpu: dict[str, float] = figures["cpu"]  # type: ignore[assignment]
    turns = int(figures["in_window"])  # type: ignore[call-overload]
    acks = walk.posted.acks_ms  # type: ignore[attr-defined]
    print(
        f"bookbot serve --workers {args.workers} --ingest {args.ingest}, PostgreSQL, offline "
        f"model; {args.concurrency} of {args.customers} customers at a time, "
        f"{args.duration:.0f} s measured (after {args.warmup:.0f} s warm-up), fake Graph "
        f"{args.graph_ms:.0f} ms; {os.cpu_count()} cores, load average now "
        f"{os.getloadavg()[0]:.1f}"
    )
    print(
        f"turns/s:            {turns / args.duration:8.1f}  ({turns} replies received in "
        f"the window; {walk.timeouts} not within 60 s)"  # type: ignore[attr-defined]
    )
    print(
        f"webhook ack (ms):   p50 {percentile(acks, 0.5):6.1f}  p99 {percentile(acks, 0.99):6.1f}"
        f"  ({len(acks)} acks, {walk.posted.refused} refused)"  # type: ignore[attr-defined]
    )
    inside: list[tuple[float, float, float]] = figures["inside"]  # type: ignore[assignment]
    lag: list[float] = figures["lag"]  # type: ignore[assignment]
    if inside:
        took, waited, ran = ([row[i] for row in inside] for i in range(3))
        print(
            f"  inside the ingest: p50 {percentile(took, 0.5):6.1f}  p99 "
            f"{percentile(took, 0.99):6.1f}  (of it waiting for a connection p50 "
            f"{percentile(waited, 0.5):.1f} p99 {percentile(waited, 0.99):.1f}, the statement "
            f"p50 {percentile(ran, 0.5):.1f} p99 {percentile(ran, 0.99):.1f}); load "
            f"generator's loop late p50 {percentile(lag, 0.5):.1f} p99 {percentile(lag, 0.99):.1f}"
        )
    if args.echo_seconds > 0:
        print(
            f"bare FastAPI echo:  p50 {percentile(echo.acks_ms, 0.5):6.1f}  p99 "
            f"{percentile(echo.acks_ms, 0.99):6.1f}  ({len(echo.acks_ms)} acks in "
            f"{args.echo_seconds:.0f} s, {len(echo.acks_ms) / args.echo_seconds:.0f}/s, "
            f"{args.concurrency} clients back to back)"
        )
    per = max(walk.replies, 1)  # type: ignore[attr-defined]  # every turn the CPU ran for
    print("CPU ms per turn:    " + ", ".join(f"{n} {s * 1000 / per:.1f}" for n, s in cpu.items()))
    idle: dict[str, float] = figures["idle"]  # type: ignore[assignment]
    elapsed = float(figures["elapsed"])  # type: ignore[arg-type]
    busy = {n: max(0.0, s - idle[n] * elapsed) for n, s in cpu.items()}
    print(
        "  without idle:     "
        + ", ".join(f"{n} {s * 1000 / per:.1f}" for n, s in busy.items())
        + "  (idle: "
        + ", ".join(f"{n} {r * 1000:.0f}" for n, r in idle.items())
        + " ms/s)"
    )
    print(
        f"                    all bookbot {sum(cpu.values()) * 1000 / per:.1f}; postgres "
        f"(every database) {float(figures['pg_cpu']) * 1000 / per:.1f}, "  # type: ignore[arg-type]
        f"(this database's backends) {float(figures['db_cpu']) * 1000 / per:.1f}; "  # type: ignore[arg-type]
        f"load generator + fake Graph {float(figures['own_cpu']) * 1000 / per:.1f}"  # type: ignore[arg-type]
    )
    by_role: dict[str, float] = figures["by_role"]  # type: ignore[assignment]
    print(
        "  postgres backends by the role they serve: "
        + ", ".join(f"{n} {s * 1000 / per:.1f}" for n, s in by_role.items())
        + f"; transactions per turn {int(figures['xacts']) / per:.1f}"  # type: ignore[call-overload]
    )
    own = float(figures["own_cpu"])  # type: ignore[arg-type]
    nice: dict[str, int] = figures["nice"]  # type: ignore[assignment]
    print(
        f"load generator:     with the fake Graph {own / elapsed * 100:.0f} % of one core, on the "
        f"{os.cpu_count()} it measures (not pinned; nice {figures['own_nice']}, bookbot's nice "
        + ", ".join(f"{n} {v}" for n, v in nice.items())
        + ")"
    )
    if figures["reniced"] is not None:
        print(
            f"experiment:         {figures['reniced']} PostgreSQL backends of the turn workers "
            f"and delivery at nice {args.renice_postgres} during the window"
        )
    print(f"checks:             {counts.line()}")  # type: ignore[attr-defined]
    if counts.traced is not None:  # type: ignore[attr-defined]
        print(f"                    {counts.traced.line()}")  # type: ignore[attr-defined]
    if not figures["quiet"]:
        print("                    (not drained within 60 s: some messages still waiting)")
    for line in figures["restarted"]:  # type: ignore[attr-defined]
        print(f"                    {line}")


if __name__ == "__main__":
    main()
