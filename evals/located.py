"""YAML with line numbers: every mapping and list remembers where its entries were.

PyYAML's `safe_load` forgets positions, so a case error could only say *what* is
wrong. `load_located` composes the node tree instead and builds plain Python
values from it: mappings become `LocatedMap` (a dict that knows the line of each
key), lists become `LocatedList`. Scalars are built by PyYAML's safe constructor,
except timestamps, which stay the text they were written as: a case's dates are
checked by the case loader, so `2026-02-30` is an error naming its line rather
than a crash inside the YAML library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a value was written (1-based line) and its source text for scalars."""

    line: int
    raw: str | None = None
    tag: str | None = None


class LocatedMap(dict[str, Any]):
    """A YAML mapping; `marks[key]` says on which line the key was written."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.marks: dict[str, Mark] = {}

    def mark(self, key: str) -> Mark:
        return self.marks.get(key, Mark(self.line))


class LocatedList(list[Any]):
    """A YAML sequence; `marks[i]` says where item i was written."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.marks: list[Mark] = []

    def mark(self, index: int) -> Mark:
        return self.marks[index] if 0 <= index < len(self.marks) else Mark(self.line)


class LocatedYAMLError(ValueError):
    """The text is not YAML, or not YAML a case can hold; `line` is 1-based (0: unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_located(text: str) -> Any:
    """The single YAML document in `text`, as plain values with line marks."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 0
            problem = exc.problem or exc.context or str(exc)
            raise LocatedYAMLError(line, f"invalid YAML: {problem}") from None
        except yaml.YAMLError as exc:
            raise LocatedYAMLError(0, f"invalid YAML: {exc}") from None
        if node is None:
            return None
        return _build(loader, node)
    finally:
        loader.dispose()


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mark(node: yaml.Node) -> Mark:
    if isinstance(node, yaml.ScalarNode):
        return Mark(_line(node), str(node.value), node.tag)
    return Mark(_line(node), None, node.tag)


def _build(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _build_map(loader, node)
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_line(node))
        for child in node.value:
            items.append(_build(loader, child))
            items.marks.append(_mark(child))
        return items
    assert isinstance(node, yaml.ScalarNode)
    if node.tag == TIMESTAMP_TAG:
        return str(node.value)
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        raise LocatedYAMLError(_line(node), f"cannot read {node.value!r}: {exc}") from None


def _build_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LocatedMap:
    try:
        loader.flatten_mapping(node)  # YAML merge keys (<<) as safe_load has them
    except yaml.MarkedYAMLError as exc:
        raise LocatedYAMLError(_line(node), f"invalid YAML: {exc.problem}") from None
    out = LocatedMap(_line(node))
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise LocatedYAMLError(_line(key_node), "a key must be a plain word")
        key = str(key_node.value)
        if key in out:
            raise LocatedYAMLError(
                _line(key_node), f"key {key!r} appears twice (first on line {out.marks[key].line})"
            )
        out[key] = _build(loader, value_node)
        value_mark = _mark(value_node)
        out.marks[key] = Mark(_line(key_node), value_mark.raw, value_mark.tag)
    return out
