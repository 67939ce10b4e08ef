"""`bookbot serve --workers N`: the roles as child processes, kept running.

The supervisor starts each child (`bookbot serve --role ...`, same settings),
prints one line per start with the child's pid, and restarts a child that
exits while the supervisor runs: at once the first time, then after a pause
that doubles with each quick failure (up to `MAX_BACKOFF` seconds; a child that
ran `STABLE` seconds starts the count afresh). SIGTERM or Ctrl-C stops it:
every child gets SIGTERM, has `GRACE` seconds to finish what it is doing, and
is killed after that. Nothing is lost by a restart: the work is rows in the
database, claimed with an owner and an expiry.

A child may be given a `nice`: it starts that much below the supervisor's CPU
priority (set in the child before it runs, so every thread it makes has it).
`bookbot serve` gives the turn workers and the delivery process
BOOKBOT_BACKGROUND_NICE, so that the ingest, which a customer's webhook waits on,
gets a core before them when both want one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from bookbot.api.process import die_with_parent, on_stop_signals

MAX_BACKOFF = 30.0
STABLE = 30.0
GRACE = 20.0
TICK = 0.2

Echo = Callable[[str], None]


@dataclass
class Child:
    name: str
    argv: list[str]
    nice: int = 0
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    failures: int = 0
    restart_at: float = 0.0
    starts: int = field(default=0)


class Supervisor:
    """Runs `children` (name, argv, and optionally a nice increment) until `stop()`,
    restarting any that exits."""

    def __init__(
        self,
        children: Sequence[tuple[str, list[str]] | tuple[str, list[str], int]],
        *,
        echo: Echo,
        env: dict[str, str] | None = None,
        grace: float = GRACE,
    ) -> None:
        self.children = [Child(*child) for child in children]
        self.echo = echo
        self.env = env
        self.grace = grace
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        """Start everything, supervise until stopped, then stop every child."""
        with on_stop_signals(self.stop):
            try:
                for child in self.children:
                    self._start(child)
                while not self._stop.wait(TICK):
                    self._check()
            finally:
                self._shutdown()

    def pids(self) -> dict[str, int]:
        return {c.name: c.process.pid for c in self.children if c.process is not None}

    def _start(self, child: Child) -> None:
        setup = partial(_in_child, child.nice)
        env = child_env_of(child.name, os.environ if self.env is None else self.env)
        child.process = subprocess.Popen(child.argv, env=env, preexec_fn=setup)
        child.started = time.monotonic()
        child.starts += 1
        self.echo(f"bookbot: started {child.name} (pid {child.process.pid})")

    def _check(self) -> None:
        now = time.monotonic()
        for child in self.children:
            process = child.process
            if process is not None and process.poll() is not None:
                code = process.returncode
                child.failures = 1 if now - child.started >= STABLE else child.failures + 1
                delay = 0.0 if child.failures <= 1 else min(MAX_BACKOFF, 2.0**child.failures)
                self.echo(
                    f"bookbot: {child.name} (pid {process.pid}) exited with {_exit_text(code)}; "
                    f"restarting in {delay:.0f} s"
                )
                child.process = None
                child.restart_at = now + delay
            if child.process is None and now >= child.restart_at and not self._stop.is_set():
                self._start(child)

    def _shutdown(self) -> None:
        running = [c for c in self.children if c.process is not None]
        for child in running:
            assert child.process is not None
            if child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.echo(f"bookbot: {child.name} did not stop within {self.grace:.0f} s; killed")
                child.process.kill()
                child.process.wait()
        self.echo("bookbot: stopped")


def child_env_of(name: str, env: Mapping[str, str]) -> dict[str, str]:
    """`env` for the child `name`: its PostgreSQL connections say which role they serve
    (PGAPPNAME, `application_name` in pg_stat_activity), unless PGAPPNAME is set."""
    if "PGAPPNAME" in env:
        return dict(env)
    return {**env, "PGAPPNAME": f"bookbot {name}"}


def _in_child(nice: int) -> None:
    """Run in the child between fork and exec: die with the supervisor, lower the priority."""
    die_with_parent()
    if nice > 0:
        os.nice(nice)


def _exit_text(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"code {code}"


def child_env() -> dict[str, str]:
    """The children's environment: ours, unbuffered output (lines appear as they come)."""
    return {**os.environ, "PYTHONUNBUFFERED": "1"}
