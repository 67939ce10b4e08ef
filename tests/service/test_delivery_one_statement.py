"""On PostgreSQL the delivery's dispatcher records the finished sends and leases the
next rows in ONE statement (`store.dispatch`), on a connection of its own in
autocommit, with the guarantees of the transaction it replaces:

- a reply goes out once, its outbox row and its stored message are `sent` with the
  provider's id, and the conversation's window decides the send as before;
- an outcome is recorded only under the lease it was sent under;
- a row finished by a pass is never leased again by the same pass;
- a connection the server dropped (`pg_terminate_backend`) costs nothing: the pass
  runs again on a new one, and every row still goes out once;
- a proactive message (whose stored message is inserted when sent) takes the
  transaction, and still gets its stored message.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from bookbot.service.delivery import Tried, send_leased
from bookbot.service.senders import Senders
from bookbot.store import outbox
from bookbot.store.db import write_session
from bookbot.store.models import ConversationRow, CustomerRow, MessageRow
from bookbot.store.outbox import OutboxItem

T0 = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


class Recording:
    channel = "whatsapp"

    def __init__(self) -> None:
        self.sent: list[tuple[str, bool]] = []

    def send(self, item: OutboxItem, *, within_window: bool) -> str:
        self.sent.append((item.dedupe_key, within_window))
        return f"wamid.{item.dedupe_key}"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def senders(engine: Engine, factory: sessionmaker[Session]) -> Iterator[Senders]:
    if engine.dialect.name != "postgresql":
        pytest.skip("the one-statement pass is PostgreSQL's (SQLite: the transaction)")
    senders = Senders(
        engine, factory, Recording(), concurrency=8, lease=LEASE, poll_seconds=60, clock=Clock()
    )
    yield senders
    assert senders._one is not None
    senders.close_connections()
    senders._keeper.stop()
    senders._dispatch_factory.kw["bind"].dispose()  # its transaction's engine (run() does)


def replies(factory: sessionmaker[Session], count: int, *, written: datetime = T0) -> list[int]:
    """`count` customers who wrote at `written`, each with a stored reply queued."""
    ids = []
    with write_session(factory) as session:
        for n in range(count):
            customer = CustomerRow(phone=f"+4178000{n:04d}", created_at=T0)
            session.add(customer)
            session.flush()
            conversation = ConversationRow(
                customer_id=customer.id, channel="whatsapp", created_at=T0, last_inbound_at=written
            )
            session.add(conversation)
            session.flush()
            message = MessageRow(
                conversation_id=conversation.id,
                direction="outbound",
                text=f"reply {n}",
                created_at=T0,
                status="queued",
                payload={"kind": "reply"},
            )
            session.add(message)
            session.flush()
            item = outbox.enqueue(
                session,
                phone=customer.phone,
                customer_id=customer.id,
                kind="reply",
                dedupe_key=f"reply:message:{message.id}",
                body={"text": f"reply {n}", "message_id": message.id},
                now=T0,
            )
            assert item is not None
            ids.append(message.id)
    return ids


def checkin(factory: sessionmaker[Session]) -> None:
    """A customer with a stored reply queued (`replies`), and a proactive check-in
    queued for them too (its stored message is inserted when it is sent)."""
    replies(factory, 1)  # the customer +41780000000 and their conversation
    with write_session(factory) as session:
        customer_id = session.scalar(select(CustomerRow.id))
        item = outbox.enqueue(
            session,
            phone="+41780000000",
            customer_id=customer_id,
            kind="checkin",
            dedupe_key="checkin:1",
            body={"text": "how are you?"},
            now=T0,
        )
    assert item is not None


def step(senders: Senders, ready: list[Tried], size: int = 8) -> list[Tried]:
    """One dispatcher pass, then every leased row sent: the outcomes of the next pass."""
    leased, _ = senders._record_and_lease(ready, size)
    senders._keeper.hold(leased)
    return [send_leased(senders.transport, one) for one in leased]


def sent_messages(factory: sessionmaker[Session]) -> dict[int, tuple[str | None, str | None]]:
    with factory() as session:
        rows = session.execute(
            select(MessageRow.id, MessageRow.status, MessageRow.wa_message_id).where(
                MessageRow.direction == "outbound"
            )
        ).all()
    return {row.id: (row.status, row.wa_message_id) for row in rows}


def outbox_statuses(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as session:
        return {i.dedupe_key: i.status for i in outbox.items(session)}


def test_replies_are_recorded_and_leased_in_one_statement(
    senders: Senders, factory: sessionmaker[Session]
) -> None:
    messages = replies(factory, 3)
    tried = step(senders, [])
    assert len(tried) == 3 and all(t.leased.context is not None for t in tried)
    assert {t.leased.context.message_id for t in tried if t.leased.context} == set(messages)
    assert [t for t in step(senders, tried)] == []  # recorded; nothing more is due
    transport = senders.transport
    assert isinstance(transport, Recording)
    assert sorted(transport.sent) == sorted((f"reply:message:{m}", True) for m in messages)
    assert set(outbox_statuses(factory).values()) == {"sent"}
    assert sent_messages(factory) == {m: ("sent", f"wamid.reply:message:{m}") for m in messages}
    assert senders.sent == 3


def test_the_window_decides_as_before(senders: Senders, factory: sessionmaker[Session]) -> None:
    replies(factory, 1, written=T0 - timedelta(hours=25))
    step(senders, step(senders, []))
    transport = senders.transport
    assert isinstance(transport, Recording)
    assert [w for _, w in transport.sent] == [False]  # a template, outside the 24 h


def test_an_outcome_under_a_lost_lease_is_not_recorded(
    senders: Senders, factory: sessionmaker[Session]
) -> None:
    replies(factory, 1)
    tried = step(senders, [])
    with write_session(factory) as session:  # another sender took the row over
        moved = outbox.move_leased(
            session, [(tried[0].leased.item.id, tried[0].leased.until, T0 + timedelta(hours=1))]
        )
    assert moved
    step(senders, tried, size=0)
    assert set(outbox_statuses(factory).values()) == {"pending"}
    assert set(sent_messages(factory).values()) == {("queued", None)}
    assert senders.sent == 1  # sent by this one; the other sender's outcome will count


def test_a_dropped_connection_costs_the_pass_nothing(
    senders: Senders, engine: Engine, factory: sessionmaker[Session]
) -> None:
    messages = replies(factory, 4)
    tried = step(senders, [], size=2)
    assert senders._one is not None and senders._one.connection is not None
    pid = senders._one.connection.info.backend_pid
    with engine.connect() as admin:  # a server restart, as the dispatcher sees it
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    tried = step(senders, tried, size=2)  # recorded and leased on a new connection
    assert senders._one.connection.info.backend_pid != pid
    assert len(tried) == 2
    assert step(senders, tried) == []
    transport = senders.transport
    assert isinstance(transport, Recording)
    assert sorted(k for k, _ in transport.sent) == sorted(f"reply:message:{m}" for m in messages)
    assert set(outbox_statuses(factory).values()) == {"sent"}
    assert {s for s, _ in sent_messages(factory).values()} == {"sent"}


def test_a_proactive_message_takes_the_transaction(
    senders: Senders, factory: sessionmaker[Session]
) -> None:
    checkin(factory)
    tried = step(senders, [])
    assert len(tried) == 2
    assert step(senders, tried) == []
    assert set(outbox_statuses(factory).values()) == {"sent"}
    with factory() as session:
        texts = set(
            session.scalars(select(MessageRow.text).where(MessageRow.status == "sent")).all()
        )
    assert texts == {"reply 0", "how are you?"}
