"""Admin edits of a business's services and of its settings (opening hours,
closures), written to the database (the source of truth).

The admin API validates a whole new `Business` with the core's config models
first; `save_service` then writes the one service that changed (its columns and
its `config` JSON, exactly as `import_business` would), reactivating a retired
service of the same id, and returns the business as the database now holds it.
Only that row is written, so an edit never undoes a concurrent edit of another
service.

At startup the runtime keeps the database's version while the business file is
unchanged (`sync_business_file`), so these edits survive restarts; editing the
file itself re-imports it, and the file's services then win.

Functions take a `Session` and leave the commit to the caller.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.store.business_file import business_to_mapping
from bookbot.store.businesses import business_row, load_business, service_values
from bookbot.store.columns import utc
from bookbot.store.models import ServiceRow


def save_service(
    session: Session, *, business: Business, service_id: str, at: datetime
) -> Business:
    """Write service `service_id` of `business` (a validated business holding it)
    and return the business reloaded from the database."""
    service = business.service(service_id)
    moment = utc(at)
    owner = business_row(session, business.name)
    row = session.scalar(
        select(ServiceRow).where(ServiceRow.business_id == owner.id, ServiceRow.slug == service_id)
    )
    if row is None:
        last = session.scalar(
            select(func.max(ServiceRow.position)).where(ServiceRow.business_id == owner.id)
        )
        position = 0 if last is None else last + 1
        values = service_values(service, position)
        session.add(
            ServiceRow(business_id=owner.id, created_at=moment, updated_at=moment, **values)
        )
    else:
        values = service_values(service, row.position)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = moment
    session.flush()
    return load_business(session, business.name)


def save_business_settings(session: Session, *, business: Business, at: datetime) -> Business:
    """Write the business-wide settings of `business` (a validated business: opening
    hours, closures, notice, ...) and return the business reloaded from the database.
    Services are left as they are."""
    row = business_row(session, business.name)
    row.config = business_to_mapping(business, with_services=False)
    row.updated_at = utc(at)
    session.flush()
    return load_business(session, business.name)
