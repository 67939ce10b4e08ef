"""The databases tests run on: SQLite always, PostgreSQL too when POSTGRES_ENV names
a server, e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/test`.

Each PostgreSQL database is a fresh schema (dropped afterwards) reached through
the connection's search_path, with a session time zone far from UTC, so a test
that passes there does not depend on the server's zone.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.pool import NullPool

from bookbot.store.db import make_engine

POSTGRES_ENV = "BOOKBOT_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def backends() -> list[str]:
    """The backends of this run: PostgreSQL only when POSTGRES_ENV is set."""
    return list(BACKENDS) if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file in `folder`, or a PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bookbot.db'}"
        return
    base = make_url(os.environ[POSTGRES_ENV])
    schema = f"bookbot_test_{uuid.uuid4().hex[:12]}"
    engine = make_engine(base, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = f"-csearch_path={schema} -ctimezone=Asia/Kolkata"
        yield base.update_query_dict({"options": options}).render_as_string(hide_password=False)
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        engine.dispose()
