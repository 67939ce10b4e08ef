"""Tests of bookbot.store (a package, so the helpers import relatively)."""
