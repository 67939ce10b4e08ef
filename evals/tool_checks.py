"""`tools:` checks: which tool calls a turn must make, how they must end, with what arguments.

An entry is a tool's name (`book_group`) or a mapping:

    tools:
      - propose_schedule
      - {name: book_group, error: true}            # the call must have failed
      - {name: propose_schedule, args: {starts: ["2026-03-10T14:00"]}}

A call satisfies an entry only when it *succeeded*, unless the entry says
`error: true` (then only a failed call does): a made-up proposal id that the
tool refused is not a booking. `args` is a subset match: every key given must
be in the call's arguments with an equal value (lists compare item by item,
mappings as subsets again), and dates or times compare by value in any ISO form
("2026-03-10T14:00", "2026-03-10 14:00:00").
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bookbot.evals import fields as f
from bookbot.evals.located import LocatedList, LocatedMap
from bookbot.tools.toolset import TOOL_NAMES


@dataclass(frozen=True, slots=True)
class ToolUse:
    """A tool call of a turn, as the checks see it."""

    name: str
    arguments: str
    ok: bool
    result: str = ""
    """The tool's answer as the model read it (JSON text)."""

    def __str__(self) -> str:
        mark = "" if self.ok else " [error]"
        return f"{self.name}({self.arguments}){mark}"


@dataclass(frozen=True, slots=True)
class ToolCheck:
    name: str
    error: bool = False
    args: Mapping[str, Any] = field(default_factory=dict)

    def satisfied_by(self, use: ToolUse) -> bool:
        if use.name != self.name or use.ok == self.error:
            return False
        return not self.args or _subset(self.args, _arguments(use))

    def __str__(self) -> str:
        extra = " (failed)" if self.error else ""
        if self.args:
            extra += f" with {json.dumps(_plain(self.args), ensure_ascii=False)}"
        return self.name + extra


def read_tool_checks(block: LocatedMap, key: str, what: str) -> tuple[ToolCheck, ...]:
    if key not in block:
        return ()
    listed = f.items(block[key], block.mark(key).line, f"{what}: {key}")
    return tuple(
        _entry(item, listed.mark(i).line, f"{what}: {key}") for i, item in enumerate(listed)
    )


def _entry(item: Any, line: int, what: str) -> ToolCheck:
    if isinstance(item, str):
        return ToolCheck(_known(item, line, what))
    data = f.mapping(item, line, what)
    f.check_keys(data, what, allowed=("name", "error", "args"), required=("name",))
    name = _known(f.text(data, "name", what) or "", data.mark("name").line, what)
    args: Mapping[str, Any] = {}
    if "args" in data:
        args = f.mapping(data["args"], data.mark("args").line, f"{what}: args")
        if not args:
            raise f.Invalid(data.mark("args").line, f"{what}: args is empty, so it checks nothing")
    return ToolCheck(name, f.boolean(data, "error", what, default=False), args)


def _known(name: str, line: int, what: str) -> str:
    if name not in TOOL_NAMES:
        raise f.Invalid(
            line, f"{what} names an unknown tool {name!r} (tools: {', '.join(TOOL_NAMES)})"
        )
    return name


def check_tool_calls(
    wanted: Sequence[ToolCheck], unwanted: Sequence[str], called: Sequence[ToolUse]
) -> list[str]:
    """Each wanted call in order (others may interleave); no unwanted tool at all."""
    failures = []
    position = 0
    for check in wanted:
        found = next(
            (i for i in range(position, len(called)) if check.satisfied_by(called[i])), None
        )
        if found is None:
            failures.append(_missing(check, wanted, called, position))
            break
        position = found + 1
    names = [use.name for use in called]
    for name in unwanted:
        if name in names:
            failures.append(f"tool {name} must not be called, got {_listing(called)}")
    return failures


def _missing(
    check: ToolCheck, wanted: Sequence[ToolCheck], called: Sequence[ToolUse], at: int
) -> str:
    if any(check.satisfied_by(use) for use in called[:at]):
        order = ", ".join(str(c) for c in wanted)
        return f"expected tools [{order}] in this order, got {_listing(called)}"
    return f"expected tool {check}, got {_listing(called)}"


def _listing(called: Sequence[ToolUse]) -> str:
    return "[" + ", ".join(use.name + ("" if use.ok else " [error]") for use in called) + "]"


def _arguments(use: ToolUse) -> Any:
    try:
        return json.loads(use.arguments or "{}")
    except json.JSONDecodeError:
        return None


def _subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Mapping):
        return isinstance(actual, dict) and all(
            key in actual and _subset(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(_subset(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(_value(expected) == _value(actual))


def _value(value: Any) -> Any:
    """Dates and times by value, whatever ISO form they were written in."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).replace(tzinfo=None)
        except ValueError:
            return value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, LocatedMap | dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, LocatedList | list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
