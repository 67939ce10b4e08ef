"""A receptionist's day in the dashboard, in headless Chromium at desktop (1280),
tablet (768) and phone (390) widths: sign in, book a plan for a customer from the
calendar (preview first), move one of its sessions (the whole new plan first),
mark a session completed and see the progress change; no page scrolls sideways.

Uses the `served` app and the `browser` of conftest.py (demo plans, clock at
Tue 24 March 2026, 16:00 in Zurich). With BOOKBOT_UPDATE_SCREENSHOTS=1 the pages
are saved under docs/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bookbot.api.admin.demo_seed import DEMO_NOW, seed_demo
from bookbot.service.conversations import Conversations
from tests.api.admin.dashboard_testkit import TOKEN, Served, admin_runtime, serving_admin, sign_in

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
WIDTHS = {"desktop": 1280, "tablet": 768, "phone": 390}
TABS = ("overview", "calendar", "customers", "transcripts", "analytics", "services")
"""The screenshots (one per page and width) come from the last test, over a seeded month."""


@pytest.fixture(params=list(WIDTHS))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("dialog", lambda dialog: dialog.accept())
    yield opened
    context.close()
    assert errors == [], f"the page raised: {errors}"


def _tab(page: Page, name: str) -> None:
    button = page.locator(f'#tabs button[data-tab="{name}"]')
    button.scroll_into_view_if_needed()
    button.click()
    expect(page.locator(f"#tab-{name}")).to_be_visible()


def _no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def month(tmp_path: Path) -> Iterator[str]:
    """The dashboard over `seed_demo`'s month up to DEMO_NOW, with conversations."""
    with admin_runtime(tmp_path, "month.db") as runtime:
        seed_demo(
            runtime.session_factory,
            runtime.business,
            DEMO_NOW,
            conversations=Conversations.of(runtime),
        )
        with serving_admin(runtime) as url:
            yield url


# Each page, and at which widths it is saved (BOOKBOT_UPDATE_SCREENSHOTS=1).
PAGES = {
    "overview": ("desktop", "tablet", "phone"),
    "calendar": ("desktop", "tablet", "phone"),
    "customers": ("desktop",),
    "transcripts": ("desktop",),
    "analytics": ("desktop", "phone"),
    "services": ("desktop",),
}


def _open_details(page: Page, tab: str) -> None:
    """Show the page with something picked, as a receptionist would see it."""
    if tab == "calendar":
        page.locator(".cal-session", has_text="Marie Schmidt").first.click()
        expect(page.locator("#cal-panel .plan")).to_be_visible()
    elif tab == "customers":
        page.locator(".customer-list button", has_text="Thomas Weber").click()
        expect(page.locator("#customer-transcript .msg").first).to_be_visible()
    elif tab == "transcripts":
        page.locator(".conversation-list button", has_text="Marie Schmidt").click()
        expect(page.locator("#tab-transcripts .turn").first).to_be_visible()
    elif tab == "services":
        page.click('.service-list [data-service="dental-implant"]')
        expect(page.locator("#service-form")).to_be_visible()


