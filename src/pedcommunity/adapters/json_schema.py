r"""The JSON Schema (draft 2020-12) of the JSON contract, generated from the same types.

:func:`schema_for` describes the ``data`` of one public type; :func:`contract_schema` describes
a whole document (the envelope of :mod:`pedcommunity.adapters.json`), checking ``data``
against the schema of the type that ``type`` names. Both walk the attrs classes themselves, so
the schema follows the model: a new field or enum member needs no hand edit here.

The mapping follows the converter: enums by value (``IntEnum`` as integers), datetimes as
RFC 3339 strings, dates as ``YYYY-MM-DD``, money (:class:`~decimal.Decimal`) as decimal
strings, tuples as arrays, :class:`~pedcommunity.model.FrozenMap` and other mappings as
objects, attrs classes as objects with every field and nothing else. Fields without a
default are ``required``; defaults that JSON can hold are given as ``default``.
:class:`~pedcommunity.workflows.Workflow` and :class:`~pedcommunity.model.DomainEvent` are
written by hand, like their hooks: the payload of an event is typed by its definition's trigger.

The schema and the reader agree: a document the schema refuses is refused by
:func:`~pedcommunity.adapters.json.from_dict`, and one the reader refuses for its types,
shapes, identifiers, texts, numbers, date-times or versions is refused by the schema. Field
validators of the model that a schema can state are stated: an identifier
(:func:`~pedcommunity.model._fields.check_id`) has :data:`ID_PATTERN`, a text that must not be
blank (``check_text``) has ``minLength`` and :data:`NON_BLANK_PATTERN`, a list of identifiers
(``check_ids``) has unique items, and attrs' ``ge``/``gt``/``le``/``lt``, ``min_len`` and
``max_len`` become bounds. Integers are within ±\ ``MAX_INTEGER`` and numbers finite, as the
reader holds them. Rules that need the data as a whole (3 to 15 members, a plan covering every
gap, an event log that replays, a custom validator) stay with the model and the reader: there
the schema accepts and the reader refuses, never the other way round.

Patterns are anchored with ``^`` and ``(?![\s\S])`` (the very end) rather than ``$``, which
in Python and PCRE also matches before a final newline: ``"t1\n"`` is no identifier.

A JSON number with a zero fraction (``4.0``) is an integer for JSON Schema, which cannot tell it
from ``4``; so the reader reads it as the integer 4 too.

Examples:
    >>> from pedcommunity import PlcRules
    >>> rules = schema_for(PlcRules)
    >>> rules["properties"]["vote_quorum"]["type"], rules["properties"]["vote_quorum"]["default"]
    ('number', 0.5)
    >>> rules["properties"]["min_members"]["maximum"] == 2**53 - 1
    True
    >>> contract_schema()["title"]
    'pedcommunity document, schema version 1'
"""

from __future__ import annotations

import copy
import enum
import math
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

from pedcommunity import i18n, workflows
from pedcommunity._repr import shown
from pedcommunity.adapters.json import (
    DATE_PATTERN,
    DATE_TIME_PATTERN,
    MAX_INTEGER,
    MONEY_PATTERN,
    PUBLIC_TYPES,
    SCHEMA_VERSION,
    SCHEMA_VERSION_PATTERN,
    make_converter,
)
from pedcommunity.model import DomainEvent
from pedcommunity.model import _fields as fields
from pedcommunity.workflows import DefinitionRegistry, Workflow, WorkflowDefinition
from pedcommunity.workflows.engine import START

__all__ = [
    "CONTRACT_SCHEMA_ID",
    "DRAFT",
    "ID_PATTERN",
    "NON_BLANK_PATTERN",
    "contract_schema",
    "schema_for",
]

#: The JSON Schema dialect of every schema made here.
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The ``$id`` of the document schema of this version of the contract.
CONTRACT_SCHEMA_ID = f"https://pedcommunity.example/schema/{SCHEMA_VERSION}/document.json"

Schema = dict[str, Any]

#: An identifier, as :func:`~pedcommunity.model._fields.check_id` takes it (anchored).
ID_PATTERN = f"^(?:{fields._ID.pattern})(?![\\s\\S])"

#: Whitespace as Python's ``str.strip`` sees it, spelt out: ``\\s`` differs between regex
#: engines (Python's holds U+001C-U+001F and U+0085, ECMA-262's U+FEFF).
WHITESPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

#: A text that is not blank: it holds a character that is not whitespace (unanchored).
NON_BLANK_PATTERN = f"[^{WHITESPACE}]"

_NULL: Schema = {"type": "null"}
_MISSING = object()
_MAX_FLOAT = sys.float_info.max


