"""The SQL store keeps the ports' promises, on a SQLite file and on PostgreSQL.

Tenants, all-or-nothing commits refused on a stale version, duplicate ids, idempotent
commands, the outbox's order and checkpoints, and every refusal a PedcommunityError that
changes nothing.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tests.store.workers import AT, add_plcs, join

from pedcommunity import PLC_CYCLE, PlcData
from pedcommunity.adapters.store import SqlStore, open_store
from pedcommunity.errors import (
    ConcurrentUpdate,
    DuplicateId,
    InvalidData,
    StoreError,
    UnknownId,
)
from pedcommunity.services.ports import EventStore, Outbox, UnitOfWork, WorkflowRepository
from pedcommunity.workflows import fire, start

T = "school-95"


def _positions(store: SqlStore) -> list[int]:
    return [s.position for s in store.outbox().read("audit", limit=10_000)]


def test_the_store_implements_the_ports(store: SqlStore) -> None:
    assert isinstance(store, EventStore)
    with store.unit_of_work() as uow:
        assert isinstance(uow, UnitOfWork)
        assert isinstance(uow.workflows, WorkflowRepository)
    assert isinstance(store.outbox(), Outbox)
    assert store.schema_version() == 1
    store.init()  # idempotent
    assert store.check().ok


def test_a_workflow_reads_back_as_committed(store: SqlStore, target: str) -> None:
    add_plcs(store, ["plc"])
    join(store, "plc", "anna")
    join(store, "plc", "boris")
    with open_store(target, cache_size=0) as cold, cold.unit_of_work(T) as uow:
        plc = uow.workflows.get("plc")
        assert uow.workflows.get("plc") is plc  # one object per unit of work
        assert plc.data.members == ("anna", "boris")
        assert plc.version == 3
        assert [e.trigger for e in uow.workflows.events("plc")] == ["start", "join", "join"]
        assert [e.sequence for e in uow.workflows.events("plc", after=2)] == [3]
        assert uow.workflows.ids() == ["plc"]
        assert uow.workflows.ids("plc_cycle") == ["plc"]
        assert uow.workflows.ids("mentoring_track") == []
        assert "plc" in uow.workflows
        assert "nope" not in uow.workflows
        assert 7 not in uow.workflows
        with pytest.raises(UnknownId):
            uow.workflows.get("nope")
        with pytest.raises(UnknownId):
            uow.workflows.events("nope")


def test_tenants_never_see_each_other(store: SqlStore) -> None:
    add_plcs(store, ["plc", "only-95"], tenant="school-95")
    add_plcs(store, ["plc"], tenant="school-7")  # the same id in another tenant: another PLC
    join(store, "plc", "t1", tenant="school-7")
    with store.unit_of_work("school-95") as uow:
        assert uow.workflows.get("plc").version == 1
        assert uow.workflows.ids() == ["plc", "only-95"]
    with store.unit_of_work("school-7") as uow:
        assert uow.workflows.get("plc").version == 2
        assert uow.workflows.ids() == ["plc"]
        assert "only-95" not in uow.workflows
        with pytest.raises(UnknownId):
            uow.workflows.get("only-95")
        with pytest.raises(UnknownId):
            uow.workflows.events("only-95")
    with store.unit_of_work("school-8") as uow:
        assert uow.workflows.ids() == []
    assert store.tenants() == ["school-7", "school-95"]
    assert [s.tenant for s in store.outbox("school-7").read("x")] == ["school-7", "school-7"]
    assert [s.event.workflow_id for s in store.outbox("school-95").read("x")] == [
        "plc",
        "only-95",
    ]


def test_a_workflow_id_is_added_once(store: SqlStore) -> None:
    add_plcs(store, ["plc"])
    with pytest.raises(DuplicateId):
        add_plcs(store, ["plc"])
    with store.unit_of_work(T) as uow:  # twice in one unit of work
        uow.workflows.add(
            start(PLC_CYCLE, PlcData(name="B", leader_id="h"), id="b", actor="h", at=AT)
        )
        with pytest.raises(DuplicateId):
            uow.workflows.add(
                start(PLC_CYCLE, PlcData(name="B", leader_id="h"), id="b", actor="h", at=AT)
            )
    assert _positions(store) == [1]


def test_a_stale_version_is_refused_and_writes_nothing(store: SqlStore) -> None:
    add_plcs(store, ["plc", "other"])
    with store.unit_of_work(T) as first, store.unit_of_work(T) as second:
        mine = first.workflows.get("plc")
        theirs = second.workflows.get("plc")
        other = second.workflows.get("other")
        fire(mine, "join", actor="anna", at=AT, teacher_id="anna")
        fire(theirs, "join", actor="boris", at=AT, teacher_id="boris")
        fire(other, "join", actor="vera", at=AT, teacher_id="vera")
        first.commit()
        with pytest.raises(ConcurrentUpdate) as info:
            second.commit(command_id="c-1")
    assert (info.value.id, info.value.expected, info.value.actual) == ("plc", 1, 2)
    # Nothing of the refused commit was written: not the other workflow, not the command.
    with store.unit_of_work(T) as uow:
        assert uow.workflows.get("plc").data.members == ("anna",)
        assert uow.workflows.get("other").version == 1
        assert uow.command("c-1") is None
    assert _positions(store) == [1, 2, 3]
    assert store.check().ok


def test_a_workflow_added_by_someone_else_meanwhile_is_a_concurrent_update(
    store: SqlStore,
) -> None:
    with store.unit_of_work(T) as first, store.unit_of_work(T) as second:
        for uow in (first, second):
            uow.workflows.add(
                start(PLC_CYCLE, PlcData(name="P", leader_id="h"), id="plc", actor="h", at=AT)
            )
        first.commit()
        with pytest.raises(ConcurrentUpdate) as info:
            second.commit()
    assert (info.value.expected, info.value.actual) == (0, 1)
    assert _positions(store) == [1]


def test_leaving_a_unit_of_work_without_commit_keeps_nothing(store: SqlStore) -> None:
    add_plcs(store, ["plc"])
    with store.unit_of_work(T) as uow:
        plc = uow.workflows.get("plc")
        fire(plc, "join", actor="t1", at=AT, teacher_id="t1")
        uow.workflows.add(
            start(PLC_CYCLE, PlcData(name="B", leader_id="h"), id="b", actor="h", at=AT)
        )
        assert uow.workflows.ids() == ["plc", "b"]
        assert [e.sequence for e in uow.workflows.events("plc")] == [1, 2]
    assert plc.version == 1  # put back as it was read
    with store.unit_of_work(T) as uow:
        assert uow.workflows.get("plc").data.members == ()
        assert uow.workflows.ids() == ["plc"]
    assert _positions(store) == [1]


def test_a_unit_of_work_is_used_inside_its_block(store: SqlStore) -> None:
    uow = store.unit_of_work(T)
    for call in (uow.commit, lambda: uow.workflows.get("plc"), lambda: uow.command("c")):
        with pytest.raises(InvalidData) as info:
            call()
        assert info.value.path == "$.uow"


def test_a_command_committed_twice_changes_nothing_the_second_time(store: SqlStore) -> None:
    add_plcs(store, ["plc"])
    join(store, "plc", "t1", command_id="c-1")
    with store.unit_of_work(T) as uow:
        first = uow.command("c-1")
        assert first is not None
        assert [(e.trigger, e.sequence) for e in first] == [("join", 2)]
        fire(uow.workflows.get("plc"), "join", actor="t2", at=AT, teacher_id="t2")
        with pytest.raises(DuplicateId):
            uow.commit(command_id="c-1")
    with store.unit_of_work(T) as uow:
        assert uow.workflows.get("plc").version == 2
        assert uow.command("c-1") == first
        assert uow.command("c-2") is None
        uow.commit(command_id="empty")  # a command that appended nothing is recorded too
    with store.unit_of_work(T) as uow:
        assert uow.command("empty") == ()
    # Another tenant's command ids are its own.
    add_plcs(store, ["plc"], tenant="school-7")
    join(store, "plc", "t1", tenant="school-7", command_id="c-1")
    assert [s.command_id for s in store.outbox().read("x", limit=100)] == [None, "c-1", None, "c-1"]
    assert store.check().ok


def test_the_outbox_reads_in_commit_order_once_per_consumer(store: SqlStore, target: str) -> None:
    add_plcs(store, ["plc"])
    for t in ("t1", "t2", "t3"):
        join(store, "plc", t)
    box = store.outbox()
    page = box.read("xapi", limit=2)
    assert [s.position for s in page] == [1, 2]
    assert box.read("xapi", limit=2) == page  # not acknowledged: read again (at least once)
    box.acknowledge("xapi", page[-1].position)
    assert [s.position for s in box.read("xapi")] == [3, 4]
    assert [s.position for s in box.read("mail")] == [1, 2, 3, 4]  # its own checkpoint
    assert box.checkpoint("xapi") == 2
    box.acknowledge("xapi", 1)  # a checkpoint never moves back
    assert box.checkpoint("xapi") == 2
    box.acknowledge("xapi", 3)  # but it moves on, page after page
    box.acknowledge("xapi", 4)
    assert box.checkpoint("xapi") == 4
    assert box.read("xapi") == []
    box.acknowledge("xapi", 2)
    # A tenant's outbox keeps its own checkpoints.
    assert store.outbox(T).checkpoint("xapi") == 0
    with open_store(target) as again:
        assert again.outbox().checkpoint("xapi") == 4  # checkpoints are stored


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda s: s.unit_of_work(""), "$.tenant"),
        (lambda s: s.unit_of_work(7), "$.tenant"),
        (lambda s: s.outbox("bad tenant"), "$.tenant"),
        (lambda s: s.outbox().read(""), "$.consumer"),
        (lambda s: s.outbox().read("x", limit=0), "$.limit"),
        (lambda s: s.outbox().read("x", limit=True), "$.limit"),
        (lambda s: s.outbox().acknowledge("x", 99), "$.position"),
        (lambda s: s.outbox().acknowledge("x", -1), "$.position"),
        (lambda s: s.outbox().acknowledge("x", "1"), "$.position"),
        (lambda s: s.outbox().checkpoint(None), "$.consumer"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(store: SqlStore, call, path) -> None:  # type: ignore[no-untyped-def]
    add_plcs(store, ["plc"], tenant="default")
    with pytest.raises(InvalidData) as info:
        call(store)
    assert info.value.path == path
    assert _positions(store) == [1]
    assert store.outbox().checkpoint("x") == 0


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda u: u.workflows.get(""), "$.workflow_id"),
        (lambda u: u.workflows.get(None), "$.workflow_id"),
        (lambda u: u.workflows.events("plc", after=-1), "$.after"),
        (lambda u: u.workflows.events("plc", after=True), "$.after"),
        (lambda u: u.workflows.ids(5), "$.definition"),
        (lambda u: u.workflows.add("plc"), "$.workflow"),
        (lambda u: u.command("not an id"), "$.command_id"),
        (lambda u: u.commit(command_id="not an id"), "$.command_id"),
    ],
)
def test_bad_input_in_a_unit_of_work_is_refused(store: SqlStore, call, path) -> None:  # type: ignore[no-untyped-def]
    add_plcs(store, ["plc"])
    with store.unit_of_work(T) as uow:
        fire(uow.workflows.get("plc"), "join", actor="t1", at=AT, teacher_id="t1")
        with pytest.raises(InvalidData) as info:
            call(uow)
    assert info.value.path == path
    assert _positions(store) == [1]


def test_a_definition_the_store_does_not_know_is_refused(store: SqlStore) -> None:
    strict = PLC_CYCLE.extend(name="plc_strict", version="1")
    with store.unit_of_work(T) as uow, pytest.raises(InvalidData) as info:
        uow.workflows.add(start(strict, PlcData(name="P", leader_id="h"), id="p", actor="h", at=AT))
    assert info.value.path == "$.workflow.definition"


def test_a_corrupt_row_is_a_store_error_and_check_reports_it(store: SqlStore, target: str) -> None:
    add_plcs(store, ["plc", "fine"])
    join(store, "plc", "t1")
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE events SET document = :d WHERE workflow_id = 'plc' AND sequence = 2"),
            {"d": '{"schema_version": "1", "type": "DomainEvent", "data": {"oops": 1}}'},
        )
    with open_store(target, cache_size=0) as cold:
        with cold.unit_of_work(T) as uow:
            with pytest.raises(StoreError) as info:
                uow.workflows.get("plc")
            assert "position 3" in str(info.value)
            assert uow.workflows.get("fine").version == 1
        report = cold.check()
    assert not report.ok
    assert len(report.problems) == 1
    assert report.problems[0].startswith("school-95/plc: ")
    assert (report.workflows, report.events) == (2, 3)


def test_a_gap_in_sequences_is_reported(store: SqlStore) -> None:
    add_plcs(store, ["plc"])
    join(store, "plc", "t1")
    join(store, "plc", "t2")
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM events WHERE sequence = 2"))
    report = store.check()
    assert report.problems == ("school-95/plc: sequence 3 follows 1",)
    assert "1 problem" in str(report)


def test_a_store_of_a_newer_schema_version_is_refused(target: str) -> None:
    with open_store(target, create=True) as store, store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE store_meta SET value = '99'"))
    with pytest.raises(StoreError) as info:
        open_store(target)
    assert "schema version 99" in str(info.value)


def test_a_database_without_a_store_says_to_init_it(target: str) -> None:
    if target.startswith("postgresql"):
        store = open_store(target)  # PostgreSQL's tables are created explicitly
    else:
        store = open_store(target, create=False)
    with store, pytest.raises(StoreError) as info:
        store.unit_of_work()
    assert "store.init()" in str(info.value)
    store = open_store(target, create=True)
    with store, store.unit_of_work() as uow:
        assert uow.workflows.ids() == []


def test_a_closed_store_refuses_politely(store: SqlStore) -> None:
    store.close()
    with pytest.raises(StoreError):
        store.unit_of_work()
    with pytest.raises(StoreError):
        store.tenants()


def test_the_cache_is_not_trusted_past_what_the_database_holds(store: SqlStore) -> None:
    add_plcs(store, ["plc"])
    join(store, "plc", "t1")  # the store's cache now holds the PLC at version 2
    with store.engine.begin() as conn:  # as if the database were restored from a backup
        conn.execute(sa.text("DELETE FROM events WHERE sequence = 2"))
    with store.unit_of_work(T) as uow:
        plc = uow.workflows.get("plc")
        assert (plc.version, plc.data.members) == (1, ())
        fire(plc, "join", actor="t2", at=AT, teacher_id="t2")
        assert [e.sequence for e in uow.commit()] == [2]
    assert store.check().ok
