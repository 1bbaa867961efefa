"""The use cases of any workflow over a unit of work: start one, fire a trigger, read it back.

Each use case takes a unit of work that is not entered yet (``store.unit_of_work(tenant)``),
enters it, does its work with the engine, and commits: the new events are appended in one
transaction, or none is. A ``command_id`` makes a call idempotent: the same id again returns
the first call's answer and changes nothing, so a client may retry a request whose answer it
never got.

A mentoring track that belongs to a programme is fired through the programme
(:func:`pedcommunity.services.programmes.fire_track`), so that the two change together;
:func:`fire_trigger` does that on its own when it sees such a track.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData
    >>> from pedcommunity.services import InMemoryStore
    >>> store, at = InMemoryStore(), datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> plc = start_workflow(store.unit_of_work("school-95"), PLC_CYCLE,
    ...                      PlcData(name="ПОС", leader_id="head"), id="plc-95", actor="head",
    ...                      at=at)
    >>> event = fire_trigger(store.unit_of_work("school-95"), "plc-95", "join", actor="t1",
    ...                      at=at, teacher_id="t1", command_id="cmd-1")
    >>> again = fire_trigger(store.unit_of_work("school-95"), "plc-95", "join", actor="t1",
    ...                      at=at, teacher_id="t1", command_id="cmd-1")
    >>> again == event, get_workflow(store.unit_of_work("school-95"), "plc-95").version
    (True, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import attrs

from pedcommunity.errors import DuplicateId, InvalidData, PedcommunityError
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.engine import Workflow, fire
from pedcommunity.workflows.permissions import AccessPolicy

from ._commands import refuse_another_request, repeated_event, start_in
from .ports import UnitOfWork
from .programmes import fire_track_in, programme_of, refuse_sync

__all__ = [
    "Fired",
    "PayloadReader",
    "export_workflows",
    "fire_command",
    "fire_trigger",
    "full_history",
    "get_workflow",
    "import_workflows",
    "list_workflows",
    "read_events",
    "start_command",
    "start_workflow",
]


def start_workflow(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    data: Any,
    *,
    id: str,
    actor: str,
    at: datetime,
    command_id: str | None = None,
) -> Workflow:
    """Start a workflow of ``definition`` and store it; return it as stored.

    Raises:
        DuplicateId: the tenant already has a workflow with this id.
        InvalidData: as :func:`pedcommunity.workflows.start`; or ``command_id`` was used for
            another command.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.services import InMemoryStore
        >>> store = InMemoryStore()
        >>> plc = start_workflow(store.unit_of_work(), PLC_CYCLE,
        ...                      PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...                      at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> plc.state, plc.version
        ('forming', 1)
    """
    return start_command(
        uow, definition, data, id=id, actor=actor, at=at, command_id=command_id
    ).workflow


def start_command(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    data: Any,
    *,
    id: str,
    actor: str,
    at: datetime,
    command_id: str | None = None,
) -> Fired:
    """Start a workflow as :func:`start_workflow` does; say whether the command was repeated.

    The HTTP service answers a start retried with its ``Idempotency-Key`` as it answers any
    command: ``Fired.repeated`` is true, and nothing new was stored.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.services import InMemoryStore
        >>> store, at = InMemoryStore(), datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> data = PlcData(name="ПОС", leader_id="head")
        >>> first = start_command(store.unit_of_work(), PLC_CYCLE, data, id="p", actor="head",
        ...                       at=at, command_id="s1")
        >>> again = start_command(store.unit_of_work(), PLC_CYCLE, data, id="p", actor="head",
        ...                       at=at, command_id="s1")
        >>> first.repeated, again.repeated, again.event == first.event
        (False, True, True)
    """
    with uow:
        started, event, again = start_in(
            uow, definition, data, id=id, actor=actor, at=at, command_id=command_id
        )
        return Fired(event=event, workflow=started.copy(), repeated=again)


def fire_trigger(
    uow: UnitOfWork,
    workflow_id: str,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None = None,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
    **fields: Any,
) -> DomainEvent:
    """Fire ``trigger`` on a stored workflow and store its event; return the event.

    The checks and refusals are :func:`pedcommunity.workflows.fire`'s; a refusal stores
    nothing. A track of a mentoring programme goes through the programme, which checks its
    rules across tracks and records the track's new status in the same transaction.

    Raises:
        UnknownId: the tenant has no such workflow.
        ConcurrentUpdate: ``expected_version`` is not the stored version, or someone else
            stored an event first (reload and try again).
        WorkflowError, InvalidData: the trigger was refused, as by
            :func:`pedcommunity.workflows.fire`.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData, ConcurrentUpdate
        >>> from pedcommunity.services import InMemoryStore
        >>> store, at = InMemoryStore(), datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> _ = start_workflow(store.unit_of_work(), PLC_CYCLE,
        ...                    PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
        >>> try:
        ...     fire_trigger(store.unit_of_work(), "p", "join", actor="t1", at=at,
        ...                  teacher_id="t1", expected_version=5)
        ... except ConcurrentUpdate as err:
        ...     print(err.expected, err.actual)
        5 1
    """
    with uow:
        done = repeated_event(uow, command_id, workflow_id=workflow_id, trigger=trigger)
        if done is not None:
            return done
        event, _ = _fire_in(
            uow,
            workflow_id,
            trigger,
            payload,
            actor=actor,
            at=at,
            expected_version=expected_version,
            policy=policy,
            fields=fields,
        )
        uow.commit(command_id=command_id)
        return event


@attrs.frozen
class Fired:
    """What a command that fired a trigger did: the event, and the workflow after it.

    Attributes:
        event: the event recorded (for a repeated command, the one recorded the first time).
        workflow: the workflow as committed (a copy the caller may keep).
        repeated: the command id was done before, so nothing new was stored.
    """

    event: DomainEvent
    workflow: Workflow
    repeated: bool = False


#: Builds a trigger's payload from plain data once the workflow, and so the payload's class,
#: is known: the HTTP service passes the JSON contract's reader (``from_plain``).
PayloadReader = Callable[[type, Any], Any]


def fire_command(
    uow: UnitOfWork,
    workflow_id: str,
    trigger: str,
    payload: Any = None,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None = None,
    policy: AccessPolicy | None = None,
    command_id: str | None = None,
    read_payload: PayloadReader | None = None,
) -> Fired:
    """Fire a trigger as :func:`fire_trigger` does, and return the workflow after it too.

    For a client that shows the new state at once (the HTTP service answers a command with
    it), without reading the workflow a second time. ``read_payload(cls, payload)`` builds
    the payload from plain data (a JSON object) when ``payload`` is not already an instance
    of the trigger's payload class ``cls``.

    Raises:
        UnknownId, ConcurrentUpdate, WorkflowError, InvalidData: as :func:`fire_trigger`.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.services import InMemoryStore
        >>> store, at = InMemoryStore(), datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> _ = start_workflow(store.unit_of_work(), PLC_CYCLE,
        ...                    PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
        >>> done = fire_command(store.unit_of_work(), "p", "join", {"teacher_id": "t1"},
        ...                     actor="t1", at=at, command_id="c1",
        ...                     read_payload=lambda cls, plain: cls(**plain))
        >>> done.event.sequence, done.workflow.data.members, done.repeated
        (2, ('t1',), False)
        >>> again = fire_command(store.unit_of_work(), "p", "join", {"teacher_id": "t1"},
        ...                      actor="t1", at=at, command_id="c1",
        ...                      read_payload=lambda cls, plain: cls(**plain))
        >>> again.repeated, again.event == done.event
        (True, True)
    """
    with uow:
        # Optimistic: a command id is looked up only when the command fails (refused, or its
        # id already committed), not before every command; a retried request fails in one of
        # those ways, since its first try changed the workflow or stored the id.
        try:
            event, workflow = _fire_in(
                uow,
                workflow_id,
                trigger,
                payload,
                actor=actor,
                at=at,
                expected_version=expected_version,
                policy=policy,
                read_payload=read_payload,
            )
            uow.commit(command_id=command_id)
        except PedcommunityError:
            if command_id is None:
                raise
            uow.rollback()
            done = repeated_event(uow, command_id, workflow_id=workflow_id, trigger=trigger)
            if done is None:
                raise
            stored = uow.workflows.get(workflow_id)
            if read_payload is not None:
                payload = _read_payload(stored, trigger, payload, read_payload)
            refuse_another_request(done, command_id, actor=actor, payload=payload)
            return Fired(event=done, workflow=stored.copy(), repeated=True)
        return Fired(event=event, workflow=workflow.copy())


def _fire_in(
    uow: UnitOfWork,
    workflow_id: str,
    trigger: str,
    payload: Any,
    *,
    actor: str,
    at: datetime,
    expected_version: int | None,
    policy: AccessPolicy | None,
    fields: dict[str, Any] | None = None,
    read_payload: PayloadReader | None = None,
) -> tuple[DomainEvent, Workflow]:
    """Fire in an entered unit of work (not committed); a programme's track goes through it."""
    workflow = uow.workflows.get(workflow_id)
    # A stale version is the first refusal, as in the engine: the payload is not read then.
    if read_payload is not None and expected_version in (None, workflow.version):
        payload = _read_payload(workflow, trigger, payload, read_payload)
    programme = programme_of(workflow, uow)
    if programme is not None:
        event = fire_track_in(
            programme,
            workflow,
            trigger,
            payload,
            actor=actor,
            at=at,
            expected_version=expected_version,
            policy=policy,
            fields=fields,
        )
    else:
        refuse_sync(workflow, trigger)
        event = fire(
            workflow,
            trigger,
            payload,
            actor=actor,
            at=at,
            expected_version=expected_version,
            policy=policy,
            **(fields or {}),
        )
    return event, workflow


def _read_payload(workflow: Workflow, trigger: str, payload: Any, read: PayloadReader) -> Any:
    # An unknown trigger is left to the engine, which names the triggers allowed now.
    spec = next((t for t in workflow.definition.triggers if t.name == trigger), None)
    if spec is not None and spec.payload is None and payload == {}:
        return None  # an empty object is no payload: what most clients send for none
    if spec is None or spec.payload is None or isinstance(payload, spec.payload):
        return payload
    return read(spec.payload, payload)


def get_workflow(uow: UnitOfWork, workflow_id: str) -> Workflow:
    """A stored workflow, as last committed.

    Raises:
        UnknownId: the tenant has no such workflow.

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> get_workflow(InMemoryStore().unit_of_work(), "p")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 'p'; known: none.
    """
    with uow:
        # A copy: the in-memory store's own object would change under the caller, and firing
        # on it would write to the store outside any unit of work.
        return uow.workflows.get(workflow_id).copy()


def list_workflows(uow: UnitOfWork, definition: str | None = None) -> list[str]:
    """The tenant's workflow ids in the order they were started (of one definition's name).

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> list_workflows(InMemoryStore().unit_of_work(), "plc_cycle")
        []
    """
    with uow:
        return uow.workflows.ids(definition)


def read_events(
    uow: UnitOfWork, workflow_id: str, *, after: int = 0, limit: int | None = None
) -> list[DomainEvent]:
    """A stored workflow's events after sequence ``after``, in order (at most ``limit``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.services import InMemoryStore
        >>> store = InMemoryStore()
        >>> _ = start_workflow(store.unit_of_work(), PLC_CYCLE,
        ...                    PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...                    at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> [e.trigger for e in read_events(store.unit_of_work(), "p")]
        ['start']
    """
    with uow:
        return uow.workflows.events(workflow_id, after=after, limit=limit)


def export_workflows(uow: UnitOfWork, definition: str | None = None) -> Iterator[Workflow]:
    """Every workflow of the tenant (of one definition's name), each with its whole history.

    What ``pedcommunity store export`` writes, one JSON contract document per workflow; the
    unit of work stays open while the caller iterates.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.services import InMemoryStore
        >>> store = InMemoryStore()
        >>> _ = start_workflow(store.unit_of_work(), PLC_CYCLE,
        ...                    PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...                    at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> [w.id for w in export_workflows(store.unit_of_work())]
        ['p']
    """
    with uow:
        for workflow_id in uow.workflows.ids(definition):
            yield full_history(uow, workflow_id)


def import_workflows(uow: UnitOfWork, workflows: Iterable[Workflow]) -> int:
    """Store workflows read from elsewhere (an export), all or none; return how many.

    Each must hold its whole history (a workflow read with ``from_json`` does: reading
    replays and checks its events).

    Raises:
        DuplicateId: the tenant already has a workflow of one of the ids, or one comes twice.
        InvalidData: an item is not a whole Workflow.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData, start
        >>> from pedcommunity.services import InMemoryStore
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
        ...             actor="head", at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> import_workflows(InMemoryStore().unit_of_work("school-95"), [plc])
        1
    """
    with uow:
        count = 0
        for i, workflow in enumerate(workflows):
            if not isinstance(workflow, Workflow):
                raise InvalidData(
                    f"an import holds Workflows, got {type(workflow).__name__}",
                    path=f"$.workflows[{i}]",
                )
            if workflow.id in uow.workflows:
                raise DuplicateId(kind="workflow", id=workflow.id)
            uow.workflows.add(workflow)
            count += 1
        uow.commit()
        return count


def full_history(uow: UnitOfWork, workflow_id: str) -> Workflow:
    """A stored workflow with every one of its events, also when the store keeps a snapshot.

    Raises:
        UnknownId: the tenant has no such workflow.

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> with InMemoryStore().unit_of_work() as uow:
        ...     full_history(uow, "nothing")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown workflow 'nothing'; known: none.
    """
    workflow = uow.workflows.get(workflow_id)
    if not workflow.base_version:
        return workflow.copy()
    return Workflow(
        id=workflow.id,
        definition=workflow.definition,
        state=workflow.state,
        data=workflow.data,
        events=uow.workflows.events(workflow_id),
    )
