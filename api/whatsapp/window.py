"""WhatsApp's customer service window: free-form messages only within 24 hours of
the customer's last message; outside it, only an approved template may go out."""

from __future__ import annotations

from datetime import datetime, timedelta

SERVICE_WINDOW = timedelta(hours=24)


def within_service_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True while a free-form message may be sent: less than 24 hours since the last inbound.

    No inbound message at all means no window. Both datetimes must be aware.
    """
    _require_aware(now, "now")
    if last_inbound_at is None:
        return False
    _require_aware(last_inbound_at, "last_inbound_at")
    return now - last_inbound_at < SERVICE_WINDOW


def service_window_closes_at(last_inbound_at: datetime) -> datetime:
    """The moment the window opened by `last_inbound_at` closes."""
    _require_aware(last_inbound_at, "last_inbound_at")
    return last_inbound_at + SERVICE_WINDOW


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
