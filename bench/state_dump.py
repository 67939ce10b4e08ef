"""What a bench's turns left in the database, as canonical JSON lines, to prove that a
change to the turn's statements (PostgreSQL's, which the eval transcripts on SQLite do
not run) stored the same rows.

`dump_state(engine, path)` writes every row of the tables a turn writes (messages,
proposals, session groups, bookings, outbox, turns, tool calls, conversations), in id
order, without the columns that differ from run to run (the database's clock, a turn's
latency, a claim's owner); random ids (uuid4: proposals, plans) are numbered in order
of first mention. Two runs of `bench_turn.py --dump FILE` with the same arguments on
the same code write identical files (`cmp`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

TABLES = (
    "conversations", "messages", "bookings", "booking_events", "outbox", "turns",
    "tool_calls", "proposals", "session_groups",
)  # fmt: skip
"""In this order: a random id is numbered where it is first named (in a serial table)."""
RANDOM_KEYS = {"proposals", "session_groups"}
"""Tables keyed by uuid4 (random): their rows sorted by what they hold."""
VOLATILE = {"claimed_at", "closed_at", "claimed_by", "claim_expires_at", "latency_ms"}
"""Columns that differ between two runs of the same code."""
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def dump_state(engine: Engine, path: Path) -> int:
    """Write the rows (see the module docstring) to `path`; how many."""
    tables: dict[str, list[str]] = {}
    with engine.connect() as connection:
        for table in TABLES:
            result = connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))
            tables[table] = [
                json.dumps([table, {k: _plain(v) for k, v in row.items() if k not in VOLATILE}],
                           sort_keys=True, ensure_ascii=False)
                for row in result.mappings()
            ]  # fmt: skip
    seen: dict[str, str] = {}
    lines = []
    for table, rows in tables.items():  # ids numbered where first named, in this order
        named = [_UUID.sub(lambda m: seen.setdefault(m[0], f"<id {len(seen)}>"), r) for r in rows]
        lines.extend(sorted(named) if table in RANDOM_KEYS else named)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)
