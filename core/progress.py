"""Where a customer stands in a plan, what comes next, and which milestones a
completion reaches. Milestones are counted by completed sessions."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bookbot.core.config import Service, Strategy
from bookbot.core.open_days import open_suggestion
from bookbot.core.types import BookingStatus, SessionState


class Milestone(StrEnum):
    PROGRESS = "progress"
    HALFWAY = "halfway"
    ONE_TO_GO = "one_to_go"
    DONE = "done"


class NextActionKind(StrEnum):
    BOOK_FIRST = "book_first"
    ATTEND = "attend"
    AWAIT_COMPLETION = "await_completion"
    BOOK_NEXT = "book_next"
    BOOK_MORE = "book_more"
    DONE = "done"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class NextAction:
    kind: NextActionKind
    session: int | None = None
    at: datetime | None = None
    earliest: date | None = None
    latest: date | None = None
    suggested: date | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    total: int
    completed: int
    booked: int
    no_shows: int
    remaining_unscheduled: int
    next_action: NextAction
    sessions: tuple[SessionState, ...]

    @property
    def remaining(self) -> int:
        """Sessions not yet completed (booked or not)."""
        return self.total - self.completed

    @property
    def done(self) -> bool:
        return self.completed >= self.total


def milestones(completed: int, total: int) -> tuple[Milestone, ...]:
    """Milestones reached when the `completed`-th session of `total` is done."""
    if completed <= 0 or total <= 0:
        return ()
    if completed >= total:
        return (Milestone.DONE,)
    reached = [Milestone.PROGRESS]
    if total >= 2 and completed == math.ceil(total / 2):
        reached.append(Milestone.HALFWAY)
    if total >= 2 and completed == total - 1:
        reached.append(Milestone.ONE_TO_GO)
    return tuple(reached)


def progress(
    service: Service,
    sessions: Sequence[SessionState],
    now: datetime,
    *,
    zone: ZoneInfo,
    expires_at: datetime | None = None,
    is_open: Callable[[date], bool] | None = None,
) -> Progress:
    """Counts and the next action for one group; days are local to `zone`.

    With `is_open` (e.g. `Business.is_open`), a sequential plan's suggested day is
    moved onto an open day of its window, as the worker's outreach names it."""
    ordered = tuple(sorted(sessions, key=lambda s: (s.start, s.number)))
    completed = [s for s in ordered if s.status is BookingStatus.COMPLETED]
    booked = [s for s in ordered if s.status is BookingStatus.CONFIRMED]
    no_shows = sum(1 for s in ordered if s.status is BookingStatus.NO_SHOW)
    total = service.total_sessions
    remaining = max(total - len(completed) - len(booked), 0)
    action = _next_action(service, completed, booked, remaining, now, zone, expires_at)
    if is_open is not None and action.suggested is not None and action.earliest is not None:
        moved = open_suggestion(action.suggested, action.earliest, action.latest, is_open)
        action = replace(action, suggested=moved)
    return Progress(
        total=total,
        completed=len(completed),
        booked=len(booked),
        no_shows=no_shows,
        remaining_unscheduled=remaining,
        next_action=action,
        sessions=ordered,
    )


def _next_action(
    service: Service,
    completed: Sequence[SessionState],
    booked: Sequence[SessionState],
    remaining: int,
    now: datetime,
    zone: ZoneInfo,
    expires_at: datetime | None,
) -> NextAction:
    total = service.total_sessions
    if len(completed) >= total:
        return NextAction(NextActionKind.DONE)
    if expires_at is not None and now >= expires_at:
        return NextAction(NextActionKind.EXPIRED, at=expires_at)
    upcoming = [s for s in booked if s.end > now]
    if upcoming:
        return NextAction(NextActionKind.ATTEND, session=upcoming[0].number, at=upcoming[0].start)
    if booked:
        return NextAction(NextActionKind.AWAIT_COMPLETION, session=booked[0].number)
    if not completed:
        return NextAction(NextActionKind.BOOK_FIRST, session=1)
    number = len(completed) + 1
    if service.booking_strategy is Strategy.SEQUENTIAL:
        last = completed[-1].start.astimezone(zone).date()
        gap = service.gap(number - 1)
        return NextAction(
            NextActionKind.BOOK_NEXT,
            session=number,
            earliest=last + timedelta(days=gap.minimum),
            latest=last + timedelta(days=gap.maximum) if gap.maximum is not None else None,
            suggested=last + timedelta(days=gap.target),
        )
    return NextAction(NextActionKind.BOOK_MORE, session=number if remaining else None)
