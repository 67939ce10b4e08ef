"""The notification policy: which proactive messages are due at `now`, and when
each may go out (DESIGN.md, "Proactive messages"). Pure: the caller passes the
business, the session groups with their sessions, the completion and no-show
events it knows, the clock and the dedupe keys already in the outbox.

    reminder    each confirmed session, from start - reminder_hours until its start
    outreach    sequential: a session completed (or missed), the next not booked
    overdue     sequential: the suggested day passed with nothing booked (once)
    check_in    flexible: checkin_idle_days after the last session, nothing booked
    expiry      expiry_warning_days before the package expires, sessions unbooked
    progress, halfway, one_to_go, all_done: milestones counted by completed
                sessions, when a completion is recorded

Each message carries a dedupe key (`notification_model`): the outbox stores a
key once, so a message goes out at most once.

`send_after` is the due moment (or now, if later) moved out of the quiet hours
to their end (`quiet_hours`). A completion announces (milestone, outreach) only
if `announce` is set (history, like the eval runner's setup, is not) and it was
recorded within COMPLETION_LOOKBACK; the time-based kinds follow the state as it
is. The day an outreach suggests, and after which an overdue warning comes, is
the window's suggestion moved onto an open day (`open_days`).

The module's neighbours: `notification_model` (the inputs, the messages, their
keys), `quiet_hours`, `open_days`, `notification_texts` (every wording). Their
public names used by callers are importable from here too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import assert_never

from bookbot.core import notification_texts as words
from bookbot.core.availability import Availability
from bookbot.core.calendar import Calendar
from bookbot.core.config import Business, Service, Strategy
from bookbot.core.errors import NotFoundError
from bookbot.core.notification_model import (
    RANK,
    Completion,
    DueMessage,
    GroupSession,
    GroupState,
    Kind,
    Recipient,
    check_in_key,
    expiry_key,
    milestone_key,
    outreach_key,
    overdue_key,
    reminder_key,
)
from bookbot.core.open_days import suggested_open_day
from bookbot.core.planner import sequential_window
from bookbot.core.progress import Milestone, milestones
from bookbot.core.quiet_hours import after_quiet_hours, in_quiet_hours, wall_time
from bookbot.core.types import BookingStatus, Conflict, SessionState, Window

__all__ = [
    "COMPLETION_LOOKBACK",
    "NUDGE_GRACE",
    "Completion",
    "DueMessage",
    "GroupSession",
    "GroupState",
    "Kind",
    "Recipient",
    "after_quiet_hours",
    "due_messages",
    "in_quiet_hours",
    "unit_of",
]

COMPLETION_LOOKBACK = timedelta(days=7)
"""A completion recorded longer ago than this is not announced any more."""
NUDGE_GRACE = timedelta(days=1)
"""An overdue warning or a check-in waits this long after an announced completion."""

DONE, NO_SHOW, BOOKED = BookingStatus.COMPLETED, BookingStatus.NO_SHOW, BookingStatus.CONFIRMED
_MILESTONE_KINDS = (  # the most specific milestone reached names the message
    (Milestone.DONE, Kind.ALL_DONE),
    (Milestone.ONE_TO_GO, Kind.ONE_TO_GO),
    (Milestone.HALFWAY, Kind.HALFWAY),
    (Milestone.PROGRESS, Kind.PROGRESS),
)


def due_messages(
    business: Business,
    groups: Sequence[GroupState],
    completions: Sequence[Completion] = (),
    *,
    now: datetime,
    sent: Collection[str] = frozenset(),
    language: str = words.DEFAULT_LANGUAGE,
) -> list[DueMessage]:
    """The messages due at `now` whose key is not in `sent`, by customer and kind."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be a timezone-aware datetime, got {now!r}")
    words.texts(language)
    ctx = _Ctx(business, now.astimezone(UTC), language)
    events: dict[str, list[Completion]] = {}
    for event in sorted(completions, key=lambda e: e.event_id):
        if event.status in (DONE, NO_SHOW):
            events.setdefault(event.group_id, []).append(event)
    found: list[DueMessage] = []
    for group in groups:
        service = _service(business, group.service_id)
        if service is None:
            continue  # a retired service: nothing to say about it
        own = events.get(group.group_id, [])
        found += _reminders(ctx, group, service)
        if group.total < 2:
            continue  # a single appointment is not a plan
        found += _milestones(ctx, group, service, own)
        if group.active:
            found += _by_strategy(ctx, group, service, own)
            found += _expiry(ctx, group, service)
    fresh = [m for m in found if m.key not in sent]
    return sorted(fresh, key=lambda m: (m.customer.customer_id, RANK[m.kind], m.key))


