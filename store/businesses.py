"""Businesses and their services in the database, which is the source of truth.

`import_business` writes a parsed business YAML into the database: an upsert
keyed by business name and service id (slug), so importing the same file twice
changes nothing; it keeps the business as imported, for `business_changes` to
tell admin edits from file changes. A service missing from the file is retired (`active = false`),
never deleted: bookings keep pointing at it. `load_business` rebuilds the core's
`Business` from the rows; the service columns (capacity, buffers, ...) win over
the stored JSON, so an admin edit of a column takes effect.

Both take a `Session` and leave the commit to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bookbot.core.config import Business, Service, parse_business
from bookbot.core.errors import ConfigError, NotFoundError
from bookbot.store.business_file import business_to_mapping, service_to_mapping
from bookbot.store.columns import utcnow
from bookbot.store.models import BusinessRow, ServiceRow

Change = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    business: Change
    created: int = 0
    """Services created."""
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    """Services no longer in the file, now inactive."""

    @property
    def changed(self) -> bool:
        return self.business != "unchanged" or bool(self.created + self.updated + self.retired)


def service_values(service: Service, position: int) -> dict[str, Any]:
    """The `services` row columns for a core Service at `position` (its config as a mapping)."""
    config = service_to_mapping(service)
    return {
        "slug": service.id,
        "name": service.name,
        "position": position,
        "active": True,
        "requires_multiple_sessions": service.requires_multiple_sessions,
        "total_sessions_required": service.total_sessions_required,
        "multi_session_strategy": service.multi_session_strategy.value,
        "session_buffer_config": config["session_buffer_config"],
        "config": config,
        "capacity": service.capacity,
        "duration_minutes": service.duration_minutes,
        "price": service.price,
    }


def _upsert_business(session: Session, business: Business) -> tuple[BusinessRow, Change]:
    config = business_to_mapping(business, with_services=False)
    row = session.scalar(select(BusinessRow).where(BusinessRow.name == business.name))
    if row is None:
        row = BusinessRow(name=business.name, timezone=business.timezone, config=config)
        session.add(row)
        session.flush()
        return row, "created"
    if row.timezone == business.timezone and row.config == config:
        return row, "unchanged"
    row.timezone, row.config, row.updated_at = business.timezone, config, utcnow()
    return row, "updated"


def import_business(session: Session, business: Business) -> ImportResult:
    """Create or update `business` and its services; a second run changes nothing.

    The business as imported is kept (`imported_config`), so a later import can tell
    the fields edited in the admin since (see `business_changes`).
    """
    row, change = _upsert_business(session, business)
    imported = business_to_mapping(business)
    if row.imported_config != imported:
        row.imported_config = imported
    existing = {
        s.slug: s
        for s in session.scalars(select(ServiceRow).where(ServiceRow.business_id == row.id))
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0, "retired": 0}
    for position, service in enumerate(business.services):
        values = service_values(service, position)
        current = existing.pop(service.id, None)
        if current is None:
            session.add(ServiceRow(business_id=row.id, **values))
            counts["created"] += 1
        elif all(getattr(current, key) == value for key, value in values.items()):
            counts["unchanged"] += 1
        else:
            for key, value in values.items():
                setattr(current, key, value)
            current.updated_at = utcnow()
            counts["updated"] += 1
    for leftover in existing.values():
        if leftover.active:
            leftover.active, leftover.updated_at = False, utcnow()
            counts["retired"] += 1
    session.flush()
    return ImportResult(business=change, **counts)


def business_row(session: Session, name: str | None = None) -> BusinessRow:
    """The business called `name`; with no name, the only one there is."""
    query = select(BusinessRow).order_by(BusinessRow.id)
    if name is not None:
        query = query.where(BusinessRow.name == name)
    rows = list(session.scalars(query.limit(2)))
    if not rows:
        raise NotFoundError(
            f"no business {name!r} in the database" if name else "no business in the database"
        )
    if len(rows) > 1:
        raise ConfigError("the database holds several businesses; name the one to load")
    return rows[0]


def _service_mapping(row: ServiceRow) -> dict[str, Any]:
    return {
        **row.config,
        "id": row.slug,
        "name": row.name,
        "requires_multiple_sessions": row.requires_multiple_sessions,
        "total_sessions_required": row.total_sessions_required,
        "multi_session_strategy": row.multi_session_strategy,
        "session_buffer_config": row.session_buffer_config,
        "capacity": row.capacity,
        "duration_minutes": row.duration_minutes,
        "price": row.price,
    }


def load_business(session: Session, name: str | None = None) -> Business:
    """The business as the database holds it (active services, in file order)."""
    row = business_row(session, name)
    services = session.scalars(
        select(ServiceRow)
        .where(ServiceRow.business_id == row.id, ServiceRow.active.is_(True))
        .order_by(ServiceRow.position, ServiceRow.id)
    )
    mapping = {
        **row.config,
        "name": row.name,
        "timezone": row.timezone,
        "services": [_service_mapping(s) for s in services],
    }
    return parse_business(mapping, source=f"the database (business {row.name!r})")


def sync_business_file(session: Session, business: Business, digest: str) -> Business:
    """The business to run with, given the file `business` whose content hashes to `digest`.

    A file seen before (same digest as the last import) leaves the database as it
    is, so services an admin edited there survive a restart; the database's
    version is returned. A new or edited file is imported (the file wins).
    """
    row = session.scalar(select(BusinessRow).where(BusinessRow.name == business.name))
    if row is not None and row.source_digest == digest:
        return load_business(session, business.name)
    import_business(session, business)
    remember_source(session, business.name, digest)
    return business


def remember_source(session: Session, name: str, digest: str) -> None:
    """Record that business `name` now matches the file whose content hashes to `digest`."""
    row = business_row(session, name)
    row.source_digest = digest
    session.flush()


def business_version(session: Session, name: str) -> tuple[object, ...]:
    """When the business `name` or one of its services last changed (an admin edit, an
    import): a process holding the business compares it to reload after an edit
    made elsewhere. One small query."""
    row = session.execute(_VERSION, {"name": name}).first()
    return tuple(row) if row is not None else ()


_VERSION = (
    select(BusinessRow.updated_at, func.max(ServiceRow.updated_at), func.count(ServiceRow.id))
    .outerjoin(ServiceRow, ServiceRow.business_id == BusinessRow.id)
    .where(BusinessRow.name == bindparam("name"))
    .group_by(BusinessRow.id)
)
"""`business_version`'s read, built once (every turn worker runs it at every poll)."""
