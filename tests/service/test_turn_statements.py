"""How many SQL statements and commits one customer turn costs, end to end through
`Conversations.handle`: one transaction stores the message and reads the turn
(customer and conversation, history, the message's answer to the offers), the
agent's tools read and write in their own, and one transaction writes the turn,
its tool calls, the reply with the proposals it shows, the answered status and
the outbox row. The ceilings are the counts measured when this test was written:
a change that adds statements or commits to a turn fails here and has to say why.

Before issue 15 a turn cost 39/44/27 statements and 4/4/3 commits on PostgreSQL;
the issue aims at <= 15 statements. Its first round cut that to 21/31/14 (the
turn's own part 14/12/11; the tools' 7 for the proposal, 16 + 3 for the booking
of three sessions and the progress read after it). Its second round made it
12/13/9; then, on PostgreSQL, 11/12/8, then 8/11/7 (the ceilings below), and now
7/10/6, the turn's record a part of the reply's statement:

- the turn's own part is: the message's store and read (a new customer's
  first message: customer, conversation, message, and no history or answer to
  read or write; a later one: the message with its window's move as one
  statement, the history, the answer's UPDATE), then the proposals to show, and
  one statement of the reply with the proposals it shows, its outbox row (and the
  senders' NOTIFY), the message's answered status (checking the claim), the turn
  with its tool calls and the dialogue state when it changed;
- the tools' part is 4 for the proposal (the service with the customer's active
  plan, the calendar, the customer's own bookings, the proposal's replacement and
  insert as one statement), 5 for the booking of three sessions (the proposal, the
  service with its advisory lock, the claim, one capacity read, the plan's group,
  sessions and audit rows as one statement; no progress read after it for a new
  plan) and 1 for the progress (the plans joined to their sessions).

SQLite has no data-modifying CTEs, so there the merged writes stay one statement
each: 21/25/15 with its BEGINs (before: 25/35/18).

Through the inbound queue (`QUEUED`, as a turn worker answers) a turn costs 9/11/5
on PostgreSQL and 3/3/2 commits (before issue 15's third round: 20/21/17 and
5/5/4, the claim five statements and an empty claim of four after each turn; after
it 12/13/9 and 4/4/3, the claim and the read two transactions; then 9/11/6, until
each tool write began with the claim's check, see `QUEUED`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.offline.policy import OfflineModel
from bookbot.agent.runtime import build_agent
from bookbot.service.conversations import Conversations
from bookbot.service.queue import InboundQueue
from bookbot.service.turn_worker import TurnWorker
from bookbot.settings import Settings
from bookbot.store import load_business_file
from bookbot.store.inbound import PENDING
from bookbot.store.turn_queue import Claimed

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
TURNS = {  # message -> (tool it runs, statements on SQLite, on PostgreSQL, commits)
    "dental implant next tuesday at 2pm": ("propose_schedule", 21, 7, 3),
    "yes": ("book_group", 25, 10, 3),
    "how far am I with my plan?": ("get_progress", 15, 6, 2),
}
"""SQLite counts its explicit BEGINs; psycopg opens transactions implicitly. Commits:
the message with the turn's read, the tool's write (none for a read-only tool),
the turn's write."""


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The statements run on `engine`, with a "COMMIT" line for each commit."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    def commit(_conn: Any) -> None:
        statements.append("COMMIT")

    event.listen(engine, "before_cursor_execute", count)
    event.listen(engine, "commit", commit)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
        event.remove(engine, "commit", commit)