# --- helpers ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ctx:
    business: Business
    now: datetime
    language: str

    def day(self, moment: datetime) -> date:
        return moment.astimezone(self.business.zone).date()

    @property
    def today(self) -> date:
        return self.day(self.now)

    def send_after(self, due: datetime) -> datetime:
        quiet = self.business.notifications.quiet_hours
        return after_quiet_hours(max(due, self.now), quiet, self.business.zone)

    def announces(self, event: Completion) -> bool:
        return event.announce and self.now - COMPLETION_LOOKBACK < _utc(event.at) <= self.now

    def date(self, day: date) -> str:
        return words.day_text(self.language, day)

    def message(
        self,
        key: str,
        kind: Kind,
        group: GroupState,
        text_id: str,
        fields: Mapping[str, str],
        due: datetime,
        stale_after: datetime | None = None,
    ) -> DueMessage:
        out = words.render(text_id, self.language, fields)
        return DueMessage(
            key=key,
            kind=kind,
            customer=group.customer,
            text=out.text,
            template=out.template,
            language=out.language,
            params=out.params,
            due_at=_utc(due),
            send_after=self.send_after(_utc(due)),
            stale_after=stale_after,
        )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _service(business: Business, service_id: str) -> Service | None:
    try:
        return business.service(service_id)
    except NotFoundError:
        return None


def unit_of(service: Service) -> str:
    """'lesson' when the service speaks of lessons (name or trigger words), else 'session'."""
    text = f"{service.name} {' '.join(service.trigger_words)}".lower()
    return "lesson" if "lesson" in text else "session"


def _label(ctx: _Ctx, service: Service, number: int, total: int) -> str:
    name = service.session_name(number)
    return words.label(ctx.language, unit_of(service), number, total, name)


def _count(ctx: _Ctx, service: Service, n: int) -> str:
    return words.count_text(ctx.language, n, unit_of(service))


def _counted(group: GroupState, status: BookingStatus) -> int:
    return sum(1 for s in group.sessions if s.status is status)


# --- reminders and expiry ----------------------------------------------------


def _reminders(ctx: _Ctx, group: GroupState, service: Service) -> list[DueMessage]:
    lead = timedelta(hours=ctx.business.notifications.reminder_hours)
    found = []
    for session in group.sessions:
        start = _utc(session.start)
        due = start - lead
        if session.status is not BOOKED or not due <= ctx.now < start:
            continue
        send = ctx.send_after(due)
        if send >= start:
            continue  # the rest of its window is quiet: it would come too late
        fields = {
            "service": service.name,
            "when": words.when_text(ctx.language, ctx.day(start), ctx.day(send)),
            "time": words.time_text(ctx.language, start.astimezone(ctx.business.zone)),
            "label": _label(ctx, service, session.number, group.total),
        }
        text_id = "reminder" if group.total > 1 else "reminder.single"
        key = reminder_key(session.booking_id, start)
        found.append(ctx.message(key, Kind.REMINDER, group, text_id, fields, due, start))
    return found


def _expiry(ctx: _Ctx, group: GroupState, service: Service) -> list[DueMessage]:
    if group.expires_at is None:
        return []
    expires = _utc(group.expires_at)
    due = expires - timedelta(days=ctx.business.notifications.expiry_warning_days)
    left = group.total - _counted(group, DONE) - _counted(group, BOOKED)
    send = ctx.send_after(due)
    if left <= 0 or not due <= ctx.now < expires or send >= expires:
        return []
    fields = {
        "service": service.name,
        "expires_in": words.expires_in(ctx.language, ctx.day(expires), ctx.day(send)),
        "day": ctx.date(ctx.day(expires)),
        "remaining": _count(ctx, service, left),
    }
    key = expiry_key(group.group_id, expires)
    return [ctx.message(key, Kind.EXPIRY, group, "expiry", fields, due)]


# --- milestones and outreach: when a completion is recorded -------------------


