"""The converter: one cattrs converter for every public type, configured in one place.

:func:`make_converter` registers the strict scalar hooks (:mod:`._scalars`), sequences and
unions written as declared, the maps and persistent collections, attrs classes whose
constructor errors name their field, and the hooks of events and workflows (:mod:`._workflows`).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter as _make_json_converter

from pedcommunity import workflows
from pedcommunity.adapters.json._errors import _first_error, _message, _note, _show
from pedcommunity.adapters.json._scalars import (
    _NO_JSON_FORM,
    _enum_writer,
    _no_json_form,
    _strict_bool,
    _strict_float,
    _strict_int,
    _strict_str,
    _structure_date,
    _structure_datetime,
    _structure_enum,
    _structure_money,
    _unstructure_money,
    _write_bool,
    _write_date,
    _write_datetime,
    _write_float,
    _write_int,
    _write_str,
)
from pedcommunity.adapters.json._workflows import _register_workflow_hooks
from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.model import FrozenMap
from pedcommunity.model.persistent import PersistentMap, PersistentVector
from pedcommunity.workflows import DefinitionRegistry


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

    _register_workflow_hooks(conv, registry)
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
