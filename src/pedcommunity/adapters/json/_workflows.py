"""Events and workflows in documents: payloads typed by their definition, logs that replay.

An event's payload is read as its definition's trigger declares it, so the event's own fields
are read first; a workflow is read back by replaying its events, and its stored data must be
exactly what they produce (storage loses nothing and invents nothing).
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from pedcommunity.adapters.json._errors import _names, _show, _structure_at
from pedcommunity.adapters.json._scalars import _write_str
from pedcommunity.adapters.json._text import _check_plain
from pedcommunity.errors import DefinitionError, InvalidData, UnknownDefinition, WorkflowError
from pedcommunity.model import DomainEvent
from pedcommunity.workflows import DefinitionRegistry, Workflow, WorkflowDefinition
from pedcommunity.workflows.engine import MIGRATE, START
from pedcommunity.workflows.migration import MigrationRecord
from pedcommunity.workflows.rebuild import replay


def _payload_type(definition: WorkflowDefinition, trigger: str) -> Any:
    if trigger == START:
        # An untyped definition still records its initial data; read it back as it was written.
        return definition.data_type or Any
    return definition.trigger(trigger).payload


@attrs.frozen
class _WorkflowHead:
    id: str
    definition: str
    definition_version: str
    state: str


def _definition(registry: DefinitionRegistry, key: Any) -> WorkflowDefinition:
    """The definition an event names as ``name@version``."""
    if not isinstance(key, str) or "@" not in key:
        raise InvalidData(
            f"definition must be 'name@version', got {_show(key)}", path="$.definition"
        )
    name, _, version = key.rpartition("@")
    try:
        return registry.get(name, version)
    except UnknownDefinition as exc:
        raise InvalidData(str(exc), path="$.definition") from None


def _event_payload_type(registry: DefinitionRegistry, event: Any) -> Any:
    return _trigger_payload_type(_definition(registry, event.definition), event.trigger)


def _trigger_payload_type(definition: WorkflowDefinition, trigger: Any) -> Any:
    """The payload type of ``trigger`` in ``definition`` (``InvalidData`` if it has none such)."""
    if trigger == START:
        return _payload_type(definition, trigger)
    if trigger == MIGRATE:
        # A move to this version carries the workflow's data under it, as a start does.
        record: Any = MigrationRecord  # parametrised by a type known only at run time
        return record[definition.data_type or Any]
    try:
        return definition.trigger(trigger).payload
    except DefinitionError:
        raise InvalidData(
            f"{definition.key} has no trigger '{trigger}'", path="$.trigger"
        ) from None


def _register_workflow_hooks(conv: cattrs.Converter, registry: DefinitionRegistry) -> None:
    """Register the hooks of :class:`DomainEvent` and :class:`Workflow` on ``conv``.

    Definitions are looked up in ``registry`` when an event or a workflow is met, so one
    added to the registry later is found too.
    """
    # The event's own fields, read before its payload (whose type they give), as a class.
    event_types = typing.get_type_hints(DomainEvent)
    event_fields = tuple(f for f in attrs.fields(DomainEvent) if f.name != "payload")
    event_names = tuple(f.name for f in event_fields)
    event_head = attrs.make_class(
        "_EventFields",
        {f.name: attrs.field(type=event_types[f.name], default=f.default) for f in event_fields},
        frozen=True,
    )

    def unstructure_event(e: DomainEvent) -> dict[str, Any]:
        if not isinstance(e, DomainEvent):
            raise ValueError(f"expected a DomainEvent, got {_show(e)}")
        ptype = _event_payload_type(registry, e)
        out = {
            f.name: conv.unstructure(getattr(e, f.name), event_types[f.name])
            for f in event_fields
            if f.default is attrs.NOTHING
        }
        out["payload"] = None if e.payload is None else conv.unstructure(e.payload, ptype or Any)
        if ptype is Any and e.payload is not None:
            _check_plain(out["payload"], "$.payload")
        # A field added later (on_behalf_of) is written only when it says something, so older
        # documents stay as they were.
        for f in event_fields:
            value = getattr(e, f.name)
            if f.default is not attrs.NOTHING and value != f.default:
                out[f.name] = conv.unstructure(value, event_types[f.name])
        return out

    def structure_event(value: Any, _: Any) -> DomainEvent:
        if not isinstance(value, Mapping):
            raise InvalidData(f"an event is an object, got {_show(value)}")
        head = {k: v for k, v in value.items() if k != "payload"}
        base = _structure_at(conv, head, event_head, "")
        # One look-up of the definition per event: a programme's log has hundreds of thousands.
        definition = _definition(registry, base.definition)
        ptype = _trigger_payload_type(definition, base.trigger)
        states = definition.state_names
        # A migrate event leaves a state of the version before; replay checks it there.
        fields = ("target",) if base.trigger == MIGRATE else ("source", "target")
        for field in fields:
            if getattr(base, field) not in states:
                raise InvalidData(
                    f"{field} '{getattr(base, field)}' is not a state of {base.definition}; "
                    f"states: {', '.join(states)}",
                    path=f"$.{field}",
                )
        raw = value.get("payload")
        payload = None
        if raw is None and ptype is not None:
            raise InvalidData(
                f"trigger '{base.trigger}' takes a {getattr(ptype, '__name__', 'payload')}, "
                "but none is given",
                path="$.payload",
            )
        if raw is not None:
            if ptype is None:
                raise InvalidData(
                    f"trigger '{base.trigger}' takes no payload, but one is given",
                    path="$.payload",
                )
            payload = _structure_at(conv, raw, ptype, ".payload")
        try:
            return DomainEvent(payload=payload, **{n: getattr(base, n) for n in event_names})
        except (TypeError, ValueError) as exc:
            raise InvalidData(str(exc)) from None

    conv.register_unstructure_hook(DomainEvent, unstructure_event)
    conv.register_structure_hook(DomainEvent, structure_event)

    def unstructure_workflow(wf: Workflow) -> dict[str, Any]:
        if not isinstance(wf, Workflow):
            raise ValueError(f"expected a Workflow, got {_show(wf)}")
        dtype = wf.definition.data_type or Any
        if wf.base_version:
            raise ValueError(
                f"'{wf.id}' was loaded from a snapshot and holds only its last "
                f"{len(wf.events)} events; a document holds the whole history (read it with "
                "pedcommunity.services.workflows.full_history)"
            )
        if not isinstance(wf.events, list | tuple):
            raise ValueError(f"events is a list of DomainEvent, got {_show(wf.events)}")
        data = conv.unstructure(wf.data, dtype)
        if dtype is Any:
            _check_plain(data, "$.data")
        return {
            "id": _write_str(wf.id),
            "definition": wf.definition.name,
            "definition_version": wf.definition.version,
            "state": _write_str(wf.state),
            "data": data,
            "events": [unstructure_event(e) for e in wf.events],
        }

    def structure_workflow(value: Any, _: Any) -> Workflow:
        if not isinstance(value, Mapping):
            raise InvalidData(f"a workflow is an object, got {_show(value)}")
        head = conv.structure(
            {k: value.get(k) for k in ("id", "definition", "definition_version", "state")},
            _WorkflowHead,
        )
        try:
            definition = registry.get(head.definition, head.definition_version)
        except UnknownDefinition as exc:
            raise InvalidData(str(exc), path="$.definition") from None
        extra = set(value) - {"id", "definition", "definition_version", "state", "data", "events"}
        if extra:
            raise InvalidData(f"unknown fields: {_names(extra)}")
        if head.state not in definition.state_names:
            raise InvalidData(
                f"state '{head.state}' is not a state of {definition.key}; states: "
                f"{', '.join(definition.state_names)}",
                path="$.state",
            )
        data = _structure_at(conv, value.get("data"), definition.data_type or Any, ".data")
        raw_events = value.get("events")
        if not isinstance(raw_events, list | tuple) or not raw_events:
            raise InvalidData("a workflow has a non-empty list of events", path="$.events")
        events = []
        for i, raw in enumerate(raw_events):
            try:
                events.append(structure_event(raw, DomainEvent))
            except InvalidData as exc:
                raise InvalidData(exc.problem, path=f"$.events[{i}]{exc.path[1:]}") from None
        # Events up to the last move to this version ran on earlier versions of the same name.
        moved = max((i for i, e in enumerate(events) if e.trigger == MIGRATE), default=-1)
        for i, e in enumerate(events):
            here = (
                e.definition.rpartition("@")[0] == definition.name
                if i < moved
                else e.definition == definition.key
            )
            if e.sequence != i + 1 or e.workflow_id != head.id or not here:
                raise InvalidData(
                    f"event {i + 1} does not belong here (sequence {e.sequence}, workflow "
                    f"'{e.workflow_id}', definition {e.definition})",
                    path=f"$.events[{i}]",
                )
        if events[-1].target != head.state:
            raise InvalidData(
                f"the last event ends in '{events[-1].target}', but the state is '{head.state}'",
                path="$.state",
            )
        # Storage must lose nothing and invent nothing: the events are the record, so the
        # stored data must be exactly what replaying them produces.
        try:
            first = _definition(registry, events[0].definition) if moved >= 0 else definition
            rebuilt = replay(first, events, definitions=registry)
        except WorkflowError as exc:
            raise InvalidData(
                f"the events do not fit {definition.key}: {exc}", path="$.events"
            ) from None
        if rebuilt.data != data:
            raise InvalidData(
                "the stored data is not what the events produce; the events are the record",
                path="$.data",
            )
        return rebuilt

    conv.register_unstructure_hook(Workflow, unstructure_workflow)
    conv.register_structure_hook(Workflow, structure_workflow)
