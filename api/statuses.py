"""Meta's status webhooks (sent, delivered, read, failed) on the messages bookbot sent.

A status names the message by the id Graph returned (`wamid.…`), which
`deliver_due` stored on the outbound message. Statuses may arrive twice or out
of order (a `read` before its `delivered`): the message's status only moves
forward (sent < delivered < read), every status seen is kept with its time in
the message's payload, and `failed` always wins: the message and its outbox row
become `failed` with Meta's error, so a message that never reached the customer
is visible to admins. A status for a message bookbot does not know is ignored.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.api.whatsapp import DeliveryError, StatusUpdate
from bookbot.store.models import MessageRow, OutboxRow

log = logging.getLogger(__name__)

RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3}


def apply_status(session: Session, update: StatusUpdate) -> bool:
    """Record `update` on the stored outbound message; False when no message has its id."""
    row = session.scalar(select(MessageRow).where(MessageRow.wa_message_id == update.message_id))
    if row is None or row.direction != "outbound":
        log.info("status %s for unknown message %s ignored", update.status, update.message_id)
        return False
    payload = dict(row.payload or {})
    seen = dict(payload.get("statuses") or {})
    seen.setdefault(update.status, update.timestamp.isoformat())
    payload["statuses"] = seen
    if update.status == "failed":
        error = describe(update.errors)
        payload["error"] = error
        row.status = "failed"
        _fail_outbox(session, update.message_id, error)
        log.error("message %s to %s failed: %s", update.message_id, update.recipient, error)
    elif row.status != "failed" and RANK.get(update.status, -1) > RANK.get(row.status or "", -1):
        row.status = update.status
    row.payload = payload
    session.flush()
    return True


def describe(errors: tuple[DeliveryError, ...]) -> str:
    if not errors:
        return "delivery failed (Meta gave no reason)"
    parts = []
    for e in errors:
        text = f"{e.code} {e.title or e.message or ''}".strip()
        parts.append(f"{text}: {e.details}" if e.details else text)
    return "delivery failed: " + "; ".join(parts)


def _fail_outbox(session: Session, provider_id: str, error: str) -> None:
    row = session.scalar(select(OutboxRow).where(OutboxRow.provider_message_id == provider_id))
    if row is not None:
        row.status = "failed"
        row.last_error = error[:2000]
