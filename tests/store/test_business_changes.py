"""Which admin edits an import would undo: the database against the file and the last import."""

from __future__ import annotations

from typing import Any

from bookbot.store.business_changes import Overwrite, admin_edits_undone


def business(*services: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"name": "Clinic", "timezone": "Europe/Zurich", **fields, "services": list(services)}


def service(slug: str, **fields: Any) -> dict[str, Any]:
    return {"id": slug, "name": slug.title(), "capacity": 1, **fields}


def test_a_service_added_in_the_admin_is_one_line_not_one_per_field() -> None:
    imported = business(service("implant"))
    stored = business(service("implant"), service("whitening", price=300))
    undone = admin_edits_undone(stored, imported, imported)
    assert undone == [Overwrite("whitening", "", "present", None)]
    assert undone[0].describe() == "service whitening: present in the database, absent in the file"


def test_business_fields_edited_in_the_admin_are_named() -> None:
    imported = business(service("implant"), closed=["2026-04-03"])
    stored = business(service("implant"), closed=["2026-04-03", "2026-12-24"])
    file = business(service("implant", capacity=2), closed=["2026-04-03"])
    [undone] = admin_edits_undone(stored, file, imported)  # the file's capacity is no conflict
    assert undone.describe() == (
        'the business, closed: ["2026-04-03", "2026-12-24"] in the database, '
        '["2026-04-03"] in the file'
    )


def test_an_edit_the_file_makes_too_is_no_conflict() -> None:
    imported = business(service("implant"))
    both = business(service("implant", capacity=3))
    assert admin_edits_undone(both, both, imported) == []
