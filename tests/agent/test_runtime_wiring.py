"""`open_runtime`: settings to a working conversation path; the business file and
admin edits in the database; clear errors for broken settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bookbot.agent.offline.policy import OfflineModel
from bookbot.agent.runtime import open_runtime
from bookbot.core.errors import ConfigError
from bookbot.settings import DEMO_BUSINESS, Settings
from bookbot.store.models import ServiceRow


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    business = tmp_path / "business.yaml"
    shutil.copy(DEMO_BUSINESS, business)
    return Settings(database_url=f"sqlite:///{tmp_path / 'rt.db'}", business=business)


def capacity(settings: Settings) -> int:
    with open_runtime(settings) as runtime:
        return runtime.business.service("dental-implant").capacity


def test_defaults_give_the_offline_model_and_the_demo_business(settings: Settings) -> None:
    with open_runtime(settings) as runtime:
        assert isinstance(runtime.model, OfflineModel)
        assert runtime.business.name == "Praxis Demo"
        assert runtime.agent.fallback is None


def test_an_admin_edit_survives_a_restart_until_the_file_changes(settings: Settings) -> None:
    with open_runtime(settings) as runtime, runtime.session_factory.begin() as session:
        session.execute(
            update(ServiceRow).where(ServiceRow.slug == "dental-implant").values(capacity=4)
        )
    assert capacity(settings) == 4  # same file: the database's version
    text = settings.business.read_text().replace("price: 3500", "price: 3600")
    settings.business.write_text(text)
    assert capacity(settings) == 1  # edited file: the file wins
    with open_runtime(settings) as runtime, runtime.session_factory() as session:
        price = session.scalar(select(ServiceRow.price).where(ServiceRow.slug == "dental-implant"))
        assert price == 3600


def test_an_unknown_model_is_refused_by_name(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="unknown model 'claude'"):
        open_runtime(settings, model_spec="claude")


def test_a_missing_business_file_is_named(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nowhere.yaml"):
        open_runtime(settings, business_file=tmp_path / "nowhere.yaml")


def test_an_openai_model_gets_the_offline_fallback(settings: Settings) -> None:
    with open_runtime(
        settings, model_spec="openai:gpt-4o-mini", environ={"OPENAI_API_KEY": "sk-test"}
    ) as runtime:
        assert runtime.model.name == "openai:gpt-4o-mini"
        assert isinstance(runtime.agent.fallback, OfflineModel)
