"""A customer who loses a slot race (issue 14, point 8) reads what happened once, in
their words, and gets the nearest alternatives the core finds now.

Marie and Otto are shown the same implant plan; Otto says yes first. Marie's yes
then books nothing: the reply names the lost session and its time once (no
"Tue Tue", no doubled "nothing was booked") and offers the free starts nearest
to it, from which the whole plan fits. SQLite, and PostgreSQL when configured.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bookbot.agent.runtime import open_runtime
from bookbot.service.conversations import Conversations
from bookbot.settings import Settings
from bookbot.store.models import BookingRow, CustomerRow

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
MARIE, OTTO = "+41790000001", "+41790000002"


def test_the_loser_of_a_slot_race_reads_it_once_with_alternatives(db_url: str) -> None:
    with open_runtime(Settings(database_url=db_url)) as runtime:
        chat = Conversations.of(runtime)
        for phone in (MARIE, OTTO):
            chat.handle(phone=phone, text="I need a dental implant", now=NOW)
            chat.handle(phone=phone, text="March 10th at 2pm", now=NOW)
        otto = chat.handle(phone=OTTO, text="yes", now=NOW)
        assert otto is not None and "confirmed" in otto.reply

        marie = chat.handle(phone=MARIE, text="yes", now=NOW)

        assert marie is not None
        (booking,) = [t.payload for t in marie.outcome.tools if t.name == "book_group"]
        assert booking["booked"] is False
        conflict = booking["conflict"]
        assert conflict["session"] == 1 and conflict["requested"] == "2026-03-10T14:00"
        assert conflict["alternatives"] and "2026-03-10T14:00" not in conflict["alternatives"]
        reply = marie.reply
        assert "Tue 10 Mar 2026, 14:00 was just taken by someone else" in reply
        assert len(re.findall("(?i)nothing was booked", reply)) == 1
        assert not re.search(r"\b(\w{3}) \1\b", reply), reply  # no "Tue Tue"
        assert "propose a new time" not in reply
        for start in conflict["alternatives"]:  # numbered options: "1. Tue 10 Mar 15:30"
            moment = datetime.fromisoformat(start)
            assert f"{moment:%a} {moment.day} {moment:%b %H:%M}" in reply, reply
        with runtime.session_factory() as session:
            owners = session.scalars(
                select(CustomerRow.phone).join(BookingRow, BookingRow.customer_id == CustomerRow.id)
            ).all()
        assert owners == [OTTO] * 3
