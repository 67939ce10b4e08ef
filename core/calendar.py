"""Occupancy of existing bookings, indexed for O(log n) overlap counts.

For one service, the bookings overlapping [s, e) are those with start < e and
end > s. Every booking with end <= s also has start < e, so the count is
`#(start < e) - #(end <= s)`: two bisects over the sorted starts and the sorted
ends, whatever the size of the calendar.

The starts and ends may be any sequence of floats (a list, an `array('d')`): a
calendar is built once per question and asked a few times, so reading it without
a Python object per booking matters more than the bisects' speed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime


def ts(moment: datetime) -> float:
    """Seconds since the epoch of an aware datetime."""
    return moment.timestamp()


@dataclass(frozen=True, slots=True)
class _Occupancy:
    starts: Sequence[float]
    """Every booking's start, ascending."""
    ends: Sequence[float]
    """Every booking's end, ascending (on its own: not in the starts' order)."""

    def count(self, start: float, end: float) -> int:
        return bisect_left(self.starts, end) - bisect_right(self.ends, start)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Existing active bookings per service id (cancelled ones left out)."""

    _by_service: Mapping[str, _Occupancy] = field(default_factory=dict)

    @classmethod
    def from_intervals(
        cls, by_service: Mapping[str, Iterable[tuple[datetime, datetime]]]
    ) -> Calendar:
        built: dict[str, _Occupancy] = {}
        for service_id, intervals in by_service.items():
            pairs = [(ts(start), ts(end)) for start, end in intervals]
            built[service_id] = _Occupancy(
                starts=sorted(p[0] for p in pairs), ends=sorted(p[1] for p in pairs)
            )
        return cls(built)

    @classmethod
    def from_timestamps(cls, by_service: Mapping[str, Iterable[tuple[float, float]]]) -> Calendar:
        """Like `from_intervals`, from epoch seconds (the store can read them without
        building a datetime per row)."""
        built: dict[str, _Occupancy] = {}
        for service_id, intervals in by_service.items():
            pairs = list(intervals)
            built[service_id] = _Occupancy(
                starts=sorted(p[0] for p in pairs), ends=sorted(p[1] for p in pairs)
            )
        return cls(built)

    @classmethod
    def from_sorted(
        cls, by_service: Mapping[str, tuple[Sequence[float], Sequence[float]]]
    ) -> Calendar:
        """From each service's (starts, ends) in epoch seconds, each already sorted
        ascending on its own (the store reads them so: `calendar_occupancy`); kept as
        given, not copied nor sorted again.

        Trusts its input: unsorted starts or ends give wrong counts, silently. For
        the same bookings it is the calendar `from_timestamps` builds."""
        return cls({sid: _Occupancy(starts, ends) for sid, (starts, ends) in by_service.items()})

    def overlapping(self, service_id: str, start: datetime, end: datetime) -> int:
        """How many existing bookings of the service overlap [start, end)."""
        occupancy = self._by_service.get(service_id)
        if occupancy is None:
            return 0
        return occupancy.count(ts(start), ts(end))

    def size(self, service_id: str) -> int:
        occupancy = self._by_service.get(service_id)
        return 0 if occupancy is None else len(occupancy.starts)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Whether two intervals overlap in real time (datetimes sharing one tzinfo
    compare by wall clock, which is wrong inside a DST fold)."""
    return ts(a_start) < ts(b_end) and ts(b_start) < ts(a_end)
