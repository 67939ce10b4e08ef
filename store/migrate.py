"""Schema migrations, run from code: no alembic.ini is needed at runtime.

    upgrade(url)          bring a database to the newest schema ("head")
    downgrade(url)        take it back ("base" drops every table)
    ensure_schema(x)      upgrade when behind; called on first use of a database
    current_revision(x)   the revision a database is at, or None when empty

`x` is an engine or a URL. A new migration goes in `migrations/versions/`
(`alembic -c store/alembic.ini revision --autogenerate -m "..."`, then read it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from bookbot.store.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped in this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@contextmanager
def _engine(target: Engine | str | URL) -> Iterator[Engine]:
    if isinstance(target, Engine):
        yield target
        return
    engine = make_engine(target)
    try:
        yield engine
    finally:
        engine.dispose()


def upgrade(url: Engine | str | URL, revision: str = "head") -> None:
    """Migrate the database up to `revision`, in one transaction."""
    with _engine(url) as engine, engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(url: Engine | str | URL, revision: str = "base") -> None:
    """Migrate the database down to `revision` ("base": no bookbot tables left)."""
    with _engine(url) as engine, engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(target: Engine | str | URL) -> str | None:
    with _engine(target) as engine, engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_schema(target: Engine | str | URL) -> None:
    """Create or update the schema unless it is already at head.

    A fresh SQLite file gets every table on first use; a database at head costs
    one query.
    """
    with _engine(target) as engine:
        if current_revision(engine) != head_revision():
            upgrade(engine)
