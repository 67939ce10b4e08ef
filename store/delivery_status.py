"""What became of the messages bookbot sent: the statuses WhatsApp reports back.

A status names the outbound message by the provider's id (`wamid.…`) stored on
it when it was sent. Statuses may arrive twice or out of order (a `read` before
its `delivered`): the message's status only moves forward along `RANK`, every
status seen is kept with its time in the message's payload (`statuses`), and
`failed` always wins: the message and the outbox row that sent it become
`failed`, with the error, so a message that never reached the customer is
visible to admins.

Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.store.models import MessageRow
from bookbot.store.outbox import fail_sent

RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3}
"""The order statuses move in; a status not listed never replaces one."""
FAILED = "failed"


def apply_delivery_status(
    session: Session,
    *,
    wa_message_id: str,
    status: str,
    at: datetime,
    error: str | None = None,
) -> bool:
    """Record `status` (seen at `at`) on the outbound message sent as `wa_message_id`.

    `error` describes a `failed` status. False, and nothing changed, when no
    outbound message has this id.
    """
    row = session.scalar(select(MessageRow).where(MessageRow.wa_message_id == wa_message_id))
    if row is None or row.direction != "outbound":
        return False
    payload = dict(row.payload or {})
    seen = dict(payload.get("statuses") or {})
    seen.setdefault(status, at.isoformat())
    payload["statuses"] = seen
    if status == FAILED:
        payload["error"] = error
        row.status = FAILED
        fail_sent(session, provider_message_id=wa_message_id, error=error or "")
    elif row.status != FAILED and RANK.get(status, -1) > RANK.get(row.status or "", -1):
        row.status = status
    row.payload = payload
    session.flush()
    return True
