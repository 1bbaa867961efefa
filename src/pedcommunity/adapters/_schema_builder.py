"""The walk from types to schemas: every class and enum of the contract into ``$defs``.

:class:`_Builder` maps a type to its schema as the converter writes it (see
:mod:`pedcommunity.adapters.json_schema` for the mapping), and writes the schemas of
:class:`~pedcommunity.workflows.Workflow` and :class:`~pedcommunity.model.DomainEvent` by
hand, as their hooks read and write them.
"""

from __future__ import annotations

import enum
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

import attrs
import cattrs

from pedcommunity._repr import shown
from pedcommunity.adapters._schema_rules import (
    _MISSING,
    _NULL,
    ID_PATTERN,
    Schema,
    _as_json,
    _describe,
    _enum_schema,
    _has,
    _refine,
    _whole,
)
from pedcommunity.adapters.json import (
    DATE_PATTERN,
    DATE_TIME_PATTERN,
    MAX_INTEGER,
    MONEY_PATTERN,
    make_converter,
)
from pedcommunity.model import DomainEvent
from pedcommunity.workflows import DefinitionRegistry, Workflow, WorkflowDefinition
from pedcommunity.workflows.engine import MIGRATE, START

_MAX_FLOAT = sys.float_info.max


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
        raise TypeError(f"{shown(tp)} has no JSON Schema form in the contract")

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
            return {"pattern": _whole("-?[0-9]+")}
        values: list[Any] = []
        if isinstance(key, type) and issubclass(key, enum.Enum):
            values = [m.value for m in key]
        elif get_origin(key) is Literal:
            values = list(get_args(key))
        if values and all(isinstance(v, str) for v in values):
            return {"enum": values}
        raise TypeError(f"mapping keys of type {shown(key)} have no JSON form; use str keys")

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
            if not field.init:
                continue  # a derived index the class computes itself; never in JSON
            properties[field.name] = self._field(field, hints.get(field.name, Any))
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema: Schema = {"title": cls.__name__, "type": "object"}
        _describe(schema, cls)
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def _field(self, field: attrs.Attribute[Any], hint: Any) -> Schema:
        """The schema of one field: its type, narrowed by its validator, with its default."""
        prop = _refine(self.type_schema(hint), field.validator)
        default = self._default(field, hint)
        if default is not _MISSING:
            prop["default"] = default
        return prop

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

    # -- the hand-written ones, as the hooks of adapters.json read and write them -------------

    def _payload(self, cls: Any) -> Schema:
        if cls is Any:
            return {}
        return dict(_NULL) if cls is None else self.ref(cls)

    def _migration(self, definition: Any) -> Schema:
        """The payload of a ``migrate`` event to ``definition``: a MigrationRecord."""
        return {
            "type": "object",
            "description": "A move to this version: the migration's id, the version left "
            "('name@version') and the workflow's data under this version.",
            "properties": {
                "migration": {"type": "string", "pattern": ID_PATTERN},
                "from_definition": {"type": "string"},
                "data": self._payload(definition.data_type or Any),
            },
            "required": ["migration", "from_definition", "data"],
            "additionalProperties": False,
        }

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
            # A move to this version: its payload holds the data under it, its source is a
            # state of the version it leaves (any version of the same name).
            moved = self._migration(definition)
            if moved not in payloads:
                payloads.append(moved)
            cases.append(
                {
                    "if": _has("trigger", {"const": MIGRATE}),
                    "then": {"properties": {"payload": moved}, "required": ["payload"]},
                }
            )
            triggers = [
                START,
                MIGRATE,
                *(t.name for t in definition.triggers if t.name != START),
            ]
            states: Schema = {"enum": list(definition.state_names)}
            left = sorted(
                {s for d in self.definitions if d.name == definition.name for s in d.state_names}
            )
            refinements.append(
                {
                    "if": _has("definition", {"const": definition.key}),
                    "then": {
                        "properties": {
                            "trigger": {"enum": triggers},
                            "source": {"enum": left},
                            "target": states,
                        },
                        "allOf": [
                            *cases,
                            {
                                "if": {"not": _has("trigger", {"const": MIGRATE})},
                                "then": {"properties": {"source": states}},
                            },
                        ],
                    },
                }
            )
        schema: Schema = {"title": "DomainEvent", "type": "object"}
        _describe(schema, DomainEvent)
        # The event's own fields as the model declares them; the payload as the hooks write it.
        hints = typing.get_type_hints(DomainEvent)
        properties: Schema = {
            f.name: self._field(f, hints[f.name])
            for f in attrs.fields(DomainEvent)
            if f.name != "payload"
        }
        properties["definition"]["description"] = "The workflow definition as 'name@version'."
        if "on_behalf_of" in properties:
            properties["on_behalf_of"]["description"] = (
                "Whom the actor acted for, when not for themselves (absent otherwise)."
            )
        if self.definitions:
            properties["definition"]["enum"] = [d.key for d in self.definitions]
        properties["payload"] = {
            "anyOf": payloads,
            "description": "The trigger's payload: its definition's payload class for the "
            "trigger (the data type for 'start'), or null.",
        }
        schema["properties"] = properties
        schema["required"] = [
            f.name for f in attrs.fields(DomainEvent) if f.default is attrs.NOTHING
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
            versions = sorted(d.key for d in self.definitions if d.name == definition.name)
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
                                # Events before a move to this version ran on an earlier
                                # one of the same name (the reader checks the order).
                                "items": {"properties": {"definition": {"enum": versions}}}
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
            "id": _refine({"type": "string"}, attrs.fields(Workflow).id.validator),
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
    # The integers every JSON reader holds exactly, and the numbers a double holds.
    int: {"type": "integer", "minimum": -MAX_INTEGER, "maximum": MAX_INTEGER},
    float: {"type": "number", "minimum": -_MAX_FLOAT, "maximum": _MAX_FLOAT},
    # The pattern says what "format" says, for validators that only annotate formats.
    datetime: {"type": "string", "format": "date-time", "pattern": _whole(DATE_TIME_PATTERN)},
    date: {"type": "string", "format": "date", "pattern": _whole(DATE_PATTERN)},
    # Money: an exact decimal string, never a JSON number (see adapters.json).
    Decimal: {"type": "string", "pattern": _whole(MONEY_PATTERN)},
}
