"""Fixtures of the event store's tests: a store on a SQLite file and on a real PostgreSQL.

``pg_server`` starts one throwaway PostgreSQL cluster for the session (``tests/pg_server.py``);
where none can start (no server binaries, no ``postgres`` user), every PostgreSQL test is
skipped with the reason, which ``pytest -ra`` prints. Each test gets a fresh database
(``CREATE DATABASE`` is fast) and drops it after.

``target`` is parametrised over ``sqlite`` (a file in the test's temporary directory) and
``postgresql`` (a fresh database's URL); ``store`` opens it with the tables created.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator

import pytest
from tests.pg_server import PgServer, PgUnavailable, start

from pedcommunity.adapters.store import SqlStore, open_store

_databases = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session, or a skip saying why there is none."""
    try:
        server = start()
    except PgUnavailable as exc:
        pytest.skip(f"no PostgreSQL server could start: {exc}")
    try:
        yield server
    finally:
        server.stop()


def _admin(server: PgServer, sql: str) -> None:
    import psycopg

    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a new, empty database on the session's server; dropped after the test."""
    name = f"store_{os.getpid()}_{next(_databases)}"
    _admin(pg_server, f"CREATE DATABASE {name}")
    try:
        yield pg_server.database_url(name)
    finally:
        with contextlib.suppress(Exception):  # a test that broke the server says so itself
            _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """Where a test's store lives: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return os.path.join(str(tmp_path), "store.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(target: str) -> Iterator[SqlStore]:
    """An open store at ``target``, its tables created; closed after the test."""
    opened = open_store(target, create=True)
    try:
        yield opened
    finally:
        opened.close()
