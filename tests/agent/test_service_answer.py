"""Conversations.answer stores the reply, the proposals it shows, the dialogue state
and whatever the caller adds (`then`) in one transaction: all of it or none."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bookbot.agent.runtime import open_runtime
from bookbot.settings import Settings
from bookbot.store.models import MessageRow, ProposalRow

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


class Boom(Exception):
    pass


def test_a_failure_after_the_reply_leaves_no_reply_and_no_shown_proposal(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'answer.db'}")
    with open_runtime(settings) as runtime:
        chat = runtime.conversations
        inbound = chat.receive(
            phone="+41790000001", text="dental implant next tuesday at 2pm", now=NOW
        )
        assert inbound is not None

        def fail(*_: object) -> None:
            raise Boom

        with pytest.raises(Boom):
            chat.answer(inbound, now=NOW, then=fail)
        with runtime.session_factory() as session:
            outbound = select(func.count()).where(MessageRow.direction == "outbound")
            assert session.scalar(outbound) == 0
            shown = select(func.count()).where(ProposalRow.shown_at.is_not(None))
            assert session.scalar(shown) == 0
        answer = chat.answer(inbound, now=NOW)
        assert "Session 1 of 3" in answer.reply
        with runtime.session_factory() as session:
            current = shown.where(ProposalRow.expires_at.is_(None))
            assert session.scalar(current) == 1  # the failed turn's proposal was replaced
