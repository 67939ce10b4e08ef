"""The api's message path reaches the database only through the store's repositories."""

from __future__ import annotations

import ast
import importlib

import pytest

REPOSITORY_ONLY = [
    "bookbot.api.inbound",
    "bookbot.api.replies",
    "bookbot.api.chat",
    "bookbot.api.statuses",
    "bookbot.api.intake",
    "bookbot.api.delivery",
]
"""Modules that must not query the store's models themselves."""
FORBIDDEN = ("bookbot.store.models", "sqlalchemy.sql", "sqlalchemy.orm.query")
FORBIDDEN_NAMES = {"select", "update", "delete", "insert"}


def imports(module_name: str) -> list[tuple[str, str]]:
    """(module, name) for every `from module import name` and `import module` in the module."""
    module = importlib.import_module(module_name)
    assert module.__file__ is not None
    with open(module.__file__, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.extend((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, "") for alias in node.names)
    return found


@pytest.mark.parametrize("module_name", REPOSITORY_ONLY)
def test_no_models_and_no_query_building(module_name: str) -> None:
    offending = [
        f"{module}.{name}" if name else module
        for module, name in imports(module_name)
        if module.startswith(FORBIDDEN)
        or (module == "sqlalchemy" and name in FORBIDDEN_NAMES)
        or (module == "bookbot.store" and name == "models")
    ]
    assert offending == [], f"{module_name} queries the store's models itself: {offending}"
