"""What importing a business file would change, and which admin edits it would undo.

Three versions of a business meet here, each as its YAML mapping: the `file`
about to be imported, the database's (`stored`, what the bot runs with), and the
file as last imported (`businesses.imported_config`). A field where the database
differs from the last import was edited in the admin since; when the file differs
there too, importing it would overwrite that edit. When the database does not
know its last import (imported before it was recorded) but the file is the very
file imported last (same digest), that file is the last import; otherwise every
difference is reported, since any of them may be an admin edit.

Fields are compared one level deep: the business's own fields (hours, closed,
notifications, ...) and each service's (capacity, price, session_buffer_config,
...), plus whether a service exists at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookbot.core.config import Business
from bookbot.store.business_file import business_to_mapping
from bookbot.store.businesses import load_business
from bookbot.store.models import BusinessRow

Field = tuple[str | None, str]
"""(service id or None for the business itself, field name; "" for the service as a whole)."""

PRESENT = "present"
SHOWN_CHARS = 60


@dataclass(frozen=True, slots=True)
class Overwrite:
    """A field edited in the admin that importing the file would set back."""

    service: str | None
    field: str
    stored: Any
    file: Any

    def describe(self) -> str:
        """'service dental-implant, capacity: 2 in the database, 1 in the file'."""
        where = "the business" if self.service is None else f"service {self.service}"
        if not self.field:
            return (
                f"{where}: {_presence(self.stored)} in the database, "
                f"{_presence(self.file)} in the file"
            )
        return (
            f"{where}, {self.field}: {_shown(self.stored)} in the database, "
            f"{_shown(self.file)} in the file"
        )


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Whether importing `business` changes anything, and which admin edits it undoes."""

    business: str
    exists: bool
    """The database holds a business of this name already."""
    changes: bool
    overwrites: tuple[Overwrite, ...] = ()
    last_import_known: bool = True
    """False: the database does not know what was imported last, so `overwrites`
    lists every difference (some may be changes of the file, not admin edits)."""


def plan_import(session: Session, business: Business, digest: str) -> ImportPlan:
    """Compare the file's `business` (content hash `digest`) with the database."""
    row = session.scalar(select(BusinessRow).where(BusinessRow.name == business.name))
    file = business_to_mapping(business)
    if row is None:
        return ImportPlan(business.name, exists=False, changes=True)
    stored = business_to_mapping(load_business(session, business.name))
    if stored == file:
        return ImportPlan(business.name, exists=True, changes=False)
    imported = row.imported_config
    if imported is None and row.source_digest == digest:
        imported = file
    return ImportPlan(
        business.name,
        exists=True,
        changes=True,
        overwrites=tuple(admin_edits_undone(stored, file, imported)),
        last_import_known=imported is not None,
    )


def admin_edits_undone(
    stored: Mapping[str, Any], file: Mapping[str, Any], imported: Mapping[str, Any] | None
) -> list[Overwrite]:
    """Fields where `stored` differs from `file` and (when known) from `imported`."""
    now, new = fields(stored), fields(file)
    before = fields(imported) if imported is not None else None
    undone: list[Overwrite] = []
    for key in sorted(now.keys() | new.keys(), key=_order):
        if now.get(key) == new.get(key):
            continue
        if before is not None and now.get(key) == before.get(key):
            continue  # the file changed it; the admin did not
        undone.append(Overwrite(key[0], key[1], now.get(key), new.get(key)))
    whole = {o.service for o in undone if o.service is not None and not o.field}
    return [o for o in undone if not o.field or o.service not in whole]


def fields(mapping: Mapping[str, Any]) -> dict[Field, Any]:
    """A business mapping as {(service or None, field): value}; services also as (id, "")."""
    out: dict[Field, Any] = {(None, k): v for k, v in mapping.items() if k != "services"}
    for service in mapping.get("services") or []:
        slug = str(service["id"])
        out[(slug, "")] = PRESENT
        out.update({(slug, k): v for k, v in service.items() if k != "id"})
    return out


def _order(key: Field) -> tuple[str, str]:
    return (key[0] or "", key[1])


def _presence(value: Any) -> str:
    return "present" if value == PRESENT else "absent"


def _shown(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
