"""The JSON Schema (draft 2020-12) of the JSON contract, generated from the same types.

:func:`schema_for` describes the ``data`` of one public type; :func:`contract_schema` describes
a whole document (the envelope of :mod:`pedcommunity.adapters.json`), checking ``data``
against the schema of the type that ``type`` names. Both walk the attrs classes themselves, so
the schema follows the model: a new field or enum member needs no hand edit here.

The mapping follows the converter: enums by value (``IntEnum`` as integers), datetimes as
ISO 8601 strings, dates as ``YYYY-MM-DD``, money (:class:`~decimal.Decimal`) as decimal
strings, tuples as arrays, :class:`~pedcommunity.model.FrozenMap` and other mappings as
objects, attrs classes as objects with every field and nothing else. Fields without a
default are ``required``; defaults that JSON can hold are given as ``default``.
:class:`~pedcommunity.workflows.Workflow` and :class:`~pedcommunity.model.DomainEvent` are
written by hand, like their hooks: the payload of an event is typed by its definition's trigger.

The schema covers types and shapes. Rules that need code (identifier syntax, 3 to 15 members,
a plan covering every gap, an event log that replays) stay with the model and the reader.

Examples:
    >>> from pedcommunity import PlcRules
    >>> rules = schema_for(PlcRules)
    >>> rules["properties"]["vote_quorum"]
    {'type': 'number', 'default': 0.5}
    >>> contract_schema()["title"]
    'pedcommunity document, schema version 1'
"""

from __future__ import annotations

import enum
import math
import types
import typing
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

import attrs
import cattrs

from pedcommunity import workflows
from pedcommunity.adapters.json import MONEY_PATTERN, PUBLIC_TYPES, SCHEMA_VERSION, make_converter
from pedcommunity.model import DomainEvent
from pedcommunity.workflows import DefinitionRegistry, Workflow, WorkflowDefinition
from pedcommunity.workflows.engine import START

__all__ = ["CONTRACT_SCHEMA_ID", "DRAFT", "contract_schema", "schema_for"]

#: The JSON Schema dialect of every schema made here.
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The ``$id`` of the document schema of this version of the contract.
CONTRACT_SCHEMA_ID = f"https://pedcommunity.example/schema/{SCHEMA_VERSION}/document.json"

Schema = dict[str, Any]

_NULL: Schema = {"type": "null"}
_MISSING = object()


def schema_for(cls: type, *, definitions: DefinitionRegistry | None = None) -> Schema:
    """The JSON Schema of the ``data`` of a document holding a ``cls``.

    The schema of ``cls`` is at the top; the classes and enums it uses are in ``$defs``.

    Args:
        cls: a public type of the contract (an attrs class).
        definitions: the workflow definitions whose data and payloads a
            :class:`~pedcommunity.workflows.Workflow` or
            :class:`~pedcommunity.model.DomainEvent` may hold; by default the standard ones.

    Returns:
        A draft 2020-12 schema, as a JSON-ready dict.

    Raises:
        TypeError: ``cls`` is not an attrs class, or a field's type has no JSON form.

    Examples:
        >>> from pedcommunity import Label, Teacher
        >>> label = schema_for(Label)
        >>> label["required"], label["properties"]["ru"], label["additionalProperties"]
        (['ru', 'en'], {'type': 'string'}, False)
        >>> teacher = schema_for(Teacher)
        >>> teacher["properties"]["competencies"]
        {'type': 'object', 'additionalProperties': {'$ref': '#/$defs/Level'}, 'default': {}}
        >>> teacher["$defs"]["Level"]["enum"]
        [0, 1, 2, 3, 4]
    """
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise TypeError(f"schema_for takes an attrs class, got {cls!r}")
    builder = _Builder(_registry(definitions))
    ref = builder.ref(cls)["$ref"]
    name = ref.rsplit("/", 1)[1]
    root = builder.defs[name]
    if not _refers(builder.defs, ref):
        del builder.defs[name]
    schema: Schema = {"$schema": DRAFT, **root}
    if builder.defs:
        schema["$defs"] = builder.defs
    return schema


