"""`offers_either(text, whens, lang)`: "thurs the 12th at 5 or at 6:30", "Montag oder
Dienstag um 10", "el miércoles a las 10 o a las 5": the times a message joins by "or"
are alternatives for one appointment, not one appointment each."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bookbot.agent.nlu.lexicon import alternation, generation, lexicon
from bookbot.agent.nlu.when import When


def offers_either(text: str, whens: Sequence[When], lang: str) -> bool:
    """Two or more dated times, each joined to the one before by an or-word (and no
    and-word: "at 5 and at 6, or 7" lists)."""
    timed = [w for w in whens if w.date and w.time and not w.excluded]
    timed.sort(key=lambda w: w.said)
    if len(timed) < 2:
        return False
    pattern = _either(lang, generation())
    return all(
        pattern.search(text[a.said[1] : b.said[0]].lower()) is not None
        for a, b in zip(timed, timed[1:], strict=False)
    )


@lru_cache(maxsize=8)
def _either(lang: str, _generation: int) -> re.Pattern[str]:
    """A gap holding an or-word and no other list word."""
    words = lexicon(lang).words
    either = alternation(words["either_sep"])
    ors = set(words["either_sep"])
    others = [
        w for w in words["list_sep"]
        if w.replace(" ", "").isalpha() and not ors & set(w.split())
    ]  # fmt: skip
    return re.compile(rf"^(?!.*(?<!\w)(?:{alternation(others)})(?!\w)).*(?<!\w)(?:{either})(?!\w)")
