"""Decode a JSON body that may be hostile, without letting one part of it sink the rest.

`json.loads` gives up on the whole document for things that concern one value:
nesting deeper than Python's recursion limit (RecursionError), an integer of more
than 4300 digits (ValueError). `load_json` decodes such a body anyway:

- containers nested deeper than `MAX_DEPTH` are replaced, before decoding, by
  the string `CUT` (a linear scan of the text, so the depth costs nothing);
- integers longer than `LONG_INTEGER_DIGITS` and non-finite numbers (`1e400`,
  `NaN`, `Infinity`) are kept as their text;
- invalid UTF-8 becomes U+FFFD.

Anything still not JSON raises `ValueError` naming the position, as `json.loads` does.
"""

from __future__ import annotations

import json
import math
import re

from bookbot.api.storable import CUT, MAX_DEPTH

LONG_INTEGER_DIGITS = 30
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def load_json(raw: bytes, max_depth: int = MAX_DEPTH) -> object:
    """The decoded body; raises ValueError (`json.JSONDecodeError`) when it is not JSON."""
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    return json.loads(
        cut_deep(text, max_depth),
        parse_int=_integer,
        parse_float=_number,
        parse_constant=str,
    )


def cut_deep(text: str, max_depth: int) -> str:
    """JSON `text` with every container deeper than `max_depth` replaced by the string CUT."""
    if text.count("[") + text.count("{") <= max_depth:
        return text  # too few brackets to nest deeper (those in strings only add to the count)
    kept: list[str] = []
    depth = 0
    start: int | None = 0  # where the text to keep resumes; None inside a cut container
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket[0] == '"':
            continue
        if bracket in "[{":
            depth += 1
            if depth == max_depth + 1 and start is not None:
                kept.append(text[start : token.start()])
                kept.append(json.dumps(CUT))
                start = None
        else:
            if depth == max_depth + 1 and start is None:
                start = token.end()
            depth -= 1
    if start is not None:
        kept.append(text[start:])
    return "".join(kept)


def _integer(digits: str) -> int | str:
    return digits if len(digits.lstrip("-")) > LONG_INTEGER_DIGITS else int(digits)


def _number(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else text
