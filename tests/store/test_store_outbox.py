"""The outbox: dedupe keys, claiming due rows, retries with backoff, failures kept."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bookbot.store import outbox
from tests.store.store_testkit import ZURICH

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZURICH)


def put(factory: sessionmaker[Session], key: str, **kw: object) -> outbox.OutboxItem | None:
    with factory.begin() as session:
        return outbox.enqueue(
            session,
            phone="+41790000001",
            kind="reminder",
            dedupe_key=key,
            body={"text": key},
            now=kw.pop("now", NOW),  # type: ignore[arg-type]
            **kw,  # type: ignore[arg-type]
        )


def test_a_dedupe_key_is_enqueued_once(factory: sessionmaker[Session], marie: int) -> None:
    first = put(factory, "reminder:booking:1", customer_id=marie)
    assert first is not None and first.status == "pending"
    assert put(factory, "reminder:booking:1", customer_id=marie) is None
    with factory() as session:
        assert [i.dedupe_key for i in outbox.items(session)] == ["reminder:booking:1"]


def test_claim_due_takes_only_what_is_due(factory: sessionmaker[Session]) -> None:
    put(factory, "now")
    put(factory, "later", send_after=NOW + timedelta(hours=1))
    with factory.begin() as session:
        assert [i.dedupe_key for i in outbox.claim_due(session, now=NOW)] == ["now"]
    with factory.begin() as session:
        due = outbox.claim_due(session, now=NOW + timedelta(hours=1))
        assert [i.dedupe_key for i in due] == ["now", "later"]


def test_sent_rows_are_not_claimed_again(factory: sessionmaker[Session]) -> None:
    item = put(factory, "a")
    assert item is not None
    with factory.begin() as session:
        outbox.mark_sent(session, item_id=item.id, now=NOW, provider_message_id="wamid.1")
    with factory.begin() as session:
        assert outbox.claim_due(session, now=NOW) == []
        found = outbox.find(session, dedupe_key="a")
        assert found is not None and found.status == "sent" and found.attempts == 1
        assert found.provider_message_id == "wamid.1"


def test_failures_back_off_then_stay_failed_and_visible(factory: sessionmaker[Session]) -> None:
    item = put(factory, "flaky")
    assert item is not None
    clock = NOW
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        with factory.begin() as session:
            due = outbox.claim_due(session, now=clock)
            assert [d.id for d in due] == [item.id], attempt
            after = outbox.mark_failed(session, item_id=item.id, now=clock, error="HTTP 500")
        if attempt < outbox.MAX_ATTEMPTS:
            assert after.status == "pending" and after.send_after > clock
            with factory.begin() as session:
                assert outbox.claim_due(session, now=clock) == []  # backing off
            clock = after.send_after
    with factory() as session:
        failed = outbox.items(session, status="failed")
        assert [(f.dedupe_key, f.attempts, f.last_error) for f in failed] == [
            ("flaky", outbox.MAX_ATTEMPTS, "HTTP 500")
        ]


def test_a_permanent_failure_is_final_at_once(factory: sessionmaker[Session]) -> None:
    item = put(factory, "bad number")
    assert item is not None
    with factory.begin() as session:
        after = outbox.mark_failed(
            session, item_id=item.id, now=NOW, error="131026", retryable=False
        )
    assert after.status == "failed" and after.attempts == 1


def test_concurrent_enqueues_of_one_key_store_one_row(factory: sessionmaker[Session]) -> None:
    results: list[object] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        results.append(put(factory, "race"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    with factory() as session:
        assert len(outbox.items(session)) == 1


def test_a_retry_may_be_deferred_but_never_brought_forward(
    factory: sessionmaker[Session],
) -> None:
    late, early = put(factory, "late"), put(factory, "early")
    assert late is not None and early is not None
    morning = NOW + timedelta(hours=10)
    with factory.begin() as session:
        moved = outbox.mark_failed(
            session, item_id=late.id, now=NOW, error="HTTP 500", defer=lambda _: morning
        )
        kept = outbox.mark_failed(
            session, item_id=early.id, now=NOW, error="HTTP 500", defer=lambda at: at - timedelta(1)
        )
    assert moved.send_after == morning
    assert kept.send_after == NOW + timedelta(seconds=outbox.RETRY_BASE_SECONDS)


def test_move_due_is_a_compare_and_set(factory: sessionmaker[Session]) -> None:
    item = put(factory, "row")
    assert item is not None
    later = NOW + timedelta(minutes=5)
    with factory.begin() as session:
        assert outbox.move_due(session, item_id=item.id, expected=NOW, to=later)
        assert not outbox.move_due(session, item_id=item.id, expected=NOW, to=later)
    with factory() as session:
        found = outbox.find(session, dedupe_key="row")
        assert found is not None and found.send_after == later


def test_existing_keys_names_the_keys_already_taken(factory: sessionmaker[Session]) -> None:
    put(factory, "a")
    put(factory, "b")
    keys = [f"k{n}" for n in range(outbox.KEY_CHUNK + 3)] + ["b", "a", "b"]
    with factory() as session:
        assert outbox.existing_keys(session, keys=keys) == {"a", "b"}
        assert outbox.existing_keys(session, keys=[]) == set()
