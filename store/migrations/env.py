"""Alembic environment, driven from code (`bookbot.store.migrate`).

The caller puts an open `Connection` into `config.attributes["connection"]`;
without one (the `alembic` command line with `store/alembic.ini`), an engine is
made from `sqlalchemy.url`. On PostgreSQL a transaction-level advisory lock keeps
two processes from migrating at once.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from bookbot.store.db import make_engine
from bookbot.store.models import Base

MIGRATION_LOCK = 0x626B_0001


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("bookbot migrations run online only (they need a connection)")
run_migrations_online()
