"""The tool schemas the model sees: strict, every property required, compact."""

from __future__ import annotations

from typing import Any

from bookbot.tools.toolset import build_registry


def _parameters(name: str) -> dict[str, Any]:
    (schema,) = [s for s in build_registry().schemas() if s["function"]["name"] == name]
    assert schema["function"]["strict"] is True
    parameters: dict[str, Any] = schema["function"]["parameters"]
    return parameters


def test_optional_arguments_are_nullable_types_not_any_of() -> None:
    props = _parameters("check_availability")["properties"]
    assert props["date_from"]["type"] == ["string", "null"]
    assert props["date_from"]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"
    assert props["session_number"] == {
        "type": ["integer", "null"],
        "minimum": 1,
        "description": props["session_number"]["description"],
    }


def test_every_property_is_required_and_nothing_else_is_allowed() -> None:
    for schema in build_registry().schemas():
        parameters = schema["function"]["parameters"]
        assert parameters["additionalProperties"] is False
        assert parameters["required"] == list(parameters["properties"])
        assert "anyOf" not in str(parameters)
