r"""CSV files for mentor matching: profiles or scored edges in, pairs and the unmatched out.

Columns (a header row is required; lists are separated by ``;``; empty cells are allowed
where a field is optional):

``mentors.csv``
    ``id`` (required), ``organisation_id``, ``subjects``, ``years_experience``, ``teaches``
    (``competency:level`` items, level 1-4 or ``novice``/``developing``/``proficient``/``expert``),
    ``capacity`` (default 1), ``formats`` (``in_person``/``online``, default both),
    ``available`` (time slot ids), ``prefers`` (mentee ids, best first).
``mentees.csv``
    ``id`` (required), ``organisation_id``, ``subjects``, ``years_experience``, ``needs``
    (``competency:level`` items: the level wanted), ``formats``, ``available``, ``wishes``
    (mentor ids, best first).
``edges.csv``
    ``mentor_id,mentee_id,score``; ``capacities.csv``: ``mentor_id,capacity``.
``never.csv`` / ``locked.csv``
    ``mentor_id,mentee_id``: pairs never to make, pairs a coordinator fixed.

Output: ``pairs.csv`` with ``mentor_id,mentee_id,score`` and, beside it,
``pairs.unmatched.csv`` with ``mentee_id,reason,eligible``.

Every refusal is an :class:`~pedcommunity.errors.InvalidData` whose path names the file and
the line (``mentors.csv line 4``).

Examples:
    >>> import io
    >>> mentors = read_mentors(io.StringIO(
    ...     "id,subjects,teaches,capacity\nolga,math;physics,digital:4;nvc:expert,2\n"))
    >>> mentors[0].teaches["nvc"].name, mentors[0].capacity
    ('EXPERT', 2)
    >>> caps = io.StringIO("mentor_id,capacity\nolga,-1\n")
    >>> read_capacities(caps, name="C.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: C.csv line 2: capacity must be a whole number of 0 or ...
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from pedcommunity.errors import InvalidData
from pedcommunity.matching.problem import Constraints, MatchingProblem
from pedcommunity.matching.results import MatchingResult
from pedcommunity.model import Level, MeetingFormat, MenteeProfile, MentorProfile

__all__ = [
    "read_capacities",
    "read_edges",
    "read_mentees",
    "read_mentors",
    "read_pairs",
    "read_problem",
    "unmatched_path",
    "write_pairs",
    "write_unmatched",
]

Source = str | Path | IO[str]
_LEVELS = {level.name.lower(): level for level in Level if level is not Level.NONE}


def _rows(
    source: Source, required: tuple[str, ...], name: str | None
) -> Iterator[tuple[str, dict[str, str]]]:
    """(where, row) for each data row, checking the header first."""
    label = name or (str(source) if isinstance(source, str | Path) else "input")
    with contextlib.ExitStack() as stack:
        handle = (
            stack.enter_context(open(source, newline="", encoding="utf-8-sig"))
            if isinstance(source, str | Path)
            else source
        )
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise InvalidData(
                f"missing column(s) {', '.join(missing)}; "
                f"the header has {', '.join(header) or 'nothing'}",
                path=f"{label} line 1",
            )
        for row in reader:
            where = f"{label} line {reader.line_num}"
            if None in row:
                raise InvalidData("the row has more cells than the header", path=where)
            yield where, {k: (v or "").strip() for k, v in row.items()}


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(";") if item.strip())


def _int(value: str, field: str, where: str, default: int) -> int:
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise InvalidData(f"{field} must be a whole number, got {value!r}", path=where) from None
    return number


def _levels(value: str, field: str, where: str) -> dict[str, Level]:
    out: dict[str, Level] = {}
    for item in _list(value):
        comp, sep, raw = item.partition(":")
        comp, raw = comp.strip(), raw.strip().lower()
        if not sep or not comp:
            raise InvalidData(f"{field} items are competency:level, got {item!r}", path=where)
        level: Level | None = _LEVELS.get(raw)
        if level is None and raw.isdigit() and 1 <= int(raw) <= 4:
            level = Level(int(raw))
        if level is None:
            raise InvalidData(
                f"{field}: level {raw!r} of {comp} must be 1-4 or one of {', '.join(_LEVELS)}",
                path=where,
            )
        if comp in out:
            raise InvalidData(f"{field} names {comp} twice", path=where)
        out[comp] = level
    return out


def _formats(value: str, where: str) -> tuple[MeetingFormat, ...]:
    if not value:
        return (MeetingFormat.IN_PERSON, MeetingFormat.ONLINE)
    try:
        return tuple(MeetingFormat(v) for v in _list(value))
    except ValueError:
        raise InvalidData(
            f"formats are in_person and/or online, got {value!r}", path=where
        ) from None


def _build(kind: Callable[..., Any], where: str, **fields: Any) -> Any:
    try:
        return kind(**fields)
    except (ValueError, TypeError) as exc:
        raise InvalidData(str(exc), path=where) from None


def _unique(items: list[Any], where: list[str], what: str) -> list[Any]:
    seen: dict[str, str] = {}
    for item, w in zip(items, where, strict=True):
        if item.id in seen:
            raise InvalidData(f"{what} {item.id} repeats {seen[item.id]}", path=w)
        seen[item.id] = w
    return items


def read_mentors(source: Source, *, name: str | None = None) -> list[MentorProfile]:
    """Mentor profiles from a CSV file or text stream (columns in the module doc)."""
    out, where = [], []
    for w, row in _rows(source, ("id",), name):
        out.append(
            _build(
                MentorProfile,
                w,
                id=row["id"],
                organisation_id=row.get("organisation_id") or None,
                subjects=_list(row.get("subjects", "")),
                years_experience=_int(row.get("years_experience", ""), "years_experience", w, 0),
                teaches=_levels(row.get("teaches", ""), "teaches", w),
                capacity=_int(row.get("capacity", ""), "capacity", w, 1),
                formats=_formats(row.get("formats", ""), w),
                available=_list(row.get("available", "")),
                prefers=_list(row.get("prefers", "")),
            )
        )
        where.append(w)
    return _unique(out, where, "mentor")


def read_mentees(source: Source, *, name: str | None = None) -> list[MenteeProfile]:
    """Mentee profiles from a CSV file or text stream (columns in the module doc)."""
    out, where = [], []
    for w, row in _rows(source, ("id",), name):
        out.append(
            _build(
                MenteeProfile,
                w,
                id=row["id"],
                organisation_id=row.get("organisation_id") or None,
                subjects=_list(row.get("subjects", "")),
                years_experience=_int(row.get("years_experience", ""), "years_experience", w, 0),
                needs=_levels(row.get("needs", ""), "needs", w),
                formats=_formats(row.get("formats", ""), w),
                available=_list(row.get("available", "")),
                wishes=_list(row.get("wishes", "")),
            )
        )
        where.append(w)
    return _unique(out, where, "mentee")


def read_capacities(source: Source, *, name: str | None = None) -> dict[str, int]:
    """``mentor_id,capacity`` rows as a dict; refuses repeats and capacities below 0."""
    out: dict[str, int] = {}
    for w, row in _rows(source, ("mentor_id", "capacity"), name):
        mentor, raw = row["mentor_id"], row["capacity"]
        if not mentor:
            raise InvalidData("mentor_id is empty", path=w)
        if not raw.isdigit():
            raise InvalidData(f"capacity must be a whole number of 0 or more, got {raw!r}", path=w)
        if mentor in out:
            raise InvalidData(f"mentor {mentor} has a capacity already", path=w)
        out[mentor] = int(raw)
    return out


def read_edges(
    source: Source, *, name: str | None = None
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """``mentor_id,mentee_id,score`` rows, unchecked, with where each came from."""
    rows, where = [], []
    for w, row in _rows(source, ("mentor_id", "mentee_id", "score"), name):
        rows.append((row["mentor_id"], row["mentee_id"], row["score"]))
        where.append(w)
    return rows, where


def read_pairs(source: Source, *, name: str | None = None) -> list[tuple[str, str]]:
    """``mentor_id,mentee_id`` rows (pairs never to make, or locked pairs)."""
    out: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], str] = {}
    for w, row in _rows(source, ("mentor_id", "mentee_id"), name):
        pair = (row["mentor_id"], row["mentee_id"])
        if not all(pair):
            raise InvalidData("mentor_id and mentee_id must not be empty", path=w)
        if pair in seen:
            raise InvalidData(f"the pair {pair} repeats {seen[pair]}", path=w)
        seen[pair] = w
        out.append(pair)
    return out


def read_problem(
    edges: Source,
    capacities: Source,
    *,
    constraints: Constraints | None = None,
    edges_name: str | None = None,
    capacities_name: str | None = None,
) -> MatchingProblem:
    r"""A :class:`MatchingProblem` from an edge list and a capacities file.

    Examples:
        >>> import io
        >>> read_problem(io.StringIO("mentor_id,mentee_id,score\nm1,t1,0.5\nm2,t1,0.4\n"),
        ...              io.StringIO("mentor_id,capacity\nm1,1\n"), edges_name="E.csv")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: E.csv line 3: mentor m2 has no capacity given
    """
    caps = read_capacities(capacities, name=capacities_name)
    rows, where = read_edges(edges, name=edges_name)
    return MatchingProblem.from_edges(rows, caps, constraints=constraints, where=lambda k: where[k])


def unmatched_path(out: str | Path) -> Path:
    """Where the unmatched go beside ``out``: ``pairs.csv`` -> ``pairs.unmatched.csv``."""
    out = Path(out)
    return out.with_name(f"{out.stem}.unmatched{out.suffix or '.csv'}")


def write_pairs(result: MatchingResult, out: str | Path) -> Path:
    """Write ``mentor_id,mentee_id,score`` rows; return the path."""
    out = Path(out)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("mentor_id", "mentee_id", "score"))
        for p in result.pairs:
            w.writerow((p.mentor_id, p.mentee_id, f"{p.score:.6f}"))
    return out


def write_unmatched(result: MatchingResult, out: str | Path) -> Path:
    """Write ``mentee_id,reason,eligible`` rows to ``out``; return the path."""
    out = Path(out)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("mentee_id", "reason", "eligible"))
        for u in result.unmatched:
            w.writerow((u.mentee_id, u.reason.value, u.eligible))
    return out
