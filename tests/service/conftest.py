"""Fixtures of the service tests: the root conftest's `engine` (a migrated database of
each backend of the run) holding the demo business."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.settings import DEMO_BUSINESS
from bookbot.store import import_business, load_business_file
from bookbot.store.db import make_session_factory


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, load_business_file(DEMO_BUSINESS))
    return factory
