"""`bookbot serve --workers N` supervises its children: one that dies is started again,
and stopping the supervisor stops every child (SIGTERM, then SIGKILL after the grace)."""

from __future__ import annotations

import os
import re
import signal
import sys
import threading

from bookbot.api.supervisor import Supervisor

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
    finally:
        supervisor.stop()
        thread.join(WAIT)
    assert not thread.is_alive()
    lines.wait_for(r"delivery did not stop within 1 s; killed")  # ignored SIGTERM
    assert lines.lines[-1] == "bookbot: stopped"
    assert not any(alive(pid) for pid in children)
