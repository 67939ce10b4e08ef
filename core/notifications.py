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

A reminder names its booking and goes stale at the session's start; a text that
says 'today' or 'tomorrow' also carries its wording for the day after, in case
the sender waits overnight (`DueMessage.written_for`, `next_day`).

The module's neighbours: `notification_model` (the inputs, the messages, their
keys), `notification_context` (the clock and the rendering of one message),
`quiet_hours`, `open_days`, `notification_texts` (every wording). Their
public names used by callers are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import assert_never

from bookbot.core import notification_context as nc
from bookbot.core import notification_texts as words
from bookbot.core.availability import Availability
from bookbot.core.calendar import Calendar
from bookbot.core.config import Business, Service, Strategy
from bookbot.core.notification_context import COMPLETION_LOOKBACK, NoticeContext, unit_of
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
from bookbot.core.notification_windows import NUDGE_GRACE
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
    ctx = NoticeContext(business, now.astimezone(UTC), language)
    events: dict[str, list[Completion]] = {}
    for event in sorted(completions, key=lambda e: e.event_id):
        if event.status in (DONE, NO_SHOW):
            events.setdefault(event.group_id, []).append(event)
    found: list[DueMessage] = []
    for group in groups:
        service = nc.service_of(business, group.service_id)
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


# --- reminders and expiry ----------------------------------------------------


def _reminders(ctx: NoticeContext, group: GroupState, service: Service) -> list[DueMessage]:
    lead = timedelta(hours=ctx.business.notifications.reminder_hours)
    found = []
    for session in group.sessions:
        start = nc.utc(session.start)
        due = start - lead
        if session.status is not BOOKED or not due <= ctx.now < start:
            continue
        send = ctx.send_after(due)
        if send >= start:
            continue  # the rest of its window is quiet: it would come too late
        fields = _reminder_fields(ctx, service, group, session)
        text_id = "reminder" if group.total > 1 else "reminder.single"
        key = reminder_key(session.booking_id, start)
        found.append(
            ctx.message(
                key,
                Kind.REMINDER,
                group,
                text_id,
                fields,
                due,
                stale_after=start,
                booking_id=session.booking_id,
            )
        )
    return found


def _reminder_fields(
    ctx: NoticeContext, service: Service, group: GroupState, session: GroupSession
) -> Callable[[date], Mapping[str, str]]:
    start = nc.utc(session.start)

    def on(sent_on: date) -> Mapping[str, str]:
        return {
            "service": service.name,
            "when": words.when_text(ctx.language, ctx.day(start), sent_on),
            "time": words.time_text(ctx.language, start.astimezone(ctx.business.zone)),
            "label": nc.label(ctx, service, session.number, group.total),
        }

    return on


def _expiry(ctx: NoticeContext, group: GroupState, service: Service) -> list[DueMessage]:
    if group.expires_at is None:
        return []
    expires = nc.utc(group.expires_at)
    due = expires - timedelta(days=ctx.business.notifications.expiry_warning_days)
    left = group.total - nc.counted(group, DONE) - nc.counted(group, BOOKED)
    send = ctx.send_after(due)
    if left <= 0 or not due <= ctx.now < expires or send >= expires:
        return []

    def fields(sent_on: date) -> Mapping[str, str]:
        return {
            "service": service.name,
            "expires_in": words.expires_in(ctx.language, ctx.day(expires), sent_on),
            "day": ctx.date(ctx.day(expires)),
            "remaining": nc.count(ctx, service, left),
        }

    key = expiry_key(group.group_id, expires)
    return [ctx.message(key, Kind.EXPIRY, group, "expiry", fields, due)]


# --- milestones and outreach: when a completion is recorded -------------------


