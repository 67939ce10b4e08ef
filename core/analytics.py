"""Plan analytics for the admin dashboard: pure functions over frozen facts.

`analyze(plans, services, now=, zone=)` takes every session group as a
`PlanFacts` (its sessions as the core's `SessionState`) and gives:

- **completion rate** per service, per strategy and overall: completed plans
  out of the plans that have *ended* (completed, cancelled, or expired: still
  active with `expires_at` passed and sessions left). Plans in progress are not
  counted against the rate; None when no plan has ended.
- **drop-off by session number**, per service and summed over services: for
  session k, the plans that had completed k-1 sessions (`eligible`), those that
  went on to complete k (`reached`), and the ended plans that stopped there
  (`dropped`); `drop_rate` = dropped / eligible.
- **no-show rate**: no-shows out of the sessions that were either completed or
  missed (confirmed sessions not yet marked and cancelled ones do not count).
- **time between sessions** against the configured buffers: for every pair of
  completed sessions k and k+1 of a plan, the calendar days between their local
  start dates (DESIGN.md's rule), compared with the service's gap(k):
  `early` below the minimum, `late` above the maximum, `on_time` otherwise.

A plan counts by its own strategy (a service may have changed strategy since);
plans of services not in `services` are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bookbot.core.config import Service, Strategy
from bookbot.core.types import BookingStatus, SessionState


class PlanStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """One session group as analytics needs it."""

    service_id: str
    strategy: Strategy
    total_sessions: int
    status: PlanStatus
    expires_at: datetime | None
    sessions: tuple[SessionState, ...]

    @property
    def completed(self) -> int:
        return sum(1 for s in self.sessions if s.status is BookingStatus.COMPLETED)

    def expired(self, now: datetime) -> bool:
        """Still open with sessions left, past its package expiry."""
        return (
            self.status is PlanStatus.ACTIVE
            and self.expires_at is not None
            and self.expires_at <= now
            and self.completed < self.total_sessions
        )


@dataclass(frozen=True, slots=True)
class PlanCounts:
    plans: int
    active: int
    """In progress (not expired)."""
    completed: int
    cancelled: int
    expired: int
    completion_rate: float | None
    """completed / (completed + cancelled + expired)."""


@dataclass(frozen=True, slots=True)
class Attendance:
    completed: int
    no_shows: int
    no_show_rate: float | None
    """no_shows / (completed + no_shows)."""


@dataclass(frozen=True, slots=True)
class DropOffStep:
    session: int
    eligible: int
    """Plans that had completed session - 1 sessions (could attend this one)."""
    reached: int
    """Plans that completed at least `session` sessions."""
    dropped: int
    """Ended plans (cancelled or expired) that completed exactly session - 1."""
    drop_rate: float | None


@dataclass(frozen=True, slots=True)
class GapStats:
    after_session: int
    """The gap from this session to the next one."""
    minimum: int
    maximum: int | None
    target: int
    count: int
    """Pairs of completed consecutive sessions measured."""
    average_days: float | None
    shortest_days: int | None
    longest_days: int | None
    early: int
    on_time: int
    late: int


@dataclass(frozen=True, slots=True)
class ServiceAnalytics:
    service_id: str
    name: str
    strategy: Strategy
    total_sessions: int
    plans: PlanCounts
    attendance: Attendance
    drop_off: tuple[DropOffStep, ...]
    gaps: tuple[GapStats, ...]


@dataclass(frozen=True, slots=True)
class StrategyAnalytics:
    strategy: Strategy
    plans: PlanCounts
    attendance: Attendance


@dataclass(frozen=True, slots=True)
class Analytics:
    overall: PlanCounts
    attendance: Attendance
    services: tuple[ServiceAnalytics, ...]
    strategies: tuple[StrategyAnalytics, ...]
    drop_off: tuple[DropOffStep, ...]
    """Per session number, summed over the services."""


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def plan_counts(plans: Sequence[PlanFacts], now: datetime) -> PlanCounts:
    expired = sum(1 for p in plans if p.expired(now))
    completed = sum(1 for p in plans if p.status is PlanStatus.COMPLETED)
    cancelled = sum(1 for p in plans if p.status is PlanStatus.CANCELLED)
    active = sum(1 for p in plans if p.status is PlanStatus.ACTIVE) - expired
    ended = completed + cancelled + expired
    return PlanCounts(
        plans=len(plans),
        active=active,
        completed=completed,
        cancelled=cancelled,
        expired=expired,
        completion_rate=_rate(completed, ended),
    )


def attendance(plans: Iterable[PlanFacts]) -> Attendance:
    sessions = [s for p in plans for s in p.sessions]
    completed = sum(1 for s in sessions if s.status is BookingStatus.COMPLETED)
    missed = sum(1 for s in sessions if s.status is BookingStatus.NO_SHOW)
    return Attendance(completed, missed, _rate(missed, completed + missed))


def drop_off(plans: Sequence[PlanFacts], total: int, now: datetime) -> tuple[DropOffStep, ...]:
    """The funnel of one service's plans, session 1 to `total`."""
    steps = []
    for k in range(1, total + 1):
        eligible = [p for p in plans if p.completed >= k - 1]
        dropped = sum(
            1
            for p in eligible
            if p.completed == k - 1 and (p.status is PlanStatus.CANCELLED or p.expired(now))
        )
        reached = sum(1 for p in eligible if p.completed >= k)
        steps.append(DropOffStep(k, len(eligible), reached, dropped, _rate(dropped, len(eligible))))
    return tuple(steps)


