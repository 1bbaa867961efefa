"""Rebuilding workflows from their events: replay a log, apply one event, resume a snapshot.

A workflow's state can always be rebuilt from its domain events (DESIGN principle 3):
:func:`replay` re-applies a whole log through the definition, :func:`apply_event` one event
(a reader stepping through a log), and :func:`resume` starts from a snapshot's state and data
so that a store need not replay thousands of events. A log that moved to another version of
its definition (a ``migrate`` event, :mod:`pedcommunity.workflows.migration`) is replayed
with the registry of every version (``definitions=``).

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData
    >>> from pedcommunity.workflows import fire, start
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
    ...             at=at)
    >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
    >>> replay(PLC_CYCLE, plc.events) == plc
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, UnknownDefinition
from pedcommunity.model._fields import _FULL_VALIDATION, MAX_WHOLE, is_id
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows._inputs import _check_actor, _check_at
from pedcommunity.workflows.definition import DefinitionRegistry, WorkflowDefinition
from pedcommunity.workflows.engine import MIGRATE, START, Workflow, _preview, _set, commit, start

__all__ = ["apply_event", "check_migration_target", "replay", "resume"]


def _check_state_and_data(definition: WorkflowDefinition, state: object, data: object) -> None:
    """``state`` is one of ``definition``'s and ``data`` of its data type, or InvalidData."""
    if not isinstance(state, str) or state not in definition._state_index:
        raise InvalidData(
            f"{shown(state)} is not a state of {definition.key}; its states: "
            f"{', '.join(definition.state_names)}",
            path="$.state",
        )
    if definition.data_type is not None and not isinstance(data, definition.data_type):
        raise InvalidData(
            f"{definition.key} runs on {definition.data_type.__name__}, got {type(data).__name__}",
            path="$.data",
        )


def check_migration_target(
    workflow: Workflow,
    definition: WorkflowDefinition,
    *,
    state: str,
    data: Any,
    payload: Any,
    actor: str,
    at: datetime,
) -> DomainEvent:
    """The ``migrate`` event moving ``workflow`` to ``definition`` in ``state`` with ``data``.

    Checked, not applied: see :func:`pedcommunity.workflows.migration.migrate`.
    """
    if not isinstance(definition, WorkflowDefinition):
        raise InvalidData(
            f"a migration moves to a WorkflowDefinition, got {type(definition).__name__}",
            path="$.definition",
        )
    current = workflow.definition
    if definition.name != current.name or definition.key == current.key:
        raise InvalidData(
            f"{current.key} migrates to another version of '{current.name}', not to "
            f"{definition.key}",
            path="$.definition",
        )
    _check_state_and_data(definition, state, data)
    _check_actor(actor)
    at = _check_at(at)
    last = workflow.last_at
    if last is not None and at < last:
        raise InvalidData(
            f"time runs backwards: {at.isoformat()} is before the last event at {last.isoformat()}",
            path="$.at",
        )
    return DomainEvent(
        workflow_id=workflow.id,
        definition=definition.key,
        sequence=workflow.version + 1,
        trigger=MIGRATE,
        actor=actor,
        at=at,
        source=workflow.state,
        target=state,
        payload=payload,
    )


def _apply_migration(
    workflow: Workflow, event: DomainEvent, definitions: DefinitionRegistry | None, i: int
) -> DomainEvent:
    """Apply a stored ``migrate`` event: it names the new version and holds the new data."""
    if definitions is None:
        raise InvalidData(
            f"event {i + 1} moves the workflow to {event.definition}; replay it with the "
            "definitions of every version (definitions=registry)",
            path=f"$.events[{i}]",
        )
    name, _, version = event.definition.rpartition("@")
    try:
        definition = definitions.get(name, version)
    except UnknownDefinition as exc:
        raise InvalidData(str(exc), path=f"$.events[{i}].definition") from None
    payload = event.payload
    record_from = getattr(payload, "from_definition", None)
    if record_from != workflow.definition.key or not hasattr(payload, "data"):
        raise InvalidData(
            f"a migrate event records the version it leaves ({workflow.definition.key}) "
            "and the new data",
            path=f"$.events[{i}].payload",
        )
    if event.source != workflow.state:
        raise InvalidData(
            f"the log says {_shown(event.source)}, but the workflow is in {_shown(workflow.state)}",
            path=f"$.events[{i}].source",
        )
    try:
        made = check_migration_target(
            workflow,
            definition,
            state=event.target,
            data=payload.data,
            payload=payload,
            actor=event.actor,
            at=event.at,
        )
    except InvalidData as exc:
        raise InvalidData(exc.problem, path=f"$.events[{i}]{exc.path[1:]}") from None
    if made.on_behalf_of != event.on_behalf_of:
        raise InvalidData("a migrate event is made by its actor alone", path=f"$.events[{i}]")
    _set(workflow, "definition", definition)
    _set(workflow, "state", event.target)
    _set(workflow, "data", payload.data)
    workflow.events.append(event)
    return event


