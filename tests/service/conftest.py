"""Fixtures of the service tests: a migrated database holding the demo business,
on SQLite (a file) and, when BOOKBOT_TEST_POSTGRES_URL is set, on PostgreSQL too
(a fresh schema per test, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from bookbot.store import ensure_schema, import_business, load_business_file
from bookbot.store.db import make_engine, make_session_factory

POSTGRES_ENV = "BOOKBOT_TEST_POSTGRES_URL"
DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bookbot.db'}"
        return
    base = make_url(os.environ[POSTGRES_ENV])
    schema = f"bookbot_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = f"-csearch_path={schema} -ctimezone=Asia/Kolkata"
        yield base.update_query_dict({"options": options}).render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    ensure_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, load_business_file(DEMO))
    return factory
