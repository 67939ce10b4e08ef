"""Every api and service module reaches the database only through the store's
repositories: no store models, no query building, no bare `import sqlalchemy`
to get around it."""

from __future__ import annotations

import ast
import importlib
import pkgutil

import pytest

import bookbot.api
import bookbot.service


def _api_modules() -> list[str]:
    return sorted(
        info.name
        for package in (bookbot.api, bookbot.service)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        if not info.ispkg
    )


REPOSITORY_ONLY = _api_modules()
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
        or (module == "sqlalchemy" and (name in FORBIDDEN_NAMES or not name))
        or (module == "bookbot.store" and name == "models")
    ]
    assert offending == [], f"{module_name} queries the store's models itself: {offending}"
