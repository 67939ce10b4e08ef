"""The price rule (per session multiplies; a plan's price is due once, with its first
booking) and the one strategy rule (a single appointment books like flexible)."""

from __future__ import annotations

from typing import Any

import pytest

from bookbot.core.config import Service, Strategy
from bookbot.core.pricing import plan_price, price_due

from .core_testkit import service_data


def service(**fields: Any) -> Service:
    return Service.model_validate(service_data(**fields))


def test_a_per_session_price_multiplies_and_is_due_every_time() -> None:
    physio = service(price=120, price_per="session")
    assert plan_price(physio, 3) == 360
    assert price_due(physio, 2, first_booking=False) == 240


def test_a_plan_price_is_paid_once_with_the_first_booking() -> None:
    implant = service(price=3500, requires_multiple_sessions=True, total_sessions_required=3)
    assert plan_price(implant, 3) == 3500
    assert price_due(implant, 1, first_booking=True) == 3500
    assert price_due(implant, 1, first_booking=False) is None


def test_a_price_on_request_has_no_amount() -> None:
    assert plan_price(service(), 2) is None
    assert price_due(service(price_per="session"), 2, first_booking=True) is None


@pytest.mark.parametrize("strategy", list(Strategy))
def test_a_plan_of_several_sessions_books_by_its_strategy(strategy: Strategy) -> None:
    plan = service(
        requires_multiple_sessions=True,
        total_sessions_required=3,
        multi_session_strategy=strategy.value,
    )
    assert plan.booking_strategy is strategy


@pytest.mark.parametrize("strategy", list(Strategy))
def test_a_single_appointment_books_like_flexible(strategy: Strategy) -> None:
    single = service(multi_session_strategy=strategy.value)
    one_of_a_plan = service(
        requires_multiple_sessions=True,
        total_sessions_required=1,
        multi_session_strategy=strategy.value,
    )
    assert single.booking_strategy is Strategy.FLEXIBLE
    assert one_of_a_plan.booking_strategy is Strategy.FLEXIBLE
