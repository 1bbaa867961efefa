"""Benchmark: the event store (SQLite and PostgreSQL) beside a bare insert loop, the floor.

What it measures, in one run (nothing is asserted: the script prints figures):

1. **Appending, one transaction per event.** PLC workflows get a ``start`` event and nine
   ``join`` s, each trigger in its own unit of work: load the workflow (from the store's
   cache: one indexed query), fire it with the engine, commit (encode the event as a JSON
   document, take the write lock, insert, commit). Beside it, the floor: a bare stdlib
   ``sqlite3`` loop (or a bare psycopg loop) inserting the same rows, already encoded, into
   a table of the same shape, one transaction per event, with the same settings (WAL,
   ``synchronous`` FULL or NORMAL; PostgreSQL's ``synchronous_commit`` on). Printed: events
   per second, the store's time per event over the floor's (the goal is 1.5x or less), and
   how much of an event's time is the engine and the JSON contract (measured alone, in
   memory), which no database layer can save.
2. **Batched**: the same triggers, 100 per unit of work (ten workflows, ten triggers each),
   one commit: one transaction for the triggers and their outbox rows.
3. **Loading a workflow of 1,000 events**, from a cold store: replaying the whole log,
   from the latest snapshot (``snapshot_every=100``), and from a warm store's cache.
4. **The demo's PLC** (``pedcommunity demo``: School 95's whole cycle) stored whole in one
   commit, and one commit per trigger, with ``synchronous=FULL``.

Sizes: 100,000 events in 10,000 workflows where commits are not synced to disk (SQLite
``NORMAL``), and the first ``--synced-events`` (5,000) where each commit waits for the disk
(SQLite ``FULL``, PostgreSQL): their rate is flat in the count and bound by the disk.
PostgreSQL runs on a throwaway server (``tests/pg_server.py``, fsync on) when one can start,
or on ``--pg URL`` (two databases are created in it and dropped after); ``--no-pg`` skips it.

Run it from the repository root::

    python benchmarks/storage.py            # the figures of docs/storage.md: 1-2 min on 2 cores
    python benchmarks/storage.py --quick    # 2,000 events: a smoke run, ~5 s
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/pg_server.py starts the throwaway PostgreSQL

import sqlalchemy  # noqa: E402

from pedcommunity import PLC_CYCLE, PlcData, Workflow, fire, start  # noqa: E402
from pedcommunity.adapters.json import to_json  # noqa: E402
from pedcommunity.adapters.store import SqlStore, open_store  # noqa: E402
from pedcommunity.demo import run_demo  # noqa: E402
from pedcommunity.workflows import apply_event, replay  # noqa: E402

T0 = datetime(2025, 9, 1, 15, 0, tzinfo=UTC)
TENANT = "school-95"
GOAL = 1.5

FLOOR_TABLE = """CREATE TABLE IF NOT EXISTS floor_events (
    position {key}, tenant VARCHAR(128) NOT NULL, workflow_id VARCHAR(128) NOT NULL,
    sequence BIGINT NOT NULL, definition VARCHAR(128) NOT NULL, trigger VARCHAR(128) NOT NULL,
    actor VARCHAR(128) NOT NULL, at {at} NOT NULL, document TEXT NOT NULL,
    command_id VARCHAR(128), UNIQUE (tenant, workflow_id, sequence))"""
FLOOR_INDEX = "CREATE INDEX IF NOT EXISTS floor_by_tenant ON floor_events (tenant, position)"


# -- what is appended ---------------------------------------------------------------------------


def plan(workflows: int, per_workflow: int) -> list[tuple[str, str | None]]:
    """The triggers, workflow by workflow: (workflow id, teacher who joins; None to start)."""
    steps: list[tuple[str, str | None]] = []
    for w in range(workflows):
        steps.append((f"plc-{w}", None))
        steps += [(f"plc-{w}", f"t{i}") for i in range(1, per_workflow)]
    return steps


def new_plc(workflow_id: str) -> Workflow:
    return start(
        PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id=workflow_id, actor="head", at=T0
    )


def rows_for(steps: list[tuple[str, str | None]]) -> list[tuple[Any, ...]]:
    """The floor's rows: the events the store would write, encoded up front."""
    live: dict[str, Workflow] = {}
    rows = []
    for workflow_id, teacher in steps:
        if teacher is None:
            wf = live[workflow_id] = new_plc(workflow_id)
            event = wf.events[0]
        else:
            event = fire(live[workflow_id], "join", actor=teacher, at=T0, teacher_id=teacher)
        rows.append(
            (
                TENANT,
                workflow_id,
                event.sequence,
                event.definition,
                event.trigger,
                event.actor,
                T0,
                to_json(event),
                None,
            )
        )
    return rows


