"""times_text (agent/offline/free_times.py): free start times read aloud, runs of
three or more slots one step apart as ranges."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookbot.agent.offline.free_times import times_text


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@pytest.mark.parametrize(
    ("times", "step", "expected"),
    [
        (["09:00"], 30, "09:00"),
        (["09:00", "11:00"], 30, "09:00 or 11:00"),
        (["09:00", "09:30"], 30, "09:00 or 09:30"),  # two in a row stay two
        (["09:00", "09:30", "10:00"], 30, "09:00-10:00 (every 30 min)"),
        (
            ["08:00", "08:15", "08:30", "08:45", "13:00"],
            15,
            "08:00-08:45 or 13:00 (every 15 min)",
        ),
        (
            ["08:00", "08:30", "09:00", "14:00", "15:00", "15:30", "16:00"],
            30,
            "08:00-09:00, 14:00 or 15:00-16:00 (every 30 min)",
        ),
        (
            ["08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00"],
            30,
            "08:00, 10:00, 12:00, 14:00, 16:00, 18:00 and more",
        ),
    ],
)
def test_times_text(times: list[str], step: int, expected: str) -> None:
    assert times_text(times, step) == expected


def test_the_limit_counts_ranges_as_one() -> None:
    times = ["08:00", "08:30", "09:00", "11:00", "13:00"]
    assert times_text(times, 30, limit=2) == "08:00-09:00, 11:00 and more (every 30 min)"


_STEPS = st.sampled_from([5, 10, 15, 20, 30, 60])


@st.composite
def free_times(draw: st.DrawFn) -> tuple[list[str], int]:
    step = draw(_STEPS)
    grid = range(6 * 60, 22 * 60, step)
    picked = draw(st.sets(st.sampled_from(grid), min_size=1, max_size=40))
    return [hhmm(m) for m in sorted(picked)], step


def _read_back(text: str, step: int) -> tuple[list[str], bool]:
    """The times a text stands for, and whether it said there are more."""
    more = " and more" in text
    body = re.sub(r" \(every \d+ min\)$", "", text).replace(" and more", "")
    out: list[str] = []
    for part in re.split(r", | or ", body):
        first, _, last = part.partition("-")
        start = int(first[:2]) * 60 + int(first[3:])
        end = int(last[:2]) * 60 + int(last[3:]) if last else start
        out += [hhmm(m) for m in range(start, end + 1, step)]
    return out, more


@given(free_times(), st.integers(min_value=1, max_value=8))
def test_the_text_reads_back_to_the_times(case: tuple[list[str], int], limit: int) -> None:
    times, step = case
    said, more = _read_back(times_text(times, step, limit), step)
    if more:
        assert said == times[: len(said)] and len(said) < len(times)
    else:
        assert said == times


@given(free_times())
def test_every_step_is_said_only_for_ranges(case: tuple[list[str], int]) -> None:
    times, step = case
    text = times_text(times, step)
    ranges = re.findall(r"\d\d:\d\d-\d\d:\d\d", text)
    assert text.endswith(f"(every {step} min)") == bool(ranges)
    if "and more" not in text:  # every run of three shows as a range
        minutes = [int(t[:2]) * 60 + int(t[3:]) for t in times]
        triples = zip(minutes, minutes[1:], minutes[2:], strict=False)
        assert bool(ranges) == any(b - a == step and c - b == step for a, b, c in triples)


@given(free_times())
def test_each_range_spans_at_least_three_slots(case: tuple[list[str], int]) -> None:
    times, step = case
    for first, last in re.findall(r"(\d\d:\d\d)-(\d\d:\d\d)", times_text(times, step, 100)):
        span = (int(last[:2]) * 60 + int(last[3:])) - (int(first[:2]) * 60 + int(first[3:]))
        assert span >= 2 * step


def test_a_range_cut_off_by_the_limit_is_not_read_every_n_min() -> None:
    times = ["08:00", "10:00", "12:00", "13:00", "13:30", "14:00"]
    assert times_text(times, 30, limit=2) == "08:00, 10:00 and more"
