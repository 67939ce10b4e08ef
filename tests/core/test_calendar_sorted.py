"""`Calendar.from_sorted` (starts and ends each already sorted, as the store reads
them, in any float sequence) counts overlaps as `from_timestamps` does."""

from __future__ import annotations

from array import array
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bookbot.core.calendar import Calendar

SECONDS = st.integers(0, 10_000).map(float)
INTERVALS = st.lists(
    st.tuples(SECONDS, st.integers(1, 3_000)).map(lambda p: (p[0], p[0] + p[1])), max_size=30
)


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(1_770_000_000 + seconds, UTC)


@given(
    intervals=INTERVALS,
    probes=st.lists(st.tuples(SECONDS, st.integers(1, 3_000)), max_size=20),
    as_array=st.booleans(),
)
def test_from_sorted_counts_as_from_timestamps(
    intervals: list[tuple[float, float]], probes: list[tuple[float, int]], as_array: bool
) -> None:
    shifted = [(s + 1_770_000_000, e + 1_770_000_000) for s, e in intervals]
    starts = sorted(s for s, _ in shifted)
    ends = sorted(e for _, e in shifted)
    columns = (array("d", starts), array("d", ends)) if as_array else (starts, ends)
    old = Calendar.from_timestamps({"chair": shifted})
    new = Calendar.from_sorted({"chair": columns})
    assert new.size("chair") == old.size("chair") == len(intervals)
    assert new.overlapping("other", _at(0), _at(1)) == 0
    for start, length in probes:
        first, last = _at(start), _at(start + length)
        assert new.overlapping("chair", first, last) == old.overlapping("chair", first, last)
