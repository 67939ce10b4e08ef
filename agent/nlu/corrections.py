"""A day or time the customer takes back in the same message.

"wednesday at 11, no sorry wait, thursday, same time", "el martes a las 3, no no
perdón, a las 4", "Mittwoch um 11, nee warte, Donnerstag": the first reading after a
correction ("self_correction" in each language's phrases) replaces the last one
before it, and keeps what the correction leaves out (the day of a corrected time,
the time of a corrected day). Without a reading on both sides nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from bookbot.agent.nlu.lexicon import generation, lexicon
from bookbot.agent.nlu.normalize import Normalized

if TYPE_CHECKING:
    from bookbot.agent.nlu.when import When


@lru_cache(maxsize=32)
def _markers(lang: str, _generation: int) -> re.Pattern[str]:
    return re.compile(lexicon(lang).regex("self_correction"))


def self_corrected(whens: Sequence[When], norm: Normalized, work: str, lang: str) -> list[When]:
    """`whens` (in text order) with every reading the customer took back replaced by
    the one that corrects it."""
    out = list(whens)
    for marker in _markers(lang, generation()).finditer(work):
        start, end = norm.span(*marker.span())
        before = [w for w in out if w.span[1] <= start and not w.excluded]
        after = [w for w in out if w.span[0] >= end]
        if not before or not after:
            continue
        taken_back, correction = before[-1], after[0]
        out[out.index(correction)] = _completed(correction, taken_back)
        out.remove(taken_back)
    return out


def _completed(correction: When, taken_back: When) -> When:
    """The correction with the part it leaves out taken from what it replaces."""
    if correction.date is None and correction.end_date is None and taken_back.date is not None:
        correction = replace(
            correction, date=taken_back.date, end_date=taken_back.end_date,
            weekdays=taken_back.weekdays, floating=taken_back.floating,
        )  # fmt: skip
    if correction.time is None and correction.window is None and taken_back.time is not None:
        correction = replace(
            correction, time=taken_back.time, window=taken_back.window,
            approximate=taken_back.approximate, alt_time=taken_back.alt_time,
        )  # fmt: skip
    return correction
