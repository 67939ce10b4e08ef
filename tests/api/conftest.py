"""Fixtures of the service tests: a runtime on a fresh database, a frozen clock,
a respx-mocked Graph API, the app with inline processing, and Meta's payloads.

Every Graph call goes to `GRAPH/PHONE_ID/messages` on the `graph` router; any
other HTTP request made through httpx's transports fails the test (respx's
`assert_all_mocked`). `db_url` is SQLite; `any_db_url` is SQLite and, when
BOOKBOT_TEST_POSTGRES_URL is set, PostgreSQL too (a fresh schema per test).
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
import respx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text
from sqlalchemy.pool import NullPool

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.store import make_engine

if TYPE_CHECKING:  # mypy sees tests/api as tests.api; pytest puts this folder on sys.path
    from tests.api.service_testkit import (
        GRAPH,
        PHONE_ID,
        POSTGRES_ENV,
        Clock,
        graph_ok,
        service_settings,
    )
else:
    from service_testkit import GRAPH, PHONE_ID, POSTGRES_ENV, Clock, graph_ok, service_settings


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'service.db'}"


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(params=_backends())
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """SQLite, and PostgreSQL when configured (a schema of its own, dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'service.db'}"
        return
    base = make_url(os.environ[POSTGRES_ENV])
    schema = f"bookbot_api_{uuid.uuid4().hex[:12]}"
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
def clock() -> Clock:
    return Clock()


@pytest.fixture
def runtime(db_url: str) -> Iterator[Runtime]:
    with open_runtime(service_settings(db_url)) as opened:
        yield opened


@pytest.fixture
def graph() -> Iterator[respx.Router]:
    """The Graph API: each send succeeds with a fresh `wamid.out.N` unless a test says otherwise."""
    counter = itertools.count(1)
    with respx.mock(base_url=GRAPH, assert_all_called=False) as router:
        router.post(f"/{PHONE_ID}/messages", name="messages").mock(
            side_effect=lambda request: graph_ok(f"wamid.out.{next(counter)}")
        )
        yield router


@pytest.fixture
def http_client(graph: respx.Router) -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


@pytest.fixture
def make_client(
    http_client: httpx.Client, clock: Clock
) -> Iterator[Callable[[Runtime], TestClient]]:
    """`make_client(runtime)`: a started app (inline processing) and its TestClient."""
    clients: list[TestClient] = []

    def make(runtime: Runtime) -> TestClient:
        app: FastAPI = create_app(
            runtime, clock=clock, http_client=http_client, process_inline=True
        )
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in reversed(clients):
        client.__exit__(None, None, None)


@pytest.fixture
def client(runtime: Runtime, make_client: Callable[[Runtime], TestClient]) -> TestClient:
    return make_client(runtime)
