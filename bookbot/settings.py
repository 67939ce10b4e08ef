"""Runtime settings, read from the environment with the prefix `BOOKBOT_`.

One `Settings` object (pydantic-settings); every layer that needs a setting gets
it passed in, so tests build their own `Settings(...)` instead of patching env.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_BUSINESS = Path(__file__).resolve().parent / "evals" / "businesses" / "demo.yaml"


def default_database_url() -> str:
    data_home = Path.home() / ".local" / "share" / "bookbot"
    return f"sqlite:///{data_home / 'bookbot.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBOT_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    business: Path = DEMO_BUSINESS
    model: str = "offline"
    admin_token: str | None = None
    whatsapp_token: str | None = None
    whatsapp_app_secret: str | None = None
    whatsapp_verify_token: str | None = None
    whatsapp_phone_number_id: str | None = None
    graph_api_url: str = "https://graph.facebook.com/v21.0"
    # The approved template (body only "{{1}}") for a reply outside the 24-hour window.
    whatsapp_template: str = Field(default="bookbot_update", min_length=1)
    whatsapp_template_language: str = Field(default="en", min_length=2)

    # Caps of the agent loop; each has a test that hits it.
    max_tool_rounds: int = Field(default=6, ge=1)
    history_token_budget: int = Field(default=6000, ge=200)
    llm_retry_attempts: int = Field(default=3, ge=1)
    llm_time_budget_seconds: float = Field(default=30.0, gt=0)
    llm_timeout_seconds: float = Field(default=20.0, gt=0)

    # The message path across processes (bookbot.service): how long an outbox row is
    # reserved for the sender that leased it (renewed while a send is slow; a crashed
    # sender's row is retried when it runs out), and a claimed inbound message for
    # the process answering it (renewed while the turn runs).
    outbox_lease_seconds: float = Field(default=30.0, gt=0, le=3600)
    inbox_claim_seconds: float = Field(default=60.0, gt=0, le=3600)
