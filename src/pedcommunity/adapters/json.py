"""The JSON contract: one cattrs converter for every public type, documents with a version.

A document is an envelope::

    {"schema_version": "1", "type": "Teacher", "data": {...}}

``type`` names the public type (see :data:`PUBLIC_TYPES`); ``data`` is the value as cattrs
unstructures it: enums by value, datetimes as RFC 3339 date-times with their offset, tuples as
arrays. A running :class:`~pedcommunity.workflows.Workflow` is stored with its definition's
name and version, its state, its data and its events; the payload of each event is typed by
the definition's trigger, so reading a workflow back needs the definition registered in the
:class:`~pedcommunity.workflows.DefinitionRegistry` given as ``definitions=`` (or to
:func:`make_converter`).

Invalid input raises :class:`~pedcommunity.errors.InvalidData` with the path to the first bad
field (``$.data.members[1]``) and builds nothing; no other exception escapes for bad input.
The limits every document keeps, checked before anything is built:

- nesting: at most :data:`MAX_DEPTH` levels of arrays and objects (the envelope is level 1);
- integers: within ± :data:`MAX_INTEGER` (what every JSON reader holds exactly); a number
  with a zero fraction (``4.0``) is the integer 4, as JSON Schema says;
- numbers are finite: ``NaN``, ``Infinity`` and ``1e400`` are refused;
- an object names each key once; text is Unicode (no unpaired surrogate);
- date-times are RFC 3339 (:data:`DATE_TIME_PATTERN`) with at most six fractional digits
  (one whose offset is not whole minutes, a historic local mean time, is written in UTC).

Writing is as strict: a value of the wrong type, a naive datetime or one that JSON cannot
hold raises :class:`~pedcommunity.errors.InvalidData` with its path, so what is written can be
read back. One converter per registry of definitions is built on first use and reused.

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
    >>> from_json("[" * 100 + "]" * 100)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: $[0]...[0]: nested deeper than 64 levels ...
"""

from __future__ import annotations

import enum
import itertools
import json
import math
import re
import sys
import threading
import types
import typing
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter as _make_json_converter

from pedcommunity import i18n, matching, model, monitoring, workflows
from pedcommunity.errors import (
    DefinitionError,
    DuplicateId,
    InvalidData,
    UnknownDefinition,
    WorkflowError,
)
from pedcommunity.model import DomainEvent, FrozenMap
from pedcommunity.model.persistent import PersistentMap, PersistentVector
from pedcommunity.workflows import DefinitionRegistry, Workflow, WorkflowDefinition
from pedcommunity.workflows.engine import START, replay

