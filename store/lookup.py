"""Row lookups and row-to-record conversion shared by the repositories."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.core.errors import ConfigError, NotFoundError
from bookbot.core.types import BookingStatus
from bookbot.store.models import (
    BookingEventRow,
    BookingRow,
    BusinessRow,
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
    query = select(ServiceRow.slug, ServiceRow.id).order_by(ServiceRow.id)
    if business is not None:
        name = business if isinstance(business, str) else business.name
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


def group_record(row: SessionGroupRow) -> GroupRecord:
    return GroupRecord(
        id=row.id,
        customer_id=row.customer_id,
        service_id=row.service.slug,
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
