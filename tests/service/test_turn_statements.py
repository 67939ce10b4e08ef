"""How many SQL statements one customer turn costs, end to end through
`Conversations.handle` (store the message, the turn's read, the agent's tools,
the turn's write with its outbox row). The ceilings are the counts measured when
this test was written: a change that adds statements to a turn fails here and
has to say why (issue 15 aims lower: <= 15 a turn on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.offline.policy import OfflineModel
from bookbot.agent.runtime import build_agent
from bookbot.service.conversations import Conversations
from bookbot.settings import Settings
from bookbot.store import load_business_file

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
TURNS = {  # message -> (tool it runs, ceiling on SQLite, ceiling on PostgreSQL)
    # Confirmation by data (issue 14) reads and records each message's answer to the
    # offers it answers and which reply showed which proposal: +5 to +10 a turn.
    "dental implant next tuesday at 2pm": ("propose_schedule", 44, 39),
    "yes": ("book_group", 49, 44),
    "how far am I with my plan?": ("get_progress", 32, 27),
}
"""SQLite counts its explicit BEGINs; psycopg opens transactions implicitly."""


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_turn_costs_no_more_statements_than_today(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    business = load_business_file(DEMO)
    chat = Conversations(factory, business, build_agent(Settings(), OfflineModel()))
    postgres = engine.dialect.name == "postgresql"
    counts: dict[str, int] = {}
    for text, (tool, on_sqlite, on_postgres) in TURNS.items():
        with counting(engine) as statements:
            answer = chat.handle(phone="+41790000001", text=text, now=NOW)
        assert answer is not None and [t.name for t in answer.outcome.tools] == [tool]
        counts[text] = len(statements)
        ceiling = on_postgres if postgres else on_sqlite
        assert len(statements) <= ceiling, "\n".join([f"{text!r}: {counts}", *statements])
