"""WhatsApp Business Cloud API building blocks, free of the database and the agent.

- `signature`: verify Meta's `X-Hub-Signature-256` on webhook POSTs.
- `payload`: parse webhook deliveries into `InboundMessage` / `StatusUpdate`
  events (`wire` holds Meta's JSON shapes); the GET `verify_handshake`.
- `messages` and `graph`: build text, reply-button and template messages, and send
  them (`GraphClient.send`), mapping failures to retryable or permanent errors.
- `window`: the 24-hour customer service window.
- `errors`: this package's branch of the exception tree.

May import: pydantic, httpx, `bookbot.core.errors`, `bookbot.settings`. Nothing here
touches the store or the agent; the FastAPI routes and the outbox build on it.
"""

from .errors import (
    GraphError,
    GraphPermanentError,
    GraphRetryableError,
    MessageValidationError,
    WebhookPayloadError,
    WhatsAppError,
)
from .graph import DEFAULT_GRAPH_API_URL, GraphClient, is_retryable
from .payload import (
    DeliveryError,
    Event,
    InboundMessage,
    MessageKind,
    StatusUpdate,
    WebhookBatch,
    parse_webhook,
    verify_handshake,
)
from .phone import to_e164, to_wa_id
from .signature import SIGNATURE_HEADER, sign, verify_signature, well_formed
from .window import SERVICE_WINDOW, service_window_closes_at, within_service_window

__all__ = [
    "DEFAULT_GRAPH_API_URL",
    "SERVICE_WINDOW",
    "SIGNATURE_HEADER",
    "DeliveryError",
    "Event",
    "GraphClient",
    "GraphError",
    "GraphPermanentError",
    "GraphRetryableError",
    "InboundMessage",
    "MessageKind",
    "MessageValidationError",
    "StatusUpdate",
    "WebhookBatch",
    "WebhookPayloadError",
    "WhatsAppError",
    "is_retryable",
    "parse_webhook",
    "service_window_closes_at",
    "sign",
    "to_e164",
    "to_wa_id",
    "verify_handshake",
    "verify_signature",
    "well_formed",
    "within_service_window",
]