def _whole(pattern: str) -> str:
    """``pattern`` matching a whole string: ``^`` and the very end (see the module's notes)."""
    return f"^(?:{pattern})(?![\\s\\S])"


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
        >>> label["required"], label["properties"]["ru"]["minLength"], label["additionalProperties"]
        (['ru', 'en'], 1, False)
        >>> schema_for(Teacher)["properties"]["id"]["pattern"] == ID_PATTERN
        True
        >>> teacher = schema_for(Teacher)
        >>> teacher["properties"]["competencies"]
        {'type': 'object', 'additionalProperties': {'$ref': '#/$defs/Level'}, 'default': {}}
        >>> teacher["$defs"]["Level"]["enum"]
        [0, 1, 2, 3, 4]
    """
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise TypeError(f"schema_for takes an attrs class, got {shown(cls)}")
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
                "pattern": _whole(SCHEMA_VERSION_PATTERN),
                "description": f"The contract's version: {SCHEMA_VERSION!r}, or "
                f"'{SCHEMA_VERSION}.N' (N a number) from a newer minor version.",
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
            states: Schema = {"enum": list(definition.state_names)}
            refinements.append(
                {
                    "if": _has("definition", {"const": definition.key}),
                    "then": {
                        "properties": {
                            "trigger": {"enum": triggers},
                            "source": states,
                            "target": states,
                        },
                        "allOf": cases,
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


# -- what validators refuse, where a schema can say it -------------------------------------------

# attrs' validator classes are private: known by what its public functions return.
_V = attrs.validators
_AND: type[Any] = type(_V.and_())
_OPTIONAL: type[Any] = type(_V.optional(fields.check_id))
_DEEP_ITERABLE: type[Any] = type(_V.deep_iterable(fields.check_id))
_DEEP_MAPPING: type[Any] = type(_V.deep_mapping(fields.check_id, fields.check_id))
_NUMBER: type[Any] = type(_V.ge(0))
_MIN_LEN: type[Any] = type(_V.min_len(0))
_MAX_LEN: type[Any] = type(_V.max_len(0))

_ID: Schema = {"pattern": ID_PATTERN}
_TEXT: Schema = {"minLength": 1, "pattern": NON_BLANK_PATTERN}
_BOUNDS = {">=": "minimum", ">": "exclusiveMinimum", "<=": "maximum", "<": "exclusiveMaximum"}
_TIGHTER: dict[str, Any] = {
    "minimum": max,
    "exclusiveMinimum": max,
    "maximum": min,
    "exclusiveMaximum": min,
    "minLength": max,
    "minItems": max,
    "maxLength": min,
    "maxItems": min,
}


def _refine(schema: Schema, validator: Any) -> Schema:
    """``schema`` narrowed by what attrs ``validator`` refuses, where a schema can say so.

    The validators of :mod:`pedcommunity.model._fields` and attrs' own are known here; a
    validator of another kind is a rule of the reader's alone (the schema stays looser).
    """
    schema = copy.deepcopy(schema)
    if validator is None:
        return schema
    if isinstance(validator, _AND):
        for part in validator._validators:
            schema = _refine(schema, part)
        return schema
    if validator is fields.check_id:
        return _narrow(schema, "string", _ID)
    if validator is fields.check_text or validator is i18n._non_empty:
        return _narrow(schema, "string", _TEXT)
    if validator is fields.check_ids:
        schema = _narrow(schema, "array", {"uniqueItems": True})
        schema = _members(schema, lambda item: _narrow(item, "string", _ID))
        return _narrow(schema, "object", {"propertyNames": _ID})
    if validator is fields.check_positive_int:
        return _narrow(schema, "integer", {"minimum": 1})
    if isinstance(validator, _OPTIONAL):
        return _refine(schema, validator.validator)  # the null option takes no constraint
    if isinstance(validator, _DEEP_ITERABLE):
        member = validator.member_validator
        schema = _members(schema, lambda item: _refine(item, member))
        return _refine(schema, validator.iterable_validator)
    if isinstance(validator, _DEEP_MAPPING):
        keys, values = validator.key_validator, validator.value_validator
        for option in _options(schema, "object"):
            names = _refine({"type": "string", **option.get("propertyNames", {})}, keys)
            names.pop("type")
            if names:
                option["propertyNames"] = names
            option["additionalProperties"] = _refine(option.get("additionalProperties", {}), values)
        return _refine(schema, validator.mapping_validator)
    if isinstance(validator, _NUMBER):
        bound = validator.bound
        if isinstance(bound, int | float) and not isinstance(bound, bool):
            keyword = _BOUNDS.get(validator.compare_op)
            if keyword is not None:
                schema = _narrow(schema, "integer", {keyword: bound})
                schema = _narrow(schema, "number", {keyword: bound})
        return schema
    if isinstance(validator, _MIN_LEN):
        schema = _narrow(schema, "array", {"minItems": validator.min_length})
        return _narrow(schema, "string", {"minLength": validator.min_length})
    if isinstance(validator, _MAX_LEN):
        schema = _narrow(schema, "array", {"maxItems": validator.max_length})
        return _narrow(schema, "string", {"maxLength": validator.max_length})
    return schema


def _options(schema: Schema, kind: str) -> list[Schema]:
    """The parts of ``schema`` (itself, or its ``anyOf`` options) of JSON type ``kind``."""
    found = [o for o in schema.get("anyOf", ()) if o.get("type") == kind]
    return [schema, *found] if schema.get("type") == kind else found


def _narrow(schema: Schema, kind: str, extra: Schema) -> Schema:
    """``schema`` with ``extra`` added to its parts of type ``kind``, keeping tighter bounds."""
    for option in _options(schema, kind):
        for keyword, value in extra.items():
            tighter = _TIGHTER.get(keyword)
            if keyword == "pattern" and option.get("pattern", value) != value:
                option.setdefault("allOf", []).append({"pattern": value})
            elif tighter is not None and keyword in option:
                option[keyword] = tighter(option[keyword], value)
            else:
                option[keyword] = value
    return schema


def _members(schema: Schema, refine: Any) -> Schema:
    """``schema`` with ``refine`` applied to each array item schema and each object key."""
    for option in _options(schema, "array"):
        if isinstance(option.get("items"), dict):
            option["items"] = refine(option["items"])
        if "prefixItems" in option:
            option["prefixItems"] = [refine(item) for item in option["prefixItems"]]
    for option in _options(schema, "object"):
        names = refine({"type": "string", **option.get("propertyNames", {})})
        names.pop("type")
        if names:
            option["propertyNames"] = names
    return schema


def _enum_schema(values: list[Any]) -> Schema:
    if any(v is not None and not isinstance(v, str | int | float | bool) for v in values):
        raise TypeError(f"enum values {shown(values)} have no JSON form")
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
