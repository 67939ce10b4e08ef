"""Fixtures every test folder shares.

- The network guard (tests/network_guard.py): any socket connecting outside
  loopback fails the test.
- `any_db_url`: an empty database on every backend of the run (tests/databases.py):
  SQLite always, PostgreSQL too when BOOKBOT_TEST_POSTGRES_URL is set, e.g.
  `postgresql+psycopg://postgres@127.0.0.1:5432/test`. `sqlite_db_url`: SQLite only.
- `db_url` (`any_db_url`; tests/api makes it SQLite), `empty_engine` over it, and
  `engine`, that engine migrated.
- `factory`: a session factory over a migrated `any_db_url` holding the test
  module's `business` fixture (tests/store and tests/service define their own).

Each folder's conftest.py adds the fixtures of its layer under the names its tests
use (`db_url`, `engine`, `runtime`, `client`, `clock`, `graph`, ...).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import open_database
from bookbot.core.config import Business
from bookbot.store.db import make_engine
from bookbot.store.migrate import ensure_schema
from tests.databases import backends, database
from tests.network_guard import (  # the guard: session patch, per-test check, call hook
    network_refused,
    no_network,
    pytest_runtest_call,
)

__all__ = ["network_refused", "no_network", "pytest_runtest_call"]


@pytest.fixture(params=backends())
def any_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The URL of an empty database of the backend this test runs on."""
    with database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def sqlite_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'bookbot.db'}"


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


@pytest.fixture
def empty_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """`empty_engine` with the schema migrated to the head revision."""
    ensure_schema(empty_engine)
    return empty_engine


@pytest.fixture
def factory(any_db_url: str, business: Business) -> Iterator[sessionmaker[Session]]:
    """A migrated database holding the module's `business`."""
    engine, factory = open_database(any_db_url, business)
    yield factory
    engine.dispose()
