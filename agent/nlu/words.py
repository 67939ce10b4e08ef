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


def typo_edits(heard: str, known: str) -> int:
    """The letters to change, add, drop or swap with a neighbour to turn `heard` into
    `known` (the optimal string alignment distance): one slip of the finger is one edit."""
    previous2: list[int] = []
    previous = list(range(len(known) + 1))
    for i, a in enumerate(heard, 1):
        row = [i]
        for j, b in enumerate(known, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == known[j - 2] and heard[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]