def _milestones(
    ctx: NoticeContext, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    """One message per announced completion, counted as the group stood right after
    it: today's completed count less every completion recorded later."""
    count = nc.counted(group, DONE)
    found = []
    for event in reversed(events):
        if event.status is not DONE:
            continue
        reached, count = count, count - 1
        if reached < 1 or not ctx.announces(event):
            continue
        kind = next(k for m, k in _MILESTONE_KINDS if m in milestones(reached, group.total))
        fields = {
            "label": nc.label(ctx, service, event.session_number, group.total),
            "completed": str(reached),
            "total": str(group.total),
            "units": words.units_word(ctx.language, unit_of(service)),
            "remaining": nc.count(ctx, service, group.total - reached),
            "service": service.name,
        }
        key = milestone_key(group.group_id, reached)
        found.append(ctx.message(key, kind, group, kind.value, fields, event.at))
    return found


def _by_strategy(
    ctx: NoticeContext, group: GroupState, service: Service, events: Sequence[Completion]
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


def _window(
    ctx: NoticeContext, group: GroupState, service: Service
) -> tuple[Window, Availability] | None:
    """The core's sequential window (None while a session is booked or none is left),
    with the opening hours to find an open day in it."""
    states = [SessionState(s.number, s.start, s.end, s.status) for s in group.sessions]
    avail = Availability(business=ctx.business, service=service, calendar=Calendar(), now=ctx.now)
    found = sequential_window(avail, states)
    return None if isinstance(found, Conflict) else (found, avail)


def _outreach(
    ctx: NoticeContext, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    """After the group's latest completion or no-show: invite to book the next session
    (after a no-show the same one again), with the suggested day and the window."""
    found = _window(ctx, group, service)
    if not events or not ctx.announces(events[-1]) or found is None:
        return []
    event, (window, avail) = events[-1], found
    fields = {
        "next_label": nc.label(ctx, service, window.session, group.total),
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
        missed = nc.label(ctx, service, event.session_number, group.total)
        fields |= {"missed_label": missed, "day": ctx.date(ctx.day(start or event.at))}
        text_id = "outreach.no_show"
    else:
        text_id = "outreach"  # the milestone message says what was completed
    key = outreach_key(group.group_id, event.booking_id)
    return [ctx.message(key, Kind.OUTREACH, group, text_id, fields, event.at)]


# --- nudges: overdue (sequential) and check-ins (flexible) ---------------------


def _not_before(due: datetime, events: Sequence[Completion]) -> datetime:
    """`due`, or later: a nudge never comes within NUDGE_GRACE of an announced completion."""
    return max([due, *(nc.utc(e.at) + NUDGE_GRACE for e in events if e.announce)])


def _overdue(
    ctx: NoticeContext, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    """Once the day after the suggested (open) day has begun with nothing booked."""
    found = _window(ctx, group, service)
    done = sorted((s for s in group.sessions if s.status is DONE), key=lambda s: nc.utc(s.start))
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
        "last_label": nc.label(ctx, service, last.number, group.total),
        "next_label": nc.label(ctx, service, window.session, group.total),
        "deadline": words.deadline(
            ctx.language, today=ctx.today, latest=window.latest, open_left=open_left
        ),
    }
    key = overdue_key(group.group_id, window.session)
    return [ctx.message(key, Kind.OVERDUE, group, "overdue", fields, due)]


def _check_in(
    ctx: NoticeContext, group: GroupState, service: Service, events: Sequence[Completion]
) -> list[DueMessage]:
    happened = [s for s in group.sessions if s.status in (DONE, NO_SHOW)]
    left = group.total - nc.counted(group, DONE)
    if nc.counted(group, BOOKED) or not happened or left <= 0:
        return []
    last = max(happened, key=lambda s: (nc.utc(s.start), s.booking_id))
    idle = timedelta(days=ctx.business.notifications.checkin_idle_days)
    due = _not_before(wall_time(ctx.day(last.start) + idle, time(0), ctx.business.zone), events)
    if ctx.now < due:
        return []
    fields = {"remaining": nc.count(ctx, service, left), "service": service.name}
    key = check_in_key(group.group_id, last.booking_id)
    return [ctx.message(key, Kind.CHECK_IN, group, "check_in", fields, due)]
