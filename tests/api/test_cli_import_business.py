"""`bookbot import-business`: a file the database already matches is a one-line no-op;
a file that would undo what was edited in the admin is refused, naming each edit,
until `--force`; a changed file with no admin edits in its way is imported.

Admin edits go through the admin's own store function (`save_service`), on
SQLite and, when configured, PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import update
from typer.testing import CliRunner

from bookbot.api.cli import app
from bookbot.core.config import parse_business
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import load_business, make_engine, make_session_factory
from bookbot.store.business_file import business_to_mapping
from bookbot.store.models import BusinessRow
from bookbot.store.services_admin import save_service

EDITED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.yaml"
    path.write_text(DEMO_BUSINESS.read_text())
    return path


def import_(clinic: Path, url: str, *more: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import-business", str(clinic), "--database-url", url, *more])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def edit_file(clinic: Path, service_id: str, **fields: Any) -> None:
    data = yaml.safe_load(clinic.read_text())
    [service] = [s for s in data["services"] if s["id"] == service_id]
    service.update(fields)
    clinic.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def edit_in_admin(url: str, service_id: str, **fields: Any) -> None:
    """What the admin's service form does: validate the whole business, save the service."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine).begin() as session:
            mapping = business_to_mapping(load_business(session))
            for service in mapping["services"]:
                if service["id"] == service_id:
                    service.update(fields)
            save_service(
                session, business=parse_business(mapping), service_id=service_id, at=EDITED_AT
            )
    finally:
        engine.dispose()


def stored(url: str, service_id: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            business = load_business(session)
    finally:
        engine.dispose()
    return business.service(service_id).model_dump()


def test_a_second_import_of_the_same_file_is_a_one_line_no_op(
    clinic: Path, any_db_url: str
) -> None:
    assert import_(clinic, any_db_url) == (
        0,
        "Praxis Demo: business created; services 6 created, 0 updated, 0 unchanged, 0 retired\n",
    )
    assert import_(clinic, any_db_url) == (
        0,
        f"{clinic}: nothing to import, the database matches it (Praxis Demo, 6 services)\n",
    )


def test_an_admin_edit_is_kept_until_force(clinic: Path, any_db_url: str) -> None:
    import_(clinic, any_db_url)
    edit_in_admin(any_db_url, "dental-implant", capacity=2, price=3900)

    code, output = import_(clinic, any_db_url)

    assert code == 2
    assert output.splitlines() == [
        f"error: importing {clinic} would overwrite 2 admin edits:",
        "  service dental-implant, capacity: 2 in the database, 1 in the file",
        "  service dental-implant, price: 3900 in the database, 3500 in the file",
        f"  run `bookbot import-business {clinic} --force` to overwrite them, "
        "or copy them into the file first",
    ]
    assert stored(any_db_url, "dental-implant")["capacity"] == 2  # nothing was written

    code, output = import_(clinic, any_db_url, "--force")
    assert code == 0, output
    assert "services 0 created, 1 updated, 5 unchanged, 0 retired" in output
    assert stored(any_db_url, "dental-implant")["capacity"] == 1
    again = import_(clinic, any_db_url)[1]
    assert again.endswith("nothing to import, the database matches it (Praxis Demo, 6 services)\n")


def test_a_changed_file_is_imported_when_no_admin_edit_is_in_its_way(
    clinic: Path, any_db_url: str
) -> None:
    import_(clinic, any_db_url)
    edit_in_admin(any_db_url, "physiotherapy", capacity=4)  # an edit the file leaves alone
    edit_file(clinic, "dental-implant", price=3600)
    edit_file(clinic, "physiotherapy", capacity=4)  # the file now agrees with the admin

    code, output = import_(clinic, any_db_url)

    assert code == 0, output
    assert stored(any_db_url, "dental-implant")["price"] == 3600
    assert stored(any_db_url, "physiotherapy")["capacity"] == 4


def test_only_the_admin_edits_are_named_when_the_file_changed_too(
    clinic: Path, any_db_url: str
) -> None:
    import_(clinic, any_db_url)
    edit_in_admin(any_db_url, "physiotherapy", capacity=4)
    edit_file(clinic, "dental-implant", price=3600)

    code, output = import_(clinic, any_db_url)

    assert code == 2
    assert output.splitlines()[:2] == [
        f"error: importing {clinic} would overwrite 1 admin edit:",
        "  service physiotherapy, capacity: 4 in the database, 3 in the file",
    ]


def test_without_a_record_of_the_last_import_every_difference_is_named(
    clinic: Path, any_db_url: str
) -> None:
    """A database imported before the last import was recorded (migration 0003)."""
    import_(clinic, any_db_url)
    edit_in_admin(any_db_url, "physiotherapy", capacity=4)
    engine = make_engine(any_db_url)
    with engine.begin() as connection:
        connection.execute(update(BusinessRow).values(imported_config=None))
    engine.dispose()

    assert import_(clinic, any_db_url)[1].splitlines()[:2] == [  # the same file: its edits
        f"error: importing {clinic} would overwrite 1 admin edit:",
        "  service physiotherapy, capacity: 4 in the database, 3 in the file",
    ]
    edit_file(clinic, "dental-implant", price=3600)
    code, output = import_(clinic, any_db_url)
    assert code == 2
    assert output.splitlines() == [
        f"error: importing {clinic} would overwrite 2 fields that differ in the database:",
        "  service dental-implant, price: 3500 in the database, 3600 in the file",
        "  service physiotherapy, capacity: 4 in the database, 3 in the file",
        "  (the database does not record its last import, so these may be file changes)",
        f"  run `bookbot import-business {clinic} --force` to overwrite them, "
        "or copy them into the file first",
    ]
