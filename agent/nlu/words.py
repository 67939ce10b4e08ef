"""How alike two spellings of one word are (0..1), for names customers misspell.

`word_similarity` is the standard library's `difflib` ratio; bench/services.py
measures it against rapidfuzz (docs/understanding.md has the figures).
"""

from __future__ import annotations

import difflib
from functools import lru_cache


@lru_cache(maxsize=65536)
def word_similarity(heard: str, known: str) -> float:
    """`difflib`'s ratio of two stems, only for stems that start alike (a first letter
    is rarely mistyped, and it keeps "later" from reading as "laser")."""
    if heard == known:
        return 1.0
    if not heard or not known or heard[0] != known[0]:
        return 0.0
    return difflib.SequenceMatcher(None, heard, known).ratio()
