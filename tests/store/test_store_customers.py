"""Customers by E.164 phone number."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.errors import NotFoundError
from bookbot.store.customers import (
    find_customer,
    get_customer,
    get_or_create_customer,
    normalize_phone,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+41790000001", "+41790000001"),
        ("+41 79 000 00 01", "+41790000001"),
        ("0041 79 000 00 01", "+41790000001"),
        ("41790000001", "+41790000001"),  # WhatsApp's wa_id form
        ("+1 (415) 555-0100", "+14155550100"),
        (" +44.20.7946.0958 ", "+442079460958"),
    ],
)
def test_phone_numbers_are_normalized_to_e164(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "junk", ["", "hello", "+", "079 000 00 01", "+0790000001", "+123", "+41 79 abc", "1" * 16]
)
def test_junk_is_refused_with_a_clear_error(junk: str) -> None:
    with pytest.raises(ValueError, match=r"is not a phone number in international form"):
        normalize_phone(junk)


def test_get_or_create_is_idempotent_and_fills_a_missing_name(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as session:
        first = get_or_create_customer(session, phone="0041 79 000 00 01")
    with factory.begin() as session:
        again = get_or_create_customer(session, phone="+41790000001", name="Marie")
    with factory.begin() as session:
        renamed = get_or_create_customer(session, phone="41790000001", name="Someone else")
    assert first.id == again.id == renamed.id
    assert (first.name, again.name, renamed.name) == (None, "Marie", "Marie")
    assert again.phone == "+41790000001"
    with factory() as session:
        assert find_customer(session, phone="+41 79 000 00 01") == again
        assert find_customer(session, phone="+41790000009") is None
        assert get_customer(session, customer_id=again.id) == again
        with pytest.raises(NotFoundError):
            get_customer(session, customer_id=again.id + 100)
