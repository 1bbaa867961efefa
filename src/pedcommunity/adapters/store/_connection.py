"""Connections and transactions: one code path for SQLite and PostgreSQL.

Every write transaction is serialised, so that the order of positions is the order of
commits and an outbox reader that reads "events past my checkpoint" never skips one:

- **SQLite** writes begin with ``BEGIN IMMEDIATE``, which takes the database's write lock at
  once (waiting up to the busy timeout for it). A deferred ``BEGIN`` takes it at the first
  write and, when another writer committed in between, fails at once with "database is
  locked" whatever the timeout (issue 14 measured 344 such errors of 430 transactions under 8
  writers). This is SQLAlchemy's documented recipe: pysqlite's own transaction handling is
  turned off (``isolation_level = None``) and the ``begin`` event emits the ``BEGIN``. Every
  connection runs in WAL mode, with ``synchronous`` as the store was opened (``FULL`` by
  default: every commit is on disk before it returns), foreign keys on.
- **PostgreSQL** writes take a transaction-level advisory lock (``pg_advisory_xact_lock``)
  before touching a table; it is released by the commit. Without it, two appends whose
  transactions commit out of order leave a moment when the later position is visible and
  the earlier is not, and a reader past the later one never reads the earlier. Positions are
  then assigned as ``max(position) + 1`` under the lock, so they have no gaps either. The
  lock is held only for the inserts and the commit; the events are encoded before it is
  taken. ``synchronous="NORMAL"`` maps to ``synchronous_commit = off``, the busy timeout to
  ``lock_timeout``.

Reads take no lock: each statement runs on its own (autocommit), or, for ``store.check()``,
in one snapshot (a deferred ``BEGIN`` on SQLite, ``REPEATABLE READ`` on PostgreSQL).

Examples:
    >>> from pedcommunity.adapters.store._target import parse_target
    >>> engine = create_engine(parse_target(":memory:"), synchronous="FULL", busy_timeout=5)
    >>> with engine.connect() as conn, transaction(conn, write=True):
    ...     conn.exec_driver_sql("SELECT 1").scalar()
    1
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.pool import StaticPool

from pedcommunity.errors import StoreError

from ._target import Target

__all__ = ["APPEND_LOCK", "WRITE", "create_engine", "db_errors", "transaction"]

#: The key in a connection's ``info`` that makes its next transaction a write transaction.
WRITE = "pedcommunity.write"

#: The advisory lock key every PostgreSQL write transaction takes ("pedcom" in ASCII).
APPEND_LOCK = 0x706564636F6D

_LOCK = sa.text("SELECT pg_advisory_xact_lock(:key)")


def create_engine(target: Target, *, synchronous: str, busy_timeout: float) -> sa.Engine:
    """A SQLAlchemy engine for ``target``, set up as the module docstring says."""
    if target.dialect == "sqlite":
        return _sqlite_engine(target, synchronous=synchronous, busy_timeout=busy_timeout)
    assert target.url is not None
    options = f"-c lock_timeout={int(busy_timeout * 1000)}"
    if synchronous == "NORMAL":
        options += " -c synchronous_commit=off"
    return sa.create_engine(
        target.url,
        connect_args={"options": options, "connect_timeout": max(1, int(busy_timeout))},
    )


def _sqlite_engine(target: Target, *, synchronous: str, busy_timeout: float) -> sa.Engine:
    url = sa.URL.create("sqlite+pysqlite", database=target.path)
    kwargs: dict[str, Any] = {
        # Units of work in other threads take connections from the pool; each connection is
        # used by one thread at a time.
        "connect_args": {"timeout": busy_timeout, "check_same_thread": False},
    }
    if target.memory:
        # One connection holds the database; the store serialises its users (a lock).
        kwargs["poolclass"] = StaticPool
    engine = sa.create_engine(url, **kwargs)
    pragmas = [
        f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}",
        f"PRAGMA synchronous = {synchronous}",
        "PRAGMA foreign_keys = ON",
    ]
    if not target.memory:
        pragmas.insert(0, "PRAGMA journal_mode = WAL")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy emits BEGIN itself (below); pysqlite must not begin on its own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        begin = _BEGIN[conn.info.get(WRITE, "snapshot")]
        if begin:
            conn.exec_driver_sql(begin)

    return engine


#: What a SQLite transaction begins with, by kind (see :func:`transaction`).
_BEGIN = {"write": "BEGIN IMMEDIATE", "snapshot": "BEGIN", "read": ""}


@contextlib.contextmanager
def transaction(
    conn: sa.Connection, *, write: bool, consistent: bool = False
) -> Iterator[sa.Connection]:
    """A transaction on ``conn``: committed when the block ends, rolled back if it raises.

    A write transaction holds the store's write lock (``BEGIN IMMEDIATE`` on SQLite, the
    advisory lock on PostgreSQL) until it ends. A ``consistent`` read sees one snapshot of
    the database throughout (``BEGIN`` on SQLite, ``REPEATABLE READ`` on PostgreSQL). Any
    other read runs each statement on its own (autocommit), which saves round trips and is
    all the store's reads need: events are only ever appended, so what a later statement
    sees extends what an earlier one saw.
    """
    kind = conn.info[WRITE] = "write" if write else "snapshot" if consistent else "read"
    postgresql = conn.dialect.name == "postgresql"
    if postgresql:
        # psycopg sends BEGIN and COMMIT as round trips of their own: a plain read runs in
        # autocommit (one round trip), like SQLite's; SQLAlchemy's begin and commit are then
        # no-ops at the driver. Set only between transactions, as psycopg requires.
        conn.connection.driver_connection.autocommit = kind == "read"  # type: ignore[union-attr]
    with conn.begin():
        if postgresql and kind == "write":
            conn.execute(_LOCK, {"key": APPEND_LOCK})
        elif postgresql and kind == "snapshot":
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield conn


@contextlib.contextmanager
def db_errors(target: Target, busy_timeout: float) -> Iterator[None]:
    """Turn any database error raised in the block into a :class:`StoreError`."""
    try:
        yield
    except exc.SQLAlchemyError as error:
        raise StoreError(describe(error, busy_timeout), target=target.shown) from error


def describe(error: BaseException, busy_timeout: float) -> str:
    """A database error in plain words: the driver's first line, and what to do when known.

    Examples:
        >>> describe(RuntimeError("database is locked"), 30)
        'the database is locked: another writer held it for longer than the busy timeout \
(30 s); try again, or open the store with a longer busy_timeout'
    """
    cause = getattr(error, "orig", None) or error
    text = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    lowered = text.lower()
    if "database is locked" in lowered or "lock timeout" in lowered:
        return (
            f"the database is locked: another writer held it for longer than the busy "
            f"timeout ({busy_timeout:g} s); try again, or open the store with a longer "
            "busy_timeout"
        )
    if isinstance(error, exc.OperationalError) and "no such table" in lowered:
        return (
            f"{text}: the store has no tables yet; call store.init() (or open it with create=True)"
        )
    return f"the database refused: {text}"
