"""The 24-hour customer service window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bookbot.api.whatsapp import service_window_closes_at, within_service_window

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ago", "open_"),
    [
        (timedelta(0), True),
        (timedelta(hours=23, minutes=59, seconds=59), True),
        (timedelta(hours=24), False),
        (timedelta(days=3), False),
        (timedelta(minutes=-5), True),  # a clock a little ahead of ours
    ],
)
def test_window_is_open_for_less_than_24_hours(ago: timedelta, open_: bool) -> None:
    assert within_service_window(NOW - ago, NOW) is open_


def test_no_inbound_message_means_no_window() -> None:
    assert within_service_window(None, NOW) is False


def test_timezones_compare_as_instants() -> None:
    zurich_winter = timezone(timedelta(hours=1))
    last = datetime(2026, 3, 1, 10, 30, tzinfo=zurich_winter)  # 09:30 UTC
    assert within_service_window(last, NOW)
    assert not within_service_window(last, NOW + timedelta(minutes=30))


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 3, 2, 8, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="last_inbound_at"):
        within_service_window(naive, NOW)
    with pytest.raises(ValueError, match="now"):
        within_service_window(NOW, naive)


def test_closes_at() -> None:
    assert service_window_closes_at(NOW) == NOW + timedelta(hours=24)
