"""What a load or soak run must count as 0, read from the database, the fake Graph's log
and the deployment's output: lost messages, duplicated replies or sends, two turns
of one customer at once, turns taken over; and the workers' own trace beside it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from bookbot.store import make_engine
from bookbot.store.models import ConversationRow, MessageRow, OutboxRow

from .fake_graph import FakeGraph
from .overlaps import largest_overlap, overlapping, overlapping_pairs, read_trace
from .timing import percentile


@dataclass
class Traced:
    """The turn workers' own trace (BOOKBOT_TURN_TRACE), by the processes' clocks: a
    turn from after its claim's commit to after its reply's commit, the session's
    close and the senders' wakeup. Its overlaps are not the database's: `lag_ms` is
    how long after the close's statement (`closed_at`) the trace's ends were taken."""

    turns: int = 0
    overlaps: int = 0
    largest_overlap_ms: float = 0.0
    apart_in_database: int = 0
    """Of the overlapping pairs, those whose claims the database shows one after the other."""
    lag_ms: list[float] = field(default_factory=list)

    def line(self) -> str:
        lag = (
            f"; its ends {percentile(self.lag_ms, 0.5):.1f} ms (p50), "
            f"{percentile(self.lag_ms, 0.999):.1f} ms (p99.9), {max(self.lag_ms):.1f} ms (max) "
            "after the close's statement"
            if self.lag_ms
            else ""
        )
        longest = f", the longest {self.largest_overlap_ms:.1f} ms" if self.overlaps else ""
        apart = (
            f", {self.apart_in_database} of them one after the other in the database"
            if self.overlaps
            else ""
        )
        return (
            f"the workers' own trace (process clocks): {self.overlaps} overlapping of "
            f"{self.turns} turns{longest}{apart}{lag}"
        )


@dataclass
class Counts:
    """What must all be 0 (and what they were counted over).

    `concurrent_turns` is counted from the database: each answered message's claim,
    from `claimed_at` (the claiming statement's clock, after the customer's lock) to
    `closed_at` (the closing statement's clock, before its commit). A claim that
    begins before an earlier claim of the customer closed was taken while that one
    was still held; a correct claim sees the close committed, so begins after it.
    `taken_over` are turns that ran on after their claim was taken from them (their
    worker logged the lost claim): two turns at once on one message, which the
    database keeps only as a message claimed more than once (`reclaimed`, which a
    killed worker's message also is)."""

    messages: int
    lost: int
    duplicated_replies: int
    duplicated_sends: int
    concurrent_turns: int
    claimed_turns: int
    largest_overlap_ms: float = 0.0
    """Of the concurrent turns, how long the longest held its claim beside the one before."""
    taken_over: int = 0
    reclaimed: int = 0
    traced: Traced | None = None

    def line(self) -> str:
        overlap = (
            f", the longest overlap {self.largest_overlap_ms:.1f} ms"
            if self.concurrent_turns
            else ""
        )
        return (
            f"{self.messages} messages: {self.lost} lost, {self.duplicated_replies} duplicated "
            f"replies, {self.duplicated_sends} duplicated sends, {self.concurrent_turns} "
            f"concurrent turns of one customer{overlap} (the database's claims of "
            f"{self.claimed_turns} turns), {self.taken_over} turns taken over while they ran "
            f"({self.reclaimed} messages claimed more than once)"
        )

    @property
    def clean(self) -> bool:
        return not (
            self.lost
            or self.duplicated_replies
            or self.duplicated_sends
            or self.concurrent_turns
            or self.taken_over
        )


TAKEN_OVER = "the claim ran out during the turn"
"""What a turn worker logs when a turn's claim was taken from it while it ran."""


def check(
    url: str,
    graph: FakeGraph,
    trace: Path | None,
    *,
    expected: int,
    output: list[str] | None = None,
) -> Counts:
    """Count, in the database at `url`, the fake Graph's log and the deployment's
    `output`:

    - lost: of the `expected` inbound messages acknowledged, those not stored, or
      stored but not answered with a reply that Graph received;
    - duplicated replies: a message answered by more than one stored reply (two turns);
    - duplicated sends: Graph received more messages than the outbox sent rows;
    - concurrent turns: a claim of a customer's message taken before the customer's
      previous claim was closed, by the database's clock (`Counts`);
    - taken over: turns whose claim was taken while they ran (logged by the worker).

    The workers' own trace (`trace`), by the processes' clocks, is compared with the
    database's claims (`Counts.traced`)."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            inbound = connection.execute(
                select(
                    MessageRow.id,
                    MessageRow.conversation_id,
                    MessageRow.status,
                    ConversationRow.customer_id,
                    MessageRow.claimed_at,
                    MessageRow.closed_at,
                    MessageRow.claims,
                )
                .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
                .where(MessageRow.direction == "inbound")
            ).all()
            sent_keys = set(
                connection.scalars(
                    select(OutboxRow.dedupe_key).where(
                        OutboxRow.kind == "reply", OutboxRow.status == "sent"
                    )
                )
            )
            replies = dict(
                connection.execute(
                    select(MessageRow.conversation_id, func.count())
                    .where(MessageRow.direction == "outbound")
                    .group_by(MessageRow.conversation_id)
                ).all()
            )
            sent_rows = connection.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "sent")
            )
    finally:
        engine.dispose()
    answered = [m for m in inbound if f"reply:message:{m.id}" in sent_keys]
    lost = max(0, expected - len(answered))
    per_conversation: dict[int, int] = defaultdict(int)
    for message in inbound:
        per_conversation[message.conversation_id] += 1
    duplicated_replies = sum(max(0, replies.get(c, 0) - n) for c, n in per_conversation.items())
    duplicated_sends = max(0, len(graph.sends) - int(sent_rows or 0))
    customer_of = {m.id: m.customer_id for m in inbound}
    claims = {
        m.id: (m.claimed_at.timestamp(), m.closed_at.timestamp())
        for m in inbound
        if m.claimed_at is not None and m.closed_at is not None
    }
    held = [(message_id, start, end) for message_id, (start, end) in claims.items()]
    taken_over = sum(TAKEN_OVER in line for line in output or [])
    reclaimed = sum(1 for m in inbound if (m.claims or 0) > 1)
    traced = compare_trace(read_trace(trace), claims, customer_of) if trace is not None else None
    return Counts(
        expected,
        lost,
        duplicated_replies,
        duplicated_sends,
        overlapping(held, customer_of),
        len(held),
        largest_overlap(held, customer_of) * 1000,
        taken_over,
        reclaimed,
        traced,
    )


def compare_trace(
    turns: list[tuple[int, float, float]],
    claims: dict[int, tuple[float, float]],
    customer_of: dict[int, int],
) -> Traced:
    """The workers' trace beside the database's claims (`claims`: message id -> claimed,
    closed, in Unix seconds): its overlaps, how many of those the database shows one
    after the other, and how long after the close's statement each traced turn ended."""
    apart = 0
    for first, second in overlapping_pairs(turns, customer_of):
        if first in claims and second in claims and claims[first][1] < claims[second][0]:
            apart += 1
    lag = [(end - claims[m][1]) * 1000 for m, _, end in turns if m in claims]
    return Traced(
        len(turns),
        overlapping(turns, customer_of),
        largest_overlap(turns, customer_of) * 1000,
        apart,
        lag,
    )
