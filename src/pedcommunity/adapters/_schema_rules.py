r"""The JSON Schema of what the model's validators refuse, and the helpers schemas share.

:func:`_refine` narrows a type's schema by an attrs validator, where a schema can say what it
refuses: identifiers (:data:`ID_PATTERN`), texts that must not be blank
(:data:`NON_BLANK_PATTERN`), unique lists of identifiers, and attrs' bounds, lengths and
sets of whole numbers (``in_``). A
validator of another kind stays a rule of the reader's alone. The public patterns are
re-exported by :mod:`pedcommunity.adapters.json_schema`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

import attrs

from pedcommunity import i18n
from pedcommunity._repr import shown
from pedcommunity.model import _fields as fields

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


def _whole(pattern: str) -> str:
    """``pattern`` matching a whole string: ``^`` and the very end (see json_schema's notes)."""
    return f"^(?:{pattern})(?![\\s\\S])"


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
_IN: type[Any] = type(_V.in_(()))

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
    if isinstance(validator, _IN):
        options = list(validator.options)
        if options and all(type(o) is int for o in options):  # whole numbers: an enum of them
            return _narrow(schema, "integer", {"enum": options})
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