def contract_schema(*, definitions: DefinitionRegistry | None = None) -> Schema:
    """The JSON Schema of a whole document: the envelope, and ``data`` by ``type``.

    ``data`` is checked against the schema of the type that ``type`` names (one ``if``/``then``
    per public type); every class and enum is in ``$defs`` under its name.

    Args:
        definitions: the workflow definitions whose instances and events documents may hold;
            by default the standard ones (the shipped ``document-1.schema.json`` uses those).
            Like :func:`~pedcommunity.adapters.json.make_converter`, the schema accepts
            workflows and events of these definitions only.

    Returns:
        A draft 2020-12 schema, as a JSON-ready dict.

    Examples:
        >>> schema = contract_schema()
        >>> schema["$id"]
        'https://pedcommunity.example/schema/1/document.json'
        >>> schema["required"]
        ['schema_version', 'type', 'data']
        >>> "Teacher" in schema["properties"]["type"]["enum"]
        True
        >>> schema["allOf"][0]["then"]
        {'properties': {'data': {'$ref': '#/$defs/Activity'}}}
    """
    builder = _Builder(_registry(definitions))
    names = sorted(PUBLIC_TYPES)
    branches = [
        {
            "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
            "then": {"properties": {"data": builder.ref(PUBLIC_TYPES[name])}},
        }
        for name in names
    ]
    return {
        "$schema": DRAFT,
        "$id": CONTRACT_SCHEMA_ID,
        "title": f"pedcommunity document, schema version {SCHEMA_VERSION}",
        "description": (
            "A versioned pedcommunity document: the envelope names the public type, "
            "and data holds the value as the JSON contract writes it."
        ),
        "type": "object",
        "properties": {
            "schema_version": {
                "type": "string",
                "pattern": f"^{SCHEMA_VERSION}(\\.[0-9]+)*$",
                "description": f"The contract's version: {SCHEMA_VERSION!r}, or "
                f"'{SCHEMA_VERSION}.x' from a newer minor version.",
            },
            "type": {"enum": names, "description": "The public type that data holds."},
            "data": {"description": "The value, checked against the schema of its type."},
        },
        "required": ["schema_version", "type", "data"],
        "additionalProperties": False,
        "allOf": branches,
        "$defs": builder.defs,
    }


def _registry(definitions: DefinitionRegistry | None) -> DefinitionRegistry:
    return definitions if definitions is not None else workflows.standard_definitions()


