"""What the store's tests run in threads and in other processes (spawned: importable here).

- :func:`add_plcs` starts PLC workflows in a store.
- :func:`join_and_leave` is one writer of the concurrency tests: it fires ``join`` then
  ``leave`` for teachers of its own on a few shared workflows, each in its own unit of work,
  and retries a trigger refused with :class:`~pedcommunity.errors.ConcurrentUpdate` (every
  refusal must be one), a bounded number of times. It returns what was acknowledged.
- :func:`join` fires one ``join`` in a unit of work of its own.
- :func:`hold_commits` stops a store's write transactions after their inserts, before
  their COMMIT, until the test releases them.
- :func:`crash_writer` fires a trigger and, inside the commit's transaction after the
  inserts, tells the test so and waits there, to be killed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event

from pedcommunity import PLC_CYCLE, PlcData
from pedcommunity.adapters.store import SqlStore, open_store
from pedcommunity.adapters.store._connection import WRITE
from pedcommunity.errors import ConcurrentUpdate
from pedcommunity.workflows import fire, start

AT = datetime(2025, 9, 1, 15, 0, tzinfo=UTC)

T = "school-95"

#: How many times a writer tries one trigger before the test fails (bounded loops only).
TRIES = 500

#: How long a held commit waits to be released (a hang must fail, a slow machine must not).
WAIT = 300


def add_plcs(store: SqlStore, ids: Iterable[str], tenant: str = T) -> None:
    """Start a PLC for each id, in one commit."""
    with store.unit_of_work(tenant) as uow:
        for workflow_id in ids:
            uow.workflows.add(
                start(
                    PLC_CYCLE,
                    PlcData(name="ПОС", leader_id="head"),
                    id=workflow_id,
                    actor="head",
                    at=AT,
                )
            )
        uow.commit()


def fire_once(
    store: SqlStore, tenant: str, workflow_id: str, trigger: str, teacher: str
) -> tuple[int, int]:
    """Fire ``trigger`` for ``teacher`` until it is stored; return (sequence, conflicts)."""
    conflicts = 0
    for _ in range(TRIES):
        with store.unit_of_work(tenant) as uow:
            plc = uow.workflows.get(workflow_id)
            done = fire(plc, trigger, actor=teacher, at=AT, teacher_id=teacher)
            try:
                uow.commit()
            except ConcurrentUpdate:
                conflicts += 1
                continue
            return done.sequence, conflicts
    raise AssertionError(f"{trigger} by {teacher} on {workflow_id}: {TRIES} conflicts in a row")


def join_and_leave(
    target: str | SqlStore, tenant: str, workflow_ids: list[str], writer: int, rounds: int
) -> dict[str, Any]:
    """One writer: ``rounds`` joins and leaves on the shared workflows, retried on conflicts.

    Returns ``{"acknowledged": [(workflow_id, sequence, trigger, teacher)], "conflicts": n}``.
    """
    store = target if isinstance(target, SqlStore) else open_store(target)
    acknowledged: list[tuple[str, int, str, str]] = []
    conflicts = 0
    try:
        for i in range(rounds):
            workflow_id = workflow_ids[(writer + i) % len(workflow_ids)]
            teacher = f"w{writer}-{i}"
            for trigger in ("join", "leave"):
                sequence, refused = fire_once(store, tenant, workflow_id, trigger, teacher)
                conflicts += refused
                acknowledged.append((workflow_id, sequence, trigger, teacher))
    finally:
        if store is not target:
            store.close()
    return {"acknowledged": acknowledged, "conflicts": conflicts}


def join(store: SqlStore, workflow_id: str, teacher: str, tenant: str = T, **commit: Any) -> None:
    """``teacher`` joins the PLC, in a unit of work of its own (``commit`` goes to commit)."""
    with store.unit_of_work(tenant) as uow:
        plc = uow.workflows.get(workflow_id)
        fire(plc, "join", actor=teacher, at=AT, teacher_id=teacher)
        uow.commit(**commit)


def hold_commits(store: SqlStore, holding: Any, release: Any) -> None:
    """Stop every write transaction of ``store`` after its inserts, before its COMMIT.

    The first to get there sets ``holding``; each waits for ``release`` (bounded), so a test
    can look at the database while a commit is half done, or kill the writer there.
    """

    @event.listens_for(store.engine, "commit")
    def _hold(conn: Any) -> None:
        if conn.info.get(WRITE) == "write" and not release.is_set():
            holding.set()
            assert release.wait(WAIT), "the test never released the commit"


def crash_writer(target: str, workflow_id: str, inserted: Any) -> None:
    """Fire ``join`` and stop inside the commit, after the inserts: set ``inserted``, wait."""
    store = open_store(target)
    hold_commits(store, inserted, threading.Event())  # released by nobody: killed there
    join(store, workflow_id, "doomed")
