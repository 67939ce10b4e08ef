"""The local chat page and its JSON API, and `bookbot serve` for a newcomer.

The API tests book the implant plan the way the page does (post, then read the
thread) with inline turns; the last test starts the real `bookbot serve` in a
subprocess with no settings but a database path, and fetches the chat page.
"""

from __future__ import annotations

import os
import re
import selectors
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api import chat
from bookbot.api.serve_cli import chat_url, register
from bookbot.store import outbox
from bookbot.store.models import BookingRow, MessageRow, TurnRow
from tests.api.service_testkit import MARIE, Clock, count, service_settings

STATIC = Path(chat.__file__).resolve().parent / "static"


@pytest.fixture
def local_runtime(db_url: str) -> Iterator[Runtime]:
    """`bookbot serve` without WhatsApp settings: the local transport."""
    settings = service_settings(
        db_url, whatsapp_token=None, whatsapp_phone_number_id=None, whatsapp_app_secret=None
    )
    with open_runtime(settings) as runtime:
        yield runtime


@pytest.fixture
def page(local_runtime: Runtime, make_client: Callable[[Runtime], TestClient]) -> TestClient:
    return make_client(local_runtime)


def say(client: TestClient, text: str, phone: str = MARIE, **extra: Any) -> dict[str, Any]:
    response = client.post("/chat/api/messages", json={"phone": phone, "text": text, **extra})
    assert response.status_code == 202, response.text
    body: dict[str, Any] = response.json()
    return body


def thread(client: TestClient, phone: str = MARIE) -> dict[str, Any]:
    response = client.get("/chat/api/messages", params={"phone": phone})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_root_redirects_to_the_chat_page(page: TestClient) -> None:
    response = page.get("/", follow_redirects=False)
    assert response.status_code in (302, 307)
    assert response.headers["location"] == "/chat"


def test_chat_page_and_its_assets_are_served_locally(page: TestClient) -> None:
    html = page.get("/chat")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="([^"]+)"', html.text)
    assert sorted(assets) == ["/chat/assets/chat.css", "/chat/assets/chat.js"]
    for asset in assets:
        assert page.get(asset).status_code == 200
    assert page.get("/chat/assets/..%2Fchat.py").status_code == 404
    for file in STATIC.glob("chat.*"):  # no CDN, no web fonts: everything works offline
        assert not re.search(r"https?://", file.read_text()), file.name


def test_config_names_the_business_and_the_demo_number(page: TestClient) -> None:
    config = page.get("/chat/api/config").json()
    assert config["business"] == "Praxis Demo"
    assert config["timezone"] == "Europe/Zurich"
    assert config["default_phone"] == MARIE
    assert "Dental Implant - Complete Treatment" in config["services"]


def test_booking_the_implant_plan_through_the_chat_api(
    page: TestClient, local_runtime: Runtime
) -> None:
    first = say(page, "I need a dental implant")
    assert (first["direction"], first["status"]) == ("inbound", "answered")
    say(page, "March 10th at 2pm")

    messages = thread(page)["messages"]
    proposal = messages[-1]
    assert proposal["direction"] == "outbound" and "Session 3 of 3" in proposal["text"]
    titles = [b["title"] for b in proposal["buttons"]]
    assert titles[0] == "Yes, book it" and len(titles) <= 3

    say(page, titles[0])  # tapping the quick reply sends its title
    final = thread(page)
    assert "All 3 sessions confirmed" in final["messages"][-1]["text"]
    assert final["messages"][-1]["buttons"] == []
    assert final["typing"] is False
    assert [m["status"] for m in final["messages"] if m["direction"] == "inbound"] == [
        "answered"
    ] * 3
    assert count(local_runtime, BookingRow, BookingRow.status == "confirmed") == 3


def test_the_same_client_id_is_stored_once(page: TestClient, local_runtime: Runtime) -> None:
    one = say(page, "I need a dental implant", client_id="abc-123")
    two = say(page, "I need a dental implant", client_id="abc-123")
    assert one["id"] == two["id"]
    assert count(local_runtime, TurnRow) == 1


def test_thread_reads_after_an_id_and_numbers_in_any_form(page: TestClient) -> None:
    say(page, "Hi")
    everything = thread(page, "+41 79 000 00 01")["messages"]
    assert len(everything) == 2
    newer = page.get("/chat/api/messages", params={"phone": MARIE, "after": everything[0]["id"]})
    assert [m["id"] for m in newer.json()["messages"]] == [everything[1]["id"]]
    assert thread(page, "+41790000099") == {
        "phone": "+41790000099",
        "messages": [],
        "typing": False,
    }


