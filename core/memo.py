"""Values derived from an immutable object that cannot be hashed (a `Business` is a
frozen model that holds dicts), kept while that same object is passed again.

An admin edit loads a new `Business`, so a value kept for the old one is never
handed out for it: the object itself is the key (by identity, and kept beside its
value so its id is not reused while the value lives).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class PerObject(Generic[K, V]):
    """`get(owner, key, make)`: `make()` once per owner object and key; at most `size`
    values kept (all dropped when full: the callers' working set is small)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: dict[tuple[int, K], tuple[object, V]] = {}

    def get(self, owner: object, key: K, make: Callable[[], V]) -> V:
        kept = self._kept.get((id(owner), key))
        if kept is not None and kept[0] is owner:
            return kept[1]
        value = make()
        if len(self._kept) >= self._size:
            self._kept.clear()
        self._kept[(id(owner), key)] = (owner, value)
        return value
