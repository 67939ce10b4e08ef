"""Fixtures of the agent and tool tests: a migrated SQLite database holding the
test module's `business` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import open_database
from bookbot.core.config import Business


@pytest.fixture
def factory(tmp_path: Path, business: Business) -> Iterator[sessionmaker[Session]]:
    engine, factory = open_database(f"sqlite:///{tmp_path / 'agent.db'}", business)
    yield factory
    engine.dispose()