def replay(
    definition: WorkflowDefinition,
    events: Iterable[DomainEvent],
    *,
    definitions: DefinitionRegistry | None = None,
) -> Workflow:
    """Rebuild a workflow by re-applying its events from the ``start`` event on.

    Every event is fired again with its own actor and time, through the same guards, and what
    the definition produces must be exactly the stored event (its source and target states,
    its time order, whom it was for), so a log that the definition would not accept, or that
    was edited, is refused rather than silently loaded or rewritten.

    Permissions are not checked again: the log records who acted under the host's policy of
    its time, and a log must read back wherever it is loaded (permissions are checked when a
    trigger is fired).

    Raises:
        InvalidData: the log is empty, does not begin with ``start``, is out of sequence, or an
            event differs from what the definition produces (``path`` names the event and
            field, e.g. ``$.events[3].target``).
        WorkflowError: an event is refused by the definition (the log does not fit it).

    Examples:
        >>> from datetime import datetime, timezone
        >>> import attrs
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import fire
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> replay(PLC_CYCLE, plc.events) == plc
        True
        >>> edited = [plc.events[0], attrs.evolve(plc.events[1], target="closed")]
        >>> replay(PLC_CYCLE, edited)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.events[1].target: the log says 'closed', but \
the definition makes 'forming'
    """
    if not isinstance(definition, WorkflowDefinition):
        raise InvalidData(
            f"replay takes a WorkflowDefinition, got {type(definition).__name__}",
            path="$.definition",
        )
    try:
        items: Sequence[DomainEvent] = list(events)
    except TypeError:
        raise InvalidData("an event log is a sequence of DomainEvents", path="$.events") from None
    for i, item in enumerate(items):
        if not isinstance(item, DomainEvent):
            raise InvalidData(
                f"an event log holds DomainEvents, got {type(item).__name__}",
                path=f"$.events[{i}]",
            )
    if not items or items[0].trigger != START:
        raise InvalidData("an event log must begin with a 'start' event", path="$.events[0]")
    first = items[0]
    if first.definition != definition.key:
        raise InvalidData(
            f"the log was written under {first.definition}, not {definition.key}; "
            "replay it with that definition",
            path="$.events[0].definition",
        )
    if first.sequence != 1 or first.source != definition.initial or first.target != first.source:
        raise InvalidData(
            f"a start event is event 1 and stays in '{definition.initial}'",
            path="$.events[0]",
        )
    if first.on_behalf_of:
        raise InvalidData("a start event is made by its actor alone", path="$.events[0]")
    workflow = start(
        definition, first.payload, id=first.workflow_id, actor=first.actor, at=first.at
    )
    for event in items[1:]:
        apply_event(workflow, event, definitions=definitions)
    return workflow


