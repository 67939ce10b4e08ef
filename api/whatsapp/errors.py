"""The WhatsApp errors, a branch of bookbot's one exception tree (`bookbot.core.errors`).

    BookbotError
    └── WhatsAppError                 anything this package raises on purpose
        ├── WebhookPayloadError       a webhook body we cannot read (also a ValueError)
        ├── MessageValidationError    a message we refuse to send (also a ValueError)
        └── GraphError                a Graph API call that did not return a message id
            ├── GraphRetryableError   429, 5xx, throttling codes, timeouts, network errors
            └── GraphPermanentError   any other error: retrying would fail the same way

Retries are the caller's business (the outbox uses tenacity); `is_retryable` in
`graph.py` tells the two kinds apart.
"""

from __future__ import annotations

from bookbot.core.errors import BookbotError

# Graph error codes that mean "not now" rather than "never": throttling and
# temporary outages that Meta may report with a 4xx status.
RETRYABLE_GRAPH_CODES: frozenset[int] = frozenset(
    {1, 2, 4, 17, 341, 80007, 130429, 131016, 131056, 133004}
)
# The customer's last message is older than 24 hours: only a template may go out.
OUTSIDE_WINDOW_CODES: frozenset[int] = frozenset({470, 131047})


class WhatsAppError(BookbotError):
    """Base of every error raised by `bookbot.api.whatsapp`."""


class WebhookPayloadError(WhatsAppError, ValueError):
    """A webhook body is not what Meta documents; the message names the path and the fault."""


class MessageValidationError(WhatsAppError, ValueError):
    """An outbound message breaks a WhatsApp limit (too many buttons, a body too long, ...)."""


class GraphError(WhatsAppError):
    """A call to the Graph API failed. Carries what Graph said, when it said anything."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: int | None = None,
        subcode: int | None = None,
        graph_message: str | None = None,
        details: str | None = None,
        fbtrace_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.subcode = subcode
        self.graph_message = graph_message
        self.details = details
        self.fbtrace_id = fbtrace_id
        self.retry_after = retry_after  # seconds, from a Retry-After header

    @property
    def outside_service_window(self) -> bool:
        """True when Graph refused a free-form message because the 24-hour window is closed."""
        return self.code in OUTSIDE_WINDOW_CODES


class GraphRetryableError(GraphError):
    """Worth trying again later: rate limits, server errors, timeouts, network faults."""


class GraphPermanentError(GraphError):
    """Graph rejected the request; sending it again unchanged fails the same way."""
