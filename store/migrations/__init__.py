"""Alembic migrations of the store; run them with `bookbot.store.migrate`."""
