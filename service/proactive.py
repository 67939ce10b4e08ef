"""Proactive messages: the store's state through core's notification policy into
the outbox (DESIGN.md, "Proactive messages"). `enqueue_due` is one pass of
`bookbot worker` and of the eval runner's `worker` step; `bookbot.service.delivery` sends
what it enqueued.

A pass reads, in one transaction: the completion and no-show events recorded
within `COMPLETION_LOOKBACK`, the groups something may be due for
(`core.notification_windows`: sessions starting within the reminder lead, plans
expiring within the warning, open plans whose last session happened recently;
indexed reads, so a pass costs what is due, not how many plans sit idle) with
the completions' groups (also finished ones), each with its customer and its
(not cancelled) sessions, and which of the due messages' dedupe keys the outbox
already holds. A group read only for its reminders is read only while one of
them is not in the outbox yet, so a steady-state pass reads no plan at all. Events whose actor
is in HISTORY_ACTORS (the eval runner's setup) count as state but are never
announced. Each due message is enqueued under its dedupe key: a key seen before
gives None, so when two workers race, the second loses and nothing is sent
twice (PostgreSQL makes the loser wait for the winner's commit, then refuses
its insert). Keys are inserted in the policy's order, the same in every worker,
so two racing passes never deadlock.

A message due in quiet hours is not enqueued then: the policy gives it a
`send_after` at the end of the quiet hours, and the first pass from that moment
on checks it against the state of the morning (a reminder of a session
cancelled overnight is never sent).

The reads are the store's (`store.notification_state`, `outbox.existing_keys`);
this module only joins them to the policy and the outbox. Each enqueued message
carries the business's quiet hours in its body (`"quiet_hours"`, see
`core.quiet_hours.QuietHours`), so a sender that retries it later waits out
the night too.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business, Strategy
from bookbot.core.errors import NotFoundError
from bookbot.core.notification_model import reminder_key
from bookbot.core.notification_texts import DEFAULT_LANGUAGE, TEXTS
from bookbot.core.notification_windows import due_windows
from bookbot.core.notifications import (
    COMPLETION_LOOKBACK,
    Completion,
    DueMessage,
    GroupState,
    due_messages,
)
from bookbot.core.quiet_hours import QuietHours
from bookbot.service.dialogue_state import spoken_language
from bookbot.store import outbox
from bookbot.store.columns import utc
from bookbot.store.db import write_session
from bookbot.store.lookup import service_ids_by_slug
from bookbot.store.notification_state import (
    customer_languages,
    due_group_ids,
    groups_by_id,
    recent_completions,
    soon_sessions,
)
from bookbot.store.outbox import OutboxItem

NUDGED_STRATEGIES = frozenset({Strategy.SEQUENTIAL, Strategy.FLEXIBLE})
"""Plans of these strategies get an overdue warning or a check-in when idle."""
HISTORY_ACTORS = frozenset({"setup"})
"""Actors whose completions are history: counted, never announced."""


def enqueue_due(
    session_factory: sessionmaker[Session], business: Business, *, now: datetime
) -> list[OutboxItem]:
    """Enqueue every proactive message due at `now`; the items this pass added."""
    moment = utc(now)
    quiet = QuietHours.of(business)
    added: list[OutboxItem] = []
    with write_session(session_factory) as session:
        groups, completions = read_state(session, business, now=moment)
        candidates = _due_in_their_languages(session, business, groups, completions, moment)
        present = outbox.existing_keys(session, keys=[m.key for m in candidates])
        for message in candidates:
            if message.key in present or message.send_after > moment:
                continue  # sent before, or quiet hours: a later pass re-checks it
            item = outbox.enqueue(
                session,
                phone=message.customer.phone,
                kind=message.kind.value,
                dedupe_key=message.key,
                body=outbox_body(message, quiet, business.timezone),
                now=moment,
                customer_id=message.customer.customer_id,
                send_after=message.send_after,
            )
            if item is not None:
                added.append(item)
    return added


def _due_in_their_languages(
    session: Session,
    business: Business,
    groups: Sequence[GroupState],
    completions: Sequence[Completion],
    now: datetime,
) -> list[DueMessage]:
    """The due messages, each customer's in the language they write in (German and
    Spanish customers get German and Spanish reminders; English is the default)."""
    spoken = customer_languages(
        session, {g.customer.customer_id for g in groups}, spoken_language
    )
    by_language: dict[str, list[GroupState]] = {}
    for group in groups:
        lang = spoken.get(group.customer.customer_id, DEFAULT_LANGUAGE)
        by_language.setdefault(lang if lang in TEXTS else DEFAULT_LANGUAGE, []).append(group)
    return [
        message
        for lang, chosen in sorted(by_language.items())
        for message in due_messages(business, chosen, completions, now=now, language=lang)
    ]


def outbox_body(
    message: DueMessage, quiet: QuietHours | None = None, zone: str | None = None
) -> dict[str, Any]:
    """The text, the approved template to send instead outside the 24-hour window, the
    quiet hours no attempt to send it may fall in, when it goes stale, the booking it
    is about, and (for a text saying 'today' or 'tomorrow', with the business's
    timezone `zone`) the local day it was written for with its wording for the next day."""
    template = {"name": message.template, "language": message.language}
    body: dict[str, Any] = {
        "text": message.text,
        "template": {**template, "params": list(message.params)},
    }
    if quiet is not None:
        body["quiet_hours"] = quiet.to_json()
    if message.stale_after is not None:
        body["stale_after"] = message.stale_after.astimezone(UTC).isoformat()
    if message.booking_id is not None:
        body["booking_id"] = message.booking_id
    if message.written_for is not None and message.next_day is not None and zone is not None:
        text, params = message.next_day
        body["written_for"] = {
            "day": message.written_for.isoformat(),
            "timezone": zone,
            "next_day": {"text": text, "params": list(params)},
        }
    return body


def read_state(
    session: Session, business: Business, *, now: datetime
) -> tuple[list[GroupState], list[Completion]]:
    """What the policy needs: groups with sessions, and recent completion events."""
    slugs = {pk: slug for slug, pk in service_ids_by_slug(session, business=business).items()}
    if not slugs:
        return [], []
    completions = recent_completions(
        session,
        service_pks=list(slugs),
        since=now - COMPLETION_LOOKBACK,
        history_actors=HISTORY_ACTORS,
    )
    also = {uuid.UUID(c.group_id) for c in completions}
    windows = due_windows(business, now=now)
    soon = soon_sessions(session, service_pks=list(slugs), windows=windows)
    keys = {reminder_key(booking, start): group for group, booking, start in soon}
    sent = outbox.existing_keys(session, keys=keys)
    reminded = {group for key, group in keys.items() if key not in sent}
    nudged = [pk for pk, slug in slugs.items() if _nudged(business, slug)]
    due = due_group_ids(session, service_pks=list(slugs), nudged_pks=nudged, windows=windows)
    return groups_by_id(session, services=slugs, ids=reminded | due | also), completions


def _nudged(business: Business, slug: str) -> bool:
    """Whether plans of the service `slug` get nudges (overdue, check-in)."""
    try:
        service = business.service(slug)
    except NotFoundError:  # a retired service: nothing to say about it
        return False
    return service.total_sessions > 1 and service.strategy in NUDGED_STRATEGIES
