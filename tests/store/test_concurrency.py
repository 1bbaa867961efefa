"""Concurrent writers, a late commit, and a writer killed mid-transaction lose nothing.

- 8 writers (threads sharing one store, and processes each opening their own, spawned) fire
  ``join`` and ``leave`` on the same three PLCs, each trigger in its own unit of work, and
  retry it when the commit is refused with ConcurrentUpdate (any other error fails the
  test). Afterwards: every acknowledged event is stored at the sequence it was acknowledged
  with, no sequence is missing or repeated, the outbox holds every position once in order,
  the final state equals a replay, and ``check()`` is clean.
- On PostgreSQL, two transactions that append and commit out of order make a reader that
  reads "rows past my last position" skip the one that committed late (shown with a plain
  table); the store's outbox, whose appends take an advisory lock, does not skip it.
- A writer process is killed (SIGKILL) inside its commit's transaction, after its inserts:
  the next open finds a consistent store without a trace of the killed commit, and writes.

Every wait is a bounded loop; nothing is timed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from tests.store.workers import (
    AT,
    WAIT,
    add_plcs,
    crash_writer,
    hold_commits,
    join,
    join_and_leave,
)

from pedcommunity.adapters.store import SqlStore, open_store
from pedcommunity.workflows import fire, replay

ROOT = Path(__file__).resolve().parents[2]
T = "school-95"
PLCS = ["plc-a", "plc-b", "plc-c"]
WRITERS = 8
ROUNDS = 4


def _check_no_update_lost(store: SqlStore, results: list[dict[str, Any]]) -> None:
    acknowledged = [a for r in results for a in r["acknowledged"]]
    assert len(acknowledged) == WRITERS * ROUNDS * 2
    with store.unit_of_work(T) as uow:
        for workflow_id in PLCS:
            events = uow.workflows.events(workflow_id)
            # No duplicate or missing sequence.
            assert [e.sequence for e in events] == list(range(1, len(events) + 1))
            mine = [a for a in acknowledged if a[0] == workflow_id]
            assert len(events) == 1 + len(mine)
            # Every acknowledged event is stored, at the sequence it was acknowledged with.
            stored = {(e.sequence, e.trigger, e.payload.teacher_id) for e in events[1:]}
            assert stored == {(s, trigger, teacher) for _, s, trigger, teacher in mine}
            # Each writer's teacher joined, then left, in that order.
            order = [(e.payload.teacher_id, e.trigger) for e in events[1:]]
            for teacher, n in Counter(t for t, _ in order).items():
                assert n == 2
                assert order.index((teacher, "join")) < order.index((teacher, "leave"))
            plc = uow.workflows.get(workflow_id)
            rebuilt = replay(plc.definition, events)
            assert (plc.state, plc.data, plc.version) == (
                rebuilt.state,
                rebuilt.data,
                rebuilt.version,
            )
            assert plc.data.members == ()
    positions = [s.position for s in store.outbox().read("audit", limit=10_000)]
    assert positions == list(range(1, len(PLCS) + len(acknowledged) + 1))
    report = store.check()
    assert report.ok, str(report)


@pytest.mark.parametrize("writers", ["threads", "processes"])
def test_eight_writers_lose_no_update(
    target: str, writers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Spawned children import tests.store.workers by name: they need the project on sys.path.
    monkeypatch.syspath_prepend(str(ROOT))
    with open_store(target, create=True, snapshot_every=5) as store:
        add_plcs(store, PLCS)
        # Threads share one store (its pool and cache); each process opens its own.
        pool: Executor = ThreadPoolExecutor(WRITERS)
        where: str | SqlStore = store
        if writers == "processes":
            pool = ProcessPoolExecutor(WRITERS, mp_context=multiprocessing.get_context("spawn"))
            where = target
        with pool:
            futures = [
                pool.submit(join_and_leave, where, T, PLCS, writer, ROUNDS)
                for writer in range(WRITERS)
            ]
            results = [f.result(timeout=WAIT) for f in futures]
    with open_store(target, cache_size=0) as cold:
        _check_no_update_lost(cold, results)


def test_a_writer_killed_inside_its_transaction_leaves_no_partial_event(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    with open_store(target, create=True, snapshot_every=2) as store:
        add_plcs(store, ["plc"])
        with store.unit_of_work(T) as uow:
            fire(uow.workflows.get("plc"), "join", actor="anna", at=AT, teacher_id="anna")
            uow.commit()
    context = multiprocessing.get_context("spawn")
    inserted = context.Event()
    writer = context.Process(target=crash_writer, args=(target, "plc", inserted))
    writer.start()
    try:
        assert inserted.wait(WAIT), "the writer never reached its commit"
    finally:
        os.kill(writer.pid or 0, signal.SIGKILL)
        writer.join(WAIT)
    assert writer.exitcode == -signal.SIGKILL
    with open_store(target, cache_size=0) as store:
        report = store.check()
        assert report.ok, str(report)
        assert (report.workflows, report.events) == (1, 2)
        with store.unit_of_work(T) as uow:
            plc = uow.workflows.get("plc")
            assert plc.data.members == ("anna",)
            assert "doomed" not in {e.actor for e in uow.workflows.events("plc")}
            # The killed writer's lock is gone: the next writer commits at once.
            fire(plc, "join", actor="boris", at=AT, teacher_id="boris")
            assert [e.sequence for e in uow.commit()] == [3]
        assert [s.position for s in store.outbox().read("x")] == [1, 2, 3]


def test_a_late_commit_is_skipped_by_a_naive_reader_but_not_by_the_outbox(pg_url: str) -> None:
    import psycopg

    # The hazard, with a plain table: positions from a sequence, two transactions.
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("CREATE TABLE naive (position bigserial PRIMARY KEY, what text)")
    with psycopg.connect(pg_url) as early, psycopg.connect(pg_url) as late:
        early.execute("INSERT INTO naive (what) VALUES ('early')")  # position 1, not committed
        late.execute("INSERT INTO naive (what) VALUES ('late')")  # position 2
        late.commit()
        with psycopg.connect(pg_url, autocommit=True) as reader:
            seen = reader.execute("SELECT position FROM naive WHERE position > 0").fetchall()
            checkpoint = max(p for (p,) in seen)
            early.commit()
            after = reader.execute(
                "SELECT position FROM naive WHERE position > %s", (checkpoint,)
            ).fetchall()
            everything = reader.execute("SELECT position FROM naive").fetchall()
    assert (seen, after, sorted(everything)) == ([(2,)], [], [(1,), (2,)])  # 1 was skipped

    # The store: the first append holds the advisory lock until it commits, so the second
    # waits for it, and positions follow commits.
    with open_store(pg_url, create=True) as first, open_store(pg_url) as second:
        add_plcs(first, ["plc-a", "plc-b"])
        inserted, release = threading.Event(), threading.Event()
        hold_commits(first, inserted, release)
        box = second.outbox()
        box.acknowledge("xapi", 2)  # the two start events
        with ThreadPoolExecutor(2) as pool:
            early = pool.submit(join, first, "plc-a", "early")
            assert inserted.wait(WAIT)
            late = pool.submit(join, second, "plc-b", "late")
            _wait_for_a_waiting_advisory_lock(pg_url)
            assert box.read("xapi") == []  # neither is committed: nothing to read, no skip
            release.set()
            early.result(timeout=WAIT)
            late.result(timeout=WAIT)
        page = box.read("xapi")
        assert [(s.position, s.event.actor) for s in page] == [(3, "early"), (4, "late")]


def _wait_for_a_waiting_advisory_lock(url: str) -> None:
    """Poll pg_locks until a transaction waits for an advisory lock (bounded)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(WAIT * 10):
            waiting = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()
            if waiting and waiting[0]:
                return
            threading.Event().wait(0.1)
    raise AssertionError("the second append never waited for the first's lock")
