"""Where a customer takes back what they just wrote: "no sorry wait", "no no
perdón", "nee warte", "ich meine" ("self_correction" in each language's phrases).

`parse_when` replaces the last day or time before such a marker by the first one
after it ("wednesday at 11, no sorry wait, thursday, same time").
"""

from __future__ import annotations

import re
from functools import lru_cache

from bookbot.agent.nlu.lexicon import generation, lexicon
from bookbot.agent.nlu.normalize import Normalized


@lru_cache(maxsize=32)
def _markers(lang: str, _generation: int) -> re.Pattern[str]:
    return re.compile(lexicon(lang).regex("self_correction"))


def marker_spans(work: str, lang: str) -> list[tuple[int, int]]:
    """The spans in `work` (normalised text) of every correction marker."""
    return [m.span() for m in _markers(lang, generation()).finditer(work)]


def correction_spans(norm: Normalized, work: str, lang: str) -> list[tuple[int, int]]:
    """The spans (in the original text) of every correction marker in `work`, the
    normalised text of `norm`."""
    return [norm.span(*m.span()) for m in _markers(lang, generation()).finditer(work)]


PAUSE = re.compile(r"(?<=\w)(?:\.{2,}|\u2026)")
"""An ellipsis glued to a word ("at 4.. no sorry"): a pause, read as spaces of the same
length so that the time before it is still read and every span stays where it was."""

_BARE_AFTER = re.compile(
    r"[\s,.!:;-]*(?:[^\W\d_]+[\s,.!]+){0,3}?(?P<hour>\d{1,2})(?:[:.h](?P<minute>[0-5]\d))?"
    r"(?![\d/]|[.,:]\d)(?P<rest>.*)$",
    re.S,
)
_TAIL = re.compile(r"\s*(?:am|pm|h|hrs)?[\s.!?,]*(?:[^\W\d_]+[\s.!?,'-]*){0,6}$")


def without_pauses(work: str) -> str:
    return PAUSE.sub(lambda m: " " * len(m.group()), work)


def corrected_hours(
    work: str, markers: list[tuple[int, int]], lang: str
) -> list[tuple[int, int, int, int]]:
    """A bare hour right after a correction marker ("at 4.. no sorry make that 5",
    "Freitag um 3, nee warte, 4", "a las 10, no perdón, 11"): (start, end, hour,
    minute) in `work` for each marker followed by nothing but a number, a few words
    before it and a few after it ("make that 5 he has school"); none when a count
    word follows ("5 sessions") or another number does."""
    count_word = re.compile(lexicon(lang).regex("count_after"))
    out: list[tuple[int, int, int, int]] = []
    for _, end in markers:
        found = _BARE_AFTER.match(work, end)
        if found is None or not _TAIL.match(found.group("rest")):
            continue
        if count_word.match(found.group("rest")):
            continue
        hour, minute = int(found.group("hour")), int(found.group("minute") or 0)
        if 1 <= hour <= 23:
            out.append((found.start("hour"), found.end("hour"), hour, minute))
    return out