def apply_event(
    workflow: Workflow,
    event: DomainEvent,
    *,
    definitions: DefinitionRegistry | None = None,
) -> DomainEvent:
    """Apply one stored event to a workflow being rebuilt, with every check :func:`replay` makes.

    :func:`replay` is ``start`` from the first event, then this for each of the others; a
    reader that wants the workflow after each event (monitoring's snapshots, a simulation
    resuming a stored run) calls it step by step. The event must be the next one
    (``event.sequence == workflow.version + 1``) of this workflow and definition; it is fired
    again with its own actor, time and payload through the same guards, without permissions
    (see :func:`replay`), and what the definition makes must be exactly the stored event.
    Each event is checked once, in O(its size) plus its guards and effect.

    Raises:
        InvalidData: the event is out of place or differs from what the definition makes
            (``path`` names ``$.events[i]`` and the field, ``i`` being the workflow's
            version).
        WorkflowError: the definition refuses the event.

    Examples:
        >>> from datetime import datetime, timezone
        >>> import attrs
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import fire
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> copy = replay(PLC_CYCLE, plc.events[:1])
        >>> apply_event(copy, plc.events[1]).trigger, copy == plc
        ('join', True)
    """
    if not isinstance(workflow, Workflow) or not workflow.version:
        raise InvalidData("apply_event takes a started Workflow", path="$.workflow")
    if not isinstance(event, DomainEvent):
        raise InvalidData(
            f"an event log holds DomainEvents, got {type(event).__name__}",
            path=f"$.events[{workflow.version}]",
        )
    definition = workflow.definition
    i = workflow.version
    migrating = event.trigger == MIGRATE and event.definition != definition.key
    if (
        event.sequence != i + 1
        or event.workflow_id != workflow.id
        or (event.definition != definition.key and not migrating)
    ):
        raise InvalidData(
            f"event {event.sequence} of '{event.workflow_id}' ({event.definition}) is out "
            f"of place; expected event {i + 1} of '{workflow.id}' ({definition.key})",
            path=f"$.events[{i}]",
        )
    if event.trigger == START:
        raise InvalidData("only the first event is a 'start'", path=f"$.events[{i}].trigger")
    if event.trigger == MIGRATE:
        return _apply_migration(workflow, event, definitions, i)
    try:
        outcome = _preview(
            workflow,
            event.trigger,
            event.payload,
            actor=event.actor,
            at=event.at,
            expected_version=None,
            policy=None,
            fields={},
        )
    except InvalidData as exc:
        raise InvalidData(exc.problem, path=f"$.events[{i}]{exc.path[1:]}") from None
    rebuilt = outcome.event
    for field in ("source", "target", "on_behalf_of"):
        stored, made = getattr(event, field), getattr(rebuilt, field)
        if stored != made:
            raise InvalidData(
                f"the log says {_shown(stored)}, but the definition makes {_shown(made)}",
                path=f"$.events[{i}].{field}",
            )
    if _FULL_VALIDATION.get():
        return commit(workflow, outcome)  # the reference path checks it as a caller's outcome
    # The outcome was just made for this workflow, as in fire: set it without re-checking.
    _set(workflow, "state", outcome.state)
    _set(workflow, "data", outcome.data)
    workflow.events.append(rebuilt)
    return rebuilt


def resume(
    definition: WorkflowDefinition,
    *,
    id: str,
    state: str,
    data: Any,
    version: int,
    at: datetime,
) -> Workflow:
    """A workflow as a snapshot keeps it: its state and data after its first ``version`` events.

    The events themselves are not held (``base_version`` counts them); the workflow fires and
    takes :func:`apply_event` as a whole one does, numbering its next event ``version + 1``
    and refusing a time before ``at``, when its last event happened. A store loads a long
    workflow this way, from its latest snapshot and the events after it, instead of replaying
    its whole history.

    Raises:
        InvalidData: ``state`` is not a state of ``definition``, ``data`` is not its data type,
            ``version`` is not a whole number from 1, or ``at`` has no time zone.

    Examples:
        >>> from datetime import datetime, timezone
        >>> import attrs
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import fire
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
        ...             at=at)
        >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> copy = resume(PLC_CYCLE, id="p", state=plc.state, data=plc.data, version=2, at=at)
        >>> fire(copy, "join", actor="t2", at=at, teacher_id="t2").sequence, copy.version
        (3, 3)
    """
    if not isinstance(definition, WorkflowDefinition):
        raise InvalidData(
            f"resume takes a WorkflowDefinition, got {type(definition).__name__}",
            path="$.definition",
        )
    if not is_id(id):
        raise InvalidData(f"a workflow id is an id, got {shown(id)}", path="$.id")
    _check_state_and_data(definition, state, data)
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_WHOLE:
        raise InvalidData(
            f"version is a whole number from 1 to 2**53 - 1, got {shown(version)}",
            path="$.version",
        )
    at = _check_at(at)
    return Workflow(
        id=id,
        definition=definition,
        state=state,
        data=data,
        events=[],
        base_version=version,
        base_at=at,
    )


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(f"'{v}'" for v in value) + ")" if value else "nobody"
    return f"'{value}'"
