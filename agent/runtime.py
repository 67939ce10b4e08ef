"""Wiring: from `Settings` to a ready `Runtime` (database, business, model, agent).

Every way in (the HTTP service, `bookbot chat`, the worker, the eval runner)
builds its pieces here, so they all run the same agent path (the message path
over a runtime is `bookbot.service.conversations.Conversations.of(runtime)`).
A broken business file or an unknown model name is a `ConfigError` that names
the problem.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.model import Model
from bookbot.agent.offline.policy import OfflineModel
from bookbot.agent.openai_model import OpenAIModel
from bookbot.agent.tokens import tokenizer_for
from bookbot.agent.turn import Agent, AgentCaps
from bookbot.core.config import Business
from bookbot.core.errors import ConfigError
from bookbot.prompts.render import check_version, render_system_prompt
from bookbot.settings import Settings
from bookbot.store import (
    ensure_schema,
    import_business,
    load_business_file,
    make_engine,
    make_session_factory,
)
from bookbot.store.businesses import sync_business_file
from bookbot.tools.context import ToolContext
from bookbot.tools.toolset import build_registry


def build_model(
    spec: str,
    settings: Settings,
    *,
    http_client: httpx.Client | None = None,
    environ: Mapping[str, str] | None = None,
) -> Model:
    """`offline` or `openai:<model>`; anything else is a ConfigError naming the value."""
    if spec == "offline":
        return OfflineModel()
    if spec.startswith("openai:"):
        return OpenAIModel.from_settings(spec, settings, http_client, environ=environ)
    raise ConfigError(f"BOOKBOT_MODEL: unknown model {spec!r} (use 'offline' or 'openai:<model>')")


def build_agent(
    settings: Settings, model: Model, *, estimate_tokens: bool = False
) -> Agent[ToolContext]:
    """The agent loop with the settings' caps and prompt version; the offline model
    answers when `model` is down. Calls whose model reports no tokens are counted
    locally when the model is an LLM, and for every model with `estimate_tokens`
    (the eval runner's reports)."""
    version = check_version(settings.prompt)
    counts = estimate_tokens or not isinstance(model, OfflineModel)
    return Agent(
        model,
        build_registry(),
        system_prompt=lambda business, now, name: render_system_prompt(
            business, now, customer_name=name, version=version
        ),
        tokenizer=tokenizer_for(model.name) if counts else None,
        fallback=None if isinstance(model, OfflineModel) else OfflineModel(),
        caps=AgentCaps(
            max_tool_rounds=settings.max_tool_rounds,
            history_token_budget=settings.history_token_budget,
            tool_retries=settings.tool_retries,
        ),
    )


@dataclass
class Runtime:
    """An open database with the business imported, and the agent that answers over it."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    business: Business
    agent: Agent[ToolContext]
    model: Model

    def reload_business(self, business: Business) -> None:
        """Use `business` from the next turn on (after an admin edited a service)."""
        self.business = business

    def close(self) -> None:
        if isinstance(self.model, OpenAIModel):
            self.model.close()
        self.engine.dispose()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_database(url: str, business: Business) -> tuple[Engine, sessionmaker[Session]]:
    """Migrate the database at `url` and import `business` into it (idempotent)."""
    engine = make_engine(url)
    ensure_schema(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        import_business(session, business)
    return engine, factory


def open_business_file(url: str, path: Path) -> tuple[Engine, sessionmaker[Session], Business]:
    """Migrate the database at `url` and bring the business file at `path` into it.

    An unchanged file keeps the database's version of the business (admin edits
    survive restarts); a new or edited file is imported and wins.
    """
    business = load_business_file(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    engine = make_engine(url)
    try:
        ensure_schema(engine)
        factory = make_session_factory(engine)
        with factory.begin() as session:
            business = sync_business_file(session, business, digest)
    except Exception:
        engine.dispose()
        raise
    return engine, factory, business


def open_runtime(
    settings: Settings,
    *,
    business_file: Path | None = None,
    model_spec: str | None = None,
    http_client: httpx.Client | None = None,
    environ: Mapping[str, str] | None = None,
) -> Runtime:
    """Everything a way in needs, from the settings (options override them)."""
    model = build_model(
        model_spec or settings.model, settings, http_client=http_client, environ=environ
    )
    engine, factory, business = open_business_file(
        settings.database_url, Path(business_file or settings.business)
    )
    agent = build_agent(settings, model)
    return Runtime(
        settings=settings,
        engine=engine,
        session_factory=factory,
        business=business,
        agent=agent,
        model=model,
    )
