"""Fixtures of the store tests: one database per test, on every available backend.

SQLite (a file in tmp_path) always; PostgreSQL too when BOOKBOT_TEST_POSTGRES_URL
is set, e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/test`. Each PostgreSQL
test gets a fresh schema (dropped afterwards) through the connection's
search_path, and a session time zone far from UTC, so a test that passes there
does not depend on the server's zone.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from bookbot.core.config import Business, parse_business
from bookbot.store.businesses import import_business
from bookbot.store.db import make_engine, make_session_factory
from bookbot.store.migrate import ensure_schema

from .store_testkit import DEMO, customer

POSTGRES_ENV = "BOOKBOT_TEST_POSTGRES_URL"


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(params=_backends())
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The URL of an empty database of the backend this test runs on."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'bookbot.db'}"
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
def empty_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    ensure_schema(empty_engine)
    return empty_engine


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def business() -> Business:
    return parse_business(DEMO, source="tests/store/store_testkit.py")


@pytest.fixture
def imported(factory: sessionmaker[Session], business: Business) -> Business:
    """The demo business, imported into the test database."""
    with factory.begin() as session:
        import_business(session, business)
    return business


@pytest.fixture
def marie(factory: sessionmaker[Session], imported: Business) -> int:
    return customer(factory, "+41790000001", "Marie")


@pytest.fixture
def thomas(factory: sessionmaker[Session], imported: Business) -> int:
    return customer(factory, "+41790000002", "Thomas")
