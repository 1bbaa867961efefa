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

The walk from types to schemas is in ``_schema_builder``, the schema of what validators refuse
in ``_schema_rules``; import every name from here.

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

from collections.abc import Mapping
from typing import Any

import attrs

from pedcommunity import workflows
from pedcommunity._repr import shown
from pedcommunity.adapters._schema_builder import _Builder
from pedcommunity.adapters._schema_rules import ID_PATTERN, NON_BLANK_PATTERN, Schema, _whole

# Defined beside the patterns made from it, and still importable from here, where it was.
from pedcommunity.adapters._schema_rules import WHITESPACE as WHITESPACE  # noqa: PLC0414
from pedcommunity.adapters.json import PUBLIC_TYPES, SCHEMA_VERSION, SCHEMA_VERSION_PATTERN
from pedcommunity.workflows import DefinitionRegistry

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


def _refers(node: Any, ref: str) -> bool:
    """Whether ``ref`` is the target of a ``$ref`` anywhere in ``node``."""
    if isinstance(node, Mapping):
        return node.get("$ref") == ref or any(_refers(v, ref) for v in node.values())
    if isinstance(node, list):
        return any(_refers(v, ref) for v in node)
    return False
