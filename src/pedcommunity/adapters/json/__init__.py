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

The package holds the contract's limits and forms (``_limits``), the converter and its hooks
(``_convert``; the strict scalar hooks in ``_scalars``, events and workflows in
``_workflows``), the safe reading of raw text and the document checks (``_text``), error paths
and messages (``_errors``; ``_locate`` finds the part a writer failed on) and, here, the
public functions; import every name from here.

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

import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import cattrs

from pedcommunity import i18n, matching, model, monitoring, workflows
from pedcommunity.adapters.json._convert import make_converter
from pedcommunity.adapters.json._errors import _names, _show, _structure_at
from pedcommunity.adapters.json._limits import (
    _SCHEMA_VERSION,
    DATE_TIME_PATTERN,
    MAX_DEPTH,
    MAX_INTEGER,
    MONEY_PATTERN,
    SCHEMA_VERSION,
    SCHEMA_VERSION_PATTERN,
)
from pedcommunity.adapters.json._limits import DATE_PATTERN as DATE_PATTERN
from pedcommunity.adapters.json._locate import _unwritable
from pedcommunity.adapters.json._text import (
    _check_depth,
    _check_python,
    _parse,
    _refuse_marked,
    _surrogate,
)
from pedcommunity.errors import InvalidData
from pedcommunity.workflows import DefinitionRegistry

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
    "from_plain",
    "make_converter",
    "parse_json",
    "to_dict",
    "to_json",
    "type_name",
]

T = TypeVar("T")

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

# Each type's name, for writing: a scan of PUBLIC_TYPES per document cost 24 µs (issue 16).
_NAMES: Mapping[type, str] = {cls: name for name, cls in PUBLIC_TYPES.items()}


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


def from_plain(
    data: Any,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    definitions: DefinitionRegistry | None = None,
) -> T:
    """Build a ``cls`` from its plain JSON data (no envelope), with the contract's rules.

    For the library's own records that are read from JSON but are not documents of the
    contract (a migration, a host's settings): the same strict converter and the same error
    paths as :func:`from_dict`.

    Raises:
        InvalidData: a field is missing, of the wrong type, or refused by its validator; the
            error's ``path`` names it.

    Examples:
        >>> from pedcommunity import Label
        >>> from_plain({"ru": "Да", "en": "Yes"}, Label)
        Label(ru='Да', en='Yes')
        >>> from_plain({"ru": "Да"}, Label)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.en: required field is missing
    """
    _check_python(data)
    _check_depth(data)
    result: T = _structure_at(_converter(converter, definitions), data, cls, "")
    return result


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


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text with the contract's limits, without reading it as a document.

    For the envelopes around documents (an HTTP request's body): the same refusals as
    :func:`from_json` (depth, ``NaN``, numbers out of range, a key given twice, surrogates).

    Raises:
        InvalidData: the text is not JSON the contract accepts (``path`` says where).

    Examples:
        >>> parse_json(b'{"expected_version": 2, "payload": {}}')
        {'expected_version': 2, 'payload': {}}
        >>> parse_json('{"a": 1, "a": 2}')  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $: the key "a" is given twice; each key is given once
    """
    document = _parse(text)
    _check_depth(document)
    return document


def type_name(cls: type | None) -> str | None:
    """The contract's name of a public type (``None`` for ``None`` or a type not in it).

    Examples:
        >>> from pedcommunity import PlcData
        >>> type_name(PlcData), type_name(dict)
        ('PlcData', None)
    """
    return None if cls is None else _NAMES.get(cls)


def _type_name(cls: type) -> str:
    name = type_name(cls)
    if name is not None:
        return name
    raise InvalidData(
        f"{cls.__name__} is not a public type of the JSON contract; public types: "
        f"{', '.join(sorted(PUBLIC_TYPES))}"
    )
