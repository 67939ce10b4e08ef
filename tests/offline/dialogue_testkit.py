"""A conversation with the offline model through the real runtime (the demo
business on SQLite), for dialogue tests: what it says, the choices it offers,
and what ends up booked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from bookbot.agent.model import Choice
from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.service.conversations import Conversations
from bookbot.settings import Settings
from bookbot.store.models import BookingRow, ServiceRow


class Dialogue:
    def __init__(self, runtime: Runtime, now: str, phone: str = "+41790000077") -> None:
        self.runtime = runtime
        self.zone = runtime.business.zone
        self.now = self.at(now)
        self.phone = phone
        self.choices: tuple[Choice, ...] = ()
        self.tools: list[str] = []

    def at(self, text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=self.zone)

    def say(self, text: str) -> str:
        answer = Conversations.of(self.runtime).handle(
            phone=self.phone, text=text, now=self.now, name="Kim"
        )
        assert answer is not None and answer.outcome.error is None
        self.choices = answer.outcome.choices
        self.tools = [t.name for t in answer.outcome.tools]
        return answer.reply

    def booked(self) -> list[tuple[str, int, str]]:
        """(service, session number, local start) of every confirmed booking."""
        with self.runtime.session_factory() as session:
            rows = session.execute(
                select(ServiceRow.slug, BookingRow)
                .join(ServiceRow, ServiceRow.id == BookingRow.service_id)
                .where(BookingRow.status == "confirmed")
                .order_by(BookingRow.start_at)
            ).all()
        return [
            (slug, b.session_number, f"{b.start_at.astimezone(self.zone):%Y-%m-%d %H:%M}")
            for slug, b in rows
        ]


@contextmanager
def dialogue(tmp_path: Path, now: str, business: Path | None = None) -> Iterator[Dialogue]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'dialogue.db'}")
    if business is not None:
        settings = Settings(database_url=settings.database_url, business=business)
    with open_runtime(settings) as runtime:
        yield Dialogue(runtime, now)
