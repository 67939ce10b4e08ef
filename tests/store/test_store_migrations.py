"""Migrations: up from empty, in step with the models, and down again cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from bookbot.store.db import make_engine
from bookbot.store.migrate import (
    current_revision,
    downgrade,
    ensure_schema,
    head_revision,
    upgrade,
)
from bookbot.store.models import Base
from tests.store.store_testkit import table_names


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_creates_every_table_and_downgrade_removes_them(empty_engine: Engine) -> None:
    assert _tables(empty_engine) == set()
    upgrade(empty_engine)
    assert _tables(empty_engine) == table_names()
    assert current_revision(empty_engine) == head_revision() == "0008_claim_times"

    downgrade(empty_engine)
    assert _tables(empty_engine) == set()
    assert current_revision(empty_engine) is None

    upgrade(empty_engine)  # and up again, from the downgraded database
    assert _tables(empty_engine) == table_names()


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_partial_unique_index_is_created(engine: Engine) -> None:
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("bookings")}
    active = indexes["uq_bookings_group_session_active"]
    assert active["unique"]
    assert active["column_names"] == ["session_group_id", "session_number"]
    assert "ix_bookings_service_id_start_at" in indexes
    assert "ix_bookings_session_group_id" in indexes


def test_ensure_schema_migrates_a_fresh_sqlite_file_once(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "bookbot.db"
    url = f"sqlite:///{path}"
    ensure_schema(url)
    assert path.exists()
    assert current_revision(url) == head_revision()
    ensure_schema(url)  # at head already: nothing to do
    engine = make_engine(url)
    try:
        assert _tables(engine) == table_names()
    finally:
        engine.dispose()
