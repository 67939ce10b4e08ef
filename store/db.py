"""Engines, sessions and the per-service write lock.

`make_engine(url)` gives an engine for SQLite (`sqlite:///path.db`) or PostgreSQL
(`postgresql+psycopg://user@host/db`). On SQLite it turns on foreign keys, WAL for
files and a busy timeout, and lets SQLAlchemy emit BEGIN itself (the pysqlite
recipe in SQLAlchemy's SQLite docs), so transactions, SAVEPOINTs and DDL behave
as on PostgreSQL and a session can ask for `BEGIN IMMEDIATE`.

`write_session(factory)` opens the transaction every capacity-checked write runs
in (over a `fenced` factory, a turn's tools' writes, it first checks the turn's
claim), and `lock_services(session, ids)` holds the write lock of each service until
commit, so two bookers of one service run one after the other; `lock_customer`
does the same for one customer's turns. `insert_missing` is the race-safe half of
every get-or-create: `INSERT ... ON CONFLICT DO NOTHING` on both databases, so two
processes creating the same row both go on (PostgreSQL makes the second wait for
the first's commit, then skip), and the caller re-reads.
"""

from __future__ import annotations

import re
import select
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, exc, make_url, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another one before 'database is locked'."""

SQLITE_BEGIN_OPTION = "bookbot_sqlite_begin"
"""Execution option read by the BEGIN hook: "IMMEDIATE" takes the write lock at BEGIN."""

ADVISORY_LOCK_CLASS = 0x626B
"""First key of `pg_advisory_xact_lock(class, service id)`: bookbot's service locks."""
CUSTOMER_LOCK_CLASS = 0x626C
"""First key of `pg_advisory_xact_lock(class, customer id)`: one customer's turn claims."""


POOL_RECYCLE_SECONDS = 1800
"""An engine without the pre-ping replaces a pooled PostgreSQL connection older than
this at checkout, before a firewall or server idle timeout can cut it unseen."""


