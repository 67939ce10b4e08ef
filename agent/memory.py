"""Keep a conversation's history inside a token budget.

Old turns go first, whole: a cut always falls before a user message, so no tool
result is left without the assistant message that asked for it. Tool results of
all but the newest turns are compacted, since the model only needs their gist.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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


def compact(message: ChatMessage) -> ChatMessage:
    content = str(message.get("content") or "")
    if message.get("role") != "tool" or len(content) <= COMPACT_TOOL_CHARS:
        return message
    return {**message, "content": content[:COMPACT_TOOL_CHARS] + "…(trimmed)"}


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
