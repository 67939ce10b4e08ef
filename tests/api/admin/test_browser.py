"""The admin dashboard in headless Chromium driven by Playwright (found or installed
by browser_testkit, like the chat page's test).

Each test serves its own app (`create_app`) with uvicorn on a
free loopback port, over a SQLite database seeded with the demo plans, and a
clock frozen at DEMO_NOW (Tue 24 March 2026, 16:00 in Zurich): the `served` and
`browser` fixtures of conftest.py.

The dashboard screenshot goes to the test's tmp folder; with
BOOKBOT_UPDATE_SCREENSHOTS=1 it also replaces docs/screenshots/admin-dashboard.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlalchemy import select

from bookbot.store.models import BookingRow
from tests.api.admin.dashboard_testkit import Served, sign_in

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "admin-dashboard.png"
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"the page raised: {errors}"


def test_sign_in_mark_a_session_completed_and_see_the_progress_change(
    page: Page, served: Served, tmp_path: Path
) -> None:
    sign_in(page, served)
    marie = page.locator("#in-progress .plan", has_text="Marie Schmidt")
    expect(marie.locator(".progress-line")).to_have_text("Progress: 1 of 3 complete")
    expect(marie.locator(".bar")).to_have_attribute("aria-valuenow", "1")

    marie.locator('[data-session="2"] button[data-action="complete"]').click()

    marie = page.locator("#in-progress .plan", has_text="Marie Schmidt")
    expect(marie.locator(".progress-line")).to_have_text("Progress: 2 of 3 complete")
    expect(marie.locator(".bar")).to_have_attribute("aria-valuenow", "2")
    expect(marie.locator('[data-session="2"]')).to_have_attribute("data-status", "completed")
    labels = marie.locator(".sessions .label")
    expect(labels).to_have_text(
        [
            "Session 1: Tue 10 Mar 2026, 14:00 - Completed",
            "Session 2: Tue 24 Mar 2026, 14:00 - Completed",
            "Session 3: Thu 23 Apr 2026, 14:00 - Confirmed",
        ]
    )
    expect(marie.locator(".next")).to_have_text(
        "Next Action: Send Session 3 reminder on Wed 22 Apr 2026, 14:00"
    )
    expect(page.locator("#flash")).to_contain_text("Session 2 of Marie Schmidt: completed")
    with served.runtime.session_factory() as session:
        status = session.scalar(
            select(BookingRow.status).where(
                BookingRow.session_group_id == served.seed.groups["Marie Schmidt"],
                BookingRow.session_number == 2,
            )
        )
    assert status == "completed"

    thomas = page.locator("#in-progress .plan", has_text="Thomas Weber")
    expect(thomas.locator(".progress-line")).to_have_text("Progress: 7 of 10 booked, 4 completed")
    expect(thomas.locator(".remaining")).to_have_text("Remaining: 3 unscheduled lessons")
    expect(thomas.locator(".sessions .label")).to_have_count(7)
    page.locator("#flash").evaluate("el => el.hidden = true")
    shot = tmp_path / "admin-dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    if os.environ.get("BOOKBOT_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


def test_service_form_transcripts_and_analytics(page: Page, served: Served) -> None:
    sign_in(page, served)

    page.click('#tabs button[data-tab="services"]')
    page.click('[data-service="physiotherapy"]')
    form = page.locator("#service-form")
    form.locator('[data-field="session_buffer_config.maximum_days"]').fill("1")
    form.locator("#save-service").click()
    problem = form.locator('.field[data-for="session_buffer_config.minimum_days"]')
    expect(problem).to_have_class("field invalid")
    expect(problem.locator(".field-error")).to_contain_text("above maximum_days (1)")
    assert served.runtime.business.service("physiotherapy").gap(1).maximum == 7

    form.locator('[data-field="session_buffer_config.maximum_days"]').fill("10")
    form.locator('[data-field="total_sessions_required"]').fill("6")
    form.locator("#save-service").click()
    expect(page.locator("#flash")).to_contain_text("Saved Physiotherapy Treatment Plan")
    physio = served.runtime.business.service("physiotherapy")
    assert (physio.total_sessions, physio.gap(1).maximum) == (6, 10)

    page.click('#tabs button[data-tab="transcripts"]')
    page.locator(".conversation-list button", has_text="Marie Schmidt").click()
    expect(page.locator(".msg-inbound .bubble")).to_have_text("How many sessions do I have left?")
    tool = page.locator("details.tool").first
    expect(tool.locator("summary code")).to_have_text("get_progress({})")
    expect(page.locator(".turn-meta")).to_contain_text("offline · 0 + 0 tokens")

    page.click('#tabs button[data-tab="analytics"]')
    expect(page.locator(".tile", has_text="Completion rate")).to_contain_text("67%")
    expect(page.locator("figure.chart-card svg.chart")).to_have_count(6)
    expect(page.locator("figure.chart-card", has_text="Drop-off")).to_contain_text("All services")
