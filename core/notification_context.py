"""What every part of the notification policy shares: the business clock, the
wording, and `NoticeContext.message`, which renders one due message (with its text
for the day after, when it says 'today' or 'tomorrow')."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bookbot.core import notification_texts as words
from bookbot.core.config import Business, Service
from bookbot.core.errors import NotFoundError
from bookbot.core.notification_model import Completion, DueMessage, GroupState, Kind
from bookbot.core.quiet_hours import after_quiet_hours
from bookbot.core.types import BookingStatus

Fields = Mapping[str, str] | Callable[[date], Mapping[str, str]]
"""A message's fields, or a function of the day it is read on."""
COMPLETION_LOOKBACK = timedelta(days=7)
"""A completion recorded longer ago than this is not announced any more."""


@dataclass(frozen=True, slots=True)
class NoticeContext:
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
        return event.announce and self.now - COMPLETION_LOOKBACK < utc(event.at) <= self.now

    def date(self, day: date) -> str:
        return words.day_text(self.language, day)

    def message(
        self,
        key: str,
        kind: Kind,
        group: GroupState,
        text_id: str,
        fields: Fields,
        due: datetime,
        *,
        stale_after: datetime | None = None,
        booking_id: int | None = None,
    ) -> DueMessage:
        """The message `text_id` with `fields`; fields that depend on the day it is
        read on ('tomorrow') are a function of that day, and the message carries its
        text for the send day and for the day after."""
        send = self.send_after(utc(due))
        written_for = self.day(send)
        out = words.render(text_id, self.language, _on(fields, written_for))
        next_day = None
        if callable(fields):
            later = words.render(text_id, self.language, fields(written_for + timedelta(days=1)))
            next_day = (later.text, later.params)
        return DueMessage(
            key=key,
            kind=kind,
            customer=group.customer,
            text=out.text,
            template=out.template,
            language=out.language,
            params=out.params,
            due_at=utc(due),
            send_after=send,
            stale_after=stale_after,
            booking_id=booking_id,
            written_for=written_for if callable(fields) else None,
            next_day=next_day,
        )


def _on(fields: Fields, day: date) -> Mapping[str, str]:
    return fields(day) if callable(fields) else fields


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def service_of(business: Business, service_id: str) -> Service | None:
    try:
        return business.service(service_id)
    except NotFoundError:
        return None


def unit_of(service: Service) -> str:
    """'lesson' when the service speaks of lessons (name or trigger words), else 'session'."""
    text = f"{service.name} {' '.join(service.trigger_words)}".lower()
    return "lesson" if "lesson" in text else "session"


def label(ctx: NoticeContext, service: Service, number: int, total: int) -> str:
    name = service.session_name(number)
    return words.label(ctx.language, unit_of(service), number, total, name)


def count(ctx: NoticeContext, service: Service, n: int) -> str:
    return words.count_text(ctx.language, n, unit_of(service))


def counted(group: GroupState, status: BookingStatus) -> int:
    return sum(1 for s in group.sessions if s.status is status)
