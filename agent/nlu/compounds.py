"""German writes a service word and a generic noun as one word ("Boxkurs",
"Yogastunde", "Massagetermin", "Rückbildungskurs"), or a word that narrows the service
word before it ("Zahnimplantat", "Rückenmassage", "Achsellaser"): read them apart, so
the service word names its service as it does alone ("Boxen", "Implantat", "Massage").

The nouns a language joins are data (`compound_tails` in its lexicon); the service word
must be a word of the concept lexicon (`concepts.py`), so an unknown word is never cut.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bookbot.agent.nlu.concepts import concepts
from bookbot.agent.nlu.lexicon import lexicon

_WORD = re.compile(r"\w+")
_SERVICE_WORD = 5
"""The shortest service word read at the end of a compound ("laser" in "Achsellaser")."""


@lru_cache(maxsize=4096)
def compound_parts(word: str, lang: str) -> tuple[str, ...]:
    """The parts of a compound (lower case, accents folded): the service word and the
    generic noun after it, or the word before it and the service word; else the word
    alone: when the whole word is a concept of its own ("Fahrstunde", "Schwimmkurs"), or
    when no part of it is one."""
    if concepts(word):
        return (word,)
    for tail in lexicon(lang).word_list("compound_tails"):
        head = word[: -len(tail)]
        if not word.endswith(tail) or len(head) < 3:
            continue
        for known in (head, head[:-1] if head.endswith("s") else ""):
            if len(known) >= 3 and concepts(known):
                return (known, tail)
    if lexicon(lang).word_list("compound_tails"):  # a language that joins its nouns
        for start in range(3, len(word) - _SERVICE_WORD + 1):  # the longest ending first
            if concepts(word[start:]):
                return (word[:start], word[start:])
    return (word,)


def split_compounds(text: str, lang: str) -> str:
    """`text` (normalized) with each such compound written as two words."""
    if not lexicon(lang).word_list("compound_tails"):
        return text
    return _WORD.sub(lambda m: " ".join(compound_parts(m.group(), lang)), text)
