"""Sending what the outbox holds: `build_transport` and `deliver_due`.

Every message bookbot sends (a reply to a WhatsApp customer, a reminder, an
outreach) is an outbox row first (`bookbot.store.outbox`; its body format is in
`bookbot.service.outbound`). `deliver_due` takes the rows that are due, sends each
through a `Transport` and records the outcome:

- sent: the outbox row is `sent` with the provider's message id, and the stored
  outbound message (`MessageRow`) carries that id, so Meta's status webhooks
  (delivered, read, failed) land on it. A row without a stored message (a
  reminder, an outreach) gets one in the customer's conversation;
- a retryable failure (HTTP 429/5xx, timeouts): the row stays `pending` and is
  tried again later with backoff (`outbox.mark_failed`), up to `outbox.MAX_ATTEMPTS`;
- a permanent failure: the row is `failed` with `last_error` (and a reply's
  stored message `failed`), for admins to see. Nothing is dropped silently.

Stale rows: a row whose body carries `"stale_after"` (a reminder: its session's
start) and is still unsent then is `failed` with "not sent: stale since ...",
never sent late; a reminder whose booking (`"booking_id"`) was cancelled or moved
meanwhile is `failed` with "not sent: the session was cancelled or moved". A text
saying 'today' or 'tomorrow' (`"written_for"`) goes out with its next-day wording
when the send waited overnight, and not at all later than that.

Quiet hours: a row whose body carries a `"quiet_hours"` rule (every proactive
message; see `core.quiet_hours.QuietHours`) never goes out inside them. A retry
that would fall in them waits for their end, and a row found due in them (a
lease that ran out at night, a late pass) is moved to their end unsent
(`deferred`). Replies carry no rule: a customer who writes at night is answered.

Two senders may run at once (the service and `bookbot worker`): each row is
leased by a compare-and-set on `send_after` before it is sent, so only one of
them sends it, on SQLite and PostgreSQL alike; a sender that dies holding a
lease leaves the row due again when the lease runs out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bookbot.api.whatsapp import (
    GraphClient,
    GraphPermanentError,
    GraphRetryableError,
    MessageValidationError,
    within_service_window,
)
from bookbot.core.quiet_hours import QuietHours
from bookbot.service.outbound import OutboundMessage, Template
from bookbot.service.transports import GraphTransport, LocalTransport
from bookbot.settings import Settings
from bookbot.store import outbox
from bookbot.store.db import write_session
from bookbot.store.outbox import OutboxItem
from bookbot.store.queries import is_booked_at
from bookbot.store.sent_messages import mark_message_failed, outbox_conversation, record_sent

__all__ = [
    "DeliveryReport",
    "GraphTransport",
    "LocalTransport",
    "Transport",
    "build_transport",
    "deliver_due",
]

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
"""How long a claimed row is reserved for the sender that claimed it."""

Outcome = Literal["sent", "retrying", "failed"]


class Transport(Protocol):
    def send(self, item: OutboxItem, *, within_window: bool) -> str | None:
        """Send `item`; the provider's message id.

        Raises GraphRetryableError (try later) or GraphPermanentError (never works).
        """
        ...


def build_transport(settings: Settings, http_client: httpx.Client | None = None) -> Transport:
    """Graph when the WhatsApp token and phone number id are set; else a `LocalTransport`.

    Without `http_client`, Graph gets its own client with a 15-second timeout.
    """
    if not (settings.whatsapp_token and settings.whatsapp_phone_number_id):
        return LocalTransport()
    http = http_client or httpx.Client(timeout=15.0)
    fallback = Template(settings.whatsapp_template, settings.whatsapp_template_language)
    return GraphTransport(GraphClient.from_settings(settings, http), default_template=fallback)


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one `deliver_due` pass did; `errors` holds `(outbox id, error)` pairs.
    `deferred` rows were due in their quiet hours: not attempted, moved to the end."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: tuple[tuple[int, str], ...] = ()
    deferred: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed


def deliver_due(
    session_factory: sessionmaker[Session],
    transport: Transport,
    *,
    now: datetime,
    limit: int = 50,
) -> DeliveryReport:
    """Send up to `limit` due outbox rows through `transport` and record each outcome."""
    channel: str | None = getattr(transport, "channel", "whatsapp")
    counts: dict[Outcome, int] = {"sent": 0, "retrying": 0, "failed": 0}
    errors: list[tuple[int, str]] = []
    leases, deferred = _lease_due(session_factory, now=now, limit=limit, channel=channel)
    for lease in leases:
        error: str | None
        if lease.problem is not None:  # no one to send to, or stale: failed for good, visibly
            outcome, error = _record_failure(
                session_factory, lease.item, now, lease.problem, retryable=False
            )
        else:
            outcome, error = _deliver_one(
                session_factory, transport, lease.item, lease.within_window, now, channel
            )
        counts[outcome] += 1
        if error is not None:
            errors.append((lease.item.id, error))
    return DeliveryReport(
        counts["sent"], counts["retrying"], counts["failed"], tuple(errors), deferred
    )


@dataclass(frozen=True, slots=True)
class _Lease:
    item: OutboxItem
    within_window: bool = False
    problem: str | None = None


def quiet_hours_of(item: OutboxItem) -> QuietHours | None:
    """The quiet hours the row may not go out in (None: any time, e.g. a reply)."""
    return QuietHours.from_json(item.body.get("quiet_hours"))


def _as_of(session: Session, item: OutboxItem, now: datetime) -> OutboxItem | str:
    """The row as it should go out at `now` (with its next-day wording when it waited
    overnight), or why it must not go out any more."""
    stale = stale_after_of(item)
    if stale is not None and now >= stale:
        return f"not sent: stale since {stale.isoformat()}"
    booking_id = item.body.get("booking_id")
    if isinstance(booking_id, int) and stale is not None:
        if not is_booked_at(session, booking_id=booking_id, start=stale):
            return "not sent: the session was cancelled or moved"
    return for_the_day(item, now)


def for_the_day(item: OutboxItem, now: datetime) -> OutboxItem | str:
    """`item` with the wording for the local day of `now`: as written, or its
    `next_day` text the day after; a problem when it would be read later still."""
    written = item.body.get("written_for")
    if not isinstance(written, dict):
        return item
    try:
        day = date.fromisoformat(str(written["day"]))
        today = now.astimezone(ZoneInfo(str(written["timezone"]))).date()
        later = written["next_day"]
        text, params = str(later["text"]), [str(p) for p in later["params"]]
    except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
        return item  # a body written by hand: send it as it is
    if today <= day:
        return item
    if today > day + timedelta(days=1):
        return f"not sent: written for {day.isoformat()}"
    body = {**item.body, "text": text}
    if isinstance(body.get("template"), dict):
        body["template"] = {**body["template"], "params": params}
    return replace(item, body=body)


def stale_after_of(item: OutboxItem) -> datetime | None:
    """When the row stops being worth sending (a reminder once its session started)."""
    value = item.body.get("stale_after")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _lease_due(
    session_factory: sessionmaker[Session], *, now: datetime, limit: int, channel: str | None
) -> tuple[list[_Lease], int]:
    """Claim the due rows and lease them to this sender, each with its window state;
    a row due in its quiet hours is moved to their end instead (the count of those)."""
    leased: list[_Lease] = []
    deferred = 0
    with write_session(session_factory) as session:
        for item in outbox.claim_due(session, now=now, limit=limit):
            quiet = quiet_hours_of(item)
            if quiet is not None and quiet.contains(now):
                morning = quiet.after(now)
                if outbox.move_due(session, item_id=item.id, expected=item.send_after, to=morning):
                    deferred += 1
                continue
            lease = outbox.move_due(
                session, item_id=item.id, expected=item.send_after, to=now + LEASE
            )
            if not lease:
                continue  # another sender leased it first
            current = _as_of(session, item, now)
            if isinstance(current, str):
                leased.append(_Lease(item, problem=current))
                continue
            item = current
            try:
                conversation = outbox_conversation(session, item=item, channel=channel)
            except ValueError as exc:  # a phone number nobody can have
                leased.append(_Lease(item, problem=f"recipient: {exc}"))
                continue
            window = within_service_window(conversation.last_inbound_at, now)
            leased.append(_Lease(item, within_window=window))
    return leased, deferred


def _deliver_one(
    session_factory: sessionmaker[Session],
    transport: Transport,
    item: OutboxItem,
    within_window: bool,
    now: datetime,
    channel: str | None,
) -> tuple[Outcome, str | None]:
    try:
        provider_id = transport.send(item, within_window=within_window)
    except (GraphPermanentError, MessageValidationError) as exc:
        return _record_failure(session_factory, item, now, str(exc), retryable=False)
    except GraphRetryableError as exc:
        return _record_failure(session_factory, item, now, str(exc), retryable=True)
    except Exception as exc:  # a bug must not stop the other rows: retried, then visible
        log.exception("outbox %s: unexpected error while sending", item.id)
        return _record_failure(session_factory, item, now, repr(exc), retryable=True)
    with write_session(session_factory) as session:
        outbox.mark_sent(session, item_id=item.id, now=now, provider_message_id=provider_id)
        buttons = OutboundMessage.from_body(item.body).buttons
        record_sent(
            session, item=item, buttons=buttons, provider_id=provider_id, now=now, channel=channel
        )
    return "sent", None


def _record_failure(
    session_factory: sessionmaker[Session],
    item: OutboxItem,
    now: datetime,
    error: str,
    *,
    retryable: bool,
) -> tuple[Outcome, str]:
    quiet = quiet_hours_of(item)
    with write_session(session_factory) as session:
        after = outbox.mark_failed(
            session,
            item_id=item.id,
            now=now,
            error=error,
            retryable=retryable,
            defer=None if quiet is None else quiet.after,
        )
        if after.status == "failed":
            mark_message_failed(session, item=item, error=after.last_error or error)
    if after.status == "failed":
        log.error("outbox %s to %s failed for good: %s", item.id, item.phone, error)
        return "failed", error
    log.warning("outbox %s: attempt %s failed: %s", item.id, after.attempts, error)
    return "retrying", error
