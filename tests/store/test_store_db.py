"""Engines and the write lock: BEGIN IMMEDIATE on SQLite, advisory locks on PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bookbot.store.db import ADVISORY_LOCK_CLASS, lock_services, make_engine, write_session


def test_sqlite_connections_are_configured(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert (connection.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 1000
    finally:
        engine.dispose()


def test_write_session_holds_the_write_lock_from_begin(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's BEGIN IMMEDIATE")
    path = engine.url.database
    assert path is not None
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with write_session(factory):
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
        with factory.begin() as session:  # a plain transaction takes no lock at BEGIN
            session.execute(text("SELECT 1"))
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_lock_services_holds_an_advisory_lock_until_commit(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL advisory locks")
    probe = text("SELECT pg_try_advisory_xact_lock(CAST(:c AS integer), CAST(:k AS integer))")
    params = {"c": ADVISORY_LOCK_CLASS, "k": 7}
    with factory() as other:
        with write_session(factory) as session:
            lock_services(session, [7])
            assert other.execute(probe, params).scalar() is False
            other.rollback()
        assert other.execute(probe, params).scalar() is True
        other.rollback()


def test_a_failed_write_session_rolls_back(factory: sessionmaker[Session], engine: Engine) -> None:
    with pytest.raises(RuntimeError), write_session(factory) as session:
        session.execute(text("CREATE TABLE scratch (id INTEGER)"))
        raise RuntimeError("boom")
    with engine.connect() as connection:
        assert "scratch" not in engine.dialect.get_table_names(connection)
