"""Reading raw text safely, and the limits every document keeps.

:func:`_parse` is ``json.loads`` with the contract's limits (no ``NaN``, no number out of
range, each key once, no unpaired surrogate), each refusal an InvalidData with its path;
:func:`_check_depth` and :func:`_check_python` refuse documents nested deeper than
``MAX_DEPTH`` (from text, or built in Python); :func:`_check_plain` refuses what JSON cannot
hold in a part of a value typed ``Any``.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Mapping
from typing import Any

from pedcommunity.adapters.json._errors import _frame_path, _show, _step, _too_deep, _under
from pedcommunity.adapters.json._limits import (
    _MAX_FLOAT,
    _SURROGATE,
    _WRITABLE_BITS,
    MAX_DEPTH,
    MAX_INTEGER,
)
from pedcommunity.errors import InvalidData


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
