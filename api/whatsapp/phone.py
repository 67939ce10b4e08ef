"""Phone numbers as WhatsApp writes them (`41790000001`) and as bookbot stores them (E.164)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[1-9][0-9]{5,14}")
_SEPARATORS = re.compile(r"[\s\-().]")


def to_e164(number: str) -> str:
    """`"41790000001"` or `"+41 79 000 00 01"` → `"+41790000001"`; ValueError otherwise."""
    return "+" + to_wa_id(number)


def to_wa_id(number: str) -> str:
    """The digits-only form Graph takes in `to`: `"+41790000001"` → `"41790000001"`."""
    digits = _SEPARATORS.sub("", number.strip()).removeprefix("+")
    if not _DIGITS.fullmatch(digits):
        raise ValueError(f"not a phone number in international form: {number!r}")
    return digits