class _Builder:
    """Walks types into schemas, collecting every class and enum in ``defs`` by name."""

    def __init__(self, registry: DefinitionRegistry) -> None:
        self.registry = registry
        self.definitions: tuple[WorkflowDefinition, ...] = tuple(registry)
        self.defs: dict[str, Schema] = {}
        self._names: dict[type, str] = {}
        self._conv: cattrs.Converter = make_converter(registry)

    def ref(self, cls: type) -> Schema:
        """A ``$ref`` to the schema of ``cls``, building it into ``defs`` on first use."""
        name = self._names.get(cls)
        if name is None:
            name = cls.__name__
            if name in self.defs:  # another class of the same name got there first
                name = f"{cls.__module__}.{cls.__qualname__}"
            self._names[cls] = name
            self.defs[name] = {}  # claimed before building, so recursive types terminate
            self.defs[name] = self._build(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _build(self, cls: type) -> Schema:
        if cls is Workflow:
            return self._workflow()
        if cls is DomainEvent:
            return self._event()
        if issubclass(cls, enum.Enum):
            return self._enum(cls)
        return self._attrs(cls)

    # -- types ----------------------------------------------------------------------------------

    def type_schema(self, tp: Any) -> Schema:
        """The schema of a value of type ``tp`` as the converter writes it."""
        if tp is Any or tp is object:
            return {}
        if tp is None or tp is type(None):
            return dict(_NULL)
        simple = _SIMPLE.get(tp)
        if simple is not None:
            return dict(simple)
        origin = get_origin(tp)
        args = get_args(tp)
        if origin is Union or origin is types.UnionType:
            options = [self.type_schema(a) for a in args if a is not type(None)]
            if type(None) in args:
                options.append(dict(_NULL))
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is Literal:
            return _enum_schema(list(args))
        if isinstance(tp, type) and (issubclass(tp, enum.Enum) or attrs.has(tp)):
            return self.ref(tp)
        container = origin if origin is not None else tp
        if container is tuple:
            return self._tuple(args)
        if isinstance(container, type) and issubclass(container, Mapping):
            key, value = args if len(args) == 2 else (Any, Any)
            schema: Schema = {"type": "object", "additionalProperties": self.type_schema(value)}
            names = self._key_schema(key)
            if names:
                schema["propertyNames"] = names
            return schema
        if (
            isinstance(container, type)
            and issubclass(container, Sequence | AbstractSet)
            and container not in (str, bytes, bytearray)
        ):
            schema = {"type": "array", "items": self.type_schema(args[0] if args else Any)}
            if issubclass(container, AbstractSet):
                schema["uniqueItems"] = True
            return schema
        raise TypeError(f"{tp!r} has no JSON Schema form in the contract")

    def _tuple(self, args: tuple[Any, ...]) -> Schema:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            return {"type": "array", "items": self.type_schema(args[0] if args else Any)}
        return {
            "type": "array",
            "prefixItems": [self.type_schema(a) for a in args],
            "items": False,
            "minItems": len(args),
        }

    def _key_schema(self, key: Any) -> Schema:
        """``propertyNames`` for a mapping's keys (empty: any string will do)."""
        if key is str or key is Any:
            return {}
        if key is int:
            return {"pattern": "^-?[0-9]+$"}
        values: list[Any] = []
        if isinstance(key, type) and issubclass(key, enum.Enum):
            values = [m.value for m in key]
        elif get_origin(key) is Literal:
            values = list(get_args(key))
        if values and all(isinstance(v, str) for v in values):
            return {"enum": values}
        raise TypeError(f"mapping keys of type {key!r} have no JSON form; use str keys")

    # -- classes and enums ----------------------------------------------------------------------

    def _enum(self, cls: type[enum.Enum]) -> Schema:
        schema: Schema = {"title": cls.__name__}
        schema.update(_enum_schema([m.value for m in cls]))
        _describe(schema, cls)
        return schema

    def _attrs(self, cls: type) -> Schema:
        hints = typing.get_type_hints(cls)
        properties: Schema = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            hint = hints.get(field.name, Any)
            prop = dict(self.type_schema(hint))
            default = self._default(field, hint)
            if default is not _MISSING:
                prop["default"] = default
            elif field.default is attrs.NOTHING:
                required.append(field.name)
            properties[field.name] = prop
        schema: Schema = {"title": cls.__name__, "type": "object"}
        _describe(schema, cls)
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def _default(self, field: attrs.Attribute[Any], hint: Any) -> Any:
        """The field's default as JSON, or ``_MISSING`` if it has none JSON can hold."""
        default: Any = field.default
        if default is attrs.NOTHING:
            return _MISSING
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                return _MISSING
            try:
                default = default.factory()
            except Exception:  # a factory that needs more than a call has no static default
                return _MISSING
        try:
            value = self._conv.unstructure(default, hint)
        except Exception:  # not something the converter writes: leave the default out
            return _MISSING
        return _as_json(value)

    # -- the hand-written ones, as the hooks in json.py read and write them --------------------

    def _payload(self, cls: Any) -> Schema:
        if cls is Any:
            return {}
        return dict(_NULL) if cls is None else self.ref(cls)

    def _event(self) -> Schema:
        payloads: list[Schema] = [dict(_NULL)]
        refinements: list[Schema] = []
        for definition in self.definitions:
            # As the reader: 'start' carries the initial data, of any shape when untyped.
            groups: dict[Any, list[str]] = {definition.data_type or Any: [START]}
            for spec in definition.triggers:
                if spec.name != START:
                    groups.setdefault(spec.payload, []).append(spec.name)
            for cls in groups:
                payload = self._payload(cls)
                if payload not in payloads:
                    payloads.append(payload)
            cases: list[Schema] = []
            for cls, names in groups.items():
                then: Schema = {"properties": {"payload": self._payload(cls)}}
                if cls is not None:
                    then["required"] = ["payload"]
                cases.append({"if": _has("trigger", {"enum": names}), "then": then})
            triggers = [START, *(t.name for t in definition.triggers if t.name != START)]
            refinements.append(
                {
                    "if": _has("definition", {"const": definition.key}),
                    "then": {"properties": {"trigger": {"enum": triggers}}, "allOf": cases},
                }
            )
        string: Schema = {"type": "string"}
        schema: Schema = {"title": "DomainEvent", "type": "object"}
        _describe(schema, DomainEvent)
        schema["properties"] = {
            "workflow_id": dict(string),
            "definition": {
                "type": "string",
                "description": "The workflow definition as 'name@version'.",
                **({"enum": [d.key for d in self.definitions]} if self.definitions else {}),
            },
            "sequence": {"type": "integer", "minimum": 1},
            "trigger": dict(string),
            "actor": dict(string),
            "at": {"type": "string", "format": "date-time"},
            "source": dict(string),
            "target": dict(string),
            "payload": {
                "anyOf": payloads,
                "description": "The trigger's payload: its definition's payload class for the "
                "trigger (the data type for 'start'), or null.",
            },
        }
        schema["required"] = [
            "workflow_id",
            "definition",
            "sequence",
            "trigger",
            "actor",
            "at",
            "source",
            "target",
        ]
        schema["additionalProperties"] = False
        if refinements:
            schema["allOf"] = refinements
        return schema

    def _workflow(self) -> Schema:
        data: list[Schema] = []
        known: list[Schema] = []
        refinements: list[Schema] = []
        for definition in self.definitions:
            dtype = definition.data_type
            dschema: Schema = {} if dtype is None else self.ref(dtype)
            if dschema not in data:
                data.append(dschema)
            this: Schema = {
                "properties": {
                    "definition": {"const": definition.name},
                    "definition_version": {"const": definition.version},
                },
                "required": ["definition", "definition_version"],
            }
            known.append(this)
            refinements.append(
                {
                    "if": this,
                    "then": {
                        "properties": {
                            "state": {"enum": list(definition.state_names)},
                            "data": dschema,
                            "events": {
                                "items": {"properties": {"definition": {"const": definition.key}}}
                            },
                        }
                    },
                }
            )
        if not data or {} in data:
            any_data: Schema = {}
        else:
            any_data = data[0] if len(data) == 1 else {"anyOf": data}
        schema: Schema = {"title": "Workflow", "type": "object"}
        _describe(schema, Workflow)
        schema["properties"] = {
            "id": {"type": "string"},
            "definition": {"type": "string", "description": "The definition's name."},
            "definition_version": {"type": "string", "description": "The definition's version."},
            "state": {"type": "string", "description": "The current state's name."},
            "data": {**any_data, "description": "The workflow's data, of its definition's type."},
            "events": {
                "type": "array",
                "minItems": 1,
                "items": self.ref(DomainEvent),
                "description": "Every event from 'start' on, in sequence.",
            },
        }
        schema["required"] = ["id", "definition", "definition_version", "state", "data", "events"]
        schema["additionalProperties"] = False
        if known:  # a registered definition: the reader looks it up by name and version
            schema["anyOf"] = known
            schema["allOf"] = refinements
        return schema


_SIMPLE: dict[Any, Schema] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    # Money: an exact decimal string, never a JSON number (see adapters.json).
    Decimal: {"type": "string", "pattern": f"^{MONEY_PATTERN}$"},
}


