"""The in-memory store and the workflow use cases keep the ports' promises."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from pedcommunity import PLC_CYCLE, PlcData
from pedcommunity.clock import ManualClock
from pedcommunity.errors import (
    ConcurrentUpdate,
    DuplicateId,
    GuardFailed,
    InvalidData,
    UnknownId,
)
from pedcommunity.services import InMemoryStore, bootstrap
from pedcommunity.services.ports import EventStore, Outbox, UnitOfWork, WorkflowRepository
from pedcommunity.services.workflows import (
    fire_trigger,
    get_workflow,
    list_workflows,
    read_events,
    start_workflow,
)
from pedcommunity.workflows import fire, start

AT = datetime(2025, 9, 1, tzinfo=UTC)


def _plc(store: InMemoryStore, id: str = "plc", tenant: str = "school-95") -> None:
    start_workflow(
        store.unit_of_work(tenant),
        PLC_CYCLE,
        PlcData(name="ПОС", leader_id="head"),
        id=id,
        actor="head",
        at=AT,
    )


def test_the_in_memory_store_implements_the_ports() -> None:
    store = InMemoryStore()
    assert isinstance(store, EventStore)
    with store.unit_of_work() as uow:
        assert isinstance(uow, UnitOfWork)
        assert isinstance(uow.workflows, WorkflowRepository)
    assert isinstance(store.outbox(), Outbox)


def test_start_fire_and_read_back() -> None:
    store = InMemoryStore()
    _plc(store)
    event = fire_trigger(
        store.unit_of_work("school-95"), "plc", "join", actor="t1", at=AT, teacher_id="t1"
    )
    assert event.sequence == 2
    plc = get_workflow(store.unit_of_work("school-95"), "plc")
    assert plc.data.members == ("t1",)
    assert [e.trigger for e in read_events(store.unit_of_work("school-95"), "plc")] == [
        "start",
        "join",
    ]
    assert [e.trigger for e in read_events(store.unit_of_work("school-95"), "plc", after=1)] == [
        "join"
    ]
    assert list_workflows(store.unit_of_work("school-95"), "plc_cycle") == ["plc"]
    assert list_workflows(store.unit_of_work("school-95"), "mentoring_track") == []
    assert store.tenants() == ["school-95"]


def test_tenants_never_see_each_other() -> None:
    store = InMemoryStore()
    _plc(store, tenant="school-95")
    _plc(store, tenant="school-7")  # the same id in another tenant is another workflow
    fire_trigger(store.unit_of_work("school-7"), "plc", "join", actor="t1", at=AT, teacher_id="t1")
    assert get_workflow(store.unit_of_work("school-95"), "plc").version == 1
    assert get_workflow(store.unit_of_work("school-7"), "plc").version == 2
    with pytest.raises(UnknownId):
        get_workflow(store.unit_of_work("school-8"), "plc")
    assert [s.event.sequence for s in store.outbox("school-95").read("x")] == [1]
    assert [s.tenant for s in store.outbox().read("x")] == ["school-95", "school-7", "school-7"]


def test_a_workflow_id_is_started_once() -> None:
    store = InMemoryStore()
    _plc(store)
    with pytest.raises(DuplicateId):
        _plc(store)
    assert len(store.outbox().read("x")) == 1


def test_a_stale_version_is_refused_and_stores_nothing() -> None:
    store = InMemoryStore()
    _plc(store)
    with pytest.raises(ConcurrentUpdate) as info:
        fire_trigger(
            store.unit_of_work("school-95"),
            "plc",
            "join",
            actor="t1",
            at=AT,
            teacher_id="t1",
            expected_version=0,
        )
    assert (info.value.expected, info.value.actual) == (0, 1)
    assert get_workflow(store.unit_of_work("school-95"), "plc").version == 1


def test_a_refused_trigger_stores_nothing() -> None:
    store = InMemoryStore()
    _plc(store)
    with pytest.raises(GuardFailed):
        fire_trigger(store.unit_of_work("school-95"), "plc", "open_topic_list", actor="head", at=AT)
    assert get_workflow(store.unit_of_work("school-95"), "plc").version == 1
    assert len(store.outbox().read("x")) == 1


def test_a_command_sent_twice_changes_nothing_the_second_time() -> None:
    store = InMemoryStore()
    _plc(store)
    first = fire_trigger(
        store.unit_of_work("school-95"),
        "plc",
        "join",
        actor="t1",
        at=AT,
        teacher_id="t1",
        command_id="c-1",
    )
    second = fire_trigger(
        store.unit_of_work("school-95"),
        "plc",
        "join",
        actor="t1",
        at=AT + timedelta(hours=1),
        teacher_id="t1",
        command_id="c-1",
    )
    assert second == first
    assert get_workflow(store.unit_of_work("school-95"), "plc").version == 2
    # The same id for another request is refused, not answered with the old one.
    with pytest.raises(InvalidData) as info:
        fire_trigger(
            store.unit_of_work("school-95"),
            "plc",
            "leave",
            actor="t1",
            at=AT,
            teacher_id="t1",
            command_id="c-1",
        )
    assert info.value.path == "$.command_id"
    # Another tenant's command ids are its own.
    _plc(store, tenant="school-7")
    fire_trigger(
        store.unit_of_work("school-7"),
        "plc",
        "join",
        actor="t1",
        at=AT,
        teacher_id="t1",
        command_id="c-1",
    )
    assert get_workflow(store.unit_of_work("school-7"), "plc").version == 2


def test_leaving_a_unit_of_work_without_commit_puts_everything_back() -> None:
    store = InMemoryStore()
    _plc(store)
    with store.unit_of_work("school-95") as uow:
        plc = uow.workflows.get("plc")
        fire(plc, "join", actor="t1", at=AT, teacher_id="t1")
        uow.workflows.add(
            start(PLC_CYCLE, PlcData(name="B", leader_id="h"), id="b", actor="h", at=AT)
        )
        assert plc.version == 2
    assert get_workflow(store.unit_of_work("school-95"), "plc").version == 1
    assert get_workflow(store.unit_of_work("school-95"), "plc").data.members == ()
    assert list_workflows(store.unit_of_work("school-95")) == ["plc"]
    assert len(store.outbox().read("x")) == 1


def test_commit_outside_its_block_is_refused() -> None:
    uow = InMemoryStore().unit_of_work()
    with pytest.raises(InvalidData):
        uow.commit()


def test_the_outbox_reads_in_commit_order_once_per_consumer() -> None:
    store = InMemoryStore()
    _plc(store)
    for t in ("t1", "t2", "t3"):
        fire_trigger(store.unit_of_work("school-95"), "plc", "join", actor=t, at=AT, teacher_id=t)
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
        (lambda s: get_workflow(s.unit_of_work(), ""), "$.workflow_id"),
        (lambda s: read_events(s.unit_of_work(), "plc", after=-1), "$.after"),
        (lambda s: list_workflows(s.unit_of_work(), 5), "$.definition"),
        (
            lambda s: fire_trigger(
                s.unit_of_work(),
                "plc",
                "join",
                actor="t",
                at=AT,
                teacher_id="t",
                command_id="not an id",
            ),
            "$.command_id",
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(call, path) -> None:  # type: ignore[no-untyped-def]
    store = InMemoryStore()
    _plc(store, tenant="default")
    before = [s.event for s in store.outbox().read("x")]
    with pytest.raises(InvalidData) as info:
        call(store)
    assert info.value.path == path
    assert [s.event for s in store.outbox().read("x")] == before
    assert store.outbox().checkpoint("x") == 0


def test_concurrent_writers_lose_nothing() -> None:
    store = InMemoryStore()
    _plc(store)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            t = f"w{n}"
            for i in range(20):  # join and leave in turn: a PLC holds at most 15 members
                trigger = "join" if i % 2 == 0 else "leave"
                fire_trigger(
                    store.unit_of_work("school-95"), "plc", trigger, actor=t, at=AT, teacher_id=t
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    plc = get_workflow(store.unit_of_work("school-95"), "plc")
    assert plc.version == 1 + 8 * 20
    assert [e.sequence for e in plc.events] == list(range(1, 162))
    assert plc.data.members == ()
    assert [s.position for s in store.outbox().read("x", limit=1000)] == list(range(1, 162))


@pytest.mark.parametrize("store", [None, ":memory:"], ids=["in-memory", "sqlite"])
def test_a_workflow_read_from_the_store_is_a_copy(store: str | None) -> None:
    """What ``get`` returns does not change under its holder, and firing on it writes nothing."""
    clock = ManualClock(datetime(2025, 9, 1, tzinfo=UTC))
    app = bootstrap(store, clock=clock, plugins=False)
    app.start("plc_cycle", PlcData(name="ПОС", leader_id="head"), id="p", actor="head")
    held = app.get("p")
    app.fire("p", "join", actor="t2", teacher_id="t2")
    assert held.version == 1 and held.data.members == ()
    fire(held, "join", actor="t1", at=clock.now(), teacher_id="t1")
    assert [e.trigger for e in app.events("p")] == ["start", "join"]
    assert app.get("p").data.members == ("t2",)


@pytest.mark.parametrize("store", [None, ":memory:"], ids=["in-memory", "sqlite"])
def test_an_unknown_workflow_id_is_refused_naming_some_that_exist(store: str | None) -> None:
    """A typo in an id gets the tenant's first ids and how many more there are."""
    app = bootstrap(store, clock=ManualClock(datetime(2025, 9, 1, tzinfo=UTC)), plugins=False)
    for i in range(12):
        app.start("plc_cycle", PlcData(name="ПОС", leader_id="head"), id=f"p{i:02d}", actor="h")
    for read in (lambda: app.get("p99"), lambda: app.events("p99")):
        with pytest.raises(UnknownId) as info:
            read()
        assert str(info.value).endswith("'p08', 'p09' and 2 more."), str(info.value)
    with pytest.raises(UnknownId, match="known: none"):
        app.get("p00", tenant="school-2")
