"""Meta's status webhooks (sent, delivered, read, failed) on the messages bookbot sent.

A status names the message by the id Graph returned (`wamid.…`), which
`deliver_due` stored on the outbound message. Statuses may arrive twice or out
of order (a `read` before its `delivered`): the message's status only moves
forward (sent < delivered < read), every status seen is kept with its time in
the message's payload, and `failed` always wins: the message and its outbox row
become `failed` with Meta's error, so a message that never reached the customer
is visible to admins. A status for a message bookbot does not know is ignored.

The rules live in `bookbot.store.delivery_status`; this module turns Meta's
`StatusUpdate` into a call to it, describes Meta's errors and logs.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bookbot.api.whatsapp import DeliveryError, StatusUpdate
from bookbot.store.delivery_status import apply_delivery_status

log = logging.getLogger(__name__)


def apply_status(session: Session, update: StatusUpdate) -> bool:
    """Record `update` on the stored outbound message; False when no message has its id."""
    failed = update.status == "failed"
    error = describe(update.errors) if failed else None
    known = apply_delivery_status(
        session,
        wa_message_id=update.message_id,
        status=update.status,
        at=update.timestamp,
        error=error,
    )
    if not known:
        log.info("status %s for unknown message %s ignored", update.status, update.message_id)
    elif failed:
        log.error("message %s to %s failed: %s", update.message_id, update.recipient, error)
    return known


def describe(errors: tuple[DeliveryError, ...]) -> str:
    if not errors:
        return "delivery failed (Meta gave no reason)"
    parts = []
    for e in errors:
        text = f"{e.code} {e.title or e.message or ''}".strip()
        parts.append(f"{text}: {e.details}" if e.details else text)
    return "delivery failed: " + "; ".join(parts)
