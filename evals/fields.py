"""Reading typed fields out of located YAML, with errors that name the line.

Every reader raises `Invalid(line, message)`; the case loader turns the first
one into the case's `CaseError`. Messages say what was expected and what was
found, in the terms of the case file ("step 3: user must be a string, but YAML
read yes as a boolean: write it in quotes").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bookbot.evals.located import LocatedList, LocatedMap, Mark
from bookbot.store.customers import normalize_phone

_LOCAL = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2})?$")
_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class Invalid(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def kind_of(value: Any, mark: Mark | None = None) -> str:
    """How YAML read a value, for error messages."""
    raw = f" {mark.raw}" if mark is not None and mark.raw is not None else ""
    if isinstance(value, bool):
        return f"a boolean ({raw.strip() or value})"
    if value is None:
        return "nothing (null)"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, LocatedMap | dict):
        return "a mapping"
    if isinstance(value, LocatedList | list):
        return "a list"
    return f"{type(value).__name__}"


def _type_word(value: Any) -> str:
    return "a boolean" if isinstance(value, bool) else "a number"


def mapping(value: Any, line: int, what: str) -> LocatedMap:
    if not isinstance(value, LocatedMap):
        raise Invalid(line, f"{what} must be a mapping (key: value), got {kind_of(value)}")
    return value


def items(value: Any, line: int, what: str) -> LocatedList:
    if not isinstance(value, LocatedList):
        raise Invalid(line, f"{what} must be a list, got {kind_of(value)}")
    return value


def check_keys(
    data: LocatedMap, what: str, *, allowed: Iterable[str], required: Iterable[str] = ()
) -> None:
    known = list(allowed)
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"
            raise Invalid(data.mark(key).line, f"{what}: unknown key {key!r}{hint}")
    for key in required:
        if key not in data:
            raise Invalid(data.line, f"{what}: missing key {key!r}")


def text(data: LocatedMap, key: str, what: str, *, required: bool = True) -> str | None:
    """A string field; a boolean or number YAML made of unquoted text is refused."""
    if key not in data:
        if required:
            raise Invalid(data.line, f"{what}: missing key {key!r}")
        return None
    value, mark = data[key], data.mark(key)
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float) and mark.raw is not None:
        raise Invalid(
            mark.line,
            f"{what}: {key} must be a string, but YAML read {mark.raw} as {_type_word(value)}; "
            f'write it in quotes: "{mark.raw}"',
        )
    raise Invalid(mark.line, f"{what}: {key} must be a string, got {kind_of(value, mark)}")


def strings(data: LocatedMap, key: str, what: str) -> tuple[str, ...]:
    """A list of strings (a single string counts as a list of one)."""
    if key not in data:
        return ()
    value, line = data[key], data.mark(key).line
    if isinstance(value, str):
        return (value,)
    listed = items(value, line, f"{what}: {key}")
    out = []
    for index, item in enumerate(listed):
        mark = listed.mark(index)
        if not isinstance(item, str):
            hint = f'; write it in quotes: "{mark.raw}"' if mark.raw is not None else ""
            raise Invalid(
                mark.line,
                f"{what}: {key}[{index + 1}] must be a string, got {kind_of(item, mark)}{hint}",
            )
        out.append(item)
    return tuple(out)


def integer(data: LocatedMap, key: str, what: str, *, minimum: int = 0) -> int:
    value, mark = data[key], data.mark(key)
    if isinstance(value, bool) or not isinstance(value, int):
        found = kind_of(value, mark)
        raise Invalid(mark.line, f"{what}: {key} must be a whole number, got {found}")
    if value < minimum:
        raise Invalid(mark.line, f"{what}: {key} must be at least {minimum}, got {value}")
    return value


def boolean(data: LocatedMap, key: str, what: str, *, default: bool) -> bool:
    if key not in data:
        return default
    value, mark = data[key], data.mark(key)
    if not isinstance(value, bool):
        raise Invalid(mark.line, f"{what}: {key} must be true or false, got {kind_of(value, mark)}")
    return value


def local_datetime(data: LocatedMap, key: str, what: str, zone: ZoneInfo) -> datetime:
    """`2026-03-10T14:00` (or with a space, or seconds), local to the business."""
    raw = text(data, key, what)
    assert raw is not None
    line = data.mark(key).line
    value = raw.strip()
    if _DAY.match(value):
        raise Invalid(line, f"{what}: {key} {value} needs a time of day, like {value}T09:00")
    if not _LOCAL.match(value):
        raise Invalid(
            line,
            f"{what}: {key} {value!r} is not a local date and time like 2026-03-10T14:00 "
            "(times are local to the business; no offset)",
        )
    day, _, clock = value.replace(" ", "T").partition("T")
    try:
        hour, minute, second = _clock(clock)
        return datetime(*_parts(day), hour, minute, second, tzinfo=zone)
    except ValueError as exc:
        raise Invalid(line, f"{what}: {key} {value} is not a real date and time: {exc}") from None


def calendar_day(raw: Any, mark: Mark, what: str) -> date:
    if not isinstance(raw, str) or not _DAY.match(raw.strip()):
        raise Invalid(mark.line, f"{what}: {raw!r} is not a date like 2026-03-24")
    try:
        return date(*_parts(raw.strip()))
    except ValueError as exc:
        raise Invalid(mark.line, f"{what}: {raw} is not a real date: {exc}") from None


def pattern(raw: str, line: int, what: str) -> re.Pattern[str]:
    try:
        return re.compile(raw)
    except re.error as exc:
        raise Invalid(line, f"{what}: {raw!r} is not a valid regular expression: {exc}") from None


def _parts(day: str) -> tuple[int, int, int]:
    year, month, dom = (int(p) for p in day.split("-"))
    return year, month, dom


def _clock(clock: str) -> tuple[int, int, int]:
    parts = [int(p) for p in clock.split(":")] + [0]
    return parts[0], parts[1], parts[2]


def phone(data: LocatedMap, key: str, what: str) -> str:
    """A phone number; an unquoted +4179... (read by YAML as a number) is accepted."""
    value, mark = data[key], data.mark(key)
    raw = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(raw, str):
        raise Invalid(mark.line, f"{what}: {key} must be a phone number, got {kind_of(value)}")
    try:
        return normalize_phone(raw)
    except ValueError as exc:
        raise Invalid(mark.line, f"{what}: {exc}") from None
