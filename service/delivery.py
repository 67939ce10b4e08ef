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

Handed-off threads: a proactive message other than a reminder to a customer whose
thread is with staff (`bookbot.service.handoff`) is not sent; it is looked at again
every `handoff.RECHECK` and goes out once the thread is back with the bot.

Several senders may run at once (each replica of the service, `bookbot worker`).
A sender leases ONE row at a time, right before sending it: a compare-and-set
moves its `send_after` to the end of a short lease (`LEASE`, 30 s; the service's
`BOOKBOT_OUTBOX_LEASE_SECONDS`), so of two senders only one gets it, on SQLite
and PostgreSQL alike. While a send is slow, a heartbeat renews the lease every
third of it (again by compare-and-set), so a send slower than the lease is never
taken over by another sender. A sender that dies holding a lease leaves the row
due again as soon as the lease runs out (seconds, not minutes).

Guarantee: every row is sent at least once and, short of a crash, exactly once.
The one duplicate possible is a sender killed after Graph accepted the message
and before `mark_sent` committed (Graph has no idempotency key): the row is sent
again once its lease runs out. This holds for every kind (replies, reminders,
outreach); a reminder never goes out after its session started (stale rule).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
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
from bookbot.service import handoff
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

LEASE = timedelta(seconds=30)
"""How long a leased row is reserved for its sender (renewed while the send runs)."""
MAX_SKIPS = 100
"""Rows one lease attempt may pass over (deferred to the morning, or taken by another)."""

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
    lease: timedelta = LEASE,
    clock: Callable[[], datetime] | None = None,
) -> DeliveryReport:
    """Send up to `limit` due outbox rows through `transport`, one lease at a time,
    and record each outcome (at `now`).

    `clock` tells the time while the pass runs (leases, renewals); without it,
    `now` plus the time elapsed since the call.
    """
    started = time.monotonic()

    def current() -> datetime:
        if clock is not None:
            return clock()
        return now + timedelta(seconds=time.monotonic() - started)

    channel: str | None = getattr(transport, "channel", "whatsapp")
    counts: dict[Outcome, int] = {"sent": 0, "retrying": 0, "failed": 0}
    errors: list[tuple[int, str]] = []
    deferred = 0
    for _ in range(limit):
        leased, moved = _lease_next(session_factory, at=current(), lease=lease, channel=channel)
        deferred += moved
        if leased is None:
            break
        error: str | None
        if leased.problem is not None:  # no one to send to, or stale: failed for good, visibly
            outcome, error = _record_failure(
                session_factory, leased.item, now, leased.problem, retryable=False
            )
        else:
            renewing = _renewing(session_factory, leased, lease, current)
            outcome, error = _deliver_one(
                session_factory, transport, leased, renewing, now, channel
            )
        counts[outcome] += 1
        if error is not None:
            errors.append((leased.item.id, error))
    return DeliveryReport(
        counts["sent"], counts["retrying"], counts["failed"], tuple(errors), deferred
    )


@dataclass(frozen=True, slots=True)
class _Lease:
    item: OutboxItem
    until: datetime
    within_window: bool = False
    problem: str | None = None
    waits: bool = False
    """Its thread is with staff and it is no reminder: it waits (service.handoff)."""


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


def _lease_next(
    session_factory: sessionmaker[Session], *, at: datetime, lease: timedelta, channel: str | None
) -> tuple[_Lease | None, int]:
    """Lease the oldest due row to this sender until `at + lease`, with its window
    state; None when nothing is due. Rows due in their quiet hours met on the way
    are moved to the end of them instead (the count of those)."""
    deferred = 0
    with write_session(session_factory) as session:
        for _ in range(MAX_SKIPS):
            due = outbox.claim_due(session, now=at, limit=1)
            if not due:
                return None, deferred
            item = due[0]
            quiet = quiet_hours_of(item)
            if quiet is not None and quiet.contains(at):
                morning = quiet.after(at)
                if outbox.move_due(session, item_id=item.id, expected=item.send_after, to=morning):
                    deferred += 1
                continue
            until = at + lease
            if outbox.move_due(session, item_id=item.id, expected=item.send_after, to=until):
                leased = _leased(session, item, at, until, channel)
                if not leased.waits:
                    return leased, deferred
                later = at + handoff.RECHECK
                if outbox.move_due(session, item_id=item.id, expected=until, to=later):
                    deferred += 1
    return None, deferred


def _leased(
    session: Session, item: OutboxItem, at: datetime, until: datetime, channel: str | None
) -> _Lease:
    """The leased row as it goes out at `at`, or the problem that keeps it in."""
    current = _as_of(session, item, at)
    if isinstance(current, str):
        return _Lease(item, until, problem=current)
    try:
        conversation = outbox_conversation(session, item=current, channel=channel)
    except ValueError as exc:  # a phone number nobody can have
        return _Lease(current, until, problem=f"recipient: {exc}")
    window = within_service_window(conversation.last_inbound_at, at)
    waits = handoff.waits_for_staff(current.kind, conversation.handoff_status)
    return _Lease(current, until, within_window=window, waits=waits)


@contextmanager
def _renewing(
    session_factory: sessionmaker[Session],
    leased: _Lease,
    lease: timedelta,
    current: Callable[[], datetime],
) -> Iterator[None]:
    """Renew the row's lease every third of it while the block (the send) runs."""
    stop = threading.Event()

    def heartbeat() -> None:
        until = leased.until
        while not stop.wait(lease.total_seconds() / 3):
            renewed = current() + lease
            try:
                with write_session(session_factory) as session:
                    kept = outbox.move_due(
                        session, item_id=leased.item.id, expected=until, to=renewed
                    )
            except Exception:  # the database is down: the send goes on, the lease may run out
                log.exception("outbox %s: renewing the lease failed", leased.item.id)
                continue
            if not kept:
                log.warning("outbox %s: the lease was lost during a slow send", leased.item.id)
                return
            until = renewed

    thread = threading.Thread(target=heartbeat, name=f"bookbot-lease-{leased.item.id}")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _deliver_one(
    session_factory: sessionmaker[Session],
    transport: Transport,
    leased: _Lease,
    renewing: AbstractContextManager[None],
    now: datetime,
    channel: str | None,
) -> tuple[Outcome, str | None]:
    """Send the leased row (its lease renewed meanwhile) and record the outcome."""
    item = leased.item
    try:
        with renewing:
            provider_id = transport.send(item, within_window=leased.within_window)
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
