"""Fixtures of the store tests, over the root conftest's `engine` (a migrated database
of each backend of the run): a session factory, the demo business (imported or
not) and two of its customers."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business, parse_business
from bookbot.store.businesses import import_business
from bookbot.store.db import make_session_factory
from tests.store.store_testkit import DEMO, customer


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def business() -> Business:
    return parse_business(DEMO, source="tests/store/store_testkit.py")


@pytest.fixture
def imported(factory: sessionmaker[Session], business: Business) -> Business:
    """The demo business, imported into the test database."""
    with factory.begin() as session:
        import_business(session, business)
    return business


@pytest.fixture
def marie(factory: sessionmaker[Session], imported: Business) -> int:
    return customer(factory, "+41790000001", "Marie")


@pytest.fixture
def thomas(factory: sessionmaker[Session], imported: Business) -> int:
    return customer(factory, "+41790000002", "Thomas")