def test_a_turn_costs_no_more_statements_and_commits_than_today(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    business = load_business_file(DEMO)
    chat = Conversations(factory, business, build_agent(Settings(), OfflineModel()))
    postgres = engine.dialect.name == "postgresql"
    counts: dict[str, tuple[int, int]] = {}
    for text, (tool, on_sqlite, on_postgres, commits) in TURNS.items():
        with counting(engine) as log:
            answer = chat.handle(phone="+41790000001", text=text, now=NOW)
        assert answer is not None and [t.name for t in answer.outcome.tools] == [tool]
        statements = [line for line in log if line != "COMMIT"]
        counts[text] = (len(statements), log.count("COMMIT"))
        ceiling = on_postgres if postgres else on_sqlite
        report = "\n".join([f"{text!r}: {counts}", *log])
        assert len(statements) <= ceiling, report
        assert log.count("COMMIT") <= commits, report


QUEUED = {  # message -> (statements on SQLite, on PostgreSQL, commits) claimed and answered
    "dental implant next tuesday at 2pm": (24, 9, 3),
    "yes": (27, 11, 3),
    "how far am I with my plan?": (16, 5, 2),
}
"""Through the inbound queue, as a turn worker answers (the message stored pending
first, not counted): the claim and the turn's read are one transaction (on
PostgreSQL the customer's lock, then one statement that claims the message and
reads it with its conversation, customer and history; on SQLite the requeue of the
customer's expired claims, the read of their open messages, the claim, then
`load_turn`'s two reads), and no empty claim follows the turn (nothing waited
behind the message). The claim's read also says whether the conversation has a
shown proposal the message may answer: without one (the first message, the
question after a booking) its answer costs no UPDATE. Before: 12/13/9 and 4/4/3
commits on PostgreSQL, the claim its own transaction and the read a second; then
9/11/6, the turn's record a statement of its own.

Each write transaction of the tools then begins with the claim's check
(`turn_queue.hold_claim`: one SELECT ... FOR SHARE of the message row, on SQLite
without the lock), so a turn that ran past its claim and was taken over writes
nothing: one statement more for the proposal's and for the booking's write, and
the proposal is a transaction, not one autocommit statement (a fenced write is
never in autocommit). It stays a statement of its own, the first of its
transaction: merged into the write's first statement (the service's advisory
lock, the proposal's INSERT) it would wait for the heartbeat while holding a
service's lock, which the heartbeat may wait for behind another fenced write.
The turn's record is in the reply's one statement. A turn without a queue
(`handle`, above) checks no claim."""


def test_a_turn_through_the_queue_costs_one_claim_and_no_more(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    business = load_business_file(DEMO)
    chat = Conversations(factory, business, build_agent(Settings(), OfflineModel()))
    postgres = engine.dialect.name == "postgresql"

    def answer(message_id: int) -> None:
        chat.answer(message_id, now=NOW, owner=queue.owner)

    def open_claimed(session: Session, claimed: Claimed) -> Callable[[], object] | None:
        return chat.open_claimed(session, claimed, now=NOW, owner=queue.owner)

    queue = InboundQueue(factory, answer, workers=1, clock=lambda: NOW, open=open_claimed)
    try:
        for text, (on_sqlite, on_postgres, commits) in QUEUED.items():
            stored = chat.receive(phone="+41790000002", text=text, now=NOW, status=PENDING)
            assert stored is not None
            with counting(engine) as log:
                assert queue.drain(stored.customer_id) == 1  # drained as a pool thread does
            statements = [line for line in log if line != "COMMIT"]
            ceiling = on_postgres if postgres else on_sqlite
            report = "\n".join([f"{text!r}: {len(statements)}", *log])
            assert len(statements) <= ceiling, report
            assert log.count("COMMIT") <= commits, report
    finally:
        queue.shutdown()


WORKER_COMMITS = {
    "dental implant next tuesday at 2pm": 2,
    "yes": 2,
    "how far am I with my plan?": 1,
}
"""A turn worker's COMMITs: the claim's transaction, and a proposal's or a booking's
(each a fenced transaction: its first statement checks and holds the claim)."""


def test_a_turn_worker_writes_its_turn_in_one_statement_of_its_own(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    """A turn worker on PostgreSQL runs the proposals to show and then the turn's write
    in autocommit (`Conversations.autocommit_factory`): the reply, its outbox row, the
    message's close and the turn's record with its tool calls are one statement, its
    own transaction, after which no COMMIT is sent. The claim's transaction, a new
    proposal and a booking commit as transactions: the proposal's and the booking's
    are fenced by the claim (`store.db.fenced`), never in autocommit."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the turn worker's own engines are PostgreSQL's")
    business = load_business_file(DEMO)
    runtime = SimpleNamespace(
        settings=Settings(turn_concurrency=1),
        engine=engine,
        session_factory=factory,
        business=business,
        agent=build_agent(Settings(), OfflineModel()),
    )
    worker = TurnWorker(runtime, clock=lambda: NOW)  # type: ignore[arg-type]
    assert worker._engine is not None and worker._read_engine is not None
    chat = Conversations(factory, business, runtime.agent)
    try:
        for text, commits in WORKER_COMMITS.items():
            stored = chat.receive(phone="+41790000003", text=text, now=NOW, status=PENDING)
            assert stored is not None
            with counting(worker._engine) as log, counting(worker._read_engine) as autocommit:
                assert worker.queue.drain(stored.customer_id) == 1
            report = "\n".join([text, *log, "-- autocommit:", *autocommit])
            writes = [s for s in autocommit if "INSERT INTO outbox" in s]
            assert len(writes) == 1 and "INSERT INTO turns" in writes[0], report
            assert "COMMIT" not in autocommit, report
            assert log.count("COMMIT") == commits, report
            proposals = [s for s in log if "INSERT INTO proposals" in s]
            assert len(proposals) == (text == "dental implant next tuesday at 2pm"), report
            assert not any("INSERT INTO proposals" in s for s in autocommit), report
    finally:
        worker.queue.shutdown()
        worker.close_pools()