def engine_and_contract(steps: list[tuple[str, str | None]]) -> float:
    """Seconds per event that firing and encoding take alone, in memory."""
    live: dict[str, Workflow] = {}
    began = time.perf_counter()
    for workflow_id, teacher in steps:
        if teacher is None:
            wf = live[workflow_id] = new_plc(workflow_id)
            to_json(wf.events[0])
        else:
            to_json(fire(live[workflow_id], "join", actor=teacher, at=T0, teacher_id=teacher))
    return (time.perf_counter() - began) / len(steps)


# -- the floors ---------------------------------------------------------------------------------


def sqlite_floor(path: str, synchronous: str, rows: list[tuple[Any, ...]]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute(FLOOR_TABLE.format(key="INTEGER PRIMARY KEY", at="TEXT"))
    conn.execute(FLOOR_INDEX)
    insert = "INSERT INTO floor_events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    text = [(*r[:6], r[6].strftime("%Y-%m-%d %H:%M:%S.%f"), *r[7:]) for r in rows]
    began = time.perf_counter()
    for row in text:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(insert, row)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - began
    conn.close()
    return elapsed / len(rows)


def psycopg_floor(url: str, rows: list[tuple[Any, ...]]) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(FLOOR_TABLE.format(key="BIGSERIAL PRIMARY KEY", at="TIMESTAMPTZ"))
        conn.execute(FLOOR_INDEX)
        conn.commit()
        insert = (
            "INSERT INTO floor_events (tenant, workflow_id, sequence, definition, trigger, "
            "actor, at, document, command_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )
        began = time.perf_counter()
        for row in rows:
            conn.execute(insert, row)
            conn.commit()
        return (time.perf_counter() - began) / len(rows)


# -- the store ----------------------------------------------------------------------------------


def trigger(uow: Any, workflow_id: str, teacher: str | None) -> None:
    """One step of the plan in a unit of work: start the PLC, or a teacher joins it."""
    if teacher is None:
        uow.workflows.add(new_plc(workflow_id))
    else:
        fire(uow.workflows.get(workflow_id), "join", actor=teacher, at=T0, teacher_id=teacher)


def store_per_trigger(store: SqlStore, steps: list[tuple[str, str | None]]) -> float:
    began = time.perf_counter()
    for step in steps:
        with store.unit_of_work(TENANT) as uow:
            trigger(uow, *step)
            uow.commit()
    return (time.perf_counter() - began) / len(steps)


def store_batched(store: SqlStore, steps: list[tuple[str, str | None]], batch: int) -> float:
    """``batch`` triggers per unit of work: ten workflows at a time, all their triggers."""
    per = sum(1 for _, t in steps if t is None)
    per_workflow = len(steps) // per
    group = max(1, batch // per_workflow) * per_workflow
    began = time.perf_counter()
    for first in range(0, len(steps), group):
        with store.unit_of_work(TENANT) as uow:
            for step in steps[first : first + group]:
                trigger(uow, *step)
            uow.commit()
    return (time.perf_counter() - began) / len(steps)


def long_plc(events: int) -> Workflow:
    """A PLC of ``events`` events: members joining and leaving, a minute apart."""
    plc = new_plc("long")
    for i in range(1, events):
        teacher = f"t{(i - 1) // 2 % 50}"
        trigger = "join" if i % 2 else "leave"
        fire(plc, trigger, actor=teacher, at=T0 + timedelta(minutes=i), teacher_id=teacher)
    return plc


def loading(target: str, events: int, repeats: int) -> dict[str, float]:
    """Seconds to load a workflow of ``events`` events: replay, snapshot, cache (medians)."""
    plc = long_plc(events)
    for tenant, every in (("replayed", 0), ("snapshotted", 100)):
        with open_store(target, snapshot_every=every) as store, store.unit_of_work(tenant) as uow:
            uow.workflows.add(replay(PLC_CYCLE, plc.events))
            uow.commit()
    out: dict[str, float] = {}
    for label, tenant, cache in (
        ("replay", "replayed", 0),
        ("snapshot", "snapshotted", 0),
        ("cache", "snapshotted", 10),
    ):
        with open_store(target, cache_size=cache) as store:
            times = []
            for _ in range(repeats + (cache > 0)):
                with store.unit_of_work(tenant) as uow:
                    began = time.perf_counter()
                    loaded = uow.workflows.get("long")
                    times.append(time.perf_counter() - began)
                assert (loaded.state, loaded.data, loaded.version) == (
                    plc.state,
                    plc.data,
                    plc.version,
                )
            out[label] = statistics.median(times[1:] if cache else times)
    return out


def demo_plc(target: str) -> tuple[int, float, float]:
    """The demo's PLC stored whole (one commit) and trigger by trigger; (events, s, s)."""
    plc = run_demo(out=lambda _line: None)
    with open_store(target, synchronous="FULL") as store:
        # The converter builds its hooks for each payload type when it first meets it: once.
        with store.unit_of_work("warm-up") as uow:
            uow.workflows.add(replay(PLC_CYCLE, plc.events))
            uow.commit()
        began = time.perf_counter()
        with store.unit_of_work("whole") as uow:
            uow.workflows.add(plc)
            uow.commit()
        whole = time.perf_counter() - began
        began = time.perf_counter()
        with store.unit_of_work("stepwise") as uow:
            uow.workflows.add(replay(PLC_CYCLE, plc.events[:1]))
            uow.commit()
        for event in plc.events[1:]:
            with store.unit_of_work("stepwise") as uow:
                apply_event(uow.workflows.get(plc.id), event)
                uow.commit()
        stepwise = time.perf_counter() - began
    return plc.version, whole, stepwise


# -- running ------------------------------------------------------------------------------------


def rate(seconds: float) -> str:
    return f"{1 / seconds:>10,.0f} events/s"


def report(label: str, store: float, floor: float, engine: float) -> None:
    ratio = store / floor
    verdict = "yes" if ratio <= GOAL else "no"
    share = min(1.0, engine / store)
    print(
        f"  {label:<34}{rate(store)}  x{ratio:5.2f} of the floor (goal <= {GOAL}: {verdict}); "
        f"engine + JSON contract {engine * 1e6:.0f} us = {share:.0%} of an event"
    )


@contextmanager
def postgres(args: argparse.Namespace) -> Iterator[Callable[[str], str] | None]:
    """A function giving the URL of a new database, or None when there is no server."""
    if args.no_pg:
        print("\nPostgreSQL: skipped (--no-pg)")
        yield None
        return
    import psycopg

    server = None
    base = args.pg
    if base is None:
        from tests.pg_server import PgUnavailable, start

        try:
            server = start(fsync=True)
        except PgUnavailable as exc:
            print(f"\nPostgreSQL: no server could start ({exc}); pass --pg URL")
            yield None
            return
        base = server.url
    made: list[str] = []

    def database(name: str) -> str:
        name = f"bench_{os.getpid()}_{name}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return str(sqlalchemy.make_url(base).set(database=name).render_as_string(False))

    try:
        yield database
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            for name in made:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if server is not None:
            server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=10_000, help="workflows (10,000)")
    parser.add_argument("--per-workflow", type=int, default=10, help="events each (10)")
    parser.add_argument(
        "--synced-events",
        type=int,
        default=5_000,
        help="events appended where each commit syncs to disk (5,000)",
    )
    parser.add_argument("--batch", type=int, default=100, help="triggers per batched commit")
    parser.add_argument("--load-events", type=int, default=1_000, help="events of the long PLC")
    parser.add_argument("--quick", action="store_true", help="2,000 events, 500 synced")
    parser.add_argument("--pg", help="a PostgreSQL URL to run in (instead of a throwaway one)")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args(argv)
    if args.quick:
        args.workflows, args.synced_events, args.load_events = 200, 500, 1_000
    steps = plan(args.workflows, args.per_workflow)

    def workflows(events: int) -> str:
        return f"{events // args.per_workflow:,}"

    synced = steps[: max(args.per_workflow, args.synced_events)]
    print(
        f"pedcommunity event store, {platform.python_implementation()} "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, SQLAlchemy "
        f"{sqlalchemy.__version__}, {os.cpu_count()} cores"
    )
    engine = engine_and_contract(steps)
    print(f"engine + JSON contract alone (fire, to_json): {engine * 1e6:.0f} us per event")
    rows = rows_for(steps)
    with tempfile.TemporaryDirectory(prefix="pedcommunity-bench-") as tmp:
        for synchronous, chosen in (("NORMAL", steps), ("FULL", synced)):
            n = len(chosen)
            print(f"\nSQLite, synchronous={synchronous}, {n:,} events in {workflows(n)} workflows")
            floor = sqlite_floor(f"{tmp}/floor-{synchronous}.db", synchronous, rows[:n])
            print(f"  {'bare sqlite3 loop (floor)':<34}{rate(floor)}")
            with open_store(f"{tmp}/store-{synchronous}.db", synchronous=synchronous) as store:
                report(
                    "store, one trigger per commit", store_per_trigger(store, chosen), floor, engine
                )
            with open_store(f"{tmp}/batch-{synchronous}.db", synchronous=synchronous) as store:
                report(
                    f"store, {args.batch} triggers per commit",
                    store_batched(store, chosen, args.batch),
                    floor,
                    engine,
                )
        loads = loading(f"{tmp}/long.db", args.load_events, repeats=5)
        print(f"\nLoading a workflow of {args.load_events:,} events (SQLite, median of 5)")
        for label, seconds in loads.items():
            print(f"  from {label:<10}{seconds * 1e3:10.1f} ms")
        events, whole, stepwise = demo_plc(f"{tmp}/demo.db")
        print(f"\nThe demo's PLC ({events} events), SQLite synchronous=FULL")
        print(f"  whole, one commit           {whole * 1e3:10.1f} ms")
        print(f"  one commit per trigger      {stepwise * 1e3:10.1f} ms")
    with postgres(args) as database:
        if database is None:
            return
        n = len(synced)
        print(f"\nPostgreSQL, synchronous_commit on, {n:,} events in {workflows(n)} workflows")
        floor = psycopg_floor(database("floor"), rows[:n])
        print(f"  {'bare psycopg loop (floor)':<34}{rate(floor)}")
        with open_store(database("store"), create=True) as store:
            report("store, one trigger per commit", store_per_trigger(store, synced), floor, engine)
        with open_store(database("batch"), create=True) as store:
            report(
                f"store, {args.batch} triggers per commit",
                store_batched(store, synced, args.batch),
                floor,
                engine,
            )
        url = database("long")
        open_store(url, create=True).close()
        loads = loading(url, args.load_events, repeats=5)
        print(f"\nLoading a workflow of {args.load_events:,} events (PostgreSQL, median of 5)")
        for label, seconds in loads.items():
            print(f"  from {label:<10}{seconds * 1e3:10.1f} ms")


if __name__ == "__main__":
    main()
