"""An eval case as the runner sees it: validated, typed, times resolved.

The YAML format is the contract in DESIGN.md ("Eval cases"); `case_loader`
turns a file into a `Case` or a `CaseError` that names the file and the line.
Times are aware datetimes in the business timezone; phones are E.164.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from fnmatch import fnmatchcase
from pathlib import Path

from bookbot.core.config import Business
from bookbot.core.types import BookingStatus
from bookbot.evals.tool_checks import ToolCheck

ADMIN_ACTIONS: dict[str, BookingStatus] = {
    "complete": BookingStatus.COMPLETED,
    "no_show": BookingStatus.NO_SHOW,
    "cancel": BookingStatus.CANCELLED,
}


@dataclass(frozen=True, slots=True)
class Customer:
    phone: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Expect:
    """The checks of one step; every one is optional."""

    tools: tuple[ToolCheck, ...] = ()
    tools_not: tuple[str, ...] = ()
    reply_contains: tuple[str, ...] = ()
    reply_matches: tuple[re.Pattern[str], ...] = ()
    reply_not_matches: tuple[re.Pattern[str], ...] = ()
    reply_mentions_dates: tuple[date, ...] = ()
    outbound_matches: tuple[re.Pattern[str], ...] = ()
    outbound_count: int | None = None
    outbound_to: str | None = None
    """Only messages to this phone count (default: every message sent in the step)."""

    def checks_something(self) -> bool:
        return any(
            (self.tools, self.tools_not, self.reply_contains, self.reply_matches,
             self.reply_not_matches, self.reply_mentions_dates, self.outbound_matches,
             self.outbound_count is not None)
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class UserStep:
    """A customer message, sent through the same path as a WhatsApp message."""

    text: str
    line: int
    expect: Expect = field(default_factory=Expect)


@dataclass(frozen=True, slots=True)
class AdvanceStep:
    """Move the frozen clock forward to `to`."""

    to: datetime
    line: int


@dataclass(frozen=True, slots=True)
class AdminStep:
    """An admin records a session's outcome: complete, no_show or cancel."""

    action: str
    service: str
    session: int
    customer: str
    line: int

    @property
    def status(self) -> BookingStatus:
        return ADMIN_ACTIONS[self.action]


@dataclass(frozen=True, slots=True)
class WorkerStep:
    """One run of the proactive-message worker at the clock."""

    line: int
    expect: Expect = field(default_factory=Expect)


Step = UserStep | AdvanceStep | AdminStep | WorkerStep


@dataclass(frozen=True, slots=True)
class BookingSpec:
    """One booking of `setup` or `final`; `of` is the plan's session count."""

    customer: str
    service: str
    session: int
    of: int
    start: datetime
    status: BookingStatus
    line: int


@dataclass(frozen=True, slots=True)
class Final:
    partial: bool
    bookings: tuple[BookingSpec, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    file: Path
    description: str
    tags: tuple[str, ...]
    business: Business
    now: datetime
    customer: Customer
    setup: tuple[BookingSpec, ...]
    steps: tuple[Step, ...]
    final: Final | None

    def matches(self, wanted: str) -> bool:
        """`--filter`: the case's id or one of its tags, or a glob of them ('guide-*')."""
        return any(fnmatchcase(name, wanted) for name in (self.id, *self.tags))


@dataclass(frozen=True, slots=True)
class CaseError:
    """A case file that cannot run; `line` 0 when the problem has no line."""

    file: Path
    line: int
    message: str
    id: str | None = None
    tags: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.message}"

    def matches(self, wanted: str) -> bool:
        names = (self.id, *self.tags) if self.id is not None else ()
        return self.id is None or any(fnmatchcase(name, wanted) for name in names)
