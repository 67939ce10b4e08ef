"""Tests of bookbot.core (a package, so the helpers import relatively and mypy
resolves them as tests.core.core_testkit)."""
