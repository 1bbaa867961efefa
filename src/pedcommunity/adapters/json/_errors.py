"""Error paths and messages of the JSON contract: where in a document a value is, how it shows.

Every refusal is an :class:`~pedcommunity.errors.InvalidData` whose ``path`` names the field
(``$.data.members[1]``): :func:`_first_error` walks cattrs' exception groups to the first real
error; :func:`_show` renders a value for a message and never raises; :func:`_frame_path`
finds the path of a value met in a walk of a document.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping
from typing import Any

import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote

from pedcommunity.adapters.json._limits import _SURROGATE, MAX_DEPTH
from pedcommunity.errors import InvalidData


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


def _under(path: str, frame: Any, child: Any = None) -> str:
    """The path of ``child`` of ``frame`` below ``path`` (frames start at a ``{"": value}``)."""
    inner = _frame_path(frame, child)  # "$['']..." for the wrapper's one key
    return path + inner[len("$['']") :]
