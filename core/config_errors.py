"""Turn pydantic's validation errors on a business YAML into lines that name each
field and the reason (`services[0].session_buffer_config.foo: unknown field`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def describe_validation_error(exc: ValidationError, *, source: str | None = None) -> str:
    """Turn pydantic's error list into lines that name each field and reason."""
    errors = exc.errors()
    lines = []
    for err in errors:
        if err["type"] == "too_short" and _has_nested_error(errors, err["loc"]):
            continue  # pydantic counts the items that failed as missing: say only why
        path = ""
        for part in err["loc"]:
            if isinstance(part, int):
                path += f"[{part}]"
            else:
                path += f".{part}" if path else str(part)
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field"
        lines.append(f"{path or '(top level)'}: {message}")
    head = f"invalid business configuration{f' in {source}' if source else ''}"
    return head + ":\n  " + "\n  ".join(lines)


def _has_nested_error(errors: Any, loc: tuple[int | str, ...]) -> bool:
    return any(tuple(e["loc"][: len(loc)]) == loc and len(e["loc"]) > len(loc) for e in errors)
