"""A newcomer books the implant plan in a real browser on the chat page.

The app runs under uvicorn in a thread on a free port, on the real path (turns
on the inbound queue's threads, the page polling for replies), with the clock
frozen on Monday 2 March 2026, 09:00 in Zurich. Headless Chromium (found or
installed by browser_testkit) is driven by Playwright; its waits are
condition-based (`expect`), never sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.store.models import BookingRow
from tests.api.browser_testkit import chromium_or_skip, launched
from tests.api.service_testkit import NOW, Clock, count, service_settings

REPLY_TIMEOUT_MS = 20_000


class ThreadedServer(uvicorn.Server):
    """uvicorn in a background thread; `ready` is set once the socket listens."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list | None = None) -> None:  # type: ignore[type-arg]
        await super().startup(sockets=sockets)
        self.ready.set()

    @property
    def url(self) -> str:
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    settings = service_settings(
        f"sqlite:///{tmp_path / 'browser.db'}",
        whatsapp_token=None,
        whatsapp_phone_number_id=None,
        whatsapp_app_secret=None,
    )
    with open_runtime(settings) as opened:
        yield opened


@pytest.fixture
def base_url(runtime: Runtime) -> Iterator[str]:
    app = create_app(runtime, clock=Clock(NOW))
    server = ThreadedServer(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    try:
        assert server.ready.wait(30), "uvicorn did not start"
        assert server.started, "uvicorn could not listen"
        yield server.url
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture
def page(request: pytest.FixtureRequest, base_url: str) -> Iterator[Page]:
    with launched(chromium_or_skip(request)) as browser:
        context = browser.new_context(base_url=base_url, locale="en-GB")
        yield context.new_page()
        context.close()


def send(page: Page, text: str) -> None:
    page.locator("#text").fill(text)
    page.locator("#text").press("Enter")


def test_a_newcomer_books_the_implant_plan_in_the_browser(page: Page, runtime: Runtime) -> None:
    page.goto("/")  # redirects to /chat
    expect(page).to_have_url(f"{page.url.split('/chat')[0]}/chat")
    expect(page.locator("#business")).to_have_text("Praxis Demo")
    expect(page.locator("#phone")).to_have_value("+41790000001")

    send(page, "I need a dental implant")
    mine = page.locator(".msg.mine", has_text="I need a dental implant")
    expect(mine).to_have_count(1)
    expect(page.locator(".msg.theirs", has_text="includes 3 sessions")).to_be_visible(
        timeout=REPLY_TIMEOUT_MS
    )
    expect(mine.locator(".tick.read")).to_have_count(1)  # blue ticks: answered

    send(page, "March 10th at 2pm")
    proposal = page.locator(".msg.theirs", has_text="Session 3 of 3")
    expect(proposal).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(proposal).to_contain_text("Tue 10 Mar 2026, 14:00")
    expect(proposal.locator(".meta")).to_have_text("09:00")  # the frozen clock, Zurich time
    yes = page.locator("#quick button", has_text="Yes, book it")
    expect(yes).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    assert count(runtime, BookingRow) == 0

    yes.click()
    confirmation = page.locator(".msg.theirs", has_text="All 3 sessions confirmed")
    expect(confirmation).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(confirmation).to_contain_text("Thu 23 Apr 2026, 14:00")
    expect(page.locator("#quick")).to_be_hidden()
    expect(page.locator("#typing")).to_be_hidden()
    assert count(runtime, BookingRow, BookingRow.status == "confirmed") == 3
