"""The JSON contract: one cattrs converter for every public type, documents with a version.

A document is an envelope::

    {"schema_version": "1", "type": "Teacher", "data": {...}}

``type`` names the public type (see :data:`PUBLIC_TYPES`); ``data`` is the value as cattrs
unstructures it: enums by value, datetimes as ISO 8601 with their offset, tuples as arrays.
A running :class:`~pedcommunity.workflows.Workflow` is stored with its definition's name and
version, its state, its data and its events; the payload of each event is typed by the
definition's trigger, so reading a workflow back needs the definition registered in the
:class:`~pedcommunity.workflows.DefinitionRegistry` given to :func:`make_converter`.

Invalid input raises :class:`~pedcommunity.errors.InvalidData` with the path to the first bad
field (``$.data.members[1]``) and builds nothing.

Examples:
    >>> from pedcommunity import Teacher, Level
    >>> from pedcommunity.adapters.json import to_json, from_json
    >>> t = Teacher(id="t1", name="Анна", organisation_id="s95",
    ...             competencies={"4c.creativity": Level.EXPERT})
    >>> text = to_json(t)
    >>> text[:60]
    '{"schema_version": "1", "type": "Teacher", "data": {"id": "t'
    >>> from_json(text) == t
    True
    >>> from_json('{"schema_version": "1", "type": "Teacher", "data": '  # doctest: +ELLIPSIS
    ...           '{"id": "t1", "name": "Анна", "organisation_id": "s95", "years_experience": -2}}')
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: $.data.years_experience: years_experience must be ...
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter as _make_json_converter

from pedcommunity import i18n, matching, model, monitoring, workflows
from pedcommunity.errors import (
    DuplicateId,
    InvalidData,
    PedcommunityError,
    UnknownDefinition,
    WorkflowError,
)
from pedcommunity.model import DomainEvent, FrozenMap
from pedcommunity.workflows import DefinitionRegistry, Workflow, WorkflowDefinition
from pedcommunity.workflows.engine import START, replay

__all__ = [
    "PUBLIC_TYPES",
    "SCHEMA_VERSION",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: The version of the JSON contract. A reader refuses documents of another major version.
SCHEMA_VERSION = "1"


# Definitions hold functions and classes: they are code, registered by name, never documents.
_NOT_DATA = (
    workflows.Context,
    workflows.Due,
    workflows.Outcome,
    workflows.State,
    workflows.Transition,
    workflows.TriggerSpec,
    workflows.WorkflowDefinition,
    # Permissions are part of a definition; policies are the host's code.
    workflows.Permission,
    workflows.DataRoles,
    workflows.HostRoles,
    # Criteria are scoring code with weights, configured in Python, not exchanged.
    matching.MatchingCriterion,
    matching.ExperienceGap,
    matching.FormatMatch,
    matching.MenteeWishes,
    matching.NeedsCoverage,
    matching.OrganisationPreference,
    matching.SameSubject,
    matching.TimeOverlap,
    # An indicator holds the function that computes it: code, configured in Python.
    monitoring.Indicator,
)


def _public_types() -> dict[str, type]:
    names: dict[str, type] = {}
    for module in (i18n, model, workflows, matching, monitoring):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj) and obj not in _NOT_DATA:
                names[name] = obj
    return names


#: Every type a document may hold, by the name used in the envelope's ``type``.
PUBLIC_TYPES: Mapping[str, type] = _public_types()


def _payload_type(definition: WorkflowDefinition, trigger: str) -> Any:
    if trigger == START:
        # An untyped definition still records its initial data; read it back as it was written.
        return definition.data_type or Any
    return definition.trigger(trigger).payload


def make_converter(definitions: DefinitionRegistry | None = None) -> cattrs.Converter:
    """Build the converter for every public type.

    Args:
        definitions: the workflow definitions whose instances and events may be read back;
            by default the library's standard ones.

    Examples:
        >>> from pedcommunity import Level
        >>> conv = make_converter()
        >>> conv.unstructure(Level.PROFICIENT)
        3
    """
    registry = definitions if definitions is not None else workflows.standard_definitions()
    conv = _make_json_converter(forbid_extra_keys=True, detailed_validation=True)

    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda e: e.value
    )
    conv.register_structure_hook_factory(attrs.has, lambda cls: _attrs_hook(conv, cls))
    # cattrs would coerce (str(5), int("5"), int(5.7)); a contract must refuse instead.
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_structure_hook(str, _strict(str))
    conv.register_structure_hook(int, _strict(int))
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict(bool))
    conv.register_structure_hook_func(_is_sequence, lambda v, t: _structure_sequence(conv, v, t))
    conv.register_unstructure_hook_func(
        _is_sequence, lambda seq: [conv.unstructure(item) for item in seq]
    )
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_structure_hook(datetime, _structure_datetime)
    # Money is exact: written as a decimal string ("692644.00"), never as a JSON number.
    conv.register_unstructure_hook(Decimal, _unstructure_money)
    conv.register_structure_hook(Decimal, _structure_money)
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
    conv.register_structure_hook(date, _structure_date)

    def is_frozen_map(t: Any) -> bool:
        return t is FrozenMap or get_origin(t) is FrozenMap

    def structure_frozen_map(value: Any, t: Any) -> FrozenMap[Any, Any]:
        args = get_args(t) or (Any, Any)
        return FrozenMap(conv.structure(value, dict[args[0], args[1]]))  # type: ignore[valid-type]

    conv.register_structure_hook_func(is_frozen_map, structure_frozen_map)
    conv.register_unstructure_hook_func(
        is_frozen_map, lambda m: {conv.unstructure(k): conv.unstructure(v) for k, v in m.items()}
    )

    def unstructure_event(e: DomainEvent) -> dict[str, Any]:
        ptype = _event_payload_type(registry, e)
        return {
            "workflow_id": e.workflow_id,
            "definition": e.definition,
            "sequence": e.sequence,
            "trigger": e.trigger,
            "actor": e.actor,
            "at": e.at.isoformat(),
            "source": e.source,
            "target": e.target,
            "payload": None if e.payload is None else conv.unstructure(e.payload, ptype or Any),
        }

    def structure_event(value: Any, _: Any) -> DomainEvent:
        if not isinstance(value, Mapping):
            raise InvalidData(f"an event is an object, got {type(value).__name__}")
        head = {k: v for k, v in value.items() if k != "payload"}
        base = _structure_at(conv, head, _EventFields, "")
        ptype = _event_payload_type(registry, base)
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
            return DomainEvent(payload=payload, **attrs.asdict(base, recurse=False))
        except (TypeError, ValueError) as exc:
            raise InvalidData(str(exc)) from None

    conv.register_unstructure_hook(DomainEvent, unstructure_event)
    conv.register_structure_hook(DomainEvent, structure_event)

    def unstructure_workflow(wf: Workflow) -> dict[str, Any]:
        dtype = wf.definition.data_type or Any
        return {
            "id": wf.id,
            "definition": wf.definition.name,
            "definition_version": wf.definition.version,
            "state": wf.state,
            "data": conv.unstructure(wf.data, dtype),
            "events": [unstructure_event(e) for e in wf.events],
        }

    def structure_workflow(value: Any, _: Any) -> Workflow:
        if not isinstance(value, Mapping):
            raise InvalidData(f"a workflow is an object, got {type(value).__name__}")
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
            raise InvalidData(f"unknown fields: {', '.join(sorted(extra))}")
        if head.state not in definition.state_names:
            raise InvalidData(
                f"state '{head.state}' is not a state of {definition.key}; states: "
                f"{', '.join(definition.state_names)}",
                path="$.state",
            )
        data = _structure_at(conv, value.get("data"), definition.data_type or Any, ".data")
        raw_events = value.get("events")
        if not isinstance(raw_events, list) or not raw_events:
            raise InvalidData("a workflow has a non-empty list of events", path="$.events")
        events = []
        for i, raw in enumerate(raw_events):
            try:
                events.append(structure_event(raw, DomainEvent))
            except InvalidData as exc:
                raise InvalidData(exc.problem, path=f"$.events[{i}]{exc.path[1:]}") from None
        for i, e in enumerate(events):
            if e.sequence != i + 1 or e.workflow_id != head.id or e.definition != definition.key:
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
            rebuilt = replay(definition, events)
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
    return conv


def _attrs_hook(conv: cattrs.Converter, cls: type) -> Any:
    """Cattrs' own hook for ``cls``, with constructor errors pinned to the field they name.

    attrs validators run in ``__init__``, after cattrs has structured the fields, so cattrs
    cannot tell which field a ``ValueError`` is about. Our validators (and attrs' own) start
    their message with the field's name; that is how the path is recovered.
    """
    base: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    names = sorted((a.name for a in attrs.fields(cls)), key=len, reverse=True)

    def hook(value: Any, t: Any) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidData(f"expected an object for {cls.__name__}, got {type(value).__name__}")
        try:
            return base(value, t)
        except cattrs.ClassValidationError as group:
            for exc in group.exceptions:
                # Field errors carry a note naming the field; a constructor error has none.
                if _note(exc) or not isinstance(exc, ValueError | TypeError):
                    continue
                if isinstance(exc, InvalidData):
                    raise exc from None
                text = _message(exc)
                if isinstance(exc, DuplicateId) and exc.field is not None:
                    raise InvalidData(text, path=f"$.{exc.field}") from None
                field = next(
                    (n for n in names if text.startswith((f"{n} ", f"'{n}' ", f"{n}:"))), None
                )
                raise InvalidData(text, path=f"$.{field}" if field else "$") from None
            raise

    return hook


@attrs.frozen
class _EventFields:
    workflow_id: str
    definition: str
    sequence: int
    trigger: str
    actor: str
    at: datetime
    source: str
    target: str


@attrs.frozen
class _WorkflowHead:
    id: str
    definition: str
    definition_version: str
    state: str


def _event_payload_type(registry: DefinitionRegistry, event: Any) -> Any:
    key = event.definition
    if not isinstance(key, str) or "@" not in key:
        raise InvalidData(f"definition must be 'name@version', got {key!r}", path="$.definition")
    name, _, version = key.rpartition("@")
    try:
        definition = registry.get(name, version)
    except UnknownDefinition as exc:
        raise InvalidData(str(exc), path="$.definition") from None
    trigger = event.trigger
    if trigger != START and trigger not in {t.name for t in definition.triggers}:
        raise InvalidData(f"{definition.key} has no trigger '{trigger}'", path="$.trigger")
    return _payload_type(definition, trigger)


_JSON_NAMES = {str: "a string", int: "an integer", bool: "true or false"}


def _is_sequence(t: Any) -> bool:
    return t in (tuple, list) or get_origin(t) in (tuple, list)


def _structure_sequence(conv: cattrs.Converter, value: Any, t: Any) -> Any:
    """Structure a JSON array as ``tuple[X, ...]``, ``tuple[A, B]`` or ``list[X]``.

    cattrs would take any iterable, so a string became a tuple of its characters; a contract
    wants an array and says which item is wrong.
    """
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected an array, got {json.dumps(value, default=str)[:40]}")
    args = get_args(t)
    if not args:
        types: list[Any] = [Any] * len(value)
    elif (len(args) == 2 and args[1] is Ellipsis) or get_origin(t) is list:
        types = [args[0]] * len(value)
    else:
        if len(args) != len(value):
            raise ValueError(f"expected an array of {len(args)} items, got {len(value)}")
        types = list(args)
    items = []
    for i, (item, kind) in enumerate(zip(value, types, strict=True)):
        try:
            items.append(conv.structure(item, kind))
        except Exception as exc:  # any failure of one item becomes an InvalidData at [i]
            raise _first_error(exc, f"$[{i}]") from None
    return list(items) if (t is list or get_origin(t) is list) else tuple(items)


def _strict(kind: type) -> Callable[[Any, Any], Any]:
    def structure(value: Any, target: Any) -> Any:
        # Hooks for int and str also catch their subclasses, IntEnum among them.
        if target is not kind and isinstance(target, type) and issubclass(target, enum.Enum):
            return _structure_enum(value, target)
        # bool is an int in Python, but true is not a number in JSON.
        if type(value) is not kind:
            raise ValueError(f"expected {_JSON_NAMES[kind]}, got {json.dumps(value)[:40]}")
        return value

    return structure


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    allowed = [m.value for m in kind]
    if isinstance(value, bool) or value not in allowed:
        raise ValueError(
            f"{json.dumps(value)[:40]} is not a valid {kind.__name__}; allowed: "
            f"{', '.join(json.dumps(a) for a in allowed)}"
        )
    return kind(value)


def _strict_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {json.dumps(value)[:40]}")
    return float(value)


def _structure_datetime(value: Any, _: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 date-time string, got {value!r}")
    at = datetime.fromisoformat(value)
    if at.tzinfo is None:
        raise ValueError(f"date-time {value!r} needs a UTC offset (e.g. +03:00 or Z)")
    return at


#: How money is written: an optional minus, digits, and at most two decimal places.
MONEY_PATTERN = r"-?[0-9]+(\.[0-9]{1,2})?"
_MONEY = re.compile(MONEY_PATTERN)
_CENT = Decimal("0.01")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _unstructure_money(amount: Decimal) -> str:
    exact = amount.quantize(_CENT)
    if exact != amount:
        raise ValueError(f"{amount} has more than two decimal places; money is in kopecks")
    return str(exact)


def _structure_money(value: Any, _: Any) -> Decimal:
    # A float (or any JSON number) is refused: 0.1 is not exact, and the contract says so.
    if not isinstance(value, str) or not _MONEY.fullmatch(value):
        raise ValueError(
            f'expected an amount as a decimal string such as "692644.00", '
            f"got {json.dumps(value)[:40]}"
        )
    return Decimal(value)


def _structure_date(value: Any, _: Any) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(
            f"expected a date as YYYY-MM-DD, got {json.dumps(value, default=str)[:40]}"
        )
    return date.fromisoformat(value)


def _first_error(exc: BaseException, path: str) -> InvalidData:
    return _leaf(exc, path) or InvalidData(str(exc), path=path)


def _leaf(exc: BaseException, path: str) -> InvalidData | None:
    """Walk cattrs' exception groups to the first real error and the path that leads to it."""
    if isinstance(exc, InvalidData):
        return InvalidData(exc.problem, path=path + exc.path[1:])
    if isinstance(exc, cattrs.ClassValidationError | cattrs.IterableValidationError):
        for sub in exc.exceptions:
            note = _note(sub)
            found = _leaf(sub, path + note)
            if found is not None:
                return found
        return None
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return InvalidData(f"unknown fields: {', '.join(sorted(exc.extra_fields))}", path=path)
    if isinstance(exc, KeyError):
        return InvalidData("required field is missing", path=path)
    if isinstance(exc, PedcommunityError | ValueError | TypeError | AttributeError):
        return InvalidData(_message(exc), path=path)
    return None


def _note(exc: BaseException) -> str:
    """The path step cattrs noted on ``exc``: ``.field`` or ``[index]`` (``""`` if none)."""
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"[{note.index!r}]" if not isinstance(note.index, int) else f"[{note.index}]"
    return ""


def _message(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, TypeError) and "missing" in text and "required" in text:
        return text.split(") ", 1)[-1] if ") " in text else text
    return text


def _structure_at(conv: cattrs.Converter, value: Any, cls: Any, field: str) -> Any:
    """Structure ``value`` as ``cls``; any failure becomes one :class:`InvalidData`.

    ``field`` is the path below ``$`` (``".data"``, ``""`` for the value itself).
    """
    try:
        return conv.structure(value, cls)
    except Exception as exc:  # cattrs wraps every failure; we turn it into one InvalidData
        raise _first_error(exc, f"${field}") from None


def to_dict(obj: Any, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """Unstructure a public object into a versioned document (a JSON-ready dict).

    Examples:
        >>> from pedcommunity import Label
        >>> to_dict(Label(ru="Да", en="Yes"))
        {'schema_version': '1', 'type': 'Label', 'data': {'ru': 'Да', 'en': 'Yes'}}
    """
    name = _type_name(type(obj))
    conv = converter or make_converter()
    return {"schema_version": SCHEMA_VERSION, "type": name, "data": conv.unstructure(obj)}


def from_dict(
    document: Any, cls: type[T] | None = None, *, converter: cattrs.Converter | None = None
) -> T:
    """Build a public object from a versioned document; ``cls`` checks its type.

    Raises:
        InvalidData: the document is malformed, of another schema version or type, or a field
            is invalid (the error's ``path`` says which).
    """
    if not isinstance(document, Mapping):
        raise InvalidData(f"a document is a JSON object, got {type(document).__name__}")
    extra = set(document) - {"schema_version", "type", "data"}
    if extra:
        raise InvalidData(f"unknown envelope fields: {', '.join(sorted(extra))}")
    version = document.get("schema_version")
    if not isinstance(version, str) or version.split(".")[0] != SCHEMA_VERSION:
        raise InvalidData(
            f"schema_version {version!r} is not supported; this library reads {SCHEMA_VERSION!r}",
            path="$.schema_version",
        )
    name = document.get("type")
    target = PUBLIC_TYPES.get(name) if isinstance(name, str) else None
    if target is None:
        raise InvalidData(
            f"unknown type {name!r}; known: {', '.join(sorted(PUBLIC_TYPES))}", path="$.type"
        )
    if cls is not None and target is not cls:
        raise InvalidData(f"expected a {cls.__name__} document, got {name}", path="$.type")
    if "data" not in document:
        raise InvalidData("required field is missing", path="$.data")
    conv = converter or make_converter()
    result: T = _structure_at(conv, document["data"], target, ".data")
    return result


def to_json(
    obj: Any, *, converter: cattrs.Converter | None = None, indent: int | None = None
) -> str:
    """Serialise a public object as a versioned JSON document (UTF-8 text, Cyrillic kept).

    Examples:
        >>> from pedcommunity import Label
        >>> to_json(Label(ru="Да", en="Yes"))
        '{"schema_version": "1", "type": "Label", "data": {"ru": "Да", "en": "Yes"}}'
    """
    return json.dumps(to_dict(obj, converter=converter), ensure_ascii=False, indent=indent)


def from_json(
    text: str | bytes, cls: type[T] | None = None, *, converter: cattrs.Converter | None = None
) -> T:
    """Read a public object from a versioned JSON document (see :func:`from_dict`)."""
    try:
        document = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise InvalidData(f"not valid JSON: {exc}") from None
    return from_dict(document, cls, converter=converter)


def _type_name(cls: type) -> str:
    for name, t in PUBLIC_TYPES.items():
        if t is cls:
            return name
    raise InvalidData(
        f"{cls.__name__} is not a public type of the JSON contract; public types: "
        f"{', '.join(sorted(PUBLIC_TYPES))}"
    )
