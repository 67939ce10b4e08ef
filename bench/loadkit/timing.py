"""The ack's time split: the ingest's own timing of each webhook (BOOKBOT_INGEST_TRACE)
and how late the load generator's own event loop runs; percentiles."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path


def read_ingest_trace(path: Path, since: float, until: float) -> list[tuple[float, float, float]]:
    """(ms inside the ingest, ms waiting for a connection, ms in the statements) of the
    webhooks the ingest answered between the wall clock times `since` and `until`."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and since <= float(parts[0]) <= until:
            rows.append((float(parts[1]), float(parts[2]), float(parts[3])))
    return rows


class LoopLag:
    """How late this process's event loop runs a 10 ms timer (the load generator's own
    queueing, which every ack it measures includes), sampled while it runs."""

    def __init__(self) -> None:
        self.lags_ms: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(0.01)
            self.lags_ms.append((time.perf_counter() - asked - 0.01) * 1000)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
