"""The two ways an outbox row leaves bookbot: the Graph API, or nowhere (local).

`GraphTransport` posts to `{graph_api_url}/{phone_number_id}/messages` through
`GraphClient`. A retryable failure (429, 5xx, a timeout) is retried a few times
right away with tenacity (honouring Retry-After, capped); if it still fails, the
error goes up and the outbox retries later with its own, longer backoff. When
Graph says the 24-hour window is closed although bookbot thought it open, the
message is sent once more as the template.

`LocalTransport` is what `bookbot serve` uses without WhatsApp settings: the
message "arrives" in bookbot's own conversation store, where the chat page shows
it (`deliver_due` records it).

`RecordingTransport` sends nothing and keeps each message with the Graph API
body WhatsApp would get (the eval runner's sender; tests).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from bookbot.api.whatsapp import GraphClient, GraphError, GraphPermanentError, is_retryable
from bookbot.service.outbound import OutboundMessage, Template, graph_payload, template_payload
from bookbot.store.outbox import OutboxItem

QUICK_ATTEMPTS = 3
MAX_QUICK_WAIT = 8.0
"""Seconds; a longer Retry-After is left to the outbox's backoff."""


class GraphTransport:
    channel = "whatsapp"

    def __init__(
        self,
        client: GraphClient,
        *,
        default_template: Template | None = None,
        attempts: int = QUICK_ATTEMPTS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.default_template = default_template
        self.attempts = attempts
        self.sleep = sleep

    def send(self, item: OutboxItem, *, within_window: bool) -> str | None:
        message = OutboundMessage.from_body(item.body)
        payload = graph_payload(
            message, item.phone, within_window=within_window, default_template=self.default_template
        )
        try:
            return self._post(payload)
        except GraphPermanentError as exc:
            if not exc.outside_service_window or payload["type"] == "template":
                raise
            return self._post(template_payload(message, item.phone, self.default_template))

    def _post(self, payload: dict[str, Any]) -> str:
        """POST, tried up to `attempts` times while the failure is retryable. The first
        try runs without tenacity's machinery (building a `Retrying` costs about as much
        CPU as the rest of a send's bookkeeping); the retries, rare, use it."""
        try:
            return self.client.send(payload)
        except Exception as exc:
            if self.attempts <= 1 or not is_retryable(exc):
                raise
            self.sleep(_pause(1, exc))
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts - 1),
            wait=_wait_after_first,
            retry=retry_if_exception(is_retryable),
            sleep=self.sleep,
            reraise=True,
        )
        return retrying(self.client.send, payload)


def _wait_after_first(state: RetryCallState) -> float:
    """`_pause` of the try that failed (the first, outside tenacity, is not counted)."""
    exc = state.outcome.exception() if state.outcome else None
    return _pause(state.attempt_number + 1, exc)


def _pause(attempt: int, exc: BaseException | None) -> float:
    """After the `attempt`-th try failed: 0.5 s, 1 s, 2 s, ... or Graph's Retry-After
    when it is longer; at most MAX_QUICK_WAIT."""
    seconds = 0.5 * 2 ** (attempt - 1)
    if isinstance(exc, GraphError) and exc.retry_after is not None:
        seconds = max(seconds, exc.retry_after)
    return float(min(seconds, MAX_QUICK_WAIT))


class LocalTransport:
    """Without WhatsApp settings: nothing leaves; `deliver_due` records the message in
    the customer's most recent conversation (the chat page's, for a chat customer)."""

    channel: str | None = None

    def send(self, item: OutboxItem, *, within_window: bool) -> str | None:
        OutboundMessage.from_body(item.body)  # a body nobody could send fails here too
        return f"local.{uuid.uuid4().hex}"


@dataclass(frozen=True, slots=True)
class Sent:
    """One message a `RecordingTransport` was asked to send, as WhatsApp would get it."""

    item: OutboxItem
    message: OutboundMessage
    within_window: bool
    payload: dict[str, Any]
    """The Graph API `/messages` body (interactive buttons, text or template)."""

    @property
    def button_titles(self) -> tuple[str, ...]:
        """The titles of the reply buttons or list rows the customer can tap, when the
        message goes out as an interactive one."""
        if self.payload.get("type") != "interactive":
            return ()
        action = self.payload["interactive"]["action"]
        if "buttons" in action:
            return tuple(str(b["reply"]["title"]) for b in action["buttons"])
        rows = [row for section in action["sections"] for row in section["rows"]]
        return tuple(str(row["title"]) for row in rows)


class RecordingTransport:
    """Sends nothing: keeps each message and its Graph API body in `sent`."""

    channel = "whatsapp"

    def __init__(self, *, default_template: Template | None = None) -> None:
        self.default_template = default_template
        self.sent: list[Sent] = []

    def send(self, item: OutboxItem, *, within_window: bool) -> str | None:
        message = OutboundMessage.from_body(item.body)
        payload = graph_payload(
            message, item.phone, within_window=within_window, default_template=self.default_template
        )
        self.sent.append(Sent(item, message, within_window, payload))
        return f"recorded.{uuid.uuid4().hex}"
