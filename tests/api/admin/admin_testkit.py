"""Helpers of the admin API tests: the admin token, the demo customers, a runtime over
the demo business, a TestClient of the app with the clock frozen at
DEMO_NOW (Tue 24 March 2026, 16:00 in Zurich), and a 422 answer's fields. The
fixtures are in conftest.py."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.admin.demo_seed import DEMO_NOW
from bookbot.api.app import create_app
from bookbot.settings import Settings

TOKEN = "admin-secret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MARIE, THOMAS = "+41791000001", "+41791000002"


def open_admin_runtime(url: str, token: str | None = TOKEN) -> Runtime:
    return open_runtime(Settings(database_url=url, admin_token=token, model="offline"))


def admin_app(runtime: Runtime) -> FastAPI:
    """The app over `runtime` with its clock at DEMO_NOW, turns and sends inline."""
    return create_app(runtime, clock=lambda: DEMO_NOW, process_inline=True)


def admin_client(runtime: Runtime) -> TestClient:
    return TestClient(admin_app(runtime))


def fields(response: Any) -> dict[str, str]:
    """{field: message} of a 422 answer."""
    assert response.status_code == 422, response.text
    return {d["field"]: d["msg"] for d in response.json()["detail"]}
