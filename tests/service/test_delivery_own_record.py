"""A send thread of the delivery records its own outcome right after Graph answered
(`Senders._record_own`), so a kill after Graph's acceptance resends only while that
one short statement runs, never while the dispatcher is busy with a pass:

- on PostgreSQL one statement in autocommit on the thread's own connection
  (`store.dispatch.RECORD_ONE`), on SQLite (and for a proactive message, whose stored
  message is inserted) one transaction;
- the row and its stored message are `sent` as soon as the send thread is done, and
  the dispatcher only frees the slot;
- the compare-and-set on the lease holds: a row another sender took over is not
  touched;
- a connection the server dropped is replaced and nothing is recorded twice;
- a recording that failed is left to the dispatcher, the lease still renewed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from bookbot.api.whatsapp import GraphPermanentError, GraphRetryableError
from bookbot.service.delivery import Leased, Tried, recorded_in_one
from bookbot.service.senders import Senders
from bookbot.store import dispatch, outbox
from bookbot.store.db import write_session
from bookbot.store.models import MessageRow
from bookbot.store.outbox import OutboxItem

from .test_delivery_one_statement import (
    LEASE,
    T0,
    Clock,
    Recording,
    checkin,
    outbox_statuses,
    replies,
    sent_messages,
)


@pytest.fixture
def senders(engine: Engine, factory: sessionmaker[Session]) -> Iterator[Senders]:
    senders = Senders(
        engine, factory, Recording(), concurrency=8, lease=LEASE, poll_seconds=60, clock=Clock()
    )
    yield senders
    senders.close_connections()
    senders._keeper.stop()
    if senders._dispatch_factory is not factory:
        senders._dispatch_factory.kw["bind"].dispose()


def leased(senders: Senders, size: int = 8) -> list[Leased]:
    """One dispatcher pass that leases (nothing to record), as `_start` holds them."""
    rows, _ = senders._record_and_lease([], size)
    senders._keeper.hold(rows)
    senders._free -= len(rows)
    senders._in_flight += len(rows)
    return rows


def ended(senders: Senders) -> list[bool]:
    """What the send threads put on the queue: whether each recorded its send."""
    ends = []
    while not senders._results.empty():
        ends.append(senders._results.get_nowait()[1])
    return ends


def test_a_send_is_recorded_by_its_send_thread_at_once(
    senders: Senders, factory: sessionmaker[Session]
) -> None:
    messages = replies(factory, 3)
    for one in leased(senders):
        senders._send(one)  # as a send thread does
    # committed before any dispatcher pass: the row and its stored message
    assert set(outbox_statuses(factory).values()) == {"sent"}
    assert sent_messages(factory) == {m: ("sent", f"wamid.reply:message:{m}") for m in messages}
    assert senders.sent == 3
    assert not senders._keeper._held  # no renewal of a recorded row
    assert senders._ready() == []  # the dispatcher has nothing to record: slots freed
    assert senders._free == 8 and senders._in_flight == 0
    assert leased(senders) == []  # nothing is due again
    transport = senders.transport
    assert isinstance(transport, Recording)
    assert len(transport.sent) == 3


def test_a_row_another_sender_took_over_is_not_touched(
    senders: Senders, factory: sessionmaker[Session]
) -> None:
    replies(factory, 1)
    [one] = leased(senders)
    with write_session(factory) as session:  # its lease ran out: another sender has it
        moved = outbox.move_leased(session, [(one.item.id, one.until, T0 + timedelta(hours=1))])
    assert moved
    senders._send(one)
    assert ended(senders) == [True]  # done with: the compare-and-set missed
    assert set(outbox_statuses(factory).values()) == {"pending"}
    assert set(sent_messages(factory).values()) == {("queued", None)}


def test_a_dropped_connection_is_replaced_and_nothing_recorded_twice(
    senders: Senders, engine: Engine, factory: sessionmaker[Session]
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the send thread's own connection is PostgreSQL's")
    replies(factory, 2)
    first, second = leased(senders)
    senders._send(first)
    recorder = senders._recorder()
    assert recorder is not None and recorder.connection is not None
    pid = recorder.connection.info.backend_pid
    with engine.connect() as admin:  # a server restart, as the send thread sees it
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    senders._send(second)
    assert recorder.connection.info.backend_pid != pid
    assert ended(senders) == [True, True]
    assert set(outbox_statuses(factory).values()) == {"sent"}
    assert {s for s, _ in sent_messages(factory).values()} == {"sent"}
    before = sent_messages(factory)
    # the same outcome once more (a rerun after a commit whose answer was lost): a miss
    again = recorded_in_one([Tried(second, "wamid.again")], T0)
    assert again is not None
    assert recorder.record(dispatch.record_params(*again)) == set()
    assert sent_messages(factory) == before


def test_a_proactive_message_is_recorded_with_its_stored_message(
    senders: Senders, factory: sessionmaker[Session]
) -> None:
    checkin(factory)
    for one in leased(senders):
        senders._send(one)
    assert ended(senders) == [True, True]
    assert set(outbox_statuses(factory).values()) == {"sent"}
    with factory() as session:
        texts = set(
            session.scalars(select(MessageRow.text).where(MessageRow.status == "sent")).all()
        )
    assert texts == {"reply 0", "how are you?"}


def test_a_failed_recording_is_left_to_the_dispatcher(
    senders: Senders, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = replies(factory, 1)
    [one] = leased(senders)

    def away(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database is away")

    monkeypatch.setattr(senders, "_recorder", away)
    senders._send(one)
    assert set(outbox_statuses(factory).values()) == {"pending"}  # not recorded yet
    assert one.item.id in senders._keeper._held  # its lease is still renewed
    monkeypatch.undo()
    ready = senders._ready()
    assert [t.leased.item.id for t in ready] == [one.item.id]
    assert senders._record_and_lease(ready, 0) == ([], 0)  # the dispatcher records it
    assert set(outbox_statuses(factory).values()) == {"sent"}
    assert sent_messages(factory) == {m: ("sent", f"wamid.reply:message:{m}") for m in messages}
    assert not senders._keeper._held
    assert senders.sent == 1


class Refusing:
    """Graph refuses the first row for good and the second for now."""

    channel = "whatsapp"

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        if item.dedupe_key.endswith(f":{FIRST[0]}"):
            raise GraphPermanentError("recipient not on WhatsApp", status_code=400)
        raise GraphRetryableError("Graph is busy", status_code=503)


FIRST: list[int] = []


def test_a_failed_send_is_recorded_by_its_send_thread_with_its_stored_message(
    senders: Senders, factory: sessionmaker[Session]
) -> None:
    """A send Graph refused for good: the row and its stored message `failed`, the error
    in the message's payload; one refused for now: the row waits for its next try
    (attempts counted, a later `send_after`), its stored message untouched."""
    messages = replies(factory, 2)
    FIRST[:] = [messages[0]]
    senders.transport = Refusing()
    for one in leased(senders):
        senders._send(one)
    assert ended(senders) == [True, True]
    with factory() as session:
        rows = {i.dedupe_key: i for i in outbox.items(session)}
        stored = {
            m.id: (m.status, m.wa_message_id, m.payload)
            for m in session.scalars(select(MessageRow).where(MessageRow.direction == "outbound"))
        }
    failed, waiting = (rows[f"reply:message:{m}"] for m in messages)
    assert (failed.status, failed.attempts, failed.provider_message_id) == ("failed", 1, None)
    assert "recipient not on WhatsApp" in (failed.last_error or "")
    status, wamid, payload = stored[messages[0]]
    assert (status, wamid) == ("failed", None)
    assert payload is not None and payload["outbox_id"] == failed.id
    assert "recipient not on WhatsApp" in payload["error"]
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.send_after == outbox.next_try(attempts=1, now=T0, retryable=True)
    assert stored[messages[1]] == ("queued", None, {"kind": "reply"})
