"""What a case's customer receives: the outbox sent through the real delivery.

Replies and proactive messages go out as in production: `Conversations.answer`
queues a reply, `bookbot.service.proactive.enqueue_due` queues what is due,
and `bookbot.service.delivery.deliver_due` sends what is due at the case clock
through a `RecordingTransport`, so a run sees what WhatsApp would get: the reply
buttons, the quiet hours (a proactive message due at night waits for a later
worker step), stale reminders dropped, the next-day wording, and the sent
message stored in the conversation for the bot to read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.service.delivery import deliver_due
from bookbot.service.proactive import enqueue_due
from bookbot.service.transports import RecordingTransport, Sent


@dataclass
class Outbox:
    """The outbox of one case run and everything it sent so far."""

    factory: sessionmaker[Session]
    business: Business
    transport: RecordingTransport = field(default_factory=RecordingTransport)

    def deliver(self, now: datetime) -> list[Sent]:
        """Send every row due at `now`; what went out, in order."""
        before = len(self.transport.sent)
        while deliver_due(self.factory, self.transport, now=now).attempted:
            pass
        return self.transport.sent[before:]

    def worker(self, now: datetime) -> list[Sent]:
        """One worker pass at `now`: enqueue what is due, then send what is due."""
        enqueue_due(self.factory, self.business, now=now)
        return self.deliver(now)
