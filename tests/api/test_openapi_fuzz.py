"""Property-based API tests: no request makes the server fail, on SQLite and PostgreSQL.

- schemathesis generates requests from `app.openapi()`, valid and invalid, for
  every operation; each is sent with and without the admin token (so the admin
  API is both exercised and refused), and none may end in a server error (5xx).
- hypothesis generates signed webhook deliveries whose second message is
  anything JSON can hold (lone surrogates, NUL, deep nesting, huge numbers, wrong
  types): each is acknowledged with 200 and its good message stored, since Meta
  redelivers a refused delivery for days.

The app runs with inline turns on a fresh database, WhatsApp configured (so the
webhook checks signatures rather than being disabled) and the Graph API mocked.
Examples are capped to keep the whole file well under a minute per database.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
import respx
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from sqlalchemy import select

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.app import create_app
from bookbot.store.models import MessageRow
from tests.api.service_testkit import (
    GRAPH,
    Clock,
    delivery,
    graph_ok,
    post_webhook,
    service_settings,
    text_message,
)

ADMIN_TOKEN = "fuzz-admin-token"
AUTHORIZATIONS: dict[str, dict[str, str]] = {
    "with the admin token": {"Authorization": f"Bearer {ADMIN_TOKEN}"},
    "without a token": {},
}
EXPECTED = {
    "GET /webhooks/whatsapp",
    "POST /webhooks/whatsapp",
    "GET /chat/api/config",
    "GET /chat/api/messages",
    "POST /chat/api/messages",
    "GET /admin/api/services",
    "PUT /admin/api/services/{service_id}",
}
FUZZ = settings(
    max_examples=8,
    deadline=None,
    database=None,
    derandomize=True,  # the same requests every run: a failure reproduces
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def fuzz_runtime(any_db_url: str) -> Iterator[Runtime]:
    settings = service_settings(any_db_url, admin_token=ADMIN_TOKEN)
    with open_runtime(settings) as runtime:
        yield runtime


@pytest.fixture
def fuzz_client(fuzz_runtime: Runtime) -> Iterator[TestClient]:
    """The started app (inline turns, chat page on) with every Graph send answered OK."""
    with respx.mock(base_url=GRAPH, assert_all_called=False) as graph:
        sent = itertools.count(1)
        graph.post(url__regex=r"/\d+/messages").mock(
            side_effect=lambda _request: graph_ok(f"wamid.out.{next(sent)}")
        )
        app = create_app(fuzz_runtime, clock=Clock(), process_inline=True, chat_page=True)
        with TestClient(app) as client:  # runs startup and shutdown around the whole run
            yield client


def server_errors(case: Any) -> list[str]:
    """Send `case` with and without the admin token; each 5xx, described to reproduce it.

    The test client re-raises what the app raised instead of answering 500, so an
    exception counts as a server error too.
    """
    found = []
    for name, headers in AUTHORIZATIONS.items():
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # the app's own 500
            outcome = f"500 ({type(exc).__name__}: {str(exc)[:300]})"
        else:
            if response.status_code < 500:
                continue
            outcome = f"{response.status_code} ({response.text[:300]})"
        found.append(f"{outcome} {name}: {case.as_curl_command(headers=headers)}")
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_the_server_fail(fuzz_client: TestClient, mode: GenerationMode) -> None:
    schema: Any = schemathesis.openapi.from_dict(fuzz_client.app.openapi())  # type: ignore[attr-defined]
    schema.app = fuzz_client.app
    operations = [result.ok() for result in schema.get_all_operations()]
    assert EXPECTED <= {operation.label for operation in operations}
    failures: list[str] = []
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not (
            list(operation.iter_parameters()) or operation.body
        ):
            continue  # nothing to get wrong in a request without inputs

        @given(case=operation.as_strategy(generation_mode=mode))
        @FUZZ
        def no_server_error(case: Any) -> None:
            failures.extend(server_errors(case))

        no_server_error()
    assert failures == [], "\n".join(dict.fromkeys(failures))


# --- signed webhook deliveries with anything in them ---

any_text = st.sampled_from(["\x00", "nul \x00", "\ud800", "lone \udfff", "w" * 300]) | st.text(
    st.characters(exclude_categories=()), max_size=40
)  # NUL, lone surrogates, longer than any column
leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()
    | any_text
)
any_json = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=12,
)
a_message = st.fixed_dictionaries(
    {
        "from": st.sampled_from(["41790000002", "+41 79 000 00 03"]) | any_json,
        "id": any_text | any_json,
        "timestamp": st.sampled_from(["1772438400", "1e20", str(10**20)]) | any_json,
        "type": st.sampled_from(["text", "reaction", "interactive", "button", "image"]) | any_text,
    },
    optional={
        "text": st.fixed_dictionaries({"body": any_text}) | any_json,
        "reaction": st.fixed_dictionaries({"message_id": any_text, "emoji": any_text}) | any_json,
        "interactive": any_json,
        "button": any_json,
        "context": any_json,
    },
)


def test_a_signed_delivery_is_never_a_server_error(
    fuzz_client: TestClient, fuzz_runtime: Runtime
) -> None:
    seen = iter(range(1_000_000))
    marker = "__PART__"

    # hypothesis raises the recursion limit while it runs: only far deeper JSON would hit it
    @given(part=a_message | any_json, name=any_text, depth=st.sampled_from([0, 0, 40, 100_000]))
    @settings(FUZZ, max_examples=15)
    def acknowledged(part: Any, name: str, depth: int) -> None:
        good = f"wamid.good.{next(seen)}"
        payload = delivery(messages=[text_message(good, "hello")], name=name)
        payload["entry"][0]["changes"][0]["value"]["messages"].append(marker)
        nested = "[" * depth + json.dumps(part) + "]" * depth
        raw = json.dumps(payload).replace(json.dumps(marker), nested).encode()
        response = post_webhook(fuzz_client, raw)
        assert response.status_code == 200, response.text
        with fuzz_runtime.session_factory() as session:
            stored = session.scalar(select(MessageRow.text).where(MessageRow.wa_message_id == good))
        assert stored == "hello"

    acknowledged()
