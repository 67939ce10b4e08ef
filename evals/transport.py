"""Which HTTP transport the model of a run gets: none, recording, or replaying.

The offline model needs no HTTP at all. A live model sends through httpx's own
transport, wrapped in a `RecordingTransport` under `--record DIR`. Under
`--replay DIR` every run reads `DIR/<case id>.json` (run k replays recorded run
k, or the last recorded one) and no request leaves the process; the model gets
a placeholder API key, since nothing checks it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from bookbot.evals.cases_model import Case
from bookbot.evals.recording import (
    Exchange,
    RecordingTransport,
    ReplayTransport,
    cassette_path,
    load_cassette,
)

REPLAY_API_KEY = "replay-needs-no-key"


@dataclass(frozen=True)
class ModelTransport:
    record_dir: Path | None = None
    replay_dir: Path | None = None
    upstream: httpx.BaseTransport | None = None
    """Where a recording run sends (default: the network); tests pass a fake server."""

    def __post_init__(self) -> None:
        if self.record_dir is not None and self.replay_dir is not None:
            raise ValueError("--record and --replay cannot be used together")

    def for_run(self, case: Case, run: int) -> httpx.BaseTransport | None:
        """The transport of one run (None: the model's own client)."""
        if self.replay_dir is not None:
            path = cassette_path(self.replay_dir, case.id)
            runs = load_cassette(path)
            if not runs:
                return ReplayTransport([], str(path))
            return ReplayTransport(list(runs[min(run, len(runs)) - 1]), str(path))
        if self.record_dir is not None:
            return RecordingTransport(self.upstream)
        return None

    def environ(self) -> Mapping[str, str] | None:
        """The environment the model reads its key from (None: the process's)."""
        if self.replay_dir is None:
            return None
        env = dict(os.environ)
        env.setdefault("OPENAI_API_KEY", REPLAY_API_KEY)
        return env

    @staticmethod
    def miss(transport: httpx.BaseTransport | None) -> str | None:
        """The first request a replay could not answer, if any."""
        if isinstance(transport, ReplayTransport) and transport.misses:
            return transport.misses[0]
        return None

    @staticmethod
    def recorded(transport: httpx.BaseTransport | None) -> list[Exchange]:
        if isinstance(transport, RecordingTransport):
            return list(transport.exchanges)
        return []
