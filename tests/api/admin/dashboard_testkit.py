"""Helpers of the dashboard tests in headless Chromium (Debian's /usr/bin/chromium via
Playwright): the app served by uvicorn on a free loopback port, the demo
plans and conversations behind it (clock frozen at DEMO_NOW, Tue 24 March 2026,
16:00 in Zurich), and signing in. The fixtures are in conftest.py."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, expect

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.admin.demo_seed import (
    DEMO_NOW,
    DemoSeed,
    seed_demo_conversations,
    seed_guide_plans,
)
from bookbot.service.conversations import Conversations
from bookbot.settings import Settings
from tests.api.admin.admin_testkit import admin_app

TOKEN = "browser-test-token"


@dataclass
class Served:
    url: str
    runtime: Runtime
    seed: DemoSeed


@contextmanager
def serving_admin(runtime: Runtime) -> Iterator[str]:
    """The app of `runtime` (clock at DEMO_NOW) served on a free loopback port; yields
    its base URL."""
    app = admin_app(runtime)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()  # connections queue until uvicorn accepts them: no start-up wait
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def admin_runtime(folder: Path, name: str) -> Runtime:
    """A runtime over the demo business in a SQLite file of `folder`, with TOKEN."""
    return open_runtime(Settings(database_url=f"sqlite:///{folder / name}", admin_token=TOKEN))


@contextmanager
def served_dashboard(folder: Path) -> Iterator[Served]:
    """The dashboard over the demo plans and conversations, served on loopback."""
    with admin_runtime(folder, "dash.db") as runtime:
        seed = seed_guide_plans(runtime.session_factory, runtime.business, DEMO_NOW)
        seed_demo_conversations(Conversations.of(runtime), now=DEMO_NOW)
        with serving_admin(runtime) as url:
            yield Served(url, runtime, seed)


def sign_in(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/admin")
    page.fill("#token", "not-the-token")
    page.click("#login-button")
    expect(page.locator("#login-error")).to_have_text("wrong admin token")
    page.fill("#token", TOKEN)
    page.click("#login-button")
    expect(page.locator("#business")).to_have_text("Praxis Demo")
