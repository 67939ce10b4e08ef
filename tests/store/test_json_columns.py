"""JSON values through an engine: PostgreSQL's (orjson, `db.json_text`) and SQLite's
(`json`) store and read back the same values, and refuse the same ones."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, bindparam, exc, select, text
from sqlalchemy.dialects import postgresql

from bookbot.store.columns import JSONType
from bookbot.store.db import json_text

VALUE: dict[str, Any] = {
    "text": "Grüezi, 10 Uhr? ✓",
    "numbers": [0, -1, 2**62, 2.5, 1e-7],
    "nested": {"empty": {}, "none": None, "flags": [True, False]},
    "quote": 'say "hi"\n\\',
}


def test_json_text_is_json_as_json_dumps_would_read() -> None:
    written = json_text(VALUE)
    assert isinstance(written, str)
    assert json.loads(written) == json.loads(json.dumps(VALUE))
    assert json_text({1: "a", "b": 2}) == '{"1":"a","b":2}'  # keys as json.dumps writes them
    assert "Grüezi" in written  # UTF-8, not \u escapes


@pytest.mark.parametrize("refused", [datetime(2026, 3, 2, tzinfo=UTC), {1j}])
def test_json_text_refuses_what_json_dumps_refuses(refused: object) -> None:
    with pytest.raises(TypeError):
        json.dumps(refused)
    with pytest.raises(TypeError):
        json_text(refused)


def test_a_json_value_round_trips_through_the_engine(engine: Engine) -> None:
    param = bindparam("value", type_=JSONType)
    with engine.connect() as connection:
        read = connection.execute(select(param), {"value": VALUE}).scalar_one()
        assert read == VALUE
        if engine.dialect.name == "postgresql":  # json (not jsonb), as json_agg gives
            aggregated = connection.execute(
                text("SELECT json_agg(v) FROM (VALUES (CAST(:v AS jsonb))) AS t(v)"),
                {"v": json.dumps(VALUE)},
            ).scalar_one()
            assert aggregated == [VALUE]
            typed = bindparam("value", type_=postgresql.JSONB())
            assert connection.execute(select(typed), {"value": VALUE}).scalar_one() == VALUE


def test_the_engine_refuses_a_datetime_in_json_on_every_backend(engine: Engine) -> None:
    param = bindparam("value", type_=JSONType)
    with engine.connect() as connection, pytest.raises((exc.StatementError, TypeError)):
        connection.execute(select(param), {"value": {"at": datetime(2026, 3, 2, tzinfo=UTC)}})
