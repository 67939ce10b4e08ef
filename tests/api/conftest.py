"""Fixtures of the API tests: a runtime on a fresh database, a frozen clock,
a respx-mocked Graph API, the app with inline processing, and Meta's payloads.

Every Graph call goes to `GRAPH/PHONE_ID/messages` on the `graph` router; any
other HTTP request made through httpx's transports fails the test (respx's
`assert_all_mocked`). `db_url` is SQLite; `any_db_url` (root conftest) is every
backend of the run.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import httpx
import pytest
import respx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from tests.api.service_testkit import GRAPH, PHONE_ID, Clock, graph_ok, service_settings


@pytest.fixture
def db_url(sqlite_db_url: str) -> str:
    """SQLite: the API tests that need PostgreSQL too ask for `any_db_url` (root conftest)."""
    return sqlite_db_url


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
