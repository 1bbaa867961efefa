"""Definitions evolve while workflows run: migrations as data, a dry run, a recorded event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import InvalidData, UnknownDefinition
from pedcommunity.i18n import Label
from pedcommunity.services import InMemoryStore
from pedcommunity.services.migrations import (
    Migration,
    migration_from,
    plan_migration,
    run_migration,
)
from pedcommunity.services.workflows import fire_trigger, get_workflow, start_workflow
from pedcommunity.workflows import (
    DefinitionRegistry,
    State,
    Transition,
    TriggerSpec,
    Workflow,
    WorkflowDefinition,
    apply_event,
    fire,
    replay,
    start,
)
from pedcommunity.workflows.migration import MigrationRecord, migrate

AT = datetime(2025, 9, 1, tzinfo=UTC)
L = Label(ru="Дверь", en="Door")


@attrs.frozen
class DoorV1:
    label: str
    pushes: int = 0


@attrs.frozen
class DoorV2:
    title: str
    colour: str
    pushes: int = 0


def _push(ctx):  # type: ignore[no-untyped-def]
    return attrs.evolve(ctx.data, pushes=ctx.data.pushes + 1)


def _door(version: str, data_type: type, states: tuple[str, ...]) -> WorkflowDefinition:
    first, second = states
    return WorkflowDefinition(
        name="door",
        version=version,
        label=L,
        states=[State(first, Label(ru="Закрыта", en="Closed")), State(second, L)],
        initial=first,
        triggers=[TriggerSpec("push", L), TriggerSpec("pull", L)],
        transitions=[
            Transition("push", source=first, dest=second, effect="push"),
            Transition("pull", source=second, dest=first),
        ],
        effects={"push": _push},
        data_type=data_type,
    )


V1 = _door("1", DoorV1, ("closed", "open"))
V2 = _door("2", DoorV2, ("shut", "open"))  # 'closed' is called 'shut' in version 2
REGISTRY = DefinitionRegistry([V1, V2])
TO_V2 = Migration(
    id="door-v2",
    definition="door",
    from_version="1",
    to_version="2",
    states={"closed": "shut"},
    renames={"label": "title"},
    defaults={"colour": "green"},
)


def _store(*states: str) -> InMemoryStore:
    """Doors in the given states: 'closed' or 'open'."""
    store = InMemoryStore(REGISTRY)
    for i, state in enumerate(states):
        start_workflow(
            store.unit_of_work(), V1, DoorV1(label=f"d{i}"), id=f"d{i}", actor="a", at=AT
        )
        if state == "open":
            fire_trigger(store.unit_of_work(), f"d{i}", "push", actor="a", at=AT)
    return store


def test_the_dry_run_reports_and_changes_nothing() -> None:
    store = _store("closed", "open")
    before = [get_workflow(store.unit_of_work(), i).version for i in ("d0", "d1")]
    plan = plan_migration(store.unit_of_work(), TO_V2, definitions=REGISTRY, at=AT)
    assert [(m.workflow_id, m.from_state, m.to_state) for m in plan.moves] == [
        ("d0", "closed", "shut"),
        ("d1", "open", "open"),
    ]
    assert plan.blocked == ()
    assert [get_workflow(store.unit_of_work(), i).version for i in ("d0", "d1")] == before
    assert all(get_workflow(store.unit_of_work(), i).definition is V1 for i in ("d0", "d1"))
    assert store.outbox().read("x", limit=100)[-1].event.trigger == "push"


def test_a_run_moves_each_workflow_by_one_recorded_event() -> None:
    store = _store("closed", "open")
    plan = run_migration(
        store.unit_of_work(), TO_V2, definitions=REGISTRY, actor="admin", at=AT + timedelta(1)
    )
    assert len(plan.moves) == 2
    d0 = get_workflow(store.unit_of_work(), "d0")
    assert (d0.definition, d0.state, d0.data) == (V2, "shut", DoorV2(title="d0", colour="green"))
    event = d0.events[-1]
    assert (event.trigger, event.definition, event.source, event.target) == (
        "migrate",
        "door@2",
        "closed",
        "shut",
    )
    assert event.payload == MigrationRecord(
        migration="door-v2", from_definition="door@1", data=d0.data
    )
    # It keeps running on the new version, and its log replays across the move.
    fire_trigger(store.unit_of_work(), "d0", "push", actor="a", at=AT + timedelta(2))
    d0 = get_workflow(store.unit_of_work(), "d0")
    assert d0.data.pushes == 1 and d0.events[-1].definition == "door@2"
    assert replay(V1, d0.events, definitions=REGISTRY) == d0
    assert from_json(to_json(d0, definitions=REGISTRY), Workflow, definitions=REGISTRY) == d0
    # A second run finds nothing left on version 1.
    again = run_migration(
        store.unit_of_work(), TO_V2, definitions=REGISTRY, actor="admin", at=AT + timedelta(3)
    )
    assert again.moves == () and again.blocked == ()


def test_a_workflow_that_cannot_move_stays_and_keeps_running() -> None:
    store = _store("closed", "open")
    # Without the state mapping, 'closed' is not a state of version 2: d0 cannot move.
    plain = attrs.evolve(TO_V2, states={})
    plan = run_migration(store.unit_of_work(), plain, definitions=REGISTRY, actor="admin", at=AT)
    assert [m.workflow_id for m in plan.moves] == ["d1"]
    assert [b.workflow_id for b in plan.blocked] == ["d0"]
    assert "not a state of door@2" in plan.blocked[0].reason
    d0 = get_workflow(store.unit_of_work(), "d0")
    assert d0.definition is V1
    fire_trigger(store.unit_of_work(), "d0", "push", actor="a", at=AT)
    assert get_workflow(store.unit_of_work(), "d0").state == "open"
    # Data that does not fit the new version blocks the move too.
    no_colour = attrs.evolve(TO_V2, defaults={})
    plan = plan_migration(store.unit_of_work(), no_colour, definitions=REGISTRY, at=AT)
    assert [b.workflow_id for b in plan.blocked] == ["d0"]
    assert "does not fit door@2" in plan.blocked[0].reason


def test_a_migration_refers_to_registered_versions_and_states() -> None:
    store = _store("closed")
    with pytest.raises(UnknownDefinition):
        plan_migration(
            store.unit_of_work(),
            attrs.evolve(TO_V2, to_version="3"),
            definitions=REGISTRY,
            at=AT,
        )
    with pytest.raises(InvalidData) as info:
        plan_migration(
            store.unit_of_work(),
            attrs.evolve(TO_V2, states={"closed": "ajar"}),
            definitions=REGISTRY,
            at=AT,
        )
    assert info.value.path == "$.migration.states"


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"id": "m", "definition": "door", "from_version": "1"}, "to_version"),
        ({"id": "m", "definition": "door", "from_version": "1", "to_version": "1"}, "another"),
        (
            {"id": "m", "definition": "door", "from_version": "1", "to_version": "2", "x": 1},
            "unknown fields",
        ),
        ({"id": "", "definition": "door", "from_version": "1", "to_version": "2"}, "id"),
        (["not", "an", "object"], "JSON object"),
        (
            {
                "id": "m",
                "definition": "door",
                "from_version": "1",
                "to_version": "2",
                "states": {"closed": 5},
            },
            r"expected a string",
        ),
    ],
)
def test_a_bad_migration_document_is_refused(document: object, problem: str) -> None:
    with pytest.raises(InvalidData, match=problem):
        migration_from(document)  # type: ignore[arg-type]


def _door_v1() -> Workflow:
    door = start(V1, DoorV1(label="d"), id="d", actor="a", at=AT)
    fire(door, "push", actor="a", at=AT)
    return door


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"state": "ajar"}, "$.state"),
        ({"data": DoorV1(label="x")}, "$.data"),
        ({"migration": "not an id"}, "$.migration"),
        ({"actor": ""}, "$.actor"),
        ({"at": AT - timedelta(days=1)}, "$.at"),
        ({"at": datetime(2025, 9, 1)}, "$.at"),  # naive: no time zone
    ],
)
def test_a_refused_move_changes_nothing(kwargs: dict[str, object], path: str) -> None:
    door = _door_v1()
    before = (door.definition, door.state, door.data, list(door.events))
    args: dict[str, object] = {
        "state": "open",
        "data": DoorV2(title="d", colour="red", pushes=1),
        "migration": "m",
        "actor": "admin",
        "at": AT,
    }
    with pytest.raises(InvalidData) as info:
        migrate(door, V2, **{**args, **kwargs})  # type: ignore[arg-type]
    assert info.value.path == path
    assert (door.definition, door.state, door.data, door.events) == before


def test_a_move_is_to_another_version_of_the_same_definition() -> None:
    door = _door_v1()
    with pytest.raises(InvalidData, match="another version"):
        migrate(door, V1, state="open", data=door.data, migration="m", actor="a", at=AT)


def test_replaying_a_move_needs_the_versions_and_checks_the_record() -> None:
    door = _door_v1()
    migrate(
        door,
        V2,
        state="open",
        data=DoorV2(title="d", colour="red", pushes=1),
        migration="m",
        actor="admin",
        at=AT,
    )
    with pytest.raises(InvalidData, match="definitions"):
        replay(V1, door.events)  # without the registry, the move cannot be replayed
    tampered = attrs.evolve(
        door.events[-1],
        payload=MigrationRecord(migration="m", from_definition="door@9", data=door.data),
    )
    copy = replay(V1, door.events[:-1])
    with pytest.raises(InvalidData) as info:
        apply_event(copy, tampered, definitions=REGISTRY)
    assert info.value.path == "$.events[2].payload"
    assert copy.definition is V1 and copy.version == 2
    wrong_source = attrs.evolve(door.events[-1], source="closed")
    with pytest.raises(InvalidData) as info:
        apply_event(copy, wrong_source, definitions=REGISTRY)
    assert info.value.path == "$.events[2].source"
    assert apply_event(copy, door.events[-1], definitions=REGISTRY).trigger == "migrate"
    assert copy == door


def test_no_definition_may_declare_the_engines_own_events() -> None:
    from pedcommunity.errors import DefinitionError

    for name in ("start", "migrate"):
        with pytest.raises(DefinitionError, match="reserved"):
            WorkflowDefinition(
                name="door",
                version="9",
                label=L,
                states=[State("closed", L)],
                initial="closed",
                triggers=[TriggerSpec(name, L)],
                transitions=[],
            )