def _enum_schema(values: list[Any]) -> Schema:
    if any(v is not None and not isinstance(v, str | int | float | bool) for v in values):
        raise TypeError(f"enum values {values!r} have no JSON form")
    schema: Schema = {"enum": values}
    if values and all(isinstance(v, str) for v in values):
        schema["type"] = "string"
    elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        schema["type"] = "integer"
    return schema


def _has(name: str, schema: Schema) -> Schema:
    """An ``if`` that holds when property ``name`` is present and matches ``schema``."""
    return {"properties": {name: schema}, "required": [name]}


def _describe(schema: Schema, cls: type) -> None:
    """Set ``description`` to the first line of the class's own docstring, if it has one."""
    doc = cls.__dict__.get("__doc__")
    if isinstance(doc, str) and doc.strip():
        schema["description"] = doc.strip().splitlines()[0].replace("``", "`")


def _as_json(value: Any) -> Any:
    """``value`` as plain JSON (tuples become lists), or ``_MISSING`` if JSON cannot hold it."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _MISSING
    if isinstance(value, list | tuple):
        items = [_as_json(v) for v in value]
        return _MISSING if any(i is _MISSING for i in items) else items
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            return _MISSING
        out = {k: _as_json(v) for k, v in value.items()}
        return _MISSING if any(v is _MISSING for v in out.values()) else out
    return _MISSING


def _refers(node: Any, ref: str) -> bool:
    """Whether ``ref`` is the target of a ``$ref`` anywhere in ``node``."""
    if isinstance(node, Mapping):
        return node.get("$ref") == ref or any(_refers(v, ref) for v in node.values())
    if isinstance(node, list):
        return any(_refers(v, ref) for v in node)
    return False
