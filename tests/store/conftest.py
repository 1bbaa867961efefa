"""Fixtures of the event store's tests: a store on a SQLite file and on a real PostgreSQL.

``pg_server`` (tests/conftest.py) is one throwaway PostgreSQL cluster for the session;
where none can start (no server binaries, no ``postgres`` user), every PostgreSQL test is
skipped with the reason, which ``pytest -ra`` prints. Each test gets a fresh database
(``CREATE DATABASE`` is fast) and drops it after.

``target`` is parametrised over ``sqlite`` (a file in the test's temporary directory) and
``postgresql`` (a fresh database's URL); ``store`` opens it with the tables created.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from tests.pg_server import PgServer

from pedcommunity.adapters.store import SqlStore, open_store


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a new, empty database on the session's server; dropped after the test."""
    with pg_server.fresh_database("store") as url:
        yield url


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
