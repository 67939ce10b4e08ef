"""Row lookups and row-to-record conversion shared by the repositories.

A read-only session can opt in to remembering `service_ids_by_slug` answers for
its lifetime with `remember_services(session)`: the tools' reads look the same
services up several times per turn. Only sessions that write no services may
opt in (the memo is never invalidated); every other session reads each time.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.core.errors import ConfigError, NotFoundError
from bookbot.core.types import BookingStatus
from bookbot.store.models import (
    BookingEventRow,
    BookingRow,
    BusinessRow,
    ConversationRow,
    CustomerRow,
    ServiceRow,
    SessionGroupRow,
)
from bookbot.store.records import BookingEventRecord, BookingRecord, GroupRecord


def service_row(session: Session, *, business: Business | str, service_id: str) -> ServiceRow:
    """The active service `service_id` (its YAML id) of the business."""
    name = business if isinstance(business, str) else business.name
    row = session.scalar(
        select(ServiceRow)
        .join(BusinessRow, BusinessRow.id == ServiceRow.business_id)
        .where(BusinessRow.name == name, ServiceRow.slug == service_id, ServiceRow.active)
    )
    if row is None:
        raise NotFoundError(
            f"no service {service_id!r} of business {name!r} in the database "
            "(was the business imported?)"
        )
    return row


SERVICES_MEMO = "bookbot.services_by_slug"
"""`Session.info` key of the memo `remember_services` turns on."""


def remember_services(session: Session) -> Session:
    """Let `service_ids_by_slug` remember its answers in this (read-only) session."""
    session.info.setdefault(SERVICES_MEMO, {})
    return session


def remember_service_id(session: Session, business: str | None, slug: str, key: int) -> None:
    """Tell a session that remembers lookups (`remember_services`) the id of `slug`,
    found by another read of it; other sessions ignore it."""
    memo: dict[Any, dict[str, int]] | None = session.info.get(SERVICES_MEMO)
    if memo is not None:
        memo.setdefault((business, (slug,)), {slug: key})


def remembered_service_id(session: Session, slug: str, business: str | None = None) -> int | None:
    """The id of `slug` if this session remembers it (`remember_services`), else None:
    never a read."""
    memo: dict[Any, dict[str, int]] | None = session.info.get(SERVICES_MEMO)
    found = None if memo is None else memo.get((business, (slug,)))
    return None if found is None else found.get(slug)


def service_pk(session: Session, *, business: Business | str, service_id: str) -> int:
    """The database id of the active service `service_id` (`service_row` without the row)."""
    name = business if isinstance(business, str) else business.name
    key = session.scalar(
        select(ServiceRow.id)
        .join(BusinessRow, BusinessRow.id == ServiceRow.business_id)
        .where(BusinessRow.name == name, ServiceRow.slug == service_id, ServiceRow.active)
    )
    if key is None:
        raise NotFoundError(
            f"no service {service_id!r} of business {name!r} in the database "
            "(was the business imported?)"
        )
    return int(key)


def service_ids_by_slug(
    session: Session,
    *,
    business: Business | str | None = None,
    service_ids: list[str] | None = None,
) -> dict[str, int]:
    """{slug: database id} of the business's services (all, or the ones named).

    With no business, slugs are looked up across the database, and one that two
    businesses share raises ConfigError (pass the business then).
    """
    name = business if business is None or isinstance(business, str) else business.name
    memo: dict[Any, dict[str, int]] | None = session.info.get(SERVICES_MEMO)
    key = (name, None if service_ids is None else tuple(service_ids))
    if memo is not None and key in memo:
        return dict(memo[key])
    found = _service_ids(session, name, service_ids)
    if memo is not None:
        memo[key] = dict(found)
    return found


def _service_ids(
    session: Session, name: str | None, service_ids: list[str] | None
) -> dict[str, int]:
    query = select(ServiceRow.slug, ServiceRow.id).order_by(ServiceRow.id)
    if name is not None:
        query = query.join(BusinessRow, BusinessRow.id == ServiceRow.business_id).where(
            BusinessRow.name == name
        )
    if service_ids is not None:
        query = query.where(ServiceRow.slug.in_(service_ids))
    found: dict[str, int] = {}
    for slug, key in session.execute(query):
        if slug in found:
            raise ConfigError(
                f"service {slug!r} exists in several businesses; say which business is meant"
            )
        found[slug] = key
    return found


def require_customer(session: Session, customer_id: int) -> CustomerRow:
    row = session.get(CustomerRow, customer_id)
    if row is None:
        raise NotFoundError(f"no customer {customer_id}")
    return row


def customer_group(
    session: Session, *, group_id: uuid.UUID, customer_id: int | None
) -> SessionGroupRow:
    """The group, if it belongs to `customer_id` (None: any customer, for admins)."""
    row = session.get(SessionGroupRow, group_id)
    if row is None or (customer_id is not None and row.customer_id != customer_id):
        raise NotFoundError(f"no plan {group_id} for this customer")
    return row


def group_record(row: SessionGroupRow, slug: str | None = None) -> GroupRecord:
    return GroupRecord(
        id=row.id,
        customer_id=row.customer_id,
        service_id=slug if slug is not None else row.service.slug,
        strategy=row.strategy,
        total_sessions=row.total_sessions,
        status=row.status,
        created_at=row.created_at,
        package_expires_at=row.package_expires_at,
    )


def booking_record(row: BookingRow, slug: str | None = None) -> BookingRecord:
    return BookingRecord(
        id=row.id,
        group_id=row.session_group_id,
        customer_id=row.customer_id,
        service_id=slug if slug is not None else row.service.slug,
        session_number=row.session_number,
        total_sessions=row.total_sessions,
        start=row.start_at,
        end=row.end_at,
        status=BookingStatus(row.status),
    )


def event_record(event: BookingEventRow, booking: BookingRow) -> BookingEventRecord:
    return BookingEventRecord(
        id=event.id,
        booking_id=booking.id,
        group_id=booking.session_group_id,
        customer_id=booking.customer_id,
        service_id=booking.service.slug,
        session_number=booking.session_number,
        from_status=None if event.from_status is None else BookingStatus(event.from_status),
        to_status=BookingStatus(event.to_status),
        at=event.at,
        actor=event.actor,
        note=event.note,
    )


def conversation_with_customer(
    session: Session, conversation_id: int
) -> tuple[ConversationRow, CustomerRow]:
    """A conversation and its customer; NotFoundError for an unknown id."""
    row = session.execute(
        select(ConversationRow, CustomerRow)
        .join(CustomerRow, CustomerRow.id == ConversationRow.customer_id)
        .where(ConversationRow.id == conversation_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no conversation {conversation_id}")
    return row[0], row[1]
