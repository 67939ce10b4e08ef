"""What a message said that the reading of dates left unused: `unread_numbers`.

A day number beside a day that was read but not used with it ("sat 21 10am" read
as Saturday the 7th at 10:00 would leave the 21 over) means the message was only
partly read: the dialogue asks, saying what it understood, rather than proposing a
day the customer may not have meant. A number followed by a word ("friday 2
sessions", "3 Termine") is a count, not a day; a number inside a date or time that
was read is used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bookbot.agent.nlu.when import When

_NUMBER = re.compile(r"(?<![\d:.,/])\d{1,2}(?![\d:.,/]\d)")
_GAP = re.compile(r"[\s,]*$")
_LEAD = re.compile(r"^[\s,.!?]*")


def unread_numbers(text: str, whens: Sequence[When]) -> tuple[str, ...]:
    """Day numbers (1-31) of `text` that no read date or time used, standing right
    after a read day and before a time or the end of the message; `whens` is what
    `parse_when(text, ...)` returned for the same text."""
    spans = [w.span for w in whens]
    found: list[str] = []
    for number in _NUMBER.finditer(text):
        start = number.start()
        if any(a <= start < b for a, b in spans) or not 1 <= int(number.group()) <= 31:
            continue
        before = _GAP.sub("", text[:start])
        after = len(text) - len(_LEAD.sub("", text[number.end() :]))
        ends = after == len(text) or any(a == after for a, _ in spans)
        if ends and any(w.span[1] == len(before) and w.date for w in whens):
            found.append(number.group())
    return tuple(found)
