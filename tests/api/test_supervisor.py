"""`bookbot serve --workers N` supervises its children: one that dies is started again,
and stopping the supervisor stops every child (SIGTERM, then SIGKILL after the grace)."""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bookbot.api import serve_cli
from bookbot.api.supervisor import Supervisor, child_env_of
from bookbot.settings import Settings

WAIT = 30.0
SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
STUBBORN = [
    sys.executable,
    "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)",
]


class Lines:
    """The supervisor's output, with an event per line that matches a pattern."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.changed = threading.Condition()

    def echo(self, line: str) -> None:
        with self.changed:
            self.lines.append(line)
            self.changed.notify_all()

    def wait_for(self, pattern: str, count: int = 1) -> list[str]:
        def found() -> list[str]:
            return [line for line in self.lines if re.search(pattern, line)]

        with self.changed:
            assert self.changed.wait_for(lambda: len(found()) >= count, WAIT), self.lines
            return found()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def ignoring_sigterm(pid: int) -> None:
    """Wait until `pid` ignores SIGTERM (Linux: its SigIgn mask; elsewhere a pause)."""
    status = Path(f"/proc/{pid}/status")
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if not status.exists():
            time.sleep(2.0)
            return
        for line in status.read_text().splitlines():
            if line.startswith("SigIgn:") and int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1:
                return
        time.sleep(0.05)
    raise AssertionError(f"pid {pid} never ignored SIGTERM")


def test_a_child_that_dies_is_restarted_and_stop_ends_every_child() -> None:
    lines = Lines()
    supervisor = Supervisor(
        [("turns[1]", SLEEPER), ("delivery", STUBBORN)], echo=lines.echo, grace=1.0
    )
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    try:
        lines.wait_for(r"started delivery")
        first = supervisor.pids()["turns[1]"]
        os.kill(first, signal.SIGKILL)
        lines.wait_for(r"turns\[1\] \(pid \d+\) exited with signal SIGKILL")
        [_, again] = lines.wait_for(r"started turns\[1\]", count=2)
        second = supervisor.pids()["turns[1]"]
        assert second != first and f"pid {second}" in again
        children = list(supervisor.pids().values())
        ignoring_sigterm(supervisor.pids()["delivery"])  # else a slow start dies of it
    finally:
        supervisor.stop()
        thread.join(WAIT)
    assert not thread.is_alive()
    lines.wait_for(r"delivery did not stop within 1 s; killed")  # ignored SIGTERM
    assert lines.lines[-1] == "bookbot: stopped"
    assert not any(alive(pid) for pid in children)


def priority(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_a_child_given_a_nice_starts_that_much_below_the_supervisor_and_keeps_it() -> None:
    lines = Lines()
    supervisor = Supervisor(
        [("ingest[1]", SLEEPER, 0), ("turns[1]", SLEEPER, 7)], echo=lines.echo, grace=1.0
    )
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    ours = priority(0)
    try:
        lines.wait_for(r"started turns\[1\]")
        pids = supervisor.pids()
        assert priority(pids["ingest[1]"]) == ours
        assert priority(pids["turns[1]"]) == min(19, ours + 7)
        os.kill(pids["turns[1]"], signal.SIGKILL)  # started again: at the same nice
        lines.wait_for(r"started turns\[1\]", count=2)
        assert priority(supervisor.pids()["turns[1]"]) == min(19, ours + 7)
    finally:
        supervisor.stop()
        thread.join(WAIT)
    assert not thread.is_alive()


@pytest.mark.parametrize(("env", "nice"), [({}, 0), ({"BOOKBOT_BACKGROUND_NICE": "10"}, 10)])
def test_serve_gives_the_turn_workers_and_delivery_the_background_nice_and_the_ingest_none(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], nice: int
) -> None:
    monkeypatch.delenv("BOOKBOT_BACKGROUND_NICE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    started: list[tuple[str, list[str], int]] = []

    class Recording:
        def __init__(self, children: list[tuple[str, list[str], int]], **_: object) -> None:
            started.extend(children)

        def run(self) -> None:
            pass

    monkeypatch.setattr(serve_cli, "Supervisor", Recording)
    serve_cli.supervise(Settings(), "127.0.0.1", 8000, 2, 2, {})
    assert {name: n for name, _, n in started} == {
        "ingest[1]": 0,
        "ingest[2]": 0,
        "turns[1]": nice,
        "turns[2]": nice,
        "delivery": nice,
    }


def test_the_background_nice_is_a_unix_nice_increment() -> None:
    assert Settings(background_nice=19).background_nice == 19
    for wrong in (-1, 20):
        with pytest.raises(ValidationError):
            Settings(background_nice=wrong)


def test_each_child_names_its_postgresql_connections_unless_pgappname_is_set() -> None:
    assert child_env_of("turns[2]", {"A": "1"}) == {"A": "1", "PGAPPNAME": "bookbot turns[2]"}
    assert child_env_of("turns[2]", {"PGAPPNAME": "mine"}) == {"PGAPPNAME": "mine"}
