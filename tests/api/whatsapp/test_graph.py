"""Sending through the Graph API, against respx (no real network)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from bookbot.api.whatsapp import (
    GraphClient,
    GraphPermanentError,
    GraphRetryableError,
    MessageValidationError,
    is_retryable,
)
from bookbot.api.whatsapp.messages import buttons_message, template_message, text_message
from bookbot.core.errors import ConfigError
from bookbot.settings import Settings

BASE = "https://graph.example.test/v21.0"
PHONE_ID = "106540352242922"
URL = f"{BASE}/{PHONE_ID}/messages"
TOKEN = "EAAG-test-token"
WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA"
OK = {
    "messaging_product": "whatsapp",
    "contacts": [{"input": "+41790000001", "wa_id": "41790000001"}],
    "messages": [{"id": WAMID}],
}


@pytest.fixture
def graph() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture
def client() -> Iterator[GraphClient]:
    with httpx.Client(timeout=5) as http:
        yield GraphClient(http, token=TOKEN, phone_number_id=PHONE_ID, base_url=BASE + "/")


def sent(route: respx.Route) -> dict[str, Any]:
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    body: dict[str, Any] = json.loads(request.content)
    return body


def test_a_text_message_is_posted_with_the_token(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    route = graph.post(URL).respond(200, json=OK)
    assert client.send(text_message("+41790000001", "Your session is booked.")) == WAMID
    assert sent(route) == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "41790000001",
        "type": "text",
        "text": {"preview_url": False, "body": "Your session is booked."},
    }


def test_a_text_message_may_ask_for_a_link_preview(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    route = graph.post(URL).respond(200, json=OK)
    client.send(text_message("41790000001", "See https://example.com", preview_url=True))
    assert sent(route)["text"] == {"preview_url": True, "body": "See https://example.com"}


def test_reply_buttons_are_posted_as_an_interactive_message(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    route = graph.post(URL).respond(200, json=OK)
    buttons = [("confirm", "Yes, book it"), ("other", "Other times")]
    assert client.send(buttons_message("+41790000001", "Book Tue 10 Mar 14:00?", buttons)) == WAMID
    assert sent(route) == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "41790000001",
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "Book Tue 10 Mar 14:00?"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "confirm", "title": "Yes, book it"}},
                    {"type": "reply", "reply": {"id": "other", "title": "Other times"}},
                ]
            },
        },
    }


def test_a_template_is_posted_with_its_body_parameters(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    route = graph.post(URL).respond(200, json=OK)
    assert (
        client.send(
            template_message(
                "+41790000001",
                "session_reminder",
                "de",
                ["Marie", "Session 2 of 3", "24.03. 14:00"],
            )
        )
        == WAMID
    )
    assert sent(route) == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "41790000001",
        "type": "template",
        "template": {
            "name": "session_reminder",
            "language": {"code": "de"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Marie"},
                        {"type": "text", "text": "Session 2 of 3"},
                        {"type": "text", "text": "24.03. 14:00"},
                    ],
                }
            ],
        },
    }


def test_a_template_without_parameters_has_no_components(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    route = graph.post(URL).respond(200, json=OK)
    client.send(template_message("+41790000001", "hello_world", "en_US", []))
    assert sent(route)["template"] == {"name": "hello_world", "language": {"code": "en_US"}}


# -- errors ---------------------------------------------------------------------------

GRAPH_400 = {
    "error": {
        "message": "(#131009) Parameter value is not valid",
        "type": "OAuthException",
        "code": 131009,
        "error_data": {
            "messaging_product": "whatsapp",
            "details": "Button title length invalid. Max length allowed is 20",
        },
        "error_subcode": 2494010,
        "fbtrace_id": "AbCdEf123",
    }
}


def test_400_with_graph_error_is_permanent(graph: respx.MockRouter, client: GraphClient) -> None:
    graph.post(URL).respond(400, json=GRAPH_400)
    with pytest.raises(GraphPermanentError) as info:
        client.send(text_message("+41790000001", "hi"))
    err = info.value
    assert "(#131009) Parameter value is not valid" in str(err)
    assert "131009" in str(err) and "HTTP 400" in str(err)
    assert (err.status_code, err.code, err.subcode, err.fbtrace_id) == (
        400,
        131009,
        2494010,
        "AbCdEf123",
    )
    assert err.details == "Button title length invalid. Max length allowed is 20"
    assert not is_retryable(err)
    assert not err.outside_service_window


def test_re_engagement_error_flags_the_closed_window(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    body = {
        "error": {
            "message": "(#131047) Re-engagement message",
            "type": "OAuthException",
            "code": 131047,
            "fbtrace_id": "X",
        }
    }
    graph.post(URL).respond(400, json=body)
    with pytest.raises(GraphPermanentError) as info:
        client.send(text_message("+41790000001", "hi"))
    assert info.value.outside_service_window


def test_401_expired_token_is_permanent(graph: respx.MockRouter, client: GraphClient) -> None:
    body = {
        "error": {
            "message": "Error validating access token",
            "type": "OAuthException",
            "code": 190,
            "fbtrace_id": "T",
        }
    }
    graph.post(URL).respond(401, json=body)
    with pytest.raises(GraphPermanentError, match=r"Graph API error 190: Error validating"):
        client.send(text_message("+41790000001", "hi"))


def test_429_is_retryable_with_retry_after(graph: respx.MockRouter, client: GraphClient) -> None:
    body = {
        "error": {
            "message": "(#4) Application request limit reached",
            "code": 4,
            "type": "OAuthException",
            "fbtrace_id": "R",
        }
    }
    graph.post(URL).respond(429, json=body, headers={"Retry-After": "30"})
    with pytest.raises(GraphRetryableError) as info:
        client.send(text_message("+41790000001", "hi"))
    assert info.value.retry_after == 30.0
    assert info.value.code == 4
    assert is_retryable(info.value)


def test_throttling_code_in_a_400_is_retryable(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    body = {
        "error": {
            "message": "(#130429) Rate limit hit",
            "type": "OAuthException",
            "code": 130429,
            "error_data": {"details": "Too many messages"},
        }
    }
    graph.post(URL).respond(400, json=body)
    with pytest.raises(GraphRetryableError, match="130429"):
        client.send(text_message("+41790000001", "hi"))


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retryable(graph: respx.MockRouter, client: GraphClient, status: int) -> None:
    graph.post(URL).respond(status, text="<html>Bad gateway</html>")
    with pytest.raises(GraphRetryableError, match=f"HTTP {status}") as info:
        client.send(text_message("+41790000001", "hi"))
    assert info.value.status_code == status
    assert info.value.code is None


def test_timeout_is_retryable(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    graph.post(URL).mock(side_effect=httpx.ReadTimeout("read timed out"))
    with pytest.raises(GraphRetryableError, match="timed out") as info:
        client.send(text_message("+41790000001", "hi"))
    assert isinstance(info.value.__cause__, httpx.TimeoutException)
    assert is_retryable(info.value)


def test_connection_error_is_retryable(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    graph.post(URL).mock(side_effect=httpx.ConnectError("connection refused"))
    with pytest.raises(GraphRetryableError, match="failed"):
        client.send(text_message("+41790000001", "hi"))


def test_success_without_a_message_id_is_permanent(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    graph.post(URL).respond(200, json={"messaging_product": "whatsapp", "messages": []})
    with pytest.raises(GraphPermanentError, match=r"without messages\[0\]\.id"):
        client.send(text_message("+41790000001", "hi"))


def test_is_retryable_on_other_exceptions() -> None:
    assert is_retryable(httpx.ConnectTimeout("x"))
    assert not is_retryable(ValueError("x"))
    assert not is_retryable(MessageValidationError("x"))


def test_invalid_message_is_refused_before_sending(
    graph: respx.MockRouter, client: GraphClient
) -> None:
    route = graph.post(URL).respond(200, json=OK)
    with pytest.raises(MessageValidationError):
        client.send(
            buttons_message(
                "+41790000001", "Pick one", [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
            )
        )
    assert not route.called


# -- construction -------------------------------------------------------------


def test_from_settings_uses_the_configured_base_url(graph: respx.MockRouter) -> None:
    settings = Settings(whatsapp_token=TOKEN, whatsapp_phone_number_id=PHONE_ID, graph_api_url=BASE)
    route = graph.post(URL).respond(200, json=OK)
    with httpx.Client() as http:
        client = GraphClient.from_settings(settings, http)
        assert client.send(text_message("+41790000001", "hi")) == WAMID
    assert route.called


def test_default_base_url_is_graph_v21() -> None:
    with httpx.Client() as http:
        client = GraphClient(http, token=TOKEN, phone_number_id=PHONE_ID)
    assert client.url == f"https://graph.facebook.com/v21.0/{PHONE_ID}/messages"


def test_from_settings_names_missing_settings() -> None:
    with (
        httpx.Client() as http,
        pytest.raises(
            ConfigError, match=("BOOKBOT_WHATSAPP_TOKEN and BOOKBOT_WHATSAPP_PHONE_NUMBER_ID")
        ),
    ):
        GraphClient.from_settings(
            Settings(whatsapp_token=None, whatsapp_phone_number_id=None), http
        )


# -- the lean send path -------------------------------------------------------


def test_a_send_carries_what_client_post_would(graph: respx.MockRouter) -> None:
    """The send skips `Client.send`'s machinery, not its headers, body or timeout."""
    route = graph.post(URL).respond(200, json=OK)
    payload = text_message("+41790000001", "Grüezi, 10:00?")
    with httpx.Client(timeout=3, headers={"X-Extra": "kept"}) as http:
        GraphClient(http, token=TOKEN, phone_number_id=PHONE_ID, base_url=BASE).send(payload)
        expected = http.build_request(
            "POST", URL, json=payload, headers={"Authorization": f"Bearer {TOKEN}"}
        )
    request = route.calls.last.request
    assert sorted(request.headers.multi_items()) == sorted(expected.headers.multi_items())
    assert request.content == expected.content
    assert request.extensions["timeout"] == expected.extensions["timeout"]


def test_a_send_goes_through_the_clients_own_transport() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=OK)

    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        client = GraphClient(http, token=TOKEN, phone_number_id=PHONE_ID, base_url=BASE)
        assert client.send(text_message("+41790000001", "hi")) == WAMID
    assert [str(r.url) for r in seen] == [URL]
    with pytest.raises(RuntimeError, match="closed"):
        client.send(text_message("+41790000001", "hi"))
