"""The three booking strategies, exactly as DESIGN.md's scheduling rules say.

- immediate: the whole plan from session 1's slot (`core.immediate`)
- sequential: the next session inside its window after the last completed one
  (`core.sequential`)
- flexible: any of the remaining sessions, at least the minimum apart, numbered
  by date (`core.flexible`)

`plan_for` dispatches on the service's strategy. A request that cannot be met
comes back as a `Conflict` with the nearest alternatives, never as an exception.
The strategies' public functions are importable from here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import assert_never

from bookbot.core.availability import Availability
from bookbot.core.config import Strategy
from bookbot.core.flexible import plan_flexible
from bookbot.core.immediate import chain_from, closest_free, next_session_start, plan_immediate
from bookbot.core.plan_steps import (
    ALTERNATIVE_SEARCH_DAYS,
    ALTERNATIVES,
    OPEN_ENDED_SEARCH_DAYS,
    counted_sessions,
    planned,
    slot_conflict,
    with_own_sessions,
)
from bookbot.core.sequential import plan_sequential, sequential_window
from bookbot.core.types import Conflict, ConflictRule, Plan, PlanResult, SessionState

__all__ = [
    "ALTERNATIVES",
    "ALTERNATIVE_SEARCH_DAYS",
    "OPEN_ENDED_SEARCH_DAYS",
    "chain_from",
    "closest_free",
    "next_session_start",
    "plan_flexible",
    "plan_for",
    "plan_immediate",
    "plan_sequential",
    "planned",
    "sequential_window",
    "slot_conflict",
]


def plan_for(
    avail: Availability, sessions: Sequence[SessionState], starts: Sequence[datetime]
) -> PlanResult:
    """Plan a request by the service's strategy.

    immediate: `starts[0]` is session 1 (the whole plan follows);
    sequential: `starts[0]` is the next session; flexible: every start is booked.
    """
    strategy = avail.service.booking_strategy
    if not starts:
        return Plan(sessions=())
    avail = with_own_sessions(avail, sessions)
    if strategy is Strategy.FLEXIBLE:
        return plan_flexible(avail, sessions, starts)
    if strategy is Strategy.IMMEDIATE:
        if counted_sessions(sessions):
            return Conflict(
                rule=ConflictRule.NO_SESSIONS_LEFT,
                session=0,
                message="this plan is already booked; reschedule a session instead",
            )
        return plan_immediate(avail, starts[0])
    if strategy is Strategy.SEQUENTIAL:
        return plan_sequential(avail, sessions, starts[0])
    assert_never(strategy)
