"""The PostgreSQL server's CPU per statement, read around each statement a bench runs.

`StatementCpu.attach(engine)` listens to the engine's statements (SQLAlchemy's, and
`store.db.plain_rows`'s, which calls the same listeners): before and after each it
reads the statement's backend's CPU time from `/proc/<pid>/schedstat` (nanoseconds,
PostgreSQL on this machine), and adds the difference to the statement's text. What
the backend spends between two statements of its connection (the COMMIT, a ROLLBACK,
the pool's reset) goes to "(between statements: commit, ...)"; psycopg's implicit
BEGIN goes with the statement that opened the transaction. No server setting is
touched (pg_stat_statements would need a restart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

BETWEEN = "(between statements: commit, rollback, reset)"


def backend_ns(pid: int) -> int:
    """CPU nanoseconds the process `pid` has run so far (0 when it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def statement_key(statement: str, width: int = 90) -> str:
    """A statement's text on one line, cut to `width`: its name in the table."""
    return re.sub(r"\s+", " ", statement).strip()[:width]


@dataclass
class StatementCpu:
    """CPU ns and calls per statement text, over every attached engine."""

    spent: dict[str, list[int]] = field(default_factory=dict)
    _last: dict[int, int] = field(default_factory=dict)
    """Per backend pid: its CPU at the end of its last statement."""
    _started: dict[int, int] = field(default_factory=dict)

    def attach(self, *engines: Engine | None) -> None:
        for engine in engines:
            if engine is not None:
                event.listen(engine, "before_cursor_execute", self._before)
                event.listen(engine, "after_cursor_execute", self._after)

    def _add(self, key: str, ns: int, calls: int = 1) -> None:
        entry = self.spent.setdefault(key, [0, 0])
        entry[0] += ns
        entry[1] += calls

    def _before(self, _conn: Any, cursor: Any, *_args: Any) -> None:
        pid = cursor.connection.info.backend_pid
        now = backend_ns(pid)
        if pid in self._last:
            self._add(BETWEEN, now - self._last[pid], 0)
        self._started[pid] = now

    def _after(self, _conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        pid = cursor.connection.info.backend_pid
        now = backend_ns(pid)
        self._add(statement_key(statement), now - self._started.pop(pid, now))
        self._last[pid] = now

    def finish(self) -> None:
        """Count what each backend spent after its last statement (its last commit)."""
        for pid, last in self._last.items():
            self._add(BETWEEN, backend_ns(pid) - last, 0)
        self._last.clear()

    def report(self, per: int, *, top: int = 25) -> list[str]:
        """The `top` statements by CPU, as ms per `per` (turns) and µs per call."""
        total = sum(ns for ns, _ in self.spent.values())
        lines = [f"server CPU of the statements: {total / 1e6 / per:.2f} ms per turn"]
        ranked = sorted(self.spent.items(), key=lambda item: -item[1][0])
        for key, (ns, calls) in ranked[:top]:
            each = f"{ns / 1e3 / calls:7.0f} µs x {calls / per:4.2f}" if calls else " " * 16
            lines.append(f"  {ns / 1e6 / per:6.3f} ms  {each}  {key}")
        return lines