@pytest.mark.parametrize(
    "body, problem",
    [
        ({"phone": "not a number", "text": "hi"}, "phone"),
        ({"phone": MARIE, "text": "   "}, "empty"),
        ({"phone": MARIE, "text": ""}, "text"),
        ({"phone": MARIE, "text": "hi", "client_id": "../../etc"}, "client_id"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    page: TestClient, local_runtime: Runtime, body: dict[str, str], problem: str
) -> None:
    response = page.post("/chat/api/messages", json=body)
    assert response.status_code == 422
    assert problem in response.text
    assert count(local_runtime, MessageRow) == 0


@pytest.fixture
def any_page(any_db_url: str, make_client: Callable[[Runtime], TestClient]) -> Iterator[TestClient]:
    """The chat page on SQLite and, when configured, PostgreSQL."""
    settings = service_settings(
        any_db_url, whatsapp_token=None, whatsapp_phone_number_id=None, whatsapp_app_secret=None
    )
    with open_runtime(settings) as runtime:
        yield make_client(runtime)


def test_nul_in_text_and_name_is_stored_as_a_replacement_character(any_page: TestClient) -> None:
    """PostgreSQL refuses NUL in text: it used to be a 500 there."""
    sent = any_page.post(
        "/chat/api/messages",
        json={"phone": MARIE, "text": "I need a\u0000 dental implant", "name": "Ma\u0000rie"},
    )
    assert sent.status_code == 202, sent.text
    assert sent.json()["text"] == "I need a\ufffd dental implant"
    first = thread(any_page)["messages"][0]
    assert first["text"] == "I need a\ufffd dental implant"


@pytest.mark.parametrize("after", [2**31, 2**62, -1])
def test_after_beyond_the_id_column_is_refused(any_page: TestClient, after: int) -> None:
    """`messages.id` is a 32-bit integer on PostgreSQL: a larger `after` used to be a 500."""
    response = any_page.get("/chat/api/messages", params={"phone": MARIE, "after": after})
    assert response.status_code == 422
    assert "after" in response.text
    largest = any_page.get("/chat/api/messages", params={"phone": MARIE, "after": 2**31 - 1})
    assert largest.status_code == 200 and largest.json()["messages"] == []


def test_a_body_over_the_cap_is_refused_with_413(page: TestClient, local_runtime: Runtime) -> None:
    text = "x" * (1024 * 1024)
    response = page.post("/chat/api/messages", json={"phone": MARIE, "text": text})
    assert response.status_code == 413
    assert "BOOKBOT_MAX_REQUEST_BYTES" in response.json()["detail"]
    assert count(local_runtime, MessageRow) == 0


def test_proactive_messages_show_up_in_the_chat(
    page: TestClient, local_runtime: Runtime, clock: Clock
) -> None:
    say(page, "Hi")
    with local_runtime.session_factory.begin() as session:
        outbox.enqueue(
            session,
            phone=MARIE,
            kind="reminder",
            dedupe_key="reminder:test",
            body={"text": "Reminder: Session 1 of 3 tomorrow at 14:00"},
            now=clock.advance(days=2),
        )
    assert isinstance(page.app, FastAPI)
    assert page.app.state.bookbot.deliver().sent == 1  # what the delivery loop does
    last = thread(page)["messages"][-1]
    assert (last["direction"], last["kind"]) == ("outbound", "reminder")
    assert last["text"].startswith("Reminder: Session 1 of 3")
    assert last["created_at"] == "2026-03-04T08:00:00Z"  # the clock of the delivery


@pytest.mark.parametrize("path", ["/chat", "/chat/assets/chat.js", "/chat/api/config"])
def test_the_chat_page_is_off_while_whatsapp_is_configured(client: TestClient, path: str) -> None:
    """With real customers on WhatsApp, a page that writes as any phone number stays off."""
    response = client.get(path)
    assert response.status_code == 404
    assert "off while WhatsApp is configured" in response.json()["detail"]
    sent = client.post("/chat/api/messages", json={"phone": MARIE, "text": "cancel my plan"})
    assert sent.status_code == 404


def test_serve_registers_a_command_with_host_and_port() -> None:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output
    assert chat_url("0.0.0.0", 8000) == "http://127.0.0.1:8000/chat"
    assert chat_url("::1", 9000) == "http://[::1]:9000/chat"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_bookbot_serve_with_no_settings_serves_the_chat_page(tmp_path: Path) -> None:
    """A newcomer's first command: `bookbot serve`, then open the printed address."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOKBOT_", "OPENAI_"))}
    env["BOOKBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'newcomer.db'}"
    script = (
        "import typer; from bookbot.api.serve_cli import register; "
        "app = typer.Typer(); app.callback()(lambda: None); register(app); app()"
    )
    command = [sys.executable, "-c", script, "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, bufsize=0
    )
    try:
        url = _wait_for_url(process, timeout=60)
        assert url == f"http://127.0.0.1:{port}/chat"
        with httpx.Client(timeout=10) as client:
            page = client.get(url)
            assert page.status_code == 200 and "composer" in page.text
            reply = client.post(
                f"http://127.0.0.1:{port}/chat/api/messages",
                json={"phone": MARIE, "text": "Hello"},
            )
            assert reply.status_code == 202
            too_large = client.post(
                f"http://127.0.0.1:{port}/chat/api/messages",
                content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                headers={"content-type": "application/json"},
            )
            assert too_large.status_code == 413  # the real server honours the cap too
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stdout is not None
        process.stdout.close()


def _wait_for_url(process: subprocess.Popen[bytes], *, timeout: float) -> str:
    """Read the server's output until it prints the chat address (or fails)."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        return _read_until_url(process.stdout, selector, timeout)


def _read_until_url(stream: IO[bytes], selector: selectors.BaseSelector, timeout: float) -> str:
    output = b""
    while True:
        if not selector.select(timeout):
            raise AssertionError(f"no chat address within {timeout}s: {output.decode()}")
        line = stream.readline()
        if not line:
            raise AssertionError(f"bookbot serve exited: {output.decode()}")
        output += line
        found = re.search(rb"(http://\S+/chat)\b", line)
        if found:
            return found.group(1).decode()
