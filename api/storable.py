"""Text and JSON that every database accepts, from whatever an HTTP client sent.

PostgreSQL refuses a NUL character in text and JSONB, and a lone UTF-16
surrogate ("\\ud800", which JSON can escape and Python keeps) cannot be encoded
at all; a `VARCHAR(n)` refuses a longer value where SQLite stores it. So text
from outside goes through these helpers before it reaches the store:

- `storable_text` replaces NUL and lone surrogates with U+FFFD (the text stays
  readable and nothing else changes) and clips it to a column's length;
- `storable_id` keeps an external id that fits its column, and stores a longer
  one as its SHA-256 (still unique, the same on every redelivery);
- `storable_tree` cleans every string and key of decoded JSON the same way,
  turns non-finite numbers into text and cuts what is nested deeper than
  `MAX_DEPTH` levels, so a JSON payload column takes it on both databases.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from bookbot.store.column_limits import CUSTOMER_NAME_LENGTH, INTEGER_MAX, MESSAGE_ID_LENGTH

__all__ = [
    "CUT",
    "INTEGER_MAX",
    "MAX_DEPTH",
    "MESSAGE_ID_LENGTH",
    "CUSTOMER_NAME_LENGTH",
    "Cleaned",
    "storable_id",
    "storable_name",
    "storable_text",
    "storable_tree",
]

REPLACEMENT = "\ufffd"
MAX_DEPTH = 32
"""Deeper JSON is cut (Meta's deliveries are about 10 levels deep)."""
CUT = f"[cut: nested deeper than {MAX_DEPTH} levels]"

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(text: str, limit: int | None = None) -> str:
    """`text` without NUL or lone surrogates (each becomes U+FFFD), at most `limit` characters."""
    cleaned = _UNSTORABLE.sub(REPLACEMENT, text)
    return cleaned if limit is None else cleaned[:limit]


def storable_name(name: str | None) -> str | None:
    """A customer's name as stored: clean and clipped to `customers.name`."""
    return None if name is None else storable_text(name, CUSTOMER_NAME_LENGTH)


def storable_id(external_id: str, limit: int = MESSAGE_ID_LENGTH) -> str:
    """An external id as stored: itself when clean and short enough, else `sha256:<hex>`."""
    if len(external_id) <= limit and not _UNSTORABLE.search(external_id):
        return external_id
    digest = hashlib.sha256(external_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest}"[:limit]


@dataclass(slots=True)
class Cleaned:
    """What `storable_tree` changed: how many strings, numbers and subtrees."""

    texts: int = 0
    numbers: int = 0
    cut: int = 0

    def describe(self) -> str:
        parts = [
            f"{self.texts} string(s) with NUL or lone surrogates replaced" if self.texts else "",
            f"{self.numbers} non-finite number(s) kept as text" if self.numbers else "",
            f"{self.cut} value(s) nested deeper than {MAX_DEPTH} levels cut" if self.cut else "",
        ]
        return "; ".join(p for p in parts if p)


def storable_tree(value: object, cleaned: Cleaned | None = None, depth: int = 0) -> object:
    """Decoded JSON `value` with every string and key storable; `cleaned` counts the changes."""
    seen = cleaned if cleaned is not None else Cleaned()
    if isinstance(value, str):
        text = storable_text(value)
        seen.texts += text != value
        return text
    if isinstance(value, float) and not math.isfinite(value):
        seen.numbers += 1
        return str(value)
    if not isinstance(value, dict | list):
        return value
    if depth >= MAX_DEPTH:
        seen.cut += 1
        return CUT
    if isinstance(value, list):
        return [storable_tree(item, seen, depth + 1) for item in value]
    return {
        str(storable_tree(key, seen, depth)): storable_tree(item, seen, depth + 1)
        for key, item in value.items()
    }
