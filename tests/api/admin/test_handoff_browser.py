"""Human handoff in headless Chromium (issue #20): the customer on the chat page asks
for a person, the bot stops answering; staff open the admin's Inbox, reply (the
reply reaches the customer's thread) and hand back; the bot answers the next
message with the staff reply in its history. Served as the other dashboard tests
(`served`, `browser`: conftest.py); waits are conditions (`expect`), never sleeps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from bookbot.store import turn_queue
from bookbot.store.models import MessageRow
from tests.api.admin.dashboard_testkit import Served, sign_in

REPLY_TIMEOUT_MS = 15_000
PHONE = "+41790000099"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield opened
    opened.close()


def send(page: Page, text: str) -> None:
    page.locator("#text").fill(text)
    page.locator("#text").press("Enter")


def open_chat(context: BrowserContext, served: Served) -> Page:
    chat = context.new_page()
    chat.goto(f"{served.url}/chat")
    expect(chat.locator("#business")).to_have_text("Praxis Demo")
    chat.locator("#phone").fill(PHONE)
    chat.locator("#phone").press("Enter")
    return chat


def test_staff_take_over_from_the_inbox_and_hand_back(
    context: BrowserContext, served: Served
) -> None:
    errors: list[str] = []
    chat = open_chat(context, served)
    send(chat, "Can I talk to a person please?")
    expect(chat.locator(".msg.theirs", has_text="asked our team")).to_be_visible(
        timeout=REPLY_TIMEOUT_MS
    )
    send(chat, "It's about my invoice")
    held = chat.locator(".msg.mine", has_text="It's about my invoice")
    expect(held).to_have_attribute("data-status", "held", timeout=REPLY_TIMEOUT_MS)
    expect(chat.locator(".msg.theirs")).to_have_count(1)  # the bot said nothing more

    admin = context.new_page()
    admin.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(admin, served)
    admin.click('#tabs button[data-tab="inbox"]')
    row = admin.locator("#inbox-list li", has_text=PHONE)
    expect(row).to_contain_text("waiting for a person")
    expect(row).to_contain_text("1 new")
    admin.locator("#staff-name").fill("Anna")
    admin.locator("#staff-name").dispatch_event("change")
    row.locator("button").click()
    thread = admin.locator("#inbox-thread")
    expect(thread.locator(".msg", has_text="It's about my invoice")).to_contain_text(
        "held for staff"
    )
    expect(thread.locator(".tool summary", has_text="request_human")).to_be_visible()

    admin.locator("#staff-text").fill("Hi, Anna from the practice here. I'll check your invoice.")
    admin.click("#staff-send")
    expect(admin.locator("#flash")).to_contain_text("Reply sent")
    expect(thread.locator(".msg-staff")).to_contain_text("Anna from the practice")
    expect(admin.locator("#inbox-list li", has_text=PHONE)).to_contain_text("taken by Anna")

    staff = chat.locator(".msg.theirs", has_text="Anna from the practice")
    expect(staff).to_be_visible(timeout=REPLY_TIMEOUT_MS)  # reached the customer's thread
    expect(staff.locator(".by")).to_have_text("Anna")

    admin.click("#hand-back")
    expect(admin.locator("#flash")).to_contain_text("Handed back to the bot")
    expect(admin.locator("#inbox-list li", has_text=PHONE)).to_have_count(0)

    send(chat, "thanks! how much is a dental implant?")
    expect(chat.locator(".msg.theirs", has_text="3,500")).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    with served.runtime.session_factory() as session:
        last = session.scalars(
            select(MessageRow.id)
            .where(MessageRow.direction == "inbound")
            .order_by(MessageRow.id.desc())
        ).first()
        assert last is not None
        history = turn_queue.load_turn(session, message_id=last).history
    contents = [m.get("content") for m in history]
    assert "[staff: Anna] Hi, Anna from the practice here. I'll check your invoice." in contents
    assert errors == [], f"the admin page raised: {errors}"
