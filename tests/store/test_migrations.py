"""Definitions evolve while stored workflows run: on SQLite and PostgreSQL.

A store written under version 1 reads back when version 2 is registered beside it (each
workflow keeps the version it started on); a dry run changes nothing; a run records one
``migrate`` event per workflow, and the moved workflow reads back, through its snapshot or its
whole log, and keeps running on the new version.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pedcommunity import PlcData
from pedcommunity.adapters.store import open_store
from pedcommunity.clock import ManualClock
from pedcommunity.i18n import Label
from pedcommunity.services import bootstrap
from pedcommunity.services.migrations import Migration
from pedcommunity.workflows import PLC_CYCLE, standard_definitions

AT = datetime(2025, 9, 1, tzinfo=UTC)
# plc_cycle@2 is the library's; a deployment's hypothetical next version is 3.
V3 = PLC_CYCLE.extend(
    name="plc_cycle",
    version="3",
    relabel={"forming": Label(ru="Сбор команды", en="Gathering the team")},
)
MOVE = Migration(id="plc-v3", definition="plc_cycle", from_version="2", to_version="3")


def _with_v3():  # type: ignore[no-untyped-def]
    registry = standard_definitions()
    registry.add(V3)
    return registry


def test_a_store_of_an_older_version_reads_back_and_migrates(target: str) -> None:
    clock = ManualClock(AT)
    # Written by a deployment that knows only versions 1 and 2.
    old = bootstrap(open_store(target, create=True, snapshot_every=3), clock=clock, plugins=False)
    for i in range(2):
        old.start(PLC_CYCLE, PlcData(name=f"ПОС {i}", leader_id="head"), id=f"p{i}", actor="h")
        for t in ("t1", "t2", "t3", "t4"):
            old.fire(f"p{i}", "join", actor=t, teacher_id=t)
    old.close()

    registry = _with_v3()
    clock.advance(timedelta(days=1))
    app = bootstrap(
        open_store(target, definitions=registry, snapshot_every=3),
        clock=clock,
        plugins=False,
        definitions=registry,
    )
    # Version 3 is registered, yet each workflow keeps the version it started on.
    assert app.get("p0").definition.key == "plc_cycle@2"
    assert app.get("p0").data.members == ("t1", "t2", "t3", "t4")
    positions = [s.position for s in app.store.outbox().read("x", limit=1000)]

    plan = app.migrate(MOVE, actor="admin", dry_run=True)
    assert [m.workflow_id for m in plan.moves] == ["p0", "p1"] and plan.blocked == ()
    assert [s.position for s in app.store.outbox().read("x", limit=1000)] == positions
    assert app.get("p0").definition.key == "plc_cycle@2"

    app.migrate(MOVE, actor="admin")
    moved = app.get("p0")
    assert moved.definition.key == "plc_cycle@3"
    assert moved.state_label.en == "Gathering the team"
    events = app.events("p0")
    assert events[-1].trigger == "migrate" and events[-1].definition == "plc_cycle@3"
    app.fire("p0", "leave", actor="t4", teacher_id="t4")
    assert app.events("p0")[-1].definition == "plc_cycle@3"
    assert app.store.check().ok  # type: ignore[attr-defined]
    app.close()

    # A new process reads the moved workflows back, from the snapshot or the whole log.
    for snapshot_every in (3, 0):
        again = open_store(target, definitions=registry, snapshot_every=snapshot_every)
        with again.unit_of_work() as uow:
            p0 = uow.workflows.get("p0")
            assert (p0.definition.key, p0.version) == ("plc_cycle@3", 7)
            assert p0.data.members == ("t1", "t2", "t3")
        again.close()
