"""Where a conversation's stored state keeps the offline dialogue's, and what the
service layer reads from it without the dialogue itself: the customer's language."""

from __future__ import annotations

from typing import Any

OFFLINE_STATE = "dialogue"
"""The key of the offline model's dialogue state in a conversation's state."""


def spoken_language(state: dict[str, Any] | None) -> str | None:
    """The language a conversation's customer last wrote in (its dialogue state's)."""
    dialogue = (state or {}).get(OFFLINE_STATE)
    lang = dialogue.get("lang") if isinstance(dialogue, dict) else None
    return lang if isinstance(lang, str) and lang else None