def _completed_gaps(plan: PlanFacts, zone: ZoneInfo) -> dict[int, int]:
    """{k: days from completed session k to completed session k+1}."""
    starts = {
        s.number: s.start.astimezone(zone).date()
        for s in plan.sessions
        if s.status is BookingStatus.COMPLETED
    }
    return {k: (starts[k + 1] - day).days for k, day in starts.items() if k + 1 in starts}


def gap_stats(service: Service, plans: Sequence[PlanFacts], zone: ZoneInfo) -> tuple[GapStats, ...]:
    measured = [_completed_gaps(p, zone) for p in plans]
    out = []
    for k in range(1, service.total_sessions):
        gap = service.gap(k)
        days = [m[k] for m in measured if k in m]
        early = sum(1 for d in days if d < gap.minimum)
        late = sum(1 for d in days if gap.maximum is not None and d > gap.maximum)
        out.append(
            GapStats(
                after_session=k,
                minimum=gap.minimum,
                maximum=gap.maximum,
                target=gap.target,
                count=len(days),
                average_days=sum(days) / len(days) if days else None,
                shortest_days=min(days) if days else None,
                longest_days=max(days) if days else None,
                early=early,
                on_time=len(days) - early - late,
                late=late,
            )
        )
    return tuple(out)


def service_analytics(
    service: Service, plans: Sequence[PlanFacts], *, now: datetime, zone: ZoneInfo
) -> ServiceAnalytics:
    mine = [p for p in plans if p.service_id == service.id]
    total = max([service.total_sessions, *(p.total_sessions for p in mine)])
    return ServiceAnalytics(
        service_id=service.id,
        name=service.name,
        strategy=service.strategy,
        total_sessions=service.total_sessions,
        plans=plan_counts(mine, now),
        attendance=attendance(mine),
        drop_off=drop_off(mine, total, now),
        gaps=gap_stats(service, mine, zone),
    )


def _summed_steps(per_service: Sequence[ServiceAnalytics]) -> tuple[DropOffStep, ...]:
    longest = max((len(s.drop_off) for s in per_service), default=0)
    out = []
    for index in range(longest):
        steps = [s.drop_off[index] for s in per_service if index < len(s.drop_off)]
        eligible = sum(s.eligible for s in steps)
        dropped = sum(s.dropped for s in steps)
        reached = sum(s.reached for s in steps)
        out.append(DropOffStep(index + 1, eligible, reached, dropped, _rate(dropped, eligible)))
    return tuple(out)


def analyze(
    plans: Iterable[PlanFacts],
    services: Sequence[Service],
    *,
    now: datetime,
    zone: ZoneInfo,
) -> Analytics:
    """Every figure of the dashboard's analytics from the plans as they are at `now`."""
    known = {s.id for s in services}
    counted = [p for p in plans if p.service_id in known]
    per_service = tuple(service_analytics(s, counted, now=now, zone=zone) for s in services)
    per_strategy = []
    for strategy in Strategy:
        mine = [p for p in counted if p.strategy is strategy]
        per_strategy.append(StrategyAnalytics(strategy, plan_counts(mine, now), attendance(mine)))
    return Analytics(
        overall=plan_counts(counted, now),
        attendance=attendance(counted),
        services=per_service,
        strategies=tuple(per_strategy),
        drop_off=_summed_steps(per_service),
    )
