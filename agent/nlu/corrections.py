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


def correction_spans(norm: Normalized, work: str, lang: str) -> list[tuple[int, int]]:
    """The spans (in the original text) of every correction marker in `work`, the
    normalised text of `norm`."""
    return [norm.span(*m.span()) for m in _markers(lang, generation()).finditer(work)]
