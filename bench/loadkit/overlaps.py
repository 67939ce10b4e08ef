"""Turns of one customer that overlap, over (message id, start, end) spans: the turn
workers' trace (BOOKBOT_TURN_TRACE) or the database's claims."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path


def read_trace(path: Path) -> list[tuple[int, float, float]]:
    """(message id, start, end) of every traced turn."""
    if not path.exists():
        return []
    turns = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4:
            turns.append((int(parts[1]), float(parts[2]), float(parts[3])))
    return turns


def _by_customer(
    turns: list[tuple[int, float, float]], customer_of: dict[int, int]
) -> dict[int, list[tuple[float, float, int]]]:
    """Each customer's turns as (start, end, message id), in order of start."""
    by_customer: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for message_id, start, end in turns:
        by_customer[customer_of.get(message_id, -message_id)].append((start, end, message_id))
    for spans in by_customer.values():
        spans.sort()
    return by_customer


def overlapping_pairs(
    turns: list[tuple[int, float, float]], customer_of: dict[int, int]
) -> list[tuple[int, int]]:
    """(the message id of the turn still running, of the turn that began beside it) for
    each turn that began while another turn of the same customer was still running."""
    pairs = []
    for spans in _by_customer(turns, customer_of).values():
        running_until, running = float("-inf"), 0
        for start, end, message_id in spans:
            if start < running_until:
                pairs.append((running, message_id))
            if end > running_until:
                running_until, running = end, message_id
    return pairs


def largest_overlap(turns: list[tuple[int, float, float]], customer_of: dict[int, int]) -> float:
    """Seconds the longest overlap of two turns of one customer lasted (0.0: none)."""
    largest = 0.0
    for spans in _by_customer(turns, customer_of).values():
        running_until = float("-inf")
        for start, end, _ in spans:
            largest = max(largest, min(running_until, end) - start)
            running_until = max(running_until, end)
    return largest


def overlapping(turns: list[tuple[int, float, float]], customer_of: dict[int, int]) -> int:
    """Turns that began while another turn of the same customer was still running."""
    return len(overlapping_pairs(turns, customer_of))
