"""Business configuration: the pydantic models behind the business YAML contract.

Parsing is pure: `parse_business(mapping)` takes what a YAML loader returned and
either gives a frozen `Business` or raises `ConfigError` whose message names each
bad field (`services[0].session_buffer_config.session_4_to_5_days: ...`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from enum import StrEnum
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bookbot.core.config_errors import describe_validation_error
from bookbot.core.contact import Contact
from bookbot.core.errors import ConfigError, NotFoundError

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PAIR_KEY = re.compile(r"^session_(\d+)_to_(\d+)_days$")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
MAX_DAYS = 3650
"""Every day count (gaps, expiry, notification days) is at most ten years."""
MAX_HOURS = MAX_DAYS * 24


class Strategy(StrEnum):
    IMMEDIATE = "immediate"
    SEQUENTIAL = "sequential"
    FLEXIBLE = "flexible"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimeRange(_Frozen):
    """A local opening interval on one day, `start` < `end`."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> TimeRange:
        match = _RANGE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a time range like '08:00-12:00'")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h2 == 24 and m2 == 0:
            h2, m2 = 23, 59
        for hour, minute in ((h1, m1), (h2, m2)):
            if hour > 23 or minute > 59:
                raise ValueError(f"{text!r} has a time that does not exist")
        start, end = time(h1, m1), time(h2, m2)
        if start >= end:
            raise ValueError(f"{text!r} ends before it starts")
        return cls(start=start, end=end)

    @property
    def start_minutes(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minutes(self) -> int:
        return self.end.hour * 60 + self.end.minute

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


class Gap(_Frozen):
    """Allowed days between the local start dates of session k and k+1."""

    minimum: int
    maximum: int | None
    target: int


class BufferConfig(_Frozen):
    """`session_buffer_config` in every form the product guide uses."""

    default_days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    minimum_days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    maximum_days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    recommended_days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    suggested_frequency: str | None = None
    recommended_frequency: str | None = None
    pair_days: dict[int, int] = Field(
        default_factory=dict,
        description="session_N_to_{N+1}_days, keyed by N",
    )

    @model_validator(mode="before")
    @classmethod
    def _collect_pairs(cls, data: Any) -> Any:
        if data is None:
            return {}
        if not isinstance(data, Mapping):
            raise ValueError("must be a mapping of buffer settings")
        out: dict[str, Any] = {}
        pairs: dict[int, int] = {}
        for key, value in data.items():
            match = _PAIR_KEY.match(str(key))
            if match is None:
                out[str(key)] = value
                continue
            first, second = int(match.group(1)), int(match.group(2))
            if first < 1 or second != first + 1:
                raise ValueError(f"{key}: must name consecutive sessions, like session_1_to_2_days")
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{key}: must be a whole number of days, got {value!r}")
            if not 0 <= value <= MAX_DAYS:
                raise ValueError(f"{key}: must be from 0 to {MAX_DAYS} days, got {value}")
            pairs[first] = value
        if pairs:
            out["pair_days"] = pairs
        return out

    @model_validator(mode="after")
    def _check_range(self) -> BufferConfig:
        # the minimum of a gap without its own days: default_days, else minimum_days
        low = self.default_days
        if low is None:
            low = self.minimum_days
        high = self.maximum_days
        if high is not None:
            # default_days is a minimum too (it wins over minimum_days in `gap`).
            minimums = (("minimum_days", self.minimum_days), ("default_days", self.default_days))
            for name, days in minimums:
                if days is not None and days > high:
                    raise ValueError(f"{name} ({days}) is above maximum_days ({high})")
        rec = self.recommended_days
        if rec is not None and high is not None and rec > high:
            raise ValueError(f"recommended_days ({rec}) is above maximum_days ({high})")
        if rec is not None and low is not None and rec < low:
            raise ValueError(f"recommended_days ({rec}) is below the minimum ({low})")
        for first, days in self.pair_days.items():
            if high is not None and days > high:
                raise ValueError(
                    f"session_{first}_to_{first + 1}_days ({days}) is above maximum_days ({high})"
                )
        return self

    def gap(self, k: int) -> Gap:
        """The gap rule from session k to k+1 (DESIGN.md's scheduling rules)."""
        minimum = self.pair_days.get(k)
        if minimum is None:
            minimum = self.default_days
        if minimum is None:
            minimum = self.minimum_days
        if minimum is None:
            minimum = 0
        target = self.recommended_days if self.recommended_days is not None else minimum
        target = max(target, minimum)
        return Gap(minimum=minimum, maximum=self.maximum_days, target=target)

    @property
    def frequency_text(self) -> str | None:
        return self.recommended_frequency or self.suggested_frequency


class SessionSpec(_Frozen):
    name: str | None = None
    duration_minutes: int | None = Field(default=None, gt=0, le=24 * 60)


class Service(_Frozen):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str = Field(min_length=1)
    description: str | None = None
    trigger_words: tuple[str, ...] = ()
    price: float | None = Field(default=None, ge=0)
    price_per: Literal["plan", "session"] = "plan"
    capacity: int = Field(default=1, ge=1)
    duration_minutes: int = Field(default=60, gt=0, le=24 * 60)
    requires_multiple_sessions: bool = False
    total_sessions_required: int = Field(default=1, ge=1, le=100)
    multi_session_strategy: Strategy = Strategy.FLEXIBLE
    session_buffer_config: BufferConfig = Field(default_factory=BufferConfig)
    sessions: tuple[SessionSpec, ...] = ()
    package_expiry_days: int | None = Field(default=None, ge=1, le=MAX_DAYS)

    @field_validator("session_buffer_config", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return {} if value is None else value

    @model_validator(mode="after")
    def _check_sessions(self) -> Service:
        n = self.total_sessions_required
        if n > 1 and not self.requires_multiple_sessions:
            raise ValueError(
                f"total_sessions_required is {n} but requires_multiple_sessions is false"
            )
        if self.sessions and len(self.sessions) != n:
            raise ValueError(
                f"sessions lists {len(self.sessions)} entries for a {n}-session plan "
                "(list every session, or leave sessions out)"
            )
        for first in sorted(self.session_buffer_config.pair_days):
            if first + 1 > n:
                raise ValueError(
                    f"session_buffer_config.session_{first}_to_{first + 1}_days does not fit "
                    f"a {n}-session plan"
                )
        return self

    @property
    def total_sessions(self) -> int:
        return self.total_sessions_required

    @property
    def strategy(self) -> Strategy:
        """The configured `multi_session_strategy` (see `booking_strategy` for the rule)."""
        return self.multi_session_strategy

    @property
    def booking_strategy(self) -> Strategy:
        """The strategy its bookings follow: the configured one for a plan of several
        sessions; a single appointment books like flexible (any free slot)."""
        if self.requires_multiple_sessions and self.total_sessions > 1:
            return self.multi_session_strategy
        return Strategy.FLEXIBLE

    def session_duration(self, number: int) -> int:
        """Minutes that session `number` (1-based) occupies."""
        if 1 <= number <= len(self.sessions):
            own = self.sessions[number - 1].duration_minutes
            if own is not None:
                return own
        return self.duration_minutes

    def session_name(self, number: int) -> str | None:
        if 1 <= number <= len(self.sessions):
            return self.sessions[number - 1].name
        return None

    def gap(self, k: int) -> Gap:
        return self.session_buffer_config.gap(k)

    @property
    def max_duration(self) -> int:
        return max(self.session_duration(k) for k in range(1, self.total_sessions + 1))


def _day_ranges(raw_day: object, ranges: Any) -> tuple[TimeRange, ...]:
    """One weekday's opening ranges ('HH:MM-HH:MM', one or a list), sorted; ranges
    that overlap are refused naming the day."""
    if ranges is None:
        ranges = []
    if isinstance(ranges, str):
        ranges = [ranges]
    if not isinstance(ranges, list | tuple):
        raise ValueError(f"{raw_day}: must be a list of 'HH:MM-HH:MM' ranges")
    try:
        parsed = [r if isinstance(r, TimeRange) else TimeRange.parse(str(r)) for r in ranges]
    except ValueError as exc:
        raise ValueError(f"{raw_day}: {exc}") from None
    items = sorted(parsed, key=lambda r: r.start)
    for before, after in zip(items, items[1:], strict=False):
        if after.start < before.end:
            raise ValueError(f"{raw_day}: ranges {before} and {after} overlap")
    return tuple(items)


class Notifications(_Frozen):
    """Optional `notifications:` block: when proactive messages go out."""

    reminder_hours: int = Field(default=24, ge=0, le=MAX_HOURS)
    checkin_idle_days: int = Field(default=14, ge=1, le=MAX_DAYS)
    expiry_warning_days: int = Field(default=14, ge=0, le=MAX_DAYS)
    quiet_hours: TimeRange | None = Field(default_factory=lambda: _quiet("21:00-08:00"))

    @field_validator("quiet_hours", mode="before")
    @classmethod
    def _parse_quiet(cls, value: Any) -> Any:
        if value is None or value is False or isinstance(value, TimeRange):
            return None if value is False else value  # YAML reads an unquoted off as false
        if isinstance(value, str):
            if value.strip().lower() in ("", "none", "off"):
                return None
            return _quiet(value)
        raise ValueError("must be a text like '21:00-08:00'")


def _quiet(text: str) -> TimeRange:
    """Quiet hours may wrap midnight, so start > end is allowed here."""
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a time range like '21:00-08:00'")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if max(h1, h2) > 23 or max(m1, m2) > 59:
        raise ValueError(f"{text!r} has a time that does not exist")
    return TimeRange.model_construct(start=time(h1, m1), end=time(h2, m2))


class Business(_Frozen):
    name: str = Field(min_length=1)
    timezone: str = "UTC"
    currency: str = "CHF"
    slot_step_minutes: int = Field(default=30, gt=0, le=24 * 60)
    min_notice_hours: float = Field(default=2, ge=0, le=MAX_HOURS)
    reschedule_notice_hours: float = Field(default=48, ge=0, le=MAX_HOURS)
    hours: dict[str, tuple[TimeRange, ...]] = Field(default_factory=dict)
    closed: frozenset[date] = frozenset()
    services: tuple[Service, ...] = Field(min_length=1)
    notifications: Notifications = Field(default_factory=Notifications)
    contact: Contact | None = None
    """Optional `contact:` details (phone, email, address, website, hours_note)."""

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (use an IANA name)") from exc
        return value

    @field_validator("hours", mode="before")
    @classmethod
    def _parse_hours(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise ValueError("must map weekdays (mon..sun) to lists of 'HH:MM-HH:MM'")
        parsed: dict[str, tuple[TimeRange, ...]] = {}
        for raw_day, ranges in value.items():
            day = str(raw_day).strip().lower()[:3]
            if day not in WEEKDAYS:
                raise ValueError(f"{raw_day!r} is not a weekday (mon, tue, ... sun)")
            parsed[day] = _day_ranges(raw_day, ranges)
        return parsed

    @field_validator("closed", mode="before")
    @classmethod
    def _parse_closed(cls, value: Any) -> Any:
        if value is None:
            return frozenset()
        if not isinstance(value, list | tuple | set | frozenset):
            raise ValueError("must be a list of dates like 2026-04-03")
        out: set[date] = set()
        for item in value:
            if isinstance(item, date):
                out.add(item)
                continue
            try:
                out.add(date.fromisoformat(str(item)))
            except ValueError as exc:
                raise ValueError(f"{item!r} is not a date like 2026-04-03") from exc
        return frozenset(out)

    @field_validator("services")
    @classmethod
    def _unique_ids(cls, services: tuple[Service, ...]) -> tuple[Service, ...]:
        seen: dict[str, int] = {}
        for index, service in enumerate(services):
            if service.id in seen:
                raise ValueError(
                    f"services[{index}].id {service.id!r} is used twice "
                    f"(also services[{seen[service.id]}].id)"
                )
            seen[service.id] = index
        return services

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        known = ", ".join(s.id for s in self.services)
        raise NotFoundError(f"unknown service {service_id!r} (known: {known})")

    def opening(self, day: date) -> tuple[TimeRange, ...]:
        """Opening ranges on a local date; empty when closed."""
        if day in self.closed:
            return ()
        return self.hours.get(WEEKDAYS[day.weekday()], ())

    def is_open(self, day: date) -> bool:
        """Whether the business opens at all on a local date."""
        return bool(self.opening(day))


def parse_business(data: Any, *, source: str | None = None) -> Business:
    """Validate a mapping (as loaded from YAML) into a `Business`."""
    if not isinstance(data, Mapping):
        where = f" in {source}" if source else ""
        raise ConfigError(f"invalid business configuration{where}: expected a mapping at the top")
    try:
        return Business.model_validate(dict(data))
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, source=source)) from None
