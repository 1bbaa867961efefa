"""Where writing failed: the deepest part of a value that the converter cannot write.

Runs only after :func:`~pedcommunity.adapters.json.to_dict` failed, to name the path of the
part to blame (``$.data.members[1].name``): each part is written again alone.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs

from pedcommunity.adapters.json._convert import _item_types
from pedcommunity.adapters.json._errors import _message, _step
from pedcommunity.adapters.json._limits import MAX_DEPTH
from pedcommunity.adapters.json._workflows import _event_payload_type
from pedcommunity.errors import InvalidData
from pedcommunity.model import DomainEvent
from pedcommunity.workflows import DefinitionRegistry, Workflow


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