def make_engine(url: str | URL, *, pre_ping: bool = True, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get their folder created.

    PostgreSQL with `pre_ping` (the default, for callers that cannot run a
    statement again: the ingest's route, the admin API, the worker pass): a
    round trip at every checkout finds a connection that died while pooled.
    Without it (the turn worker, whose queue runs a turn again): the checkout
    only looks at the connection's socket (no round trip, `_install_idle_check`),
    which finds a connection the server closed while it sat in the pool; a
    connection that dies while in use raises an error SQLAlchemy marks as a
    disconnect (`connection_invalidated`, `is_disconnect`), the pool drops its
    older connections, and the caller runs its transaction again.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("json_serializer", json_text)
        kwargs.setdefault("json_deserializer", orjson.loads)
        if pre_ping:
            kwargs.setdefault("pool_pre_ping", True)
            return create_engine(parsed, **kwargs)
        kwargs.setdefault("pool_recycle", POOL_RECYCLE_SECONDS)
        engine = create_engine(parsed, pool_pre_ping=False, **kwargs)
        _install_idle_check(engine)
        return engine
    database = parsed.database or ""
    is_file = bool(database) and database != ":memory:" and "mode=memory" not in str(parsed)
    if is_file and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(parsed, connect_args=connect_args, **kwargs)
    _install_sqlite_hooks(engine, wal=is_file)
    return engine


_JSON_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def json_text(value: Any) -> str:
    """`value` as JSON text, by orjson, for a PostgreSQL engine's JSON columns and
    parameters (`json_serializer`; `orjson.loads` reads them back).

    SQLAlchemy hands both functions to psycopg for this engine's connections alone
    (its own adapters map, not psycopg's global one: other engines, SQLite's and
    any other psycopg user keep `json`), so every JSON value the turn reads or
    writes (the claim's history, the dialogue state, the tool calls) costs a
    fraction of `json`'s CPU. SQLite keeps `json`: it stores the text as given, and
    orjson's differs (no spaces, no \\u escapes), while jsonb stores the value.

    Kept as strict as `json.dumps`: non-str keys become strings as there
    (`OPT_NON_STR_KEYS`), datetimes and dataclasses raise TypeError as there
    (passed through to no `default`) instead of being written. Text, not bytes:
    SQLAlchemy also calls it to render JSON literals. What still differs: NaN and
    infinities are written as null (`json` writes NaN, which PostgreSQL refuses),
    integers past 64 bits raise, UUIDs and plain enums are written."""
    return orjson.dumps(value, option=_JSON_OPTIONS).decode()


def _install_idle_check(engine: Engine) -> None:
    """At checkout, a PostgreSQL connection whose socket has something to read is
    dropped (the pool then connects again): an idle connection receives nothing
    unless the server is ending it (`pg_terminate_backend`, a restart, an idle
    timeout: PostgreSQL writes its FATAL message, then closes the socket). One
    `poll` system call, no round trip."""

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if connection_is_gone(dbapi_connection):
            raise exc.DisconnectionError("the server closed the pooled connection")


def connection_is_gone(dbapi_connection: Any) -> bool:
    """Whether an idle psycopg connection is closed, broken, or has unread input
    (the server's goodbye)."""
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        return True
    try:
        fd = dbapi_connection.pgconn.socket
    except Exception:  # no socket any more
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


_PLAIN_CURSOR = "bookbot_plain_cursor"
"""Key of a pooled PostgreSQL connection's `info`: its cursor for `plain_rows`."""


def plain_rows(
    connection: Connection, statement: str, parameters: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """`connection.exec_driver_sql(statement, parameters).all()` on PostgreSQL, for a
    turn's hottest statements: the rows as plain tuples, from one psycopg cursor kept
    with the pooled connection (a new cursor sets up its adapters again) and without
    SQLAlchemy's result (which builds psycopg's column descriptions and its own
    metadata at every statement): about 0.15 ms less client CPU a statement. The
    statement runs in the connection's transaction as any other (psycopg begins it
    implicitly, SQLAlchemy commits it). What stays as SQLAlchemy does it: the
    engine's `before_cursor_execute` and `after_cursor_execute` listeners see the
    statement (the tests count statements with them), and a driver error comes as a
    `sqlalchemy.exc.DBAPIError` that invalidates the connection when it was lost
    (`is_disconnect`, which the turn worker's queue retries on). No type processing:
    parameters as psycopg adapts them (aware datetimes in UTC, see `columns.utc`),
    values as psycopg loads them (JSON by the engine's `json_deserializer`); a statement
    that returns no rows (an INSERT without RETURNING) gives []."""
    pooled = connection.connection
    raw = pooled.dbapi_connection
    cursor = pooled.info.get(_PLAIN_CURSOR)
    if cursor is None or cursor.closed or cursor.connection is not raw:
        cursor = pooled.info[_PLAIN_CURSOR] = raw.cursor()  # type: ignore[union-attr]
    dispatch = connection.dispatch
    for listener in dispatch.before_cursor_execute:
        listener(connection, cursor, statement, parameters, None, False)
    dialect = connection.dialect
    try:
        cursor.execute(statement, parameters)
        rows = list(cursor.fetchall()) if cursor.description is not None else []
    except dialect.loaded_dbapi.Error as error:
        lost = dialect.is_disconnect(error, raw, cursor)
        if lost and not connection.invalidated:
            connection.invalidate(error)
        raise exc.DBAPIError.instance(
            statement,
            parameters,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error
    for listener in dispatch.after_cursor_execute:
        listener(connection, cursor, statement, parameters, None, False)
    return rows


@dataclass(frozen=True, slots=True)
class PlainStatement:
    """A Core statement as PostgreSQL's text for `plain_rows` (`plain`), with the
    values of the parameters it holds itself (an IN list of constants, a literal)."""

    text: str
    constants: dict[str, Any]

    def rows(self, connection: Connection, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
        """`plain_rows` of the statement with the caller's `parameters` (processed as
        the statement's types would: aware datetimes in UTC, JSON wrapped)."""
        return plain_rows(connection, self.text, self.constants | parameters)


def plain(statement: ClauseElement) -> PlainStatement:
    """`statement` compiled once for PostgreSQL (psycopg); each IN list, of constants
    or the caller's, becomes `= ANY(%(name)s)` (one array parameter, one text)."""
    compiled = statement.compile(dialect=postgresql.psycopg.dialect())  # type: ignore[no-untyped-call]
    assert isinstance(compiled, SQLCompiler)
    text = _POSTCOMPILED_IN.sub(r"= ANY(%(\1)s)", str(compiled))
    if "POSTCOMPILE" in text:
        raise ValueError(f"a list parameter that is not an IN list: {text}")
    constants = {}
    for bind, name in compiled.bind_names.items():
        value = bind.effective_value
        if value is not None and not callable(value):
            constants[name] = list(value) if bind.expanding else value
    return PlainStatement(text, constants)


_POSTCOMPILED_IN = re.compile(r"IN \(__\[POSTCOMPILE_(\w+)\]\)")


def is_disconnect(error: BaseException) -> bool:
    """Whether `error` (or what it was raised from) is a lost database connection."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, exc.DBAPIError) and seen.connection_invalidated:
            return True
        if isinstance(seen, exc.DisconnectionError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _install_sqlite_hooks(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stop pysqlite from emitting BEGIN itself; the "begin" hook below does it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


FENCE = "bookbot_fence"
"""Key of a session's `info` (given by its factory, `fenced`): the check
`write_session` runs first in each transaction."""


def fenced(
    session_factory: sessionmaker[Session], check: Callable[[Session], None]
) -> sessionmaker[Session]:
    """`session_factory`, whose `write_session` transactions run `check(session)` as
    their first statement (before any lock), and write nothing when it raises.

    A turn run from the inbound queue gives its tools such a factory, with its claim
    as the check (`turn_queue.ClaimFence`): every write the tools make then holds
    only while the turn's claim does. Reads (sessions opened without
    `write_session`) run no check."""
    kw = dict(session_factory.kw)
    kw["info"] = {**kw.get("info", {}), FENCE: check}
    return sessionmaker(class_=session_factory.class_, **kw)


def is_fenced(session_factory: sessionmaker[Session]) -> bool:
    """Whether `session_factory` is `fenced`: its writes must go through `write_session`."""
    return FENCE in session_factory.kw.get("info", {})


@contextmanager
def write_session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction for capacity-checked writes; commits at the end of the block.

    SQLite: the transaction starts with `BEGIN IMMEDIATE`, so writers queue at BEGIN
    (waiting up to the busy timeout) instead of failing when they upgrade a read.
    PostgreSQL: call `lock_services` before counting bookings. Rolls back when the
    block raises. A `fenced` factory's check runs first, before the block.
    """
    with session_factory.begin() as session:
        if is_sqlite(session):
            # Before any statement, so the "begin" hook sees the option.
            session.connection(execution_options={SQLITE_BEGIN_OPTION: "IMMEDIATE"})
        check = session.info.get(FENCE)
        if check is not None:
            check(session)
        yield session


def lock_services(session: Session, service_ids: Iterable[int]) -> None:
    """Hold the write lock of each service until the transaction ends.

    PostgreSQL: `pg_advisory_xact_lock(class, service id)` in id order, so two
    lockers never deadlock. Counting after it sees every booking committed by the
    previous holder (READ COMMITTED, PostgreSQL's default). SQLite: nothing to do,
    `write_session` already holds the database's write lock.
    """
    if is_sqlite(session):
        return
    for service_id in sorted(set(service_ids)):
        session.execute(
            text("SELECT pg_advisory_xact_lock(CAST(:class AS integer), CAST(:key AS integer))"),
            {"class": ADVISORY_LOCK_CLASS, "key": service_id},
        )


def lock_customer(session: Session, customer_id: int) -> None:
    """Hold the customer's lock until the transaction ends (PostgreSQL: an advisory
    transaction lock; SQLite: `write_session` already holds the database's write lock)."""
    if is_sqlite(session):
        return
    session.execute(
        text("SELECT pg_advisory_xact_lock(CAST(:class AS integer), CAST(:key AS integer))"),
        {"class": CUSTOMER_LOCK_CLASS, "key": customer_id},
    )


def durable_commit(session: Session) -> None:
    """Make this transaction's commit wait for its WAL flush again, when something
    before it turned `synchronous_commit` off for it (`turn_queue.claim_oldest`) and it
    now stores what must survive a database crash once seen (a reply to send).
    PostgreSQL only."""
    if not is_sqlite(session):
        session.connection().exec_driver_sql(_SYNCHRONOUS_COMMIT)


_SYNCHRONOUS_COMMIT = "SELECT set_config('synchronous_commit', 'on', true)"


def insert_missing(
    session: Session, model: type[DeclarativeBase], values: dict[str, Any], *, keys: list[str]
) -> int | None:
    """Insert a row unless one with the same `keys` (a unique index) exists; the new
    row's id, or None when the row was there (or a concurrent insert took the key)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(model.id)  # type: ignore[attr-defined]
    )
    inserted = session.connection().execute(statement).scalar()  # Core: no ORM bulk path
    return None if inserted is None else int(inserted)
