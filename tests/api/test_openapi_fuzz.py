"""Property-based API test: schemathesis generates requests from `app.openapi()`,
valid and invalid, for every operation; none may end in a server error.

The app runs with inline turns on a fresh SQLite database, WhatsApp configured
(so the webhook routes check signatures rather than being disabled) and an admin
token that every request carries (so the admin API is exercised, not refused).
Examples per operation are capped to keep the run well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import respx
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from bookbot.agent.runtime import open_runtime
from bookbot.api.app import create_app

if TYPE_CHECKING:
    from tests.api.service_testkit import GRAPH, Clock, service_settings
else:
    from service_testkit import GRAPH, Clock, service_settings


@pytest.fixture
def api_schema(tmp_path: Path) -> Iterator[Any]:
    with (
        respx.mock(base_url=GRAPH, assert_all_called=False),
        open_runtime(
            service_settings(f"sqlite:///{tmp_path / 'fuzz.db'}").model_copy(
                update={"admin_token": ADMIN_TOKEN}
            )
        ) as runtime,
    ):
        app = create_app(runtime, clock=Clock(), process_inline=True, chat_page=True)
        with TestClient(app):  # runs startup and shutdown around the whole run
            schema = schemathesis.openapi.from_dict(app.openapi())
            schema.app = app
            yield schema


ADMIN_TOKEN = "fuzz-admin-token"
EXPECTED = {
    "GET /webhooks/whatsapp",
    "POST /webhooks/whatsapp",
    "GET /chat/api/config",
    "GET /chat/api/messages",
    "POST /chat/api/messages",
    "GET /admin/api/services",
    "PUT /admin/api/services/{service_id}",
}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_the_server_fail(api_schema: Any, mode: GenerationMode) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert EXPECTED <= {operation.label for operation in operations}
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not (
            list(operation.iter_parameters()) or operation.body
        ):
            continue  # nothing to get wrong in a request without inputs

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def no_server_error(case: Any) -> None:
            case.call_and_validate(
                checks=[not_a_server_error], headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
            )

        no_server_error()
