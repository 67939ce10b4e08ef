"""CPU seconds of processes from /proc: bookbot's children, every postgres process, or
one database's backends; and the renice experiment on those backends."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import psycopg
from sqlalchemy import make_url


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU seconds of every postgres process on this machine (all databases)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    total += cpu_seconds(int(entry.name))
    return total


def database_cpu_seconds(database: str) -> float:
    """CPU seconds so far of the PostgreSQL backends connected to `database` on this
    machine (their process titles name it): one database's server work, without the
    other databases' (a shared machine) or the server's own background processes."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if f" postgres {database} " in title:
                    total += cpu_seconds(int(entry.name))
    return total


def backends(url: str) -> dict[int, tuple[str, float]]:
    """The database's backends now (PostgreSQL on this machine): pid -> (the bookbot
    role whose connection it serves, from its `application_name` "bookbot <role>",
    else "other", with " LISTEN" for a listener's connection; CPU seconds so far)."""
    dsn = make_url(url).set(drivername="postgresql", query={})
    with psycopg.connect(dsn.render_as_string(hide_password=False), autocommit=True) as db:
        rows = db.execute(
            "SELECT pid, application_name, query FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    found = {}
    for pid, name, query in rows:
        role = name.removeprefix("bookbot ") if name.startswith("bookbot ") else "other"
        if (query or "").startswith("LISTEN"):
            role += " LISTEN"  # a listener's backend: its CPU is the wakeups it passes on
        found[int(pid)] = (role, cpu_seconds(int(pid)))
    return found


def transactions(url: str) -> int:
    """Transactions the database has committed or rolled back so far (pg_stat_database:
    every statement in autocommit counts one, a read too)."""
    dsn = make_url(url).set(drivername="postgresql", query={})
    with psycopg.connect(dsn.render_as_string(hide_password=False), autocommit=True) as db:
        row = db.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            "WHERE datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else 0


def backend_cpu_by_role(
    before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]
) -> dict[str, float]:
    """CPU seconds the backends spent between two `backends` readings, by role (a
    backend that ended meanwhile is missing; one that began counts from 0)."""
    spent: dict[str, float] = {}
    for pid, (role, seconds) in after.items():
        spent[role] = spent.get(role, 0.0) + seconds - before.get(pid, (role, 0.0))[1]
    return dict(sorted(spent.items()))


class ReniceBackends:
    """An experiment (needs root, PostgreSQL on this machine): every `every` seconds,
    give the PostgreSQL backends of bookbot's turn workers and delivery (their
    `application_name`, PGAPPNAME set by the supervisor) the nice `nice`, so the
    database's work for the turns also yields to the ingest's."""

    def __init__(self, url: str, nice: int, every: float = 0.5) -> None:
        self.url, self.nice, self.every = url, nice, every
        self.reniced: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        url = make_url(self.url).set(drivername="postgresql", query={})
        with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as db:
            while not self._stop.wait(self.every):
                rows = db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND (application_name LIKE 'bookbot turns%' "
                    "OR application_name LIKE 'bookbot delivery%')"
                ).fetchall()
                for (pid,) in rows:
                    if pid not in self.reniced:
                        with contextlib.suppress(OSError):
                            os.setpriority(os.PRIO_PROCESS, pid, self.nice)
                            self.reniced.add(pid)
