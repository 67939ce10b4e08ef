"""core.analytics against a small dataset whose every figure was worked out by hand.

Three services: `implant` (immediate, 3 sessions, 14 then 30 days), `physio`
(sequential, 4 sessions, 2..7 days, target 3) and `driving` (flexible, 5
lessons, no maximum). `now` is 2026-06-01 12:00 in Zurich. Statuses:
C completed, N no-show, B booked (confirmed), X cancelled.

    plan  service  strategy   status     sessions                                  done
    I1    implant  immediate  completed  1C 03-10, 2C 03-24, 3C 04-24               3
    I2    implant  immediate  cancelled  1C 03-11, 2X 03-25, 3X 04-24               1
    I3    implant  immediate  active     1N 03-12, 1C 03-19, 2C 04-02, 3B 06-05     2
    P1    physio   sequential completed  1C 04-01, 2C 04-04, 3C 04-13, 4C 04-14     4
    P2    physio   sequential active     1C 04-06, 2N 04-08, 2C 04-10, 3B 06-03     2
    P3    physio   sequential cancelled  1C 04-20                                   1
    P4    physio   sequential cancelled  1X 05-01                                   0
    P5    physio   immediate  completed  1C 05-04, 2C 05-07, 3C 05-11, 4C 05-14     4
    D1    driving  flexible   active, expired 05-01: 1C 02-02, 2C 02-04, 3N 02-09  2
    D2    driving  flexible   active, expires 08-01: 1C 05-04, 2B 06-02, 3B 06-04  1
    D3    driving  flexible   completed  1C 03-02, 2C 03-04, 3C 03-09, 4C 03-11, 5C 03-16
    D4    driving  flexible   active, no expiry: 1B 06-08                           0
    R1    retired  flexible   completed  (a service no longer configured: ignored)

P5 was sold while physio was an immediate plan, so it counts as immediate.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bookbot.core.analytics import (
    Analytics,
    DropOffStep,
    GapStats,
    PlanCounts,
    PlanFacts,
    PlanStatus,
    ServiceAnalytics,
    analyze,
)
from bookbot.core.config import Business, Strategy, parse_business
from bookbot.core.types import BookingStatus, SessionState
from tests.core.core_testkit import ZURICH

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=ZURICH)
STATUS = {
    "C": BookingStatus.COMPLETED,
    "N": BookingStatus.NO_SHOW,
    "B": BookingStatus.CONFIRMED,
    "X": BookingStatus.CANCELLED,
}


def business() -> Business:
    return parse_business(
        {
            "name": "Analytics Praxis",
            "timezone": "Europe/Zurich",
            "services": [
                {
                    "id": "implant",
                    "name": "Implant",
                    "requires_multiple_sessions": True,
                    "total_sessions_required": 3,
                    "multi_session_strategy": "immediate",
                    "session_buffer_config": {"session_1_to_2_days": 14, "session_2_to_3_days": 30},
                },
                {
                    "id": "physio",
                    "name": "Physio",
                    "requires_multiple_sessions": True,
                    "total_sessions_required": 4,
                    "multi_session_strategy": "sequential",
                    "session_buffer_config": {
                        "minimum_days": 2,
                        "maximum_days": 7,
                        "recommended_days": 3,
                    },
                },
                {
                    "id": "driving",
                    "name": "Driving",
                    "requires_multiple_sessions": True,
                    "total_sessions_required": 5,
                    "multi_session_strategy": "flexible",
                    "session_buffer_config": {"minimum_days": 0},
                    "package_expiry_days": 90,
                },
            ],
        }
    )


def plan(
    service: str,
    strategy: Strategy,
    status: PlanStatus,
    total: int,
    sessions: str,
    expires: str | None = None,
) -> PlanFacts:
    """`sessions` like "1C 03-10 2B 06-05": number+status, then month-day at 14:00."""
    words = sessions.split()
    states = []
    for head, day in zip(words[::2], words[1::2], strict=True):
        month, dom = (int(x) for x in day.split("-"))
        start = datetime(2026, month, dom, 14, 0, tzinfo=ZURICH)
        states.append(
            SessionState(int(head[:-1]), start, start + timedelta(hours=1), STATUS[head[-1]])
        )
    expires_at = None
    if expires is not None:
        month, dom = (int(x) for x in expires.split("-"))
        expires_at = datetime(2026, month, dom, 0, 0, tzinfo=ZURICH)
    return PlanFacts(service, strategy, total, status, expires_at, tuple(states))


IMM, SEQ, FLEX = Strategy.IMMEDIATE, Strategy.SEQUENTIAL, Strategy.FLEXIBLE
ACTIVE, DONE, CANCELLED = PlanStatus.ACTIVE, PlanStatus.COMPLETED, PlanStatus.CANCELLED

PLANS = (
    plan("implant", IMM, DONE, 3, "1C 03-10 2C 03-24 3C 04-24"),
    plan("implant", IMM, CANCELLED, 3, "1C 03-11 2X 03-25 3X 04-24"),
    plan("implant", IMM, ACTIVE, 3, "1N 03-12 1C 03-19 2C 04-02 3B 06-05"),
    plan("physio", SEQ, DONE, 4, "1C 04-01 2C 04-04 3C 04-13 4C 04-14"),
    plan("physio", SEQ, ACTIVE, 4, "1C 04-06 2N 04-08 2C 04-10 3B 06-03"),
    plan("physio", SEQ, CANCELLED, 4, "1C 04-20"),
    plan("physio", SEQ, CANCELLED, 4, "1X 05-01"),
    plan("physio", IMM, DONE, 4, "1C 05-04 2C 05-07 3C 05-11 4C 05-14"),
    plan("driving", FLEX, ACTIVE, 5, "1C 02-02 2C 02-04 3N 02-09", expires="05-01"),
    plan("driving", FLEX, ACTIVE, 5, "1C 05-04 2B 06-02 3B 06-04", expires="08-01"),
    plan("driving", FLEX, DONE, 5, "1C 03-02 2C 03-04 3C 03-09 4C 03-11 5C 03-16"),
    plan("driving", FLEX, ACTIVE, 5, "1B 06-08"),
    plan("retired", FLEX, DONE, 1, "1C 03-02"),
)


@pytest.fixture(scope="module")
def result() -> Analytics:
    biz = business()
    return analyze(PLANS, biz.services, now=NOW, zone=biz.zone)


def by_service(result: Analytics, service_id: str) -> ServiceAnalytics:
    return next(s for s in result.services if s.service_id == service_id)


def test_completion_rate_per_service(result: Analytics) -> None:
    assert by_service(result, "implant").plans == PlanCounts(3, 1, 1, 1, 0, 1 / 2)
    assert by_service(result, "physio").plans == PlanCounts(5, 1, 2, 2, 0, 2 / 4)
    # D1 expired with lessons left: it ended without completing.
    assert by_service(result, "driving").plans == PlanCounts(4, 2, 1, 0, 1, 1 / 2)


def test_completion_rate_per_strategy_counts_each_plan_by_its_own_strategy(
    result: Analytics,
) -> None:
    rates = {s.strategy: s.plans for s in result.strategies}
    assert rates[Strategy.IMMEDIATE] == PlanCounts(4, 1, 2, 1, 0, 2 / 3)  # I1-I3 and P5
    assert rates[Strategy.SEQUENTIAL] == PlanCounts(4, 1, 1, 2, 0, 1 / 3)  # P1-P4
    assert rates[Strategy.FLEXIBLE] == PlanCounts(4, 2, 1, 0, 1, 1 / 2)


def test_overall_counts_leave_out_services_no_longer_configured(result: Analytics) -> None:
    assert result.overall == PlanCounts(12, 4, 4, 3, 1, 4 / 8)


def test_no_show_rate_counts_completed_and_missed_sessions_only(result: Analytics) -> None:
    assert (result.attendance.completed, result.attendance.no_shows) == (25, 3)
    assert result.attendance.no_show_rate == pytest.approx(3 / 28)
    implant = by_service(result, "implant").attendance
    assert (implant.completed, implant.no_shows, implant.no_show_rate) == (6, 1, 1 / 7)
    physio = by_service(result, "physio").attendance
    assert (physio.completed, physio.no_shows, physio.no_show_rate) == (11, 1, 1 / 12)
    driving = by_service(result, "driving").attendance
    assert (driving.completed, driving.no_shows, driving.no_show_rate) == (8, 1, 1 / 9)
    strategies = {s.strategy: s.attendance for s in result.strategies}
    assert strategies[Strategy.IMMEDIATE].no_show_rate == pytest.approx(1 / 11)
    assert strategies[Strategy.SEQUENTIAL].no_show_rate == pytest.approx(1 / 8)


def test_drop_off_by_session_number_per_service(result: Analytics) -> None:
    assert by_service(result, "implant").drop_off == (
        DropOffStep(1, eligible=3, reached=3, dropped=0, drop_rate=0.0),
        DropOffStep(2, eligible=3, reached=2, dropped=1, drop_rate=1 / 3),  # I2 cancelled
        DropOffStep(3, eligible=2, reached=1, dropped=0, drop_rate=0.0),  # I3 still active
    )
    assert by_service(result, "physio").drop_off == (
        DropOffStep(1, eligible=5, reached=4, dropped=1, drop_rate=1 / 5),  # P4
        DropOffStep(2, eligible=4, reached=3, dropped=1, drop_rate=1 / 4),  # P3
        DropOffStep(3, eligible=3, reached=2, dropped=0, drop_rate=0.0),
        DropOffStep(4, eligible=2, reached=2, dropped=0, drop_rate=0.0),
    )
    driving = by_service(result, "driving").drop_off
    assert driving[2] == DropOffStep(3, eligible=2, reached=1, dropped=1, drop_rate=1 / 2)  # D1
    assert [s.reached for s in driving] == [3, 2, 1, 1, 1]


def test_drop_off_summed_over_services(result: Analytics) -> None:
    assert result.drop_off == (
        DropOffStep(1, eligible=12, reached=10, dropped=1, drop_rate=1 / 12),
        DropOffStep(2, eligible=10, reached=7, dropped=2, drop_rate=2 / 10),
        DropOffStep(3, eligible=7, reached=4, dropped=1, drop_rate=1 / 7),
        DropOffStep(4, eligible=3, reached=3, dropped=0, drop_rate=0.0),
        DropOffStep(5, eligible=1, reached=1, dropped=0, drop_rate=0.0),
    )


def test_time_between_sessions_against_the_buffers(result: Analytics) -> None:
    # Mar 24 -> Apr 24 crosses the DST change: 31 local calendar days, not 30 UTC days.
    assert by_service(result, "implant").gaps == (
        GapStats(
            1,
            14,
            None,
            14,
            count=2,
            average_days=14.0,
            shortest_days=14,
            longest_days=14,
            early=0,
            on_time=2,
            late=0,
        ),
        GapStats(
            2,
            30,
            None,
            30,
            count=1,
            average_days=31.0,
            shortest_days=31,
            longest_days=31,
            early=0,
            on_time=1,
            late=0,
        ),
    )
    physio = by_service(result, "physio").gaps
    assert physio[0].average_days == pytest.approx(10 / 3)
    assert physio[0] == GapStats(
        1,
        2,
        7,
        3,
        count=3,
        average_days=physio[0].average_days,
        shortest_days=3,
        longest_days=4,
        early=0,
        on_time=3,
        late=0,
    )
    assert physio[1] == GapStats(
        2,
        2,
        7,
        3,
        count=2,
        average_days=6.5,
        shortest_days=4,
        longest_days=9,
        early=0,
        on_time=1,
        late=1,
    )
    assert physio[2] == GapStats(
        3,
        2,
        7,
        3,
        count=2,
        average_days=2.0,
        shortest_days=1,
        longest_days=3,
        early=1,
        on_time=1,
        late=0,
    )
    driving = by_service(result, "driving").gaps
    assert [(g.after_session, g.count, g.average_days) for g in driving] == [
        (1, 2, 2.0),
        (2, 1, 5.0),
        (3, 1, 2.0),
        (4, 1, 5.0),
    ]


def test_a_plan_expires_at_its_expiry_moment_not_before() -> None:
    facts = plan("driving", FLEX, ACTIVE, 5, "1C 05-04", expires="06-01")
    midnight = datetime(2026, 6, 1, 0, 0, tzinfo=ZURICH)
    assert facts.expired(midnight)
    assert not facts.expired(midnight - timedelta(seconds=1))


def test_no_plans_gives_no_rates() -> None:
    biz = business()
    empty = analyze((), biz.services, now=NOW, zone=biz.zone)
    assert empty.overall == PlanCounts(0, 0, 0, 0, 0, None)
    assert empty.attendance.no_show_rate is None
    assert [g.average_days for g in empty.services[0].gaps] == [None, None]
    assert empty.drop_off[0] == DropOffStep(1, 0, 0, 0, None)
