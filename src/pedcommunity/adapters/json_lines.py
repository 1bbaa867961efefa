"""JSON lines of the contract's documents: one versioned document per line.

``pedcommunity store export`` writes a tenant's workflows this way and ``store import`` reads
them back; any system that reads the JSON contract reads each line on its own. Reading is all
or nothing: a bad line is refused with the file and line number, and nothing is returned.
Writing goes through the adapters' atomic writer (a temporary file renamed over the target),
so a failed export leaves no half file.

Examples:
    >>> import os, tempfile
    >>> from pedcommunity import Label
    >>> path = os.path.join(tempfile.mkdtemp(), "labels.jsonl")
    >>> write_json_lines(path, [Label(ru="Да", en="Yes"), Label(ru="Нет", en="No")])
    2
    >>> [label.en for label in read_json_lines(path, Label)]
    ['Yes', 'No']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pedcommunity.adapters._csv_write import write_files
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import InvalidData
from pedcommunity.workflows.definition import DefinitionRegistry

__all__ = ["read_json_lines", "write_json_lines"]

T = TypeVar("T")


def read_json_lines(
    path: str | os.PathLike[str],
    cls: type[T],
    *,
    definitions: DefinitionRegistry | None = None,
) -> list[T]:
    """Read every line of ``path`` as a contract document of ``cls``; blank lines are skipped.

    Raises:
        InvalidData: the file cannot be read, or a line is not a valid document; ``path``
            reads ``"FILE line N"`` and the problem says what is wrong in that line.
    """
    name = os.fspath(path)
    try:
        text = Path(name).read_bytes()
    except OSError as exc:
        raise InvalidData(f"cannot read the file: {exc.strerror or exc}", path=name) from None
    out: list[T] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            out.append(from_json(raw, cls, definitions=definitions))
        except InvalidData as exc:
            where = "" if exc.path == "$" else f"{exc.path}: "
            raise InvalidData(f"{where}{exc.problem}", path=f"{name} line {number}") from None
    return out


def write_json_lines(
    path: str | os.PathLike[str],
    objects: Iterable[Any],
    *,
    definitions: DefinitionRegistry | None = None,
) -> int:
    """Write each object as one contract document per line, all or nothing; return how many.

    Raises:
        InvalidData: an object cannot be written (nothing is written then), or the file
            cannot be (a :class:`~pedcommunity.adapters.csv_io.CsvError` naming it).
    """
    lines = [to_json(obj, definitions=definitions) + "\n" for obj in objects]
    write_files([(os.fspath(path), lambda handle: handle.writelines(lines))])
    return len(lines)
