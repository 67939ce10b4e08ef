"""WhatsApp's statuses on sent messages: forward only, every one kept, failed wins."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.store import inbound
from bookbot.store.conversations import record_outbound, set_message_status
from bookbot.store.delivery_status import RANK, apply_delivery_status
from bookbot.store.models import MessageRow, OutboxRow
from tests.store.store_testkit import ZURICH

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH)
MARIE = "+41790000001"
_ids = itertools.count(1)


def sent_message(factory: sessionmaker[Session]) -> str:
    """A reply sent through the outbox; the provider's id it was sent under."""
    provider_id = f"wamid.out.{next(_ids)}"
    with factory.begin() as session:
        stored = inbound.store_message(session, phone=MARIE, text="hi", at=NOW, channel="whatsapp")
        assert stored is not None
        reply = record_outbound(
            session, conversation_id=stored.conversation_id, text="Hello!", at=NOW
        )
        set_message_status(session, message_id=reply.id, status="sent", wa_message_id=provider_id)
        session.add(
            OutboxRow(
                phone=MARIE,
                kind="reply",
                dedupe_key=f"reply:{provider_id}",
                body={"text": "Hello!"},
                status="sent",
                provider_message_id=provider_id,
            )
        )
    return provider_id


def apply(factory: sessionmaker[Session], provider_id: str, status: str, **kw: object) -> bool:
    with factory.begin() as session:
        return apply_delivery_status(
            session,
            wa_message_id=provider_id,
            status=status,
            at=kw.pop("at", NOW),  # type: ignore[arg-type]
            **kw,  # type: ignore[arg-type]
        )


def message(factory: sessionmaker[Session], provider_id: str) -> MessageRow:
    with factory() as session:
        return session.scalars(select(MessageRow).filter_by(wa_message_id=provider_id)).one()


def outbox_row(factory: sessionmaker[Session], provider_id: str) -> OutboxRow:
    with factory() as session:
        query = select(OutboxRow).filter_by(provider_message_id=provider_id)
        return session.scalars(query).one()


def test_statuses_move_forward_and_each_is_kept_once(factory: sessionmaker[Session]) -> None:
    sent = sent_message(factory)
    later = NOW + timedelta(minutes=1)
    assert apply(factory, sent, "read", at=later)
    assert apply(factory, sent, "delivered", at=NOW)  # late: kept, but does not go back
    assert apply(factory, sent, "read", at=later + timedelta(minutes=5))  # again: first time kept
    row = message(factory, sent)
    assert row.status == "read"
    assert row.payload is not None
    assert row.payload["statuses"] == {"read": later.isoformat(), "delivered": NOW.isoformat()}
    assert row.payload["kind"] == "reply"


def test_failed_wins_and_fails_the_outbox_row(factory: sessionmaker[Session]) -> None:
    sent = sent_message(factory)
    apply(factory, sent, "delivered")
    assert apply(factory, sent, "failed", error="delivery failed: 131026 " + "x" * 3000)
    apply(factory, sent, "read")
    row = message(factory, sent)
    assert row.status == "failed"
    assert row.payload is not None and row.payload["error"].startswith("delivery failed: 131026")
    outbox = outbox_row(factory, sent)
    assert outbox.status == "failed"
    assert outbox.last_error is not None and len(outbox.last_error) == 2000


def test_an_unknown_id_or_an_inbound_message_changes_nothing(
    factory: sessionmaker[Session],
) -> None:
    assert not apply(factory, "wamid.unknown", "delivered")
    with factory.begin() as session:
        inbound.store_message(
            session, phone=MARIE, text="hi", at=NOW, channel="whatsapp", wa_message_id="wamid.in"
        )
    assert not apply(factory, "wamid.in", "failed", error="no")
    assert message(factory, "wamid.in").status == "pending"


STATUSES = st.lists(st.sampled_from(["sent", "delivered", "read", "failed", "deleted"]))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(statuses=STATUSES)
def test_any_order_ends_at_the_furthest_status_or_failed(
    factory: sessionmaker[Session], statuses: list[str]
) -> None:
    sent = sent_message(factory)
    for i, status in enumerate(statuses):
        apply(factory, sent, status, at=NOW + timedelta(seconds=i), error="e")
    row = message(factory, sent)
    furthest = max(["sent", *statuses], key=lambda s: RANK.get(s, -1))
    assert row.status == ("failed" if "failed" in statuses else furthest)
    first_seen = {s: (NOW + timedelta(seconds=statuses.index(s))).isoformat() for s in statuses}
    assert (row.payload or {}).get("statuses", {}) == first_seen
    assert outbox_row(factory, sent).status == ("failed" if "failed" in statuses else "sent")
