"""The business YAML file, its import into the database, and loading it back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business, parse_business
from bookbot.core.errors import ConfigError, NotFoundError
from bookbot.store.business_file import business_to_mapping, load_business_file
from bookbot.store.businesses import ImportResult, import_business, load_business
from bookbot.store.models import ServiceRow
from tests.store.store_testkit import DEMO


def test_load_business_file_reads_the_yaml(tmp_path: Path, business: Business) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(DEMO), encoding="utf-8")
    assert load_business_file(path) == business


def test_a_missing_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError, match=r"nope\.yaml does not exist"):
        load_business_file(missing)


def test_bad_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: Praxis\n  timezone: UTC\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml: invalid YAML at line 2, column 11"):
        load_business_file(path)


def test_an_invalid_config_names_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    data = {**DEMO, "services": [{**DEMO["services"][0], "capacity": 0}]}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml") as caught:
        load_business_file(path)
    assert "services[0].capacity" in str(caught.value)


def test_business_to_mapping_round_trips(business: Business) -> None:
    mapping = business_to_mapping(business)
    assert parse_business(mapping) == business
    implant = mapping["services"][0]
    assert implant["session_buffer_config"] == {
        "session_1_to_2_days": 14,
        "session_2_to_3_days": 30,
    }
    assert mapping["hours"]["mon"] == ["08:00-12:00", "13:00-18:00"]


def test_quiet_hours_off_round_trips() -> None:
    quiet = parse_business({**DEMO, "notifications": {"quiet_hours": "off"}})
    assert parse_business(business_to_mapping(quiet)) == quiet


def test_import_is_idempotent(factory: sessionmaker[Session], business: Business) -> None:
    with factory.begin() as session:
        first = import_business(session, business)
    assert first == ImportResult(business="created", created=4)
    with factory.begin() as session:
        second = import_business(session, business)
    assert second == ImportResult(business="unchanged", unchanged=4)
    assert not second.changed
    with factory() as session:
        assert load_business(session) == business
        assert load_business(session, "Praxis Demo") == business


def test_import_reports_updates_and_retires_removed_services(
    factory: sessionmaker[Session], business: Business
) -> None:
    with factory.begin() as session:
        import_business(session, business)
    services = list(DEMO["services"])
    services[0] = {**services[0], "capacity": 2}
    changed = parse_business({**DEMO, "min_notice_hours": 4, "services": services[:3]})
    with factory.begin() as session:
        result = import_business(session, changed)
    assert result == ImportResult(business="updated", updated=1, unchanged=2, retired=1)
    with factory() as session:
        loaded = load_business(session)
    assert loaded == changed
    assert [s.id for s in loaded.services] == ["dental-implant", "physio", "driving"]
    with factory.begin() as session:  # the service comes back when the file names it again
        assert import_business(session, business).updated == 2


def test_database_columns_win_over_the_stored_json(
    factory: sessionmaker[Session], imported: Business
) -> None:
    with factory.begin() as session:
        session.execute(update(ServiceRow).where(ServiceRow.slug == "consult").values(capacity=5))
    with factory() as session:
        assert load_business(session).service("consult").capacity == 5
        row = session.scalars(select(ServiceRow).where(ServiceRow.slug == "dental-implant")).one()
    assert row.session_buffer_config == {"session_1_to_2_days": 14, "session_2_to_3_days": 30}
    assert (row.multi_session_strategy, row.total_sessions_required) == ("immediate", 3)
    assert row.price == 3500


def test_load_business_needs_a_business(factory: sessionmaker[Session]) -> None:
    with factory() as session, pytest.raises(NotFoundError):
        load_business(session)
    with factory() as session, pytest.raises(NotFoundError, match="Nobody"):
        load_business(session, "Nobody")


def test_load_business_wants_a_name_when_there_are_several(
    factory: sessionmaker[Session], imported: Business
) -> None:
    with factory.begin() as session:
        import_business(session, parse_business({**DEMO, "name": "Second"}))
    with factory() as session:
        with pytest.raises(ConfigError, match="several businesses"):
            load_business(session)
        assert load_business(session, "Second").name == "Second"
