"""Column types shared by the models and the migrations.

`UTCDateTime` keeps every stored moment in UTC and hands back aware UTC datetimes
on SQLite (which has no time zones) and on PostgreSQL (`timestamptz`). A naive
datetime is refused at bind time, so local wall-clock times cannot sneak in.
`db_now()` is the database's own clock where a statement reads it (for the moments
the database orders, such as a claim and the close of its message).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine

JSONType: TypeEngine[Any] = JSON().with_variant(JSONB(), "postgresql")
"""JSON everywhere, JSONB on PostgreSQL."""


class NaiveDatetimeError(TypeError):
    """A naive datetime was given where the store needs an aware one."""


def utc(value: datetime) -> datetime:
    """The same moment in UTC; refuses naive datetimes."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(
            f"naive datetime {value.isoformat()} given to the store: "
            "pass a timezone-aware datetime (e.g. datetime(..., tzinfo=ZoneInfo(...)))"
        )
    return value.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC (naive UTC text on SQLite, timestamptz on PostgreSQL)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}: {value!r}")
        moment = utc(value)
        if dialect.name == "sqlite":
            # SQLite compares the ISO text, so every row must be written in one zone.
            return moment.replace(tzinfo=None)
        return moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current moment, aware and in UTC (defaults for audit columns)."""
    return datetime.now(UTC)


class db_now(FunctionElement[datetime]):  # noqa: N801 (used like a SQL function)
    """The database's clock when the statement reads it: `clock_timestamp()` on
    PostgreSQL (not the transaction's start, as `now()`), the current UTC time to the
    millisecond as `UTCDateTime` stores it on SQLite."""

    type = UTCDateTime()
    inherit_cache = True


@compiles(db_now)
def _db_now_postgresql(element: db_now, compiler: SQLCompiler, **kw: Any) -> str:
    return "clock_timestamp()"


@compiles(db_now, "sqlite")
def _db_now_sqlite(element: db_now, compiler: SQLCompiler, **kw: Any) -> str:
    return "strftime('%Y-%m-%d %H:%M:%f', 'now')"