__all__ = [
    "DATE_TIME_PATTERN",
    "MAX_DEPTH",
    "MAX_INTEGER",
    "MONEY_PATTERN",
    "PUBLIC_TYPES",
    "SCHEMA_VERSION",
    "SCHEMA_VERSION_PATTERN",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: The version of the JSON contract. A reader refuses documents of another major version.
SCHEMA_VERSION = "1"

#: The ``schema_version`` values a reader takes: the major version, or ``major.minor`` from
#: a newer writer of the same major version (``"1"``, ``"1.0"``, ``"1.2"``; not ``"1.x"``).
SCHEMA_VERSION_PATTERN = rf"{SCHEMA_VERSION}(?:\.(?:0|[1-9][0-9]*))?"

#: How deeply arrays and objects may nest in a document; the envelope is level 1. The deepest
#: document the library writes has 9 levels; the limit keeps a hostile document (thousands of
#: nested arrays) from exhausting the stack while it is parsed, checked or built.
MAX_DEPTH = 64

#: The largest integer a document holds (2**53 - 1): every JSON reader (JavaScript's, PHP's,
#: a double) holds integers up to it exactly (I-JSON, RFC 7493). Money is a decimal string.
MAX_INTEGER = 2**53 - 1

#: How a date-time is written: RFC 3339 with a ``T``, seconds, at most six fractional digits
#: (microseconds; more would be cut silently) and an offset (``Z`` or ``+03:00``).
DATE_TIME_PATTERN = (
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)

#: How a date is written: ``YYYY-MM-DD``.
DATE_PATTERN = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"

#: How money is written: an optional minus, digits, and at most two decimal places.
MONEY_PATTERN = r"-?[0-9]+(\.[0-9]{1,2})?"

_SCHEMA_VERSION = re.compile(SCHEMA_VERSION_PATTERN)
_DATE_TIME = re.compile(DATE_TIME_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_MONEY = re.compile(MONEY_PATTERN)
_CENT = Decimal("0.01")
_MAX_FLOAT = sys.float_info.max
_MINUTE = timedelta(minutes=1)
# Python writes integers of up to 4,300 digits (its default limit): about 14,000 bits.
_WRITABLE_BITS = 14_000

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
    """Build a new converter for every public type.

    :func:`to_json`, :func:`from_json` and their kin build one per registry themselves and
    reuse it; build your own only to configure it further.

    Args:
        definitions: the workflow definitions whose instances and events may be read back;
            by default the library's standard ones. Definitions added to the registry later
            are found too: the converter looks them up when it meets them.

    Examples:
        >>> from pedcommunity import Level
        >>> conv = make_converter()
        >>> conv.unstructure(Level.PROFICIENT)
        3
    """
    registry = definitions if definitions is not None else workflows.standard_definitions()
    conv = _make_json_converter(forbid_extra_keys=True, detailed_validation=True)

    def is_enum(t: Any) -> bool:
        return isinstance(t, type) and issubclass(t, enum.Enum)

    conv.register_unstructure_hook_factory(is_enum, _enum_writer)
    conv.register_structure_hook_factory(attrs.has, lambda cls: _attrs_hook(conv, cls))
    # cattrs would coerce (str(5), int("5"), int(5.7)); a contract must refuse instead.
    conv.register_structure_hook_func(is_enum, _structure_enum)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    # Writing is as strict as reading, so what is written reads back: a bytes value in a str
    # field is refused here, with its path, rather than by json.dumps or the next reader.
    # Predicates, not classes, where cattrs allows: a class hook for int would also catch
    # IntEnum members. str must be a class hook: cattrs' own (identity) one comes first.
    conv.register_unstructure_hook(str, _write_str)
    conv.register_unstructure_hook_func(lambda t: t is int, _write_int)
    conv.register_unstructure_hook_func(lambda t: t is float, _write_float)
    conv.register_unstructure_hook_func(lambda t: t is bool, _write_bool)
    conv.register_structure_hook_func(_is_sequence, lambda v, t: _structure_sequence(conv, v, t))
    conv.register_unstructure_hook_factory(_is_sequence, lambda t: _sequence_writer(conv, t))
    conv.register_unstructure_hook(datetime, _write_datetime)
    conv.register_structure_hook(datetime, _structure_datetime)
    # Money is exact: written as a decimal string ("692644.00"), never as a JSON number.
    conv.register_unstructure_hook(Decimal, _unstructure_money)
    conv.register_structure_hook(Decimal, _structure_money)
    conv.register_unstructure_hook_func(lambda t: t is date, _write_date)
    conv.register_structure_hook(date, _structure_date)
    # cattrs would write bytes as base85 text and a set as a list: neither reads back as it
    # was, so a value of a field typed Any that holds one is refused instead.
    for kind in _NO_JSON_FORM:
        conv.register_unstructure_hook(kind, _no_json_form)
    # A union is written as the declared option the value is, not as whatever it is.
    conv.register_unstructure_hook_factory(_is_union, lambda t: _union_writer(conv, t))

    def is_frozen_map(t: Any) -> bool:
        return t is FrozenMap or get_origin(t) is FrozenMap

    def structure_frozen_map(value: Any, t: Any) -> FrozenMap[Any, Any]:
        args = get_args(t) or (Any, Any)
        return FrozenMap(conv.structure(value, dict[args[0], args[1]]))  # type: ignore[valid-type]

    def frozen_map_writer(t: Any) -> Callable[[Any], dict[Any, Any]]:
        key, value = get_args(t) or (Any, Any)

        def write(m: Any) -> dict[Any, Any]:
            if not isinstance(m, Mapping):
                raise ValueError(f"expected a mapping, got {_show(m)}")
            return {conv.unstructure(k, key): conv.unstructure(v, value) for k, v in m.items()}

        return write

    conv.register_structure_hook_func(is_frozen_map, structure_frozen_map)
    conv.register_unstructure_hook_factory(is_frozen_map, frozen_map_writer)

    # A programme's persistent collections are written and read as the array and the object
    # of the tuple and the map they stand for: the same JSON, the same schema, the same errors.
    def is_persistent_map(t: Any) -> bool:
        return t is PersistentMap or get_origin(t) is PersistentMap

    def structure_persistent_map(value: Any, t: Any) -> PersistentMap[Any, Any]:
        args = get_args(t) or (Any, Any)
        return PersistentMap(conv.structure(value, dict[args[0], args[1]]))  # type: ignore[valid-type]

    conv.register_structure_hook_func(is_persistent_map, structure_persistent_map)
    conv.register_unstructure_hook_factory(is_persistent_map, frozen_map_writer)

    def is_persistent_vector(t: Any) -> bool:
        return t is PersistentVector or get_origin(t) is PersistentVector

    def as_tuple(t: Any) -> Any:
        return tuple[(get_args(t) or (Any,))[0], ...]  # type: ignore[misc]

    def structure_persistent_vector(value: Any, t: Any) -> PersistentVector[Any]:
        return PersistentVector(_structure_sequence(conv, value, as_tuple(t)))

    def persistent_vector_writer(t: Any) -> Callable[[Any], list[Any]]:
        write_tuple = _sequence_writer(conv, as_tuple(t))

        def write(seq: Any) -> list[Any]:
            return write_tuple(tuple(seq) if isinstance(seq, PersistentVector) else seq)

        return write

    conv.register_structure_hook_func(is_persistent_vector, structure_persistent_vector)
    conv.register_unstructure_hook_factory(is_persistent_vector, persistent_vector_writer)

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
        for field in ("source", "target"):
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


# -- one converter per registry, built on first use ---------------------------------------------

# Building a converter costs tens of milliseconds and its hooks are built lazily as types are
# met, so a converter made per call spent most of a read building itself (131 documents: 12.6 s
# against 3.2 s with one converter). A converter holds its registry and looks definitions up
# when it meets them, so one added to the registry later is found by the same converter.
_CACHE_SIZE = 8
_converters: OrderedDict[int, tuple[DefinitionRegistry | None, cattrs.Converter]] = OrderedDict()
_lock = threading.Lock()


def _converter(
    converter: cattrs.Converter | None, definitions: DefinitionRegistry | None
) -> cattrs.Converter:
    """The converter to use: the one given, else the shared one for ``definitions``."""
    if converter is not None:
        if definitions is not None:
            raise InvalidData(
                "give either converter= or definitions=, not both: a converter has its own "
                "definitions"
            )
        return converter
    if definitions is not None and not isinstance(definitions, DefinitionRegistry):
        raise InvalidData(
            f"definitions must be a DefinitionRegistry, got {type(definitions).__name__}"
        )
    # The key is the registry's identity; the cache holds the registry, so the id stays its own.
    key = id(definitions)
    with _lock:
        cached = _converters.get(key)
        if cached is not None and cached[0] is definitions:
            _converters.move_to_end(key)
            return cached[1]
    built = make_converter(definitions)
    with _lock:
        cached = _converters.get(key)
        if cached is not None and cached[0] is definitions:
            return cached[1]  # another thread built it first: use one converter only
        _converters[key] = (definitions, built)
        while len(_converters) > _CACHE_SIZE:
            _converters.popitem(last=False)
    return built


# -- reading ------------------------------------------------------------------------------------


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
            raise InvalidData(f"expected an object for {cls.__name__}, got {_show(value)}")
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
    try:
        return definition.trigger(trigger).payload
    except DefinitionError:
        raise InvalidData(
            f"{definition.key} has no trigger '{trigger}'", path="$.trigger"
        ) from None


def _is_sequence(t: Any) -> bool:
    return t in (tuple, list) or get_origin(t) in (tuple, list)


def _item_types(t: Any, count: int) -> list[Any]:
    """The declared type of each of ``count`` items of a sequence type ``t``."""
    args = get_args(t)
    if not args:
        return [Any] * count
    if (len(args) == 2 and args[1] is Ellipsis) or get_origin(t) is list:
        return [args[0]] * count
    if len(args) != count:
        raise ValueError(f"expected an array of {len(args)} items, got {count}")
    return list(args)


def _structure_sequence(conv: cattrs.Converter, value: Any, t: Any) -> Any:
    """Structure a JSON array as ``tuple[X, ...]``, ``tuple[A, B]`` or ``list[X]``.

    cattrs would take any iterable, so a string became a tuple of its characters; a contract
    wants an array and says which item is wrong.
    """
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected an array, got {_show(value)}")
    kinds = _item_types(t, len(value))
    items = []
    for i, (item, kind) in enumerate(zip(value, kinds, strict=True)):
        try:
            items.append(conv.structure(item, kind))
        except Exception as exc:  # any failure of one item becomes an InvalidData at [i]
            raise _first_error(exc, f"$[{i}]") from None
    return list(items) if (t is list or get_origin(t) is list) else tuple(items)


def _sequence_writer(conv: cattrs.Converter, t: Any) -> Callable[[Any], list[Any]]:
    """Write a tuple or list as an array, each item as its declared type."""

    def write(seq: Any) -> list[Any]:
        if not isinstance(seq, list | tuple):
            raise ValueError(f"expected a tuple or list, got {_show(seq)}")
        kinds = _item_types(t, len(seq))
        return [conv.unstructure(item, kind) for item, kind in zip(seq, kinds, strict=True)]

    return write


def _strict_str(value: Any, target: Any) -> Any:
    # Hooks for str also catch its subclasses, StrEnum among them.
    if target is not str and isinstance(target, type) and issubclass(target, enum.Enum):
        return _structure_enum(value, target)
    if type(value) is not str:
        raise ValueError(f"expected a string, got {_show(value)}")
    return value


def _strict_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise ValueError(f"expected true or false, got {_show(value)}")
    return value


def _strict_int(value: Any, target: Any) -> Any:
    """An integer: a JSON number with no fraction within ±MAX_INTEGER (``true`` is not one).

    ``4.0`` is the integer 4: JSON has one kind of number, and JSON Schema counts a number
    with a zero fraction as an integer, so the reader agrees with the schema.
    """
    if target is not int and isinstance(target, type) and issubclass(target, enum.Enum):
        return _structure_enum(value, target)
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is not int:
        raise ValueError(f"expected an integer, got {_show(value)}")
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise ValueError(
            f"{_show(value)} is out of range; integers are within ±{MAX_INTEGER} (2**53 - 1)"
        )
    return value


def _strict_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_show(value)}")
    if not -_MAX_FLOAT <= value <= _MAX_FLOAT:  # also False for NaN
        raise ValueError(f"{_show(value)} is not a finite number a double can hold")
    return float(value)


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    allowed = [m.value for m in kind]
    if isinstance(value, bool) or not isinstance(value, str | int | float) or value not in allowed:
        raise ValueError(
            f"{_show(value)} is not a valid {kind.__name__}; allowed: "
            f"{', '.join(json.dumps(a) for a in allowed)}"
        )
    return kind(value)


def _structure_datetime(value: Any, _: Any) -> datetime:
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        naive = isinstance(value, str) and _DATE_TIME.fullmatch(value + "Z") is not None
        raise ValueError(
            f"date-time {_show(value)} needs a UTC offset (e.g. +03:00 or Z)"
            if naive
            else "expected an RFC 3339 date-time with its UTC offset, such as "
            f'"2025-09-01T10:00:00+03:00", got {_show(value)}'
        )
    return datetime.fromisoformat(value)  # a ValueError for 30 February: the hooks' caller


def _structure_money(value: Any, _: Any) -> Decimal:
    # A float (or any JSON number) is refused: 0.1 is not exact, and the contract says so.
    if not isinstance(value, str) or not _MONEY.fullmatch(value):
        raise ValueError(
            f'expected an amount as a decimal string such as "692644.00", got {_show(value)}'
        )
    return Decimal(value)


def _structure_date(value: Any, _: Any) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {_show(value)}")
    return date.fromisoformat(value)


# -- writing ------------------------------------------------------------------------------------


_NO_JSON_FORM = (bytes, bytearray, memoryview, set, frozenset, complex)


def _no_json_form(value: Any) -> Any:
    raise ValueError(
        f"{_show(value)} has no JSON form: a document holds strings, numbers, true, false, "
        "null, arrays and objects"
    )


def _is_union(t: Any) -> bool:
    return get_origin(t) in (Union, types.UnionType)


def _fits(value: Any, option: Any) -> bool:
    """Whether ``value`` is an instance of the union ``option`` (roughly: its class)."""
    if option is Any:
        return True
    if get_origin(option) is typing.Literal:
        return value in get_args(option)
    origin = get_origin(option) or option
    if origin is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(origin, type) and isinstance(value, origin)


def _union_writer(conv: cattrs.Converter, t: Any) -> Callable[[Any], Any]:
    options = [a for a in get_args(t) if a is not type(None)]
    nullable = len(options) < len(get_args(t))
    names = " or ".join(getattr(o, "__name__", str(o)) for o in options)

    def write(value: Any) -> Any:
        if value is None and nullable:
            return None
        if len(options) == 1:
            return conv.unstructure(value, options[0])
        for option in options:
            if _fits(value, option):
                return conv.unstructure(value, option)
        raise ValueError(f"expected {names}{' or None' * nullable}, got {_show(value)}")

    return write


def _write_str(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_show(value)}")
    return value


def _write_int(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {_show(value)}")
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise ValueError(f"{_show(value)} is out of range; integers are within ±{MAX_INTEGER}")
    return value


def _write_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_show(value)}")
    if not -_MAX_FLOAT <= value <= _MAX_FLOAT:
        raise ValueError(f"{_show(value)} is not a finite number; JSON has no NaN or Infinity")
    return value


def _write_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(f"expected True or False, got {_show(value)}")
    return value


def _enum_writer(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    def write(member: Any) -> Any:
        if not isinstance(member, kind):
            raise ValueError(f"expected a {kind.__name__}, got {_show(member)}")
        return member.value

    return write


def _write_datetime(at: Any) -> str:
    if not isinstance(at, datetime):
        raise ValueError(f"expected a datetime, got {_show(at)}")
    offset = at.utcoffset()
    if offset is None:
        raise ValueError(f"{at.isoformat()} needs a UTC offset: a naive time is ambiguous")
    if offset % _MINUTE:
        # RFC 3339 offsets are whole minutes; a historic local mean time (+02:30:17) is
        # written in UTC: the same instant, which is what datetimes compare.
        at = at.astimezone(UTC)
    text: str = at.isoformat()
    if not _DATE_TIME.fullmatch(text):
        raise ValueError(f"{text} is not an RFC 3339 date-time")
    return text


def _write_date(day: Any) -> str:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValueError(f"expected a date, got {_show(day)}")
    return day.isoformat()


def _unstructure_money(amount: Any) -> str:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError(f"expected a finite Decimal amount, got {_show(amount)}")
    exact = amount.quantize(_CENT)
    if exact != amount:
        raise ValueError(f"{amount} has more than two decimal places; money is in kopecks")
    return str(exact)


# -- errors -------------------------------------------------------------------------------------


def _first_error(exc: BaseException, path: str) -> InvalidData:
    return _leaf(exc, path) or InvalidData(_message(exc), path=path)


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
        return InvalidData(f"unknown fields: {_names(exc.extra_fields)}", path=path)
    if isinstance(exc, KeyError):
        return InvalidData("required field is missing", path=path)
    if isinstance(exc, BaseExceptionGroup):
        return next(filter(None, (_leaf(sub, path) for sub in exc.exceptions)), None)
    if isinstance(exc, RecursionError):
        return InvalidData(f"nested too deeply to read (at most {MAX_DEPTH} levels)", path=path)
    return InvalidData(_message(exc), path=path)


def _note(exc: BaseException) -> str:
    """The path step cattrs noted on ``exc``: ``.field`` or ``[index]`` (``""`` if none)."""
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return _index(note.index)
    return ""


def _message(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, TypeError) and "missing" in text and "required" in text:
        return text.split(") ", 1)[-1] if ") " in text else text
    return text or type(exc).__name__


def _structure_at(conv: cattrs.Converter, value: Any, cls: Any, field: str) -> Any:
    """Structure ``value`` as ``cls``; any failure becomes one :class:`InvalidData`.

    ``field`` is the path below ``$`` (``".data"``, ``""`` for the value itself).
    """
    try:
        return conv.structure(value, cls)
    except Exception as exc:  # cattrs wraps every failure; we turn it into one InvalidData
        raise _first_error(exc, f"${field}") from None


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _step(key: Any) -> str:
    """One step of a path: ``.name`` for a name, else as :func:`_index`."""
    if isinstance(key, str) and _NAME.fullmatch(key):
        return f".{key}"
    return _index(key)


def _index(key: Any) -> str:
    """One step of a path into an array (``[3]``) or a mapping (``['4c.x']``)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return f"[{key}]"
    text = repr(key[:40] + "…" if isinstance(key, str) and len(key) > 40 else key)
    return f"[{text[:60]}]"


def _names(keys: Any) -> str:
    return ", ".join(sorted(_show(k) if not isinstance(k, str) else k for k in keys))


def _show(value: Any, budget: int = 40) -> str:
    """A short JSON-like rendering of ``value`` for a message; it never raises.

    ``json.dumps`` could not be trusted here: it recurses into deep arrays, refuses bytes,
    and a 5,000-digit integer has no decimal form at all (Python's limit is 4,300 digits).

    Examples:
        >>> _show("Анна"), _show(3.5), _show(True), _show(10**5000), _show([1, [2, "x"]])
        ('"Анна"', '3.5', 'true', 'a 5001-digit number', '[1, [2, "x"]]')
    """
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() > 128:
            digits = len(str(value)) if value.bit_length() < 14_000 else None
            size = digits or int(value.bit_length() * math.log10(2)) + 1
            return f"a {size}-digit number"
        return str(int(value))
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, str):
        text = value if len(value) <= budget else value[:budget] + "…"
        # A lone surrogate is shown escaped: a message must print on any terminal.
        return json.dumps(text, ensure_ascii=_SURROGATE.search(text) is not None)
    if isinstance(value, list | tuple | Mapping) and budget > 4:
        opening, closing = ("{", "}") if isinstance(value, Mapping) else ("[", "]")
        parts: list[str] = []
        used = 2
        items = value.items() if isinstance(value, Mapping) else ((None, v) for v in value)
        for key, item in items:
            if used >= budget:
                parts.append("…")
                break
            text = _show(item, budget - used)
            if key is not None:
                text = f"{_show(key, 20)}: {text}"
            parts.append(text)
            used += len(text) + 2
        return opening + ", ".join(parts) + closing
    if isinstance(value, list | tuple | Mapping):
        return "[…]" if not isinstance(value, Mapping) else "{…}"
    return f"a Python {type(value).__name__}"


# -- the limits of a document -------------------------------------------------------------------


def _too_deep(path: str) -> InvalidData:
    return InvalidData(
        f"nested deeper than {MAX_DEPTH} levels of arrays and objects (the limit, MAX_DEPTH)",
        path=path,
    )


def _frame_path(frame: tuple[Any, ...] | None, child: Any = None) -> str:
    """The path of ``child`` below ``frame``, a chain of (container, depth, parent) frames.

    Only the error path needs it, so frames keep no keys: each step is found again by
    identity in its parent.
    """
    chain: list[Any] = [] if child is None else [child]
    while frame is not None:
        chain.append(frame[0])
        frame = frame[2]
    chain.reverse()
    steps = ["$"]
    for parent, node in itertools.pairwise(chain):
        pairs = parent.items() if isinstance(parent, Mapping) else enumerate(parent)
        steps.append(next((_step(k) for k, v in pairs if v is node), "[?]"))
    return "".join(steps)


def _check_depth(document: Any) -> None:
    """Refuse a document from ``json.loads`` nested deeper than :data:`MAX_DEPTH`.

    It holds only dicts, lists and scalars, and nothing is shared: one level at a time, each
    container is visited once (a sixth of the time ``json.loads`` took to build them).
    """
    level = [document] if type(document) is dict or type(document) is list else []
    depth = 1
    while level:
        level = [
            child
            for node in level
            for child in (node.values() if type(node) is dict else node)
            if type(child) is dict or type(child) is list
        ]
        if level and depth >= MAX_DEPTH:
            raise _too_deep(_deep_path(document))
        depth += 1


def _deep_path(document: Any) -> str:
    """The path of the first container deeper than :data:`MAX_DEPTH` (there is one)."""
    stack: list[tuple[Any, int, Any]] = [(document, 1, None)]
    while stack:
        frame = stack.pop()
        node, depth = frame[0], frame[1]
        children = node.values() if isinstance(node, Mapping) else node
        for child in reversed(list(children)):
            if isinstance(child, Mapping | list | tuple):
                if depth >= MAX_DEPTH:
                    return _frame_path(frame, child)
                stack.append((child, depth + 1, frame))
    return "$"


def _check_python(document: Any) -> None:
    """Refuse a document built in Python that JSON could not hold in that shape.

    Nesting deeper than :data:`MAX_DEPTH` (a container that holds itself is infinitely deep)
    and keys that are not strings are refused. A container met again (shared) is walked again
    only when met deeper than before, so shared parts cost no more than MAX_DEPTH walks.
    """
    if not isinstance(document, Mapping | list | tuple):
        return
    deepest: dict[int, int] = {}
    stack: list[tuple[Any, int, Any]] = [(document, 1, None)]
    while stack:
        frame = stack.pop()
        node, depth = frame[0], frame[1]
        if isinstance(node, Mapping):
            for key in node:
                if not isinstance(key, str):
                    raise InvalidData(
                        f"object keys are strings, got {_show(key)}", path=_frame_path(frame)
                    )
            children: Any = node.values()
        else:
            children = node
        for child in children:
            if isinstance(child, str | int | float) or child is None:
                continue
            if isinstance(child, Mapping | list | tuple):
                if depth >= MAX_DEPTH:
                    raise _too_deep(_frame_path(frame, child))
                if deepest.get(id(child), 0) > depth:
                    continue
                deepest[id(child)] = depth + 1
                stack.append((child, depth + 1, frame))


class _Refused:
    """What ``json.loads`` met that the contract refuses (NaN, ``1e400``, a huge integer)."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _Repeated(dict[str, Any]):
    """An object that named a key twice (``json.loads`` would keep the last silently)."""

    __slots__ = ("key",)
    key: str


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_DIGITS = 300  # a longer integer is refused unread: it is far out of range anyway


def _parse(text: Any) -> Any:
    """``json.loads`` with the contract's limits: a refusal is an InvalidData with a path."""
    if isinstance(text, bytes | bytearray):
        try:
            # Strictly: json.loads itself would let surrogates through ('surrogatepass').
            text = bytes(text).decode(json.detect_encoding(text))
        except UnicodeDecodeError as exc:
            raise InvalidData(f"not valid JSON: the text is not valid Unicode ({exc})") from None
    if not isinstance(text, str):
        raise InvalidData(f"not valid JSON: expected text (str or bytes), got {_show(text)}")
    refused: list[bool] = []

    def constant(name: str) -> _Refused:
        refused.append(True)
        return _Refused(f"{name} is not a JSON number; numbers are finite")

    def number(literal: str) -> Any:
        value = float(literal)
        if math.isfinite(value):
            return value
        refused.append(True)
        return _Refused(f"{literal[:40]} is out of range; a number must fit a double")

    def integer(literal: str) -> Any:
        if len(literal) <= _DIGITS:
            return int(literal)
        refused.append(True)
        return _Refused(
            f"a {len(literal.lstrip('-'))}-digit integer is out of range; integers are "
            f"within ±{MAX_INTEGER}"
        )

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) == len(items):
            return obj
        refused.append(True)
        repeated = _Repeated(obj)
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                repeated.key = key
                break
            seen.add(key)
        return repeated

    def load(**hooks: Any) -> Any:
        return json.loads(
            text, parse_constant=constant, parse_float=number, object_pairs_hook=pairs, **hooks
        )

    try:
        try:
            document = load()
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError):
                raise
            # Python refuses to convert integers of more than 4,300 digits; read again,
            # marking long integers, to say where the number is.
            document = load(parse_int=integer)
    except json.JSONDecodeError as exc:
        raise InvalidData(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise _text_too_deep(text) from None
    except ValueError as exc:
        raise InvalidData(f"not valid JSON: {exc}") from None
    if refused or _SURROGATE_ESCAPE.search(text) or _surrogate(text):
        _refuse_marked(document)
    return document


def _surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate (encoding finds one faster than a regex search)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _refuse_marked(document: Any) -> None:
    """Raise at the first value the parse hooks marked, or the first unpaired surrogate."""
    stack: list[tuple[Any, int, Any]] = [(document, 1, None)]
    if not isinstance(document, dict | list):
        _refuse_value(document, None, None)
        return
    while stack:
        frame = stack.pop()
        node = frame[0]
        if isinstance(node, _Repeated):
            raise InvalidData(
                f"the key {_show(node.key)} is given twice; each key is given once",
                path=_frame_path(frame),
            )
        pairs = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in reversed(list(pairs)):
            if isinstance(key, str) and _SURROGATE.search(key):
                raise InvalidData(
                    f"the key {_show(key)} is not Unicode text: it holds an unpaired surrogate",
                    path=_frame_path(frame),
                )
            if isinstance(child, dict | list):
                stack.append((child, frame[1] + 1, frame))
            else:
                _refuse_value(child, frame, child)


def _refuse_value(value: Any, frame: Any, child: Any) -> None:
    if isinstance(value, _Refused):
        raise InvalidData(value.problem, path=_frame_path(frame, child))
    if isinstance(value, str) and _SURROGATE.search(value):
        raise InvalidData(
            f"{_show(value)} is not Unicode text: it holds an unpaired surrogate (a lone "
            "\\ud800-\\udfff), which no UTF-8 file can hold",
            path=_frame_path(frame, child),
        )


_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]')


def _text_too_deep(text: str) -> InvalidData:
    """The error for a text nested too deeply for ``json.loads``: where the limit is passed.

    Only the error path scans the text token by token; it stops at the first array or object
    nested deeper than :data:`MAX_DEPTH`.
    """
    # Each open container: [is_object, its current key or index].
    stack: list[list[Any]] = []
    last = ""
    for match in _TOKEN.finditer(text):
        token = match.group()
        char = token[0]
        if char == '"':
            last = token
        elif char in "[{":
            if len(stack) >= MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                path = "$" + "".join(_step(key) for _, key in stack)
                error = _too_deep(path)
                return InvalidData(f"{error.problem} (line {line}, column {column})", path=path)
            stack.append([char == "{", None if char == "{" else 0])
        elif char in "]}":
            if stack:
                stack.pop()
        elif stack and char == "," and not stack[-1][0]:
            stack[-1][1] += 1
        elif stack and char == ":" and stack[-1][0]:
            try:
                stack[-1][1] = json.loads(last)
            except ValueError:
                stack[-1][1] = last
    # Not deeper than the limit: the caller's own stack was nearly full.
    return InvalidData(
        f"the document could not be parsed within Python's recursion limit "
        f"({sys.getrecursionlimit()})"
    )


def _check_plain(value: Any, path: str) -> None:
    """Refuse what JSON cannot hold in ``value``, written from a part typed ``Any``.

    Typed fields are checked by the writer's hooks; the data of an untyped definition (and its
    'start' payload) is written as cattrs finds it, so it is checked here. ``path`` is where
    ``value`` sits in the object its hook writes (``$.data``, ``$.payload``).
    """
    stack: list[tuple[Any, int, Any]] = [({"": value}, 0, None)]
    while stack:
        frame = stack.pop()
        node = frame[0]
        if isinstance(node, dict):
            for key in node:
                if type(key) is not str:
                    raise InvalidData(
                        f"object keys are strings, got {_show(key)}", path=_under(path, frame)
                    )
            children: Any = node.values()
        else:
            children = node
        for child in children:
            kind = type(child)
            if kind is int and child.bit_length() > _WRITABLE_BITS:
                raise InvalidData(
                    f"{_show(child)} has too many digits to write", path=_under(path, frame, child)
                )
            if kind is str or kind is int or kind is bool or child is None:
                if kind is str and _SURROGATE.search(child):
                    raise InvalidData(
                        f"{_show(child)} is not Unicode text: it holds an unpaired surrogate",
                        path=_under(path, frame, child),
                    )
                continue
            if kind is dict or kind is list:
                stack.append((child, 0, frame))
            elif kind is float and -_MAX_FLOAT <= child <= _MAX_FLOAT:
                continue
            else:
                problem = (
                    f"{_show(child)} is not a finite number; JSON has no NaN or Infinity"
                    if kind is float
                    else f"{_show(child)} has no JSON form: a document holds strings, numbers, "
                    "true, false, null, arrays and objects"
                )
                raise InvalidData(problem, path=_under(path, frame, child))


def _under(path: str, frame: Any, child: Any = None) -> str:
    """The path of ``child`` of ``frame`` below ``path`` (frames start at a ``{"": value}``)."""
    inner = _frame_path(frame, child)  # "$['']..." for the wrapper's one key
    return path + inner[len("$['']") :]


def _locate(
    conv: cattrs.Converter, value: Any, tp: Any, path: str, registry: DefinitionRegistry | None
) -> tuple[str, BaseException] | None:
    """The deepest part of ``value`` that the converter cannot write, with its error.

    Runs only after writing failed, to name the path: each part is written again alone.
    """
    try:
        conv.unstructure(value, tp)
        return None
    except Exception as exc:  # the failure to explain; its children may explain it better
        failure: BaseException = exc
    for step, child, kind in _parts(value, tp, registry):
        try:
            found = _locate(conv, child, kind, path + step, registry)
        except RecursionError:
            found = None
        if found is not None:
            return found
    return path, failure


def _parts(value: Any, tp: Any, registry: DefinitionRegistry | None) -> list[tuple[str, Any, Any]]:
    """The parts of ``value`` (path step, part, declared type), as the writer writes them."""
    if tp is Any or get_origin(tp) in (Union, types.UnionType):
        tp = type(value)  # the writer, too, goes by the value's own class here
    origin = get_origin(tp) or tp
    if isinstance(value, Workflow):
        data = (".data", value.data, value.definition.data_type or Any)
        return [data, *((f".events[{i}]", e, DomainEvent) for i, e in enumerate(value.events))]
    if isinstance(origin, type) and attrs.has(origin) and isinstance(value, origin):
        hints = typing.get_type_hints(origin)
        parts = [
            (f".{f.name}", getattr(value, f.name), hints[f.name]) for f in attrs.fields(origin)
        ]
        if isinstance(value, DomainEvent):
            try:
                ptype = Any if registry is None else _event_payload_type(registry, value)
            except InvalidData:
                ptype = Any
            parts = [(p, v, ptype or Any) if p == ".payload" else (p, v, k) for p, v, k in parts]
        return parts
    if isinstance(value, list | tuple) and origin in (list, tuple):
        try:
            kinds = _item_types(tp, len(value))
        except ValueError:
            return []
        return [
            (f"[{i}]", item, kind) for i, (item, kind) in enumerate(zip(value, kinds, strict=True))
        ]
    if isinstance(value, Mapping) and isinstance(origin, type) and issubclass(origin, Mapping):
        kind = (get_args(tp) or (Any, Any))[1]
        return [(_step(k), v, kind) for k, v in value.items()]
    return []


def _unwritable(
    conv: cattrs.Converter, obj: Any, exc: BaseException, registry: DefinitionRegistry | None
) -> InvalidData:
    """The InvalidData for an ``obj`` the converter failed to write, at the part to blame."""
    if isinstance(exc, RecursionError):
        return InvalidData(
            f"nested too deeply to write (at most {MAX_DEPTH} levels of arrays and objects)",
            path="$.data",
        )
    try:
        found = _locate(conv, obj, type(obj), "$.data", registry)
    except RecursionError:
        found = None
    path, cause = found if found is not None else ("$.data", exc)
    if isinstance(cause, InvalidData):
        return InvalidData(cause.problem, path=path + cause.path[1:])
    return InvalidData(f"cannot be written: {_message(cause)}", path=path)


# -- the public functions -----------------------------------------------------------------------


def to_dict(
    obj: Any,
    *,
    converter: cattrs.Converter | None = None,
    definitions: DefinitionRegistry | None = None,
) -> dict[str, Any]:
    """Unstructure a public object into a versioned document (a JSON-ready dict).

    Args:
        obj: an instance of one of :data:`PUBLIC_TYPES`.
        converter: a converter of your own (from :func:`make_converter`).
        definitions: the workflow definitions of the workflows and events written; by default
            the standard ones. The converter for them is built once and reused.

    Raises:
        InvalidData: ``obj`` is not a public type, or a field holds a value of the wrong type
            or one JSON cannot hold (the error's ``path`` says which, as in the document).

    Examples:
        >>> from pedcommunity import Label
        >>> to_dict(Label(ru="Да", en="Yes"))
        {'schema_version': '1', 'type': 'Label', 'data': {'ru': 'Да', 'en': 'Yes'}}
    """
    name = _type_name(type(obj))
    conv = _converter(converter, definitions)
    try:
        data = conv.unstructure(obj)
    except Exception as exc:  # any failure to write is the object's; say where it is
        # Only to name the path: a converter of one's own keeps its definitions to itself.
        registry: DefinitionRegistry | None = None
        if converter is None:
            registry = definitions if definitions is not None else _standard()
        raise _unwritable(conv, obj, exc, registry) from None
    document = {"schema_version": SCHEMA_VERSION, "type": name, "data": data}
    _check_depth(document)  # untyped data may nest deeper than a reader takes
    return document


def _standard() -> DefinitionRegistry:
    return workflows.standard_definitions()


def from_dict(
    document: Any,
    cls: type[T] | None = None,
    *,
    converter: cattrs.Converter | None = None,
    definitions: DefinitionRegistry | None = None,
) -> T:
    """Build a public object from a versioned document; ``cls`` checks its type.

    Args:
        document: the document, as ``json.loads`` gives it (dicts, lists and scalars).
        cls: the public type expected, if one is.
        converter: a converter of your own (from :func:`make_converter`).
        definitions: the workflow definitions to read workflows and events with; by default
            the standard ones. The converter for them is built once and reused.

    Raises:
        InvalidData: the document is malformed, of another schema version or type, nested
            deeper than :data:`MAX_DEPTH`, or a field is invalid (the error's ``path`` says
            which).

    Examples:
        >>> from pedcommunity import Label
        >>> from_dict({"schema_version": "1", "type": "Label", "data": {"ru": "Да", "en": "Yes"}})
        Label(ru='Да', en='Yes')
        >>> from_dict({"schema_version": "1", "type": "Label", "data": {"ru": "Да", "en": 5}})
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.data.en: expected a string, got 5
    """
    _check_python(document)
    return _read(document, cls, _converter(converter, definitions))


def _read(document: Any, cls: type[T] | None, conv: cattrs.Converter) -> T:
    if not isinstance(document, Mapping):
        raise InvalidData(f"a document is a JSON object, got {_show(document)}")
    extra = set(document) - {"schema_version", "type", "data"}
    if extra:
        raise InvalidData(f"unknown envelope fields: {_names(extra)}")
    version = document.get("schema_version")
    if not isinstance(version, str) or not _SCHEMA_VERSION.fullmatch(version):
        raise InvalidData(
            f"schema_version {_show(version)} is not supported; this library reads "
            f"{SCHEMA_VERSION!r} and {SCHEMA_VERSION!r}.N (a newer minor version), as strings",
            path="$.schema_version",
        )
    name = document.get("type")
    target = PUBLIC_TYPES.get(name) if isinstance(name, str) else None
    if target is None:
        raise InvalidData(
            f"unknown type {_show(name)}; known: {', '.join(sorted(PUBLIC_TYPES))}", path="$.type"
        )
    if cls is not None and target is not cls:
        raise InvalidData(
            f"expected a {getattr(cls, '__name__', _show(cls))} document, got {name}",
            path="$.type",
        )
    if "data" not in document:
        raise InvalidData("required field is missing", path="$.data")
    result: T = _structure_at(conv, document["data"], target, ".data")
    return result


def to_json(
    obj: Any,
    *,
    converter: cattrs.Converter | None = None,
    definitions: DefinitionRegistry | None = None,
    indent: int | None = None,
) -> str:
    """Serialise a public object as a versioned JSON document (UTF-8 text, Cyrillic kept).

    Raises:
        InvalidData: as :func:`to_dict`, or a text holds an unpaired surrogate (no UTF-8 file
            can hold it).

    Examples:
        >>> from pedcommunity import Label
        >>> to_json(Label(ru="Да", en="Yes"))
        '{"schema_version": "1", "type": "Label", "data": {"ru": "Да", "en": "Yes"}}'
    """
    document = to_dict(obj, converter=converter, definitions=definitions)
    try:
        text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=indent)
    except (ValueError, TypeError, RecursionError) as exc:  # to_dict let through what JSON can't
        raise InvalidData(f"cannot be written as JSON: {exc}", path="$.data") from None
    if _surrogate(text):
        _refuse_marked(document)
    return text


def from_json(
    text: str | bytes,
    cls: type[T] | None = None,
    *,
    converter: cattrs.Converter | None = None,
    definitions: DefinitionRegistry | None = None,
) -> T:
    """Read a public object from a versioned JSON document (see :func:`from_dict`).

    Raises:
        InvalidData: as :func:`from_dict`; also for text that is not JSON, ``NaN`` or
            ``Infinity``, numbers out of range, a key given twice in one object, or an
            unpaired surrogate.

    Examples:
        >>> from_json('{"schema_version": "1", "type": "Label", "data": {"en": 1e400}}')
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.data.en: 1e400 is out of range; a number must fit ...
    """
    document = _parse(text)
    _check_depth(document)
    return _read(document, cls, _converter(converter, definitions))


def _type_name(cls: type) -> str:
    for name, t in PUBLIC_TYPES.items():
        if t is cls:
            return name
    raise InvalidData(
        f"{cls.__name__} is not a public type of the JSON contract; public types: "
        f"{', '.join(sorted(PUBLIC_TYPES))}"
    )
