"""Customers, known by their phone number in E.164 form (+41790000001)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.core.errors import NotFoundError
from bookbot.store.db import insert_missing
from bookbot.store.models import CustomerRow
from bookbot.store.records import CustomerRecord

_SEPARATORS = re.compile(r"[\s().\-/]")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def normalize_phone(raw: str) -> str:
    """`raw` as E.164: a plus, then 7 to 15 digits, the first not 0.

    Spaces, dots, dashes, slashes and parentheses go; a leading 00 becomes +;
    bare digits are taken as international already (WhatsApp's `wa_id` form).
    Anything else raises ValueError naming the input.
    """
    compact = _SEPARATORS.sub("", raw.strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact[:1].isdigit():
        compact = "+" + compact
    if not _E164.match(compact):
        raise ValueError(
            f"{raw!r} is not a phone number in international form "
            "(E.164: + country code and number, like +41790000001)"
        )
    return compact


def _record(row: CustomerRow) -> CustomerRecord:
    return CustomerRecord(id=row.id, phone=row.phone, name=row.name)


def get_or_create_customer(
    session: Session, *, phone: str, name: str | None = None
) -> CustomerRecord:
    """The customer with this phone, created if new; fills in a missing name.

    Two first messages of one new customer arriving at once (two threads or two
    processes) both get the same row: the insert skips a phone number taken
    meanwhile (`insert_missing`) and the row is read again.
    """
    number = normalize_phone(phone)
    query = select(CustomerRow).where(CustomerRow.phone == number)
    row = session.scalar(query)
    if row is None:
        insert_missing(session, CustomerRow, {"phone": number, "name": name}, keys=["phone"])
        row = session.scalars(query).one()
    if name and not row.name:
        row.name = name
        session.flush()
    return _record(row)


def find_customer(session: Session, *, phone: str) -> CustomerRecord | None:
    number = normalize_phone(phone)
    row = session.scalar(select(CustomerRow).where(CustomerRow.phone == number))
    return None if row is None else _record(row)


def get_customer(session: Session, *, customer_id: int) -> CustomerRecord:
    row = session.get(CustomerRow, customer_id)
    if row is None:
        raise NotFoundError(f"no customer {customer_id}")
    return _record(row)
