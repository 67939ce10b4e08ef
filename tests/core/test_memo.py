"""`PerObject`: one value per owner object and key, never another object's."""

from __future__ import annotations

from collections.abc import Callable

from bookbot.core.memo import PerObject


class Owner:  # unhashable, like a Business holding dicts
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, name: str) -> None:
        self.name = name


def test_a_value_is_made_once_per_owner_object_and_key() -> None:
    memo: PerObject[str, str] = PerObject(8)
    made: list[str] = []
    first = Owner("a")

    def make(owner: Owner, key: str) -> str:
        made.append(key)
        return f"{owner.name}:{key}"

    assert memo.get(first, "x", lambda: make(first, "x")) == "a:x"
    assert memo.get(first, "x", lambda: make(first, "x")) == "a:x"
    assert memo.get(first, "y", lambda: make(first, "y")) == "a:y"
    edited = Owner("b")  # an edit: a new object, never the old one's value
    assert memo.get(edited, "x", lambda: make(edited, "x")) == "b:x"
    assert made == ["x", "y", "x"]


def test_it_keeps_at_most_its_size() -> None:
    memo: PerObject[int, int] = PerObject(2)
    owner = Owner("a")
    made: list[int] = []

    def maker(key: int) -> Callable[[], int]:
        def make() -> int:
            made.append(key)
            return key

        return make

    for key in (1, 2, 3, 1):
        assert memo.get(owner, key, maker(key)) == key
    assert made == [1, 2, 3, 1]  # full at the third: dropped, so 1 is made again
