"""How the store sets its databases up, and a writer that waits too long for the lock.

SQLite: WAL, ``synchronous`` FULL by default (NORMAL when asked), foreign keys on, every
write transaction begun with ``BEGIN IMMEDIATE``. PostgreSQL: ``synchronous_commit`` on by
default (off for NORMAL), every write transaction takes the append lock. A writer that waits
for another's lock longer than the busy timeout gets a StoreError that says so, and writes
nothing.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from tests.store.workers import AT, WAIT, add_plcs, hold_commits, join

from pedcommunity.adapters.store import open_store
from pedcommunity.errors import StoreError
from pedcommunity.workflows import fire


@pytest.mark.parametrize(("synchronous", "level"), [("FULL", 2), ("NORMAL", 1)])
def test_sqlite_runs_in_wal_with_foreign_keys_and_the_synchronous_asked(
    tmp_path: Path, synchronous: str, level: int
) -> None:
    store = open_store(tmp_path / "s.db", synchronous=synchronous)
    with store, store.engine.connect() as conn:
        pragma = conn.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA synchronous").scalar() == level
        assert pragma("PRAGMA foreign_keys").scalar() == 1


def test_every_sqlite_write_begins_immediate(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        add_plcs(store, ["plc"])
        sql: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: sql.append(a[2]))
        with store.unit_of_work("school-95") as uow:
            fire(uow.workflows.get("plc"), "join", actor="t1", at=AT, teacher_id="t1")
            uow.commit()
    begins = [s for s in sql if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"]  # the read before it took no lock at all
    assert sql.index("BEGIN IMMEDIATE") < next(i for i, s in enumerate(sql) if "INSERT" in s)


@pytest.mark.parametrize(("synchronous", "setting"), [("FULL", "on"), ("NORMAL", "off")])
def test_postgresql_synchronous_commit_follows_synchronous(
    pg_url: str, synchronous: str, setting: str
) -> None:
    store = open_store(pg_url, synchronous=synchronous, create=True)
    with store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == setting


def test_a_writer_waiting_past_the_busy_timeout_gets_a_store_error(target: str) -> None:
    with open_store(target, create=True) as holder, open_store(target, busy_timeout=0.2) as late:
        add_plcs(holder, ["plc-a", "plc-b"])
        holding, release = threading.Event(), threading.Event()
        hold_commits(holder, holding, release)

        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(join, holder, "plc-a", "anna")
            assert holding.wait(WAIT)
            try:
                with pytest.raises(StoreError) as info:
                    join(late, "plc-b", "boris")  # the lock is held until released below
            finally:
                release.set()
            first.result(timeout=WAIT)
        assert "busy timeout (0.2 s)" in str(info.value)
        assert isinstance(info.value.__cause__, sa.exc.OperationalError)
        with late.unit_of_work("school-95") as uow:
            assert uow.workflows.get("plc-b").version == 1  # boris's join wrote nothing
            assert uow.workflows.get("plc-a").data.members == ("anna",)
        join(late, "plc-b", "boris")  # and once the lock is free, it goes through
