"""Which outbox messages are waiting: pending, and not to be tried before a moment.

The worker's summary names what waits for the end of the quiet hours; the rows
it reads are those `service.delivery` moved there (and retries falling there).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bookbot.store.columns import utc
from bookbot.store.models import OutboxRow


def kinds_waiting_until(session: Session, *, moment: datetime) -> Counter[str]:
    """Pending messages whose next try is at `moment` or later, counted by kind."""
    query = (
        select(OutboxRow.kind, func.count())
        .where(OutboxRow.status == "pending", OutboxRow.send_after >= utc(moment))
        .group_by(OutboxRow.kind)
    )
    return Counter({kind: count for kind, count in session.execute(query)})
