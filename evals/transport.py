"""Which HTTP transport the model of a run gets: none, recording, or replaying.

The offline model needs no HTTP at all. A live model sends through httpx's own
transport, wrapped in a `RecordingTransport` under `--record DIR`. Under
`--replay DIR` every run reads `DIR/<case id>.json` (run k replays recorded run
k; a run the recording does not hold is an error, never a reused one) and no
request leaves the process; the model gets a placeholder API key, since nothing
checks it. `check_replay` refuses, before anything runs, a recording made with
another model or with fewer runs than asked for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from bookbot.evals.cases_model import Case
from bookbot.evals.recording import (
    CassetteError,
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
            cassette = load_cassette(cassette_path(self.replay_dir, case.id))
            return ReplayTransport(cassette.run(run), str(cassette.path))
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

    def check_replay(self, cases: list[Case], *, model: str, repeat: int) -> list[str]:
        """Why the recordings cannot honestly serve this run (empty when they can)."""
        if self.replay_dir is None:
            return []
        problems = []
        for case in cases:
            try:
                cassette = load_cassette(cassette_path(self.replay_dir, case.id))
            except CassetteError as exc:
                problems.append(str(exc))
                continue
            if cassette.model != model:
                problems.append(
                    f"replay: {cassette.path} was recorded with {cassette.model or 'no model'}, "
                    f"not {model}"
                )
            if len(cassette.runs) < repeat:
                problems.append(
                    f"replay: {cassette.path} holds {len(cassette.runs)} run(s); "
                    f"--repeat {repeat} would reuse them"
                )
        return problems

    @staticmethod
    def unused(transport: httpx.BaseTransport | None) -> str | None:
        """The recorded exchanges a finished replay never asked for, if any."""
        if isinstance(transport, ReplayTransport) and (positions := transport.unused()):
            listed = ", ".join(map(str, positions))
            return (
                f"{len(positions)} recorded exchange(s) were not used ({listed}); the "
                f"conversation ended earlier than when it was recorded ({transport.source})"
            )
        return None

    @staticmethod
    def recorded_ms(transport: httpx.BaseTransport | None) -> float:
        """The recorded model time of a replay's served exchanges (0 for a live run)."""
        return transport.recorded_ms() if isinstance(transport, ReplayTransport) else 0.0

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
