"""What changed between a recorded model request and a live one, in a prompt engineer's terms.

A replay miss says which part moved: the model, the system prompt (with the
first lines that differ), a tool's schema, or a message of the conversation
(its position, role and the text before and after). Both bodies are OpenAI
chat-completions requests as `recording` normalizes them.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

_SHOWN = 160


def request_diff(recorded: Any, live: Any) -> list[str]:
    """Readable lines naming each changed part; empty when the bodies are equal."""
    if not isinstance(recorded, dict) or not isinstance(live, dict):
        return [] if recorded == live else ["the request body is not a chat request"]
    lines: list[str] = []
    for key in sorted(set(recorded) | set(live)):
        before, after = recorded.get(key), live.get(key)
        if before == after:
            continue
        if key == "messages":
            lines += _messages(before or [], after or [])
        elif key == "tools":
            lines += _tools(before or [], after or [])
        else:
            lines.append(f"{key}: recorded {_short(before)}, now {_short(after)}")
    return lines


def _messages(before: list[Any], after: list[Any]) -> list[str]:
    for index, (old, new) in enumerate(zip(before, after, strict=False)):
        if old == new:
            continue
        role = new.get("role") if isinstance(new, dict) else "?"
        if index == 0 and role == "system":
            return ["system prompt changed:", *_text_diff(_content(old), _content(new))]
        return [
            f"message {index + 1} ({role}) changed:",
            f"- recorded: {_short(_content(old))}",
            f"+ now:      {_short(_content(new))}",
        ]
    if len(before) != len(after):
        return [f"messages: recorded {len(before)}, now {len(after)}"]
    return []


def _tools(before: list[Any], after: list[Any]) -> list[str]:
    old, new = _by_name(before), _by_name(after)
    lines = [f"tool {name}: added" for name in new.keys() - old.keys()]
    lines += [f"tool {name}: removed" for name in old.keys() - new.keys()]
    for name in sorted(old.keys() & new.keys()):
        if old[name] != new[name]:
            lines.append(f"tool {name}: schema changed")
            lines += _text_diff(_pretty(old[name]), _pretty(new[name]))[:6]
    return lines or ["tools: the same tools in another order"]


def _text_diff(before: str, after: str) -> list[str]:
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return [f"  {line[:_SHOWN]}" for line in changed[:8]]


def _by_name(tools: list[Any]) -> dict[str, Any]:
    named = {}
    for tool in tools:
        function = tool.get("function", {}) if isinstance(tool, dict) else {}
        named[str(function.get("name", "?"))] = tool
    return named


def _content(message: Any) -> str:
    if not isinstance(message, dict):
        return json.dumps(message)
    content = message.get("content")
    if content is None and message.get("tool_calls"):
        return json.dumps(message["tool_calls"], ensure_ascii=False)
    return str(content)


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