def test_every_page_over_a_seeded_month_fits_each_width(sized_page: Page, month: str) -> None:
    page = sized_page
    width_name = next(
        n for n, w in WIDTHS.items() if page.viewport_size and w == page.viewport_size["width"]
    )
    page.goto(f"{month}/admin")
    page.fill("#token", TOKEN)
    page.click("#login-button")
    expect(page.locator("#business")).to_have_text("Praxis Demo")
    for tab, widths in PAGES.items():
        _tab(page, tab)
        page.wait_for_load_state("networkidle")
        _open_details(page, tab)
        _no_sideways_scroll(page)
        if width_name in widths and os.environ.get("BOOKBOT_UPDATE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SCREENSHOTS / f"admin-{tab}-{width_name}.png"))


def _charts(page: Page) -> dict[str, int]:
    """This week's sessions in 'bookings per week', and plans past session 2 in the funnel."""
    _tab(page, "analytics")
    week = page.locator('#weeks g[data-week="2026-03-23"]')
    step = page.locator('#funnel g[data-session="2"]')
    expect(week).to_have_count(1)
    return {
        "week": int(week.get_attribute("data-total") or -1),
        "funnel": int(step.get_attribute("data-reached") or -1),
    }


def test_book_from_the_calendar_move_a_session_and_mark_one_completed(
    sized_page: Page, served: Served
) -> None:
    page = sized_page
    sign_in(page, served)
    expect(page.locator("#logout")).to_be_in_viewport()
    before = _charts(page)

    _tab(page, "calendar")
    expect(page.locator('.cal-day[data-day="2026-03-24"]')).to_contain_text("Marie Schmidt")
    page.click("#cal-book")
    form = page.locator("#book-form")
    form.locator("#book-phone").fill("+41 79 555 00 11")
    form.locator("#book-name").fill("Nina Frei")
    form.locator("#book-service").select_option("dental-implant")
    form.locator("#book-date").fill("2026-03-26")
    form.locator("#book-time").fill("10:00")
    form.locator("#preview-book").click()
    sessions = form.locator(".preview-sessions li")
    expect(sessions).to_have_text(
        [
            "Implant placement · Thu 26 Mar 2026, 10:00",
            "Healing check · Thu 9 Apr 2026, 10:00",
            "Crown installation · Sat 9 May 2026, 10:00",
        ]
    )
    expect(form.locator(".notice-rule")).to_contain_text("48 hours")
    _no_sideways_scroll(page)
    form.locator("#apply-preview").click()
    expect(page.locator("#flash")).to_contain_text("Booked Dental Implant")
    nina = page.locator('#cal-panel .plan[data-customer="Nina Frei"]')
    expect(nina.locator(".progress-line")).to_have_text("Progress: 0 of 3 complete")
    expect(page.locator('.cal-day[data-day="2026-03-26"]')).to_contain_text("Nina Frei")

    nina.locator('[data-session="2"] button[data-action="move"]').click()
    move = nina.locator("#move-form")
    move.locator("#move-date").fill("2026-04-10")
    move.locator("#move-time").fill("10:00")
    move.locator("#preview-move").click()
    expect(move.locator(".preview-sessions li")).to_have_count(3)
    moved = move.locator(".preview-sessions li.moved")  # the crown keeps its 30 days
    expect(moved).to_have_text(
        [
            "Healing check · Fri 10 Apr 2026, 10:00 ← moves",
            "Crown installation · Mon 11 May 2026, 10:00 ← moves",
        ]
    )
    move.locator("#apply-preview").click()
    nina = page.locator('#cal-panel .plan[data-customer="Nina Frei"]')
    expect(nina.locator('[data-session="2"] .label')).to_have_text(
        "Session 2: Fri 10 Apr 2026, 10:00 - Confirmed"
    )

    _tab(page, "overview")
    marie = page.locator("#in-progress .plan", has_text="Marie Schmidt")
    expect(marie.locator(".progress-line")).to_have_text("Progress: 1 of 3 complete")
    marie.locator('[data-session="2"] button[data-action="complete"]').click()
    marie = page.locator("#in-progress .plan", has_text="Marie Schmidt")
    expect(marie.locator(".progress-line")).to_have_text("Progress: 2 of 3 complete")
    expect(page.locator("#to-mark")).to_have_count(0)

    after = _charts(page)  # Nina's first session this week; Marie reached session 2
    assert after == {"week": before["week"] + 1, "funnel": before["funnel"] + 1}

    for tab in TABS:
        _tab(page, tab)
        page.wait_for_load_state("networkidle")
        _no_sideways_scroll(page)
    expect(page.locator("#logout")).to_be_in_viewport()


def test_edit_price_and_hours_read_a_customer_and_export_the_bookings(
    sized_page: Page, served: Served
) -> None:
    page = sized_page
    sign_in(page, served)

    _tab(page, "services")
    page.click('.service-list [data-service="physiotherapy"]')
    form = page.locator("#service-form")
    form.locator('[data-field="price"]').fill("135")
    form.locator('[data-field="trigger_words"]').fill("physio, back pain, rehab")
    form.locator("#save-service").click()
    expect(page.locator("#flash")).to_contain_text("Saved Physiotherapy Treatment Plan")
    physio = served.runtime.business.service("physiotherapy")
    assert (physio.price, physio.trigger_words) == (135, ("physio", "back pain", "rehab"))
    _no_sideways_scroll(page)

    page.click("#edit-hours")
    hours = page.locator("#hours-form")
    hours.locator('[data-field="hours.sun"]').fill("12:00-10:00")
    hours.locator("#save-hours").click()
    expect(hours.locator(".problems")).to_contain_text("ends before it starts")
    hours.locator('[data-field="hours.sun"]').fill("10:00-14:00")
    hours.locator("#save-hours").click()
    expect(page.locator("#flash")).to_contain_text("Saved the opening hours")
    assert [str(r) for r in served.runtime.business.hours["sun"]] == ["10:00-14:00"]
    _no_sideways_scroll(page)

    _tab(page, "customers")
    page.locator(".customer-list button", has_text="Marie Schmidt").click()
    contact = page.locator("#customer-contact")
    expect(contact).to_contain_text("+41791000001")
    expect(page.locator("#customer-no-shows")).to_have_text("0 no-shows")
    expect(page.locator("#customer-transcript .msg-inbound .bubble")).to_have_text(
        "How many sessions do I have left?"
    )
    expect(page.locator("#customer-transcript [data-delivery]")).to_have_text("queued")
    _no_sideways_scroll(page)
    page.locator(".customer-list button", has_text="Lukas Meier").click()
    expect(page.locator("#customer-no-shows")).to_have_text("1 no-show")

    with page.expect_download() as download:
        page.click("#export-csv")
    path = download.value.path()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("booking_id,plan_id,customer,phone")
    assert len(lines) == 1 + 21  # every session of the demo plans
