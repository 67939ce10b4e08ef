"""`Conversations.answer` stores the turn, the reply, the proposals it shows, the
message's answered status and the outbox row in one transaction: all of it or none."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bookbot.agent.runtime import open_runtime
from bookbot.service import conversations as conversations_module
from bookbot.service.conversations import Conversations
from bookbot.service.replies import Replied, store_reply
from bookbot.settings import Settings
from bookbot.store.models import MessageRow, OutboxRow, ProposalRow, TurnRow

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


class Boom(Exception):
    pass


def test_a_failure_after_the_reply_leaves_no_reply_and_no_shown_proposal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'answer.db'}")
    with open_runtime(settings) as runtime:
        chat = Conversations.of(runtime)
        stored = chat.receive(
            phone="+41790000001", text="dental implant next tuesday at 2pm", now=NOW
        )
        assert stored is not None

        def store_then_fail(*args: Any, **kwargs: Any) -> Replied:
            store_reply(*args, **kwargs)
            raise Boom

        monkeypatch.setattr(conversations_module, "store_reply", store_then_fail)
        with pytest.raises(Boom):
            chat.answer(stored.message_id, now=NOW)
        with runtime.session_factory() as session:
            outbound = select(func.count()).where(MessageRow.direction == "outbound")
            assert session.scalar(outbound) == 0
            shown = select(func.count()).where(ProposalRow.shown_at.is_not(None))
            assert session.scalar(shown) == 0
            assert session.scalar(select(func.count()).select_from(OutboxRow)) == 0
            assert session.scalar(select(func.count()).select_from(TurnRow)) == 0
            assert session.get_one(MessageRow, stored.message_id).status == "received"
        monkeypatch.undo()
        answer = chat.answer(stored.message_id, now=NOW)
        assert answer is not None and "Session 1 of 3" in answer.reply
        titles = tuple((verb.partition(":")[0], title) for verb, title in answer.buttons)
        assert titles == (("yes", "Yes, book it"), ("change", "Another time"))
        with runtime.session_factory() as session:
            current = shown.where(ProposalRow.expires_at.is_(None))
            assert session.scalar(current) == 1  # the failed turn's proposal was replaced
            assert session.get_one(MessageRow, stored.message_id).status == "answered"
            (row,) = session.scalars(select(OutboxRow)).all()
            assert row.dedupe_key == f"reply:message:{stored.message_id}"
            assert row.body["buttons"] == [list(b) for b in answer.buttons]
