"""A pattern compiled with IGNORECASE, without it where that reads lower-case ASCII alike.

Normalised text is lower case, and most of it is ASCII. On such text a pattern that
names no upper-case letter matches exactly as it does with IGNORECASE: no character
of the text has another case the pattern could name. Without the flag, the regex
engine compares a literal directly, and skips the alternatives of a long list of
words at their first letter (three times faster for the time patterns).

`case_blind(pattern)` walks the parsed pattern and answers the pattern without
IGNORECASE only when every character it names is safe: a literal or a range of
ASCII without an upper-case letter, or a character that has no case at all ("–").
Anything it does not know (a back reference, another Python's parse tree) keeps
IGNORECASE, so the worst outcome is a slower match, never another one.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parse tree is the standard library's own (CPython 3.11+), private: newer
    # typeshed stubs leave it out
    from re import _constants as sre  # type: ignore[attr-defined,unused-ignore]
    from re import _parser  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # pragma: no cover - another implementation: keep IGNORECASE
    _parser = None

_UPPER = re.compile("[A-Z]")


def lower_ascii(text: str) -> bool:
    """Whether `text` is ASCII without an upper-case letter."""
    return text.isascii() and not _UPPER.search(text)


def case_blind(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` without IGNORECASE when that matches lower-case ASCII text alike
    (see the module docstring); else `pattern` itself."""
    if not pattern.flags & re.IGNORECASE or _parser is None:
        return pattern
    try:
        safe = _safe(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # pragma: no cover - a parse tree of another shape
        return pattern
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if safe else pattern


def _char(code: int) -> bool:
    """A character matched alike with and without IGNORECASE in lower-case ASCII text."""
    ch = chr(code)
    if code < 128:
        return not "A" <= ch <= "Z"
    return ch.lower() == ch == ch.upper()  # "–", "€": no case, nothing else matches them


def _safe(items: Any) -> bool:
    return all(_safe_item(op, av) for op, av in items)


def _safe_item(op: Any, av: Any) -> bool:
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return _char(av)
    if op is sre.RANGE:
        low, high = av
        return bool(high < 128 and (high < ord("A") or low > ord("Z")))
    if op in (sre.AT, sre.ANY, sre.CATEGORY, sre.NEGATE):
        return True
    inside = _INSIDE.get(op)  # None: a back reference (compared by case) or an unknown op
    return inside is not None and all(_safe(part) for part in inside(av))


_INSIDE: dict[Any, Any] = {
    sre.IN: lambda av: [av],
    sre.BRANCH: lambda av: av[1],
    sre.SUBPATTERN: lambda av: [av[3]],
    sre.MAX_REPEAT: lambda av: [av[2]],
    sre.MIN_REPEAT: lambda av: [av[2]],
    sre.POSSESSIVE_REPEAT: lambda av: [av[2]],
    sre.ASSERT: lambda av: [av[1]],
    sre.ASSERT_NOT: lambda av: [av[1]],
    sre.ATOMIC_GROUP: lambda av: [av],
    sre.GROUPREF_EXISTS: lambda av: [av[1]] if av[2] is None else [av[1], av[2]],
}
"""Where each op that holds other ones keeps them."""
