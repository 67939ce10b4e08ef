"""Keep a conversation's history inside a token budget.

Old turns go first, whole: a cut always falls before a user message, so no tool
result is left without the assistant message that asked for it. Tool results of
all but the newest turns are compacted, since the model only needs their gist;
a compacted result stays valid JSON and keeps its identifiers (a `proposal_id`
shown two turns ago must still be bookable).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

ChatMessage = dict[str, Any]
COMPACT_TOOL_CHARS = 400


def estimate_tokens(message: ChatMessage) -> int:
    """A cheap, model-independent estimate: about four characters a token."""
    size = len(str(message.get("content") or ""))
    for call in message.get("tool_calls") or ():
        size += len(json.dumps(call))
    return size // 4 + 4


def _turn_starts(messages: Sequence[ChatMessage]) -> list[int]:
    return [i for i, m in enumerate(messages) if m.get("role") == "user"]


VERBOSE_KEYS = frozenset(
    {
        "when",
        "name",
        "service_name",
        "duration_minutes",
        "next_step",
        "alternatives_when",
        "how_booking_works",
        "description",
        "note",
        "hint",
        "times",
        "gaps",
        "spacing",
    }
)
"""Fields a compacted tool result drops first: wording the model already turned into a reply."""


def _without_verbose(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_verbose(v) for k, v in value.items() if k not in VERBOSE_KEYS}
    if isinstance(value, list):
        return [_without_verbose(v) for v in value]
    return value


def _scalars(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if not isinstance(v, dict | list)}


def compact(message: ChatMessage) -> ChatMessage:
    """A long tool result as its gist: still JSON, identifiers and outcomes kept."""
    content = str(message.get("content") or "")
    if message.get("role") != "tool" or len(content) <= COMPACT_TOOL_CHARS:
        return message
    return {**message, "content": _compacted(content)}


@lru_cache(maxsize=4096)
def _compacted(content: str) -> str:
    """`compact`'s text for a long tool result (every turn compacts the same old
    results of its history again: read once)."""
    try:
        value = json.loads(content)
    except json.JSONDecodeError:
        return content[:COMPACT_TOOL_CHARS] + "…(trimmed)"
    if not isinstance(value, dict):
        return json.dumps({"trimmed": True})
    slim = _without_verbose(value)
    text = json.dumps(slim, ensure_ascii=False, separators=(",", ":"))
    if len(text) > COMPACT_TOOL_CHARS:
        text = json.dumps({**_scalars(slim), "trimmed": True}, ensure_ascii=False)
    return text


def fit_history(messages: Sequence[ChatMessage], budget_tokens: int) -> list[ChatMessage]:
    """The newest whole turns that fit the budget, older tool results compacted.

    The newest turn is always kept, even when it alone is over the budget.
    """
    starts = _turn_starts(messages)
    if not starts:
        return list(messages)
    last_turn = starts[-1]
    shaped = [compact(m) if i < last_turn else m for i, m in enumerate(messages)]
    sizes = [estimate_tokens(m) for m in shaped]
    remaining = sum(sizes)
    position = 0
    for cut in sorted({0, *starts}):
        remaining -= sum(sizes[position:cut])
        position = cut
        if cut == last_turn or remaining <= budget_tokens:
            return shaped[cut:]
    return shaped[last_turn:]
