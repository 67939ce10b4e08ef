"""Fixtures of the admin tests: a runtime over the demo business on every backend of
the run, seeded with the demo plans; a TestClient of the app (clock at DEMO_NOW);
and, for the dashboard in Chromium, the app served on loopback and the browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from bookbot.agent.runtime import Runtime
from bookbot.api.admin.demo_seed import DEMO_NOW, DemoSeed, seed_guide_plans
from tests.api.admin.admin_testkit import admin_client, open_admin_runtime
from tests.api.admin.dashboard_testkit import Served, served_dashboard
from tests.api.browser_testkit import chromium_or_skip, launched
from tests.databases import backends, database


@pytest.fixture
def admin_db_url(any_db_url: str) -> str:
    return any_db_url


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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The admin app over the demo plans and conversations, served on a loopback port."""
    with served_dashboard(tmp_path) as serving:
        yield serving


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Chromium found or installed by browser_testkit, as for the chat page's test."""
    with launched(chromium_or_skip(request)) as opened:
        yield opened
