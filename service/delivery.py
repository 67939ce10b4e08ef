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
A sender leases a BATCH of due rows (up to `BATCH`) in one statement right before
sending them: their `send_after` moves to the end of a short lease (`LEASE`, 30 s;
the service's `BOOKBOT_OUTBOX_LEASE_SECONDS`), with `FOR UPDATE SKIP LOCKED` on
PostgreSQL and SQLite's single writer, so of two senders only one gets a row. What
sending needs (the conversation's 24-hour window and handoff, the stored message, the
bookings behind reminders) is read for the whole batch in one or two more queries
of that transaction. While a send is slow, a `LeaseKeeper` renews the leases of every
row still being sent every third of the lease (one compare-and-set statement for all
of them), so a send slower than the lease is never taken over by another sender. The
outcomes are recorded together, each by compare-and-set on the lease its row holds
(`outbox.finish_leased`), with the stored messages in one or two more statements. A
sender that dies holding a batch leaves its rows due again as soon as the lease runs
out (seconds, not minutes). One row failing (Graph refuses it, a bug in its body)
is recorded as its own outcome and neither holds up nor re-sends the others.

Guarantee: every row is sent at least once and, short of a crash, exactly once.
The one duplicate possible is a sender killed after Graph accepted a message and
before its outcome committed (Graph has no idempotency key): the row is sent
again once its lease runs out (`deliver_due` and `Senders`' send threads both
record each send as soon as Graph answered, so that is a row being sent at the
kill, whose outcome's one statement had not committed yet). This holds
for every kind (replies, reminders, outreach); a reminder never goes out after
its session started (stale rule).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from bookbot.store.columns import utc
from bookbot.store.db import write_session
from bookbot.store.dispatch import StoredUpdate
from bookbot.store.outbox import OutboxItem
from bookbot.store.sent_messages import (
    SendContext,
    SentMessage,
    confirmed_starts,
    mark_messages_failed_many,
    record_sent_many,
    send_contexts,
    stored_message_id,
)

__all__ = [
    "BATCH",
    "DeliveryReport",
    "LeaseKeeper",
    "GraphTransport",
    "LocalTransport",
    "Transport",
    "build_transport",
    "deliver_due",
]

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=30)
"""How long a leased row is reserved for its sender (renewed while the send runs)."""
BATCH = 16
"""Rows one lease statement takes at most (`deliver_due`; `Senders` lease no more than
they have free send slots)."""
MAX_SKIPS = 100
"""Batches a pass may lease that were all moved (deferred to the morning, or waiting
for a handed-off thread) before it stops looking."""

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

    def plus(
        self, outcomes: list[tuple[int, Outcome, str | None]], deferred: int
    ) -> DeliveryReport:
        """This report with more outcomes `(outbox id, outcome, error)` and deferrals."""
        counts = {"sent": self.sent, "retrying": self.retrying, "failed": self.failed}
        errors = list(self.errors)
        for item_id, outcome, error in outcomes:
            counts[outcome] += 1
            if error is not None:
                errors.append((item_id, error))
        return DeliveryReport(
            counts["sent"],
            counts["retrying"],
            counts["failed"],
            tuple(errors),
            self.deferred + deferred,
        )


def deliver_due(
    session_factory: sessionmaker[Session],
    transport: Transport,
    *,
    now: datetime,
    limit: int = 50,
    lease: timedelta = LEASE,
    clock: Callable[[], datetime] | None = None,
    batch: int = BATCH,
) -> DeliveryReport:
    """Send up to `limit` due outbox rows through `transport`, leased `batch` at a
    time and sent one after the other, each outcome recorded (at `now`) as soon as it
    is known.

    `clock` tells the time while the pass runs (leases, renewals); without it,
    `now` plus the time elapsed since the call.
    """
    started = time.monotonic()

    def current() -> datetime:
        if clock is not None:
            return clock()
        return now + timedelta(seconds=time.monotonic() - started)

    channel: str | None = getattr(transport, "channel", "whatsapp")
    report = DeliveryReport()
    with LeaseKeeper(session_factory, lease, current) as keeper:
        for _ in range(limit + MAX_SKIPS):
            size = min(batch, limit - report.attempted)
            if size <= 0:
                break
            with write_session(session_factory) as session:
                leased, deferred = lease_batch(
                    session, at=current(), lease=lease, channel=channel, size=size
                )
            report = report.plus([], deferred)
            if not leased:
                if deferred:
                    continue  # all of this batch waits: more may be due behind it
                break
            keeper.hold(leased)
            for one in leased:  # each recorded as soon as it is sent: a kill resends one
                tried = send_leased(transport, one)
                with keeper.holding_still():
                    try:
                        with write_session(session_factory) as session:
                            report = report.plus(record_tried(session, [tried], now), 0)
                    finally:  # recorded, or not (its lease runs out: tried again)
                        keeper.release([one])
    return report


@dataclass(slots=True)
class Leased:
    """A row leased to this sender, as it goes out now, or the problem that keeps it in."""

    item: OutboxItem
    until: datetime
    """The lease it holds (its `send_after`); the `LeaseKeeper` moves it on."""
    context: SendContext | None = None
    within_window: bool = False
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Tried:
    """What sending a leased row gave: the provider's id, or the error."""

    leased: Leased
    provider_id: str | None = None
    error: str | None = None
    retryable: bool = False


def quiet_hours_of(item: OutboxItem) -> QuietHours | None:
    """The quiet hours the row may not go out in (None: any time, e.g. a reply)."""
    return QuietHours.from_json(item.body.get("quiet_hours"))


def lease_batch(
    session: Session,
    *,
    at: datetime,
    lease: timedelta,
    channel: str | None,
    size: int,
) -> tuple[list[Leased], int]:
    """Lease up to `size` due rows to this sender until `at + lease`, each with what
    sending it needs; the count of those moved instead (due in their quiet hours: to
    their end; waiting for a handed-off thread: to the next look). The caller commits
    (in a `write_session`) before sending.

    Statements: the lease, the conversations of the batch, the bookings of its
    reminders (only when there are some), the moves (only when there are some)."""
    until = at + lease
    items = outbox.lease_due(session, now=at, until=until, limit=size)
    return prepare_leased(lambda: session, items, at=at, until=until, channel=channel)


def prepare_leased(
    session_of: Callable[[], Session],
    items: list[OutboxItem],
    *,
    at: datetime,
    until: datetime,
    channel: str | None,
    known: dict[int, SendContext] | None = None,
) -> tuple[list[Leased], int]:
    """What sending each row leased until `until` needs (see `lease_batch`), and the
    count of rows moved instead. `known`: the contexts read with the lease already
    (by outbox id); `session_of()` gives the session for what is still to read or
    move, and is not called when nothing is."""
    if not items:
        return [], 0
    known = known or {}
    moves: list[tuple[int, datetime, datetime]] = []
    awake: list[OutboxItem] = []
    for item in items:
        quiet = quiet_hours_of(item)
        if quiet is not None and quiet.contains(at):
            moves.append((item.id, until, quiet.after(at)))
        else:
            awake.append(item)
    booking_ids = [b for i in awake if (b := _booking(i))]
    booked = confirmed_starts(session_of(), booking_ids=booking_ids) if booking_ids else {}
    current = {item.id: _as_of(item, at, booked) for item in awake}
    sendable = [c for c in current.values() if not isinstance(c, str)]
    unknown = [c for c in sendable if c.id not in known]
    contexts: dict[int, SendContext | str] = dict(known)
    if unknown:
        contexts.update(send_contexts(session_of(), items=unknown, channel=channel))
    leased: list[Leased] = []
    for item in awake:
        as_of = current[item.id]
        if isinstance(as_of, str):  # stale: failed for good, visibly
            leased.append(Leased(item, until, problem=as_of))
            continue
        context = contexts[item.id]
        if isinstance(context, str):  # no one to send to
            leased.append(Leased(as_of, until, problem=context))
        elif handoff.waits_for_staff(as_of.kind, context.handoff_status):
            moves.append((item.id, until, at + handoff.RECHECK))
        else:
            window = within_service_window(context.last_inbound_at, at)
            leased.append(Leased(as_of, until, context, window))
    deferred = len(outbox.move_leased(session_of(), moves)) if moves else 0
    return leased, deferred


def _booking(item: OutboxItem) -> int | None:
    """The booking a reminder is about (its stale rule checks it is still on)."""
    booking_id = item.body.get("booking_id")
    if isinstance(booking_id, bool) or not isinstance(booking_id, int):
        return None
    return booking_id if stale_after_of(item) is not None else None


def _as_of(item: OutboxItem, now: datetime, booked: dict[int, datetime]) -> OutboxItem | str:
    """The row as it should go out at `now` (with its next-day wording when it waited
    overnight), or why it must not go out any more. `booked`: the start of each
    booking of the batch still confirmed."""
    stale = stale_after_of(item)
    if stale is not None and now >= stale:
        return f"not sent: stale since {stale.isoformat()}"
    booking_id = _booking(item)
    if booking_id is not None and stale is not None and booked.get(booking_id) != utc(stale):
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


def send_leased(transport: Transport, leased: Leased) -> Tried:
    """Send one leased row (a row with a problem is not sent: its problem is the error).

    Any Exception is caught: a bug in one row must not stop the others (it is retried,
    then visible). A BaseException (the process being killed) goes up."""
    if leased.problem is not None:
        return Tried(leased, error=leased.problem)
    try:
        provider_id = transport.send(leased.item, within_window=leased.within_window)
    except (GraphPermanentError, MessageValidationError) as exc:
        return Tried(leased, error=str(exc))
    except GraphRetryableError as exc:
        return Tried(leased, error=str(exc), retryable=True)
    except Exception as exc:
        log.exception("outbox %s: unexpected error while sending", leased.item.id)
        return Tried(leased, error=repr(exc), retryable=True)
    return Tried(leased, provider_id)


def record_tried(
    session: Session, tried: list[Tried], now: datetime
) -> list[tuple[int, Outcome, str | None]]:
    """Record the outcomes of `tried` (the caller commits); `(outbox id, outcome, error)`.

    Each row is finished only while it still holds the lease it was sent under
    (`outbox.finish_leased`); a sent row whose lease another sender took over after it
    ran out (this process stalled longer than the lease) was or will be sent by that
    sender too: it is logged, and its stored message is left to that sender."""
    if not tried:
        return []
    finishes = [_finish(t, now) for t in tried]
    kept = outbox.finish_leased(session, finishes)
    sent = [
        SentMessage(t.leased.item, t.leased.context, t.provider_id, _buttons(t))
        for t in tried
        if t.error is None and t.leased.context is not None and t.leased.item.id in kept
    ]
    record_sent_many(session, sent=sent, now=now)
    failed = [
        (message_id, f.id, f.last_error or "")
        for t, f in zip(tried, finishes, strict=True)
        if f.status == "failed"
        and f.id in kept
        and (message_id := stored_message_id(t.leased.item)) is not None
    ]
    mark_messages_failed_many(session, failed=failed)
    return outcomes_of(tried, finishes, kept)


def recorded_in_one(
    tried: list[Tried], now: datetime
) -> tuple[list[outbox.Finish], list[StoredUpdate | None]] | None:
    """What `record_tried` writes, as `store.dispatch`'s one statement takes it: each
    row's end and its stored message's update (None: the message is not touched);
    None when an outcome needs more (a proactive message sent gets its stored message
    inserted, in the same transaction: `record_tried`'s)."""
    finishes = [_finish(t, now) for t in tried]
    stored: list[StoredUpdate | None] = []
    for t, f in zip(tried, finishes, strict=True):
        context = t.leased.context
        if t.error is None and context is not None:
            if context.message_id is None:
                return None
            stored.append(StoredUpdate(context.message_id, "sent", {"outbox_id": f.id}))
        elif f.status == "failed" and (message_id := stored_message_id(t.leased.item)) is not None:
            extra = {"outbox_id": f.id, "error": f.last_error or ""}
            stored.append(StoredUpdate(message_id, "failed", extra))
        else:
            stored.append(None)
    return finishes, stored


def outcomes_of(
    tried: list[Tried], finishes: list[outbox.Finish], kept: set[int]
) -> list[tuple[int, Outcome, str | None]]:
    """`(outbox id, outcome, error)` of each recorded try, logged (`kept`: the rows
    whose compare-and-set on their lease held)."""
    outcomes: list[tuple[int, Outcome, str | None]] = []
    for t, f in zip(tried, finishes, strict=True):
        item = t.leased.item
        if f.id not in kept:
            log.warning("outbox %s: its lease was taken over before its outcome was recorded", f.id)
        if t.error is None:
            outcomes.append((item.id, "sent", None))
        elif f.status == "failed":
            log.error("outbox %s to %s failed for good: %s", item.id, item.phone, t.error)
            outcomes.append((item.id, "failed", t.error))
        else:
            log.warning("outbox %s: attempt %s failed: %s", item.id, f.attempts, t.error)
            outcomes.append((item.id, "retrying", t.error))
    return outcomes


def _finish(tried: Tried, now: datetime) -> outbox.Finish:
    """The row's end of this try: sent; retried later (backoff, past quiet hours); failed."""
    leased = tried.leased
    item, attempts = leased.item, leased.item.attempts + 1
    if tried.error is None:
        return outbox.Finish(
            item.id, leased.until, "sent", attempts, leased.until, None, now, tried.provider_id
        )
    error = tried.error[:2000]
    quiet = quiet_hours_of(item)
    retry = outbox.next_try(
        attempts=attempts,
        now=now,
        retryable=tried.retryable,
        defer=None if quiet is None else quiet.after,
    )
    if retry is None:
        return outbox.Finish(item.id, leased.until, "failed", attempts, leased.until, error)
    return outbox.Finish(item.id, leased.until, "pending", attempts, retry, error)


def _buttons(tried: Tried) -> tuple[tuple[str, str], ...]:
    """The reply buttons of a sent message that is recorded now (a stored reply has them)."""
    context = tried.leased.context
    if context is None or context.message_id is not None:
        return ()
    return tuple(OutboundMessage.from_body(tried.leased.item.body).buttons)


class LeaseKeeper:
    """Keeps the leases of rows being sent: every third of the lease, one
    compare-and-set statement moves all of them on, so a slow send is never taken
    over. A row whose lease was lost (the database unreachable longer than the lease)
    is let go, logged. Outcomes are recorded in `holding_still`, so a renewal never
    races the compare-and-set of their outcome."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        lease: timedelta,
        clock: Callable[[], datetime],
    ) -> None:
        self.session_factory = session_factory
        self.lease = lease
        self.clock = clock
        self._held: dict[int, Leased] = {}
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LeaseKeeper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def hold(self, leased: list[Leased]) -> None:
        """Renew these rows' leases until they are recorded (`record`) or `release`d."""
        if not leased:
            return
        with self._lock:
            for one in leased:
                self._held[one.item.id] = one
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="bookbot-leases")
                self._thread.daemon = True
                self._thread.start()

    def release(self, leased: list[Leased]) -> None:
        """No longer renew these rows' leases (recorded, or given up)."""
        with self._lock:
            for one in leased:
                self._held.pop(one.item.id, None)

    def take(self, leased: list[Leased]) -> None:
        """No longer renew these rows' leases, from now: a renewal under way finishes
        first (the leases in `leased` are as it left them). Record their outcomes
        after this (their compare-and-set needs the lease as it is); `hold` them
        again when that failed."""
        self.release(leased)

    @contextmanager
    def holding_still(self) -> Iterator[None]:
        """No renewal while the block runs: record outcomes in it (their compare-and-set
        needs the lease as it is), then `release` the rows recorded."""
        with self._lock:
            yield

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def renew(self) -> None:
        """Move every held lease to `clock() + lease`, each if it still is ours."""
        with self._lock:
            held = list(self._held.values())
            if not held:
                return
            to = self.clock() + self.lease
            moves = [(one.item.id, one.until, to) for one in held]
            try:
                with write_session(self.session_factory) as session:
                    kept = outbox.move_leased(session, moves)
            except Exception:  # the database is down: the sends go on, the leases may run out
                log.exception("renewing %s outbox leases failed", len(held))
                return
            for one in held:
                if one.item.id in kept:
                    one.until = to
                else:
                    log.warning("outbox %s: the lease was lost during a slow send", one.item.id)
                    del self._held[one.item.id]

    def _run(self) -> None:
        while not self._stop.wait(self.lease.total_seconds() / 3):
            self.renew()