def _milestones(
    ctx: _Ctx, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    """One message per announced completion, counted as the group stood right after
    it: today's completed count less every completion recorded later."""
    count = _counted(group, DONE)
    found = []
    for event in reversed(events):
        if event.status is not DONE:
            continue
        reached, count = count, count - 1
        if reached < 1 or not ctx.announces(event):
            continue
        kind = next(k for m, k in _MILESTONE_KINDS if m in milestones(reached, group.total))
        fields = {
            "label": _label(ctx, service, event.session_number, group.total),
            "completed": str(reached),
            "total": str(group.total),
            "units": words.units_word(ctx.language, unit_of(service)),
            "remaining": _count(ctx, service, group.total - reached),
            "service": service.name,
        }
        key = milestone_key(group.group_id, reached)
        found.append(ctx.message(key, kind, group, kind.value, fields, event.at))
    return found


def _by_strategy(
    ctx: _Ctx, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    """Sequential plans get outreach and overdue warnings, flexible ones check-ins."""
    strategy = group.strategy
    if strategy is Strategy.IMMEDIATE:
        return []
    if strategy is Strategy.SEQUENTIAL:
        return _outreach(ctx, group, service, events) + _overdue(ctx, group, service, events)
    if strategy is Strategy.FLEXIBLE:
        return _check_in(ctx, group, service, events)
    assert_never(strategy)


def _window(ctx: _Ctx, group: GroupState, service: Service) -> tuple[Window, Availability] | None:
    """The core's sequential window (None while a session is booked or none is left),
    with the opening hours to find an open day in it."""
    states = [SessionState(s.number, s.start, s.end, s.status) for s in group.sessions]
    avail = Availability(business=ctx.business, service=service, calendar=Calendar(), now=ctx.now)
    found = sequential_window(avail, states)
    return None if isinstance(found, Conflict) else (found, avail)


def _outreach(
    ctx: _Ctx, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    """After the group's latest completion or no-show: invite to book the next session
    (after a no-show the same one again), with the suggested day and the window."""
    found = _window(ctx, group, service)
    if not events or not ctx.announces(events[-1]) or found is None:
        return []
    event, (window, avail) = events[-1], found
    fields = {
        "next_label": _label(ctx, service, window.session, group.total),
        "advice": words.advice(
            ctx.language,
            today=ctx.today,
            earliest=window.earliest,
            suggested=suggested_open_day(avail, window, not_before=ctx.today),
            latest=window.latest,
        ),
    }
    if event.status is NO_SHOW:
        start = next((s.start for s in group.sessions if s.booking_id == event.booking_id), None)
        missed = _label(ctx, service, event.session_number, group.total)
        fields |= {"missed_label": missed, "day": ctx.date(ctx.day(start or event.at))}
        text_id = "outreach.no_show"
    else:
        text_id = "outreach"  # the milestone message says what was completed
    key = outreach_key(group.group_id, event.booking_id)
    return [ctx.message(key, Kind.OUTREACH, group, text_id, fields, event.at)]


# --- nudges: overdue (sequential) and check-ins (flexible) ---------------------


def _not_before(due: datetime, events: Sequence[Completion]) -> datetime:
    """`due`, or later: a nudge never comes within NUDGE_GRACE of an announced completion."""
    return max([due, *(_utc(e.at) + NUDGE_GRACE for e in events if e.announce)])


def _overdue(
    ctx: _Ctx, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    """Once the day after the suggested (open) day has begun with nothing booked."""
    found = _window(ctx, group, service)
    done = sorted((s for s in group.sessions if s.status is DONE), key=lambda s: _utc(s.start))
    if found is None or found[0].session == 1 or not done:
        return []
    window, avail = found
    suggested = suggested_open_day(avail, window) or window.suggested
    due = _not_before(wall_time(suggested + timedelta(days=1), time(0), ctx.business.zone), events)
    if ctx.now < due:
        return []
    last = done[-1]
    open_left = suggested_open_day(avail, window, not_before=ctx.today) is not None
    fields = {
        "days": words.count_text(ctx.language, (ctx.today - ctx.day(last.start)).days, "day"),
        "last_label": _label(ctx, service, last.number, group.total),
        "next_label": _label(ctx, service, window.session, group.total),
        "deadline": words.deadline(
            ctx.language, today=ctx.today, latest=window.latest, open_left=open_left
        ),
    }
    key = overdue_key(group.group_id, window.session)
    return [ctx.message(key, Kind.OVERDUE, group, "overdue", fields, due)]


def _check_in(
    ctx: _Ctx, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    happened = [s for s in group.sessions if s.status in (DONE, NO_SHOW)]
    left = group.total - _counted(group, DONE)
    if _counted(group, BOOKED) or not happened or left <= 0:
        return []
    last = max(happened, key=lambda s: (_utc(s.start), s.booking_id))
    idle = timedelta(days=ctx.business.notifications.checkin_idle_days)
    due = _not_before(wall_time(ctx.day(last.start) + idle, time(0), ctx.business.zone), events)
    if ctx.now < due:
        return []
    fields = {"remaining": _count(ctx, service, left), "service": service.name}
    key = check_in_key(group.group_id, last.booking_id)
    return [ctx.message(key, Kind.CHECK_IN, group, "check_in", fields, due)]
