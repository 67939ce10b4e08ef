"""Shared by the admin API tests: a runtime over the demo business on SQLite (and
PostgreSQL when BOOKBOT_TEST_POSTGRES_URL is set), seeded with the demo plans, a
TestClient of the admin router alone, and the clock frozen at DEMO_NOW (Tue 24
March 2026, 16:00 in Zurich). A test module imports the fixtures it uses."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text
from sqlalchemy.pool import NullPool

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.admin import build_admin_router
from bookbot.api.admin.demo_seed import DEMO_NOW, DemoSeed, seed_guide_plans
from bookbot.settings import Settings
from bookbot.store.db import make_engine

TOKEN = "admin-secret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
POSTGRES_ENV = "BOOKBOT_TEST_POSTGRES_URL"
MARIE, THOMAS = "+41791000001", "+41791000002"


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'admin.db'}"
        return
    base = make_url(os.environ[POSTGRES_ENV])
    schema = f"bookbot_admin_{uuid.uuid4().hex[:12]}"
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


def open_admin_runtime(url: str, token: str | None = TOKEN) -> Runtime:
    return open_runtime(Settings(database_url=url, admin_token=token, model="offline"))


def admin_client(runtime: Runtime) -> TestClient:
    app = FastAPI()
    app.include_router(build_admin_router(runtime, clock=lambda: DEMO_NOW))
    return TestClient(app)


@pytest.fixture(params=backends())
def admin_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def runtime(admin_db_url: str) -> Iterator[Runtime]:
    with open_admin_runtime(admin_db_url) as opened:
        yield opened


@pytest.fixture
def seed(runtime: Runtime) -> DemoSeed:
    return seed_guide_plans(runtime.session_factory, runtime.business, DEMO_NOW)


@pytest.fixture
def client(runtime: Runtime, seed: DemoSeed) -> TestClient:
    """A seeded database of its own: for tests that change something."""
    return admin_client(runtime)


@pytest.fixture(scope="module", params=backends())
def reader(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """One seeded database shared by the tests that change nothing (reads, refusals)."""
    with (
        database(request.param, tmp_path_factory.mktemp("admin")) as url,
        open_admin_runtime(url) as rt,
    ):
        seed_guide_plans(rt.session_factory, rt.business, DEMO_NOW)
        yield admin_client(rt)


def fields(response: Any) -> dict[str, str]:
    """{field: message} of a 422 answer."""
    assert response.status_code == 422, response.text
    return {d["field"]: d["msg"] for d in response.json()["detail"]}
