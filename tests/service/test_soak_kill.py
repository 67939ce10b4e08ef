"""The soak bench's core case, short: bookbot as processes on PostgreSQL (2 ingest
replicas, 2 turn workers, delivery), every delivery redelivered to the other
replica, a customer writing twice before the reply, and kill -9 of a turn worker and
an ingest replica while messages are in flight. Nothing may be lost, answered twice,
sent twice, or answered by two turns of one customer at once (bench/loadkit/checks.check).
Loopback only; every wait is bounded; no timing is asserted. PostgreSQL only (the
deployment's processes share one database server): skipped without
BOOKBOT_TEST_POSTGRES_URL."""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.databases import POSTGRES_ENV

BENCH = Path(__file__).resolve().parents[2] / "bench"


def loadkit(name: str) -> ModuleType:
    """A module of bench/loadkit (a package on the benches' path, not installed)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(f"loadkit.{name}")


checks, overlaps = loadkit("checks"), loadkit("overlaps")
deploy, fake_graph, walkers = loadkit("deployment"), loadkit("fake_graph"), loadkit("walker")


def test_the_checks_count_overlapping_turns_and_lost_messages() -> None:
    """The detectors themselves can fail: an overlap is counted, a serial pair is not."""
    customer_of = {1: 7, 2: 7, 3: 8}
    overlapping = [(1, 0.0, 2.0), (2, 1.0, 3.0), (3, 1.5, 2.5)]
    assert overlaps.overlapping(overlapping, customer_of) == 1
    assert overlaps.overlapping([(1, 0.0, 1.0), (2, 1.0, 2.0), (3, 0.5, 2.5)], customer_of) == 0
    assert overlaps.largest_overlap(overlapping, customer_of) == 1.0
    assert overlaps.largest_overlap([(1, 0.0, 1.0), (2, 1.0, 2.0)], customer_of) == 0.0
    counts = checks.Counts(4, 1, 0, 0, 0, 3)
    assert not counts.clean and "1 lost" in counts.line()
    assert not checks.Counts(4, 0, 0, 0, 0, 4, taken_over=1).clean  # a turn taken over
    assert checks.Counts(4, 0, 0, 0, 0, 4, reclaimed=2).clean  # a killed worker's messages


def test_the_trace_is_compared_with_the_claims_the_database_stamped() -> None:
    """Two traced turns of one customer overlap by the processes' clocks; the database
    shows the first claim closed before the second began: apart there."""
    customer_of = {1: 7, 2: 7}
    traced = [(1, 0.0, 2.0), (2, 1.5, 3.0)]
    assert overlaps.overlapping_pairs(traced, customer_of) == [(1, 2)]
    apart = checks.compare_trace(traced, {1: (0.0, 1.0), 2: (1.4, 2.9)}, customer_of)
    assert (apart.overlaps, apart.apart_in_database) == (1, 1)
    assert [round(lag) for lag in apart.lag_ms] == [1000, 100]  # the ends after the close
    held = checks.compare_trace(traced, {1: (0.0, 1.6), 2: (1.4, 2.9)}, customer_of)
    assert held.apart_in_database == 0


@pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set")
def test_kill_9_and_redeliveries_lose_nothing_and_duplicate_nothing() -> None:
    with deploy.fresh_schema(os.environ[POSTGRES_ENV]) as url:
        counts, killed, deployment = asyncio.run(scenario(url))
    assert counts.messages >= 4
    assert (counts.lost, counts.duplicated_replies, counts.duplicated_sends) == (0, 0, 0)
    assert counts.concurrent_turns == 0 and counts.claimed_turns >= counts.messages
    assert [name for name, _ in killed] == ["turns[1]", "ingest[1]"]
    assert all(deployment.pids[name] != pid for name, pid in killed)  # restarted


async def scenario(url: str) -> tuple[Any, list[tuple[str, int]], Any]:
    graph = fake_graph.FakeGraph()
    await graph.start()
    short = {"BOOKBOT_INBOX_CLAIM_SECONDS": "2", "BOOKBOT_OUTBOX_LEASE_SECONDS": "2"}
    deployment = deploy.Deployment(url, graph.url, workers=2, ingest=2, env_extra=short)
    killed: list[tuple[str, int]] = []
    try:
        await asyncio.to_thread(deployment.start)
        walker = walkers.Walker(
            deployment.webhook, graph, customers=3, concurrency=3, redeliver=1.0, double=0.5
        )

        async def kill_when_busy() -> None:
            for _ in range(600):  # bounded: at most 60 s
                if walker.walk.posted.new >= 3:
                    break
                await asyncio.sleep(0.1)
            for name in ("turns[1]", "ingest[1]"):
                killed.append((name, deployment.kill(name)))
            for name, pid in killed:
                assert await asyncio.to_thread(deployment.wait_restarted, name, pid, 120)

        await asyncio.gather(walker.run(2.0), kill_when_busy())
        assert await asyncio.to_thread(deploy.wait_until_quiet, url, 120)
        counts = await asyncio.to_thread(
            checks.check, url, graph, deployment.trace, expected=walker.walk.messages
        )
    finally:
        await asyncio.to_thread(deployment.stop)
        await graph.close()
    return counts, killed, deployment
