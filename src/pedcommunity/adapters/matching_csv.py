r"""CSV files for mentor matching: profiles or scored edges in, pairs and the unmatched out.

Columns (a header row is required, comma-separated, UTF-8 with or without a byte-order mark;
lists inside a cell are separated by ``;``; empty cells are allowed where a field is optional;
a column not listed here is refused, with the columns expected and a "did you mean"):

``mentors.csv``
    ``id`` (required), ``organisation_id``, ``subjects``, ``years_experience`` (0-70),
    ``teaches`` (``competency:level`` items, level 1-4 or
    ``novice``/``developing``/``proficient``/``expert``), ``capacity`` (0 to
    :data:`MAX_CAPACITY`, default 1), ``formats`` (``in_person``/``online``, default both),
    ``available`` (time slot ids), ``prefers`` (mentee ids, best first).
``mentees.csv``
    ``id`` (required), ``organisation_id``, ``subjects``, ``years_experience`` (0-70),
    ``needs`` (``competency:level`` items: the level wanted), ``formats``, ``available``,
    ``wishes`` (mentor ids, best first).
``edges.csv``
    ``mentor_id,mentee_id,score`` (score: a decimal number from 0 to :data:`MAX_SCORE`);
    ``capacities.csv``: ``mentor_id,capacity`` (0 to :data:`MAX_CAPACITY`).
``never.csv`` / ``locked.csv``
    ``mentor_id,mentee_id``: pairs never to make, pairs a coordinator fixed; with
    :func:`read_constraints` every id must name a mentor or mentee of the other files.

Numbers are ASCII digits only (``²`` or ``١`` are refused); blank lines and rows of empty cells
are skipped. Output: ``pairs.csv`` with ``mentor_id,mentee_id,score`` and, beside it,
``pairs.unmatched.csv`` with ``mentee_id,reason,eligible``, written all or nothing by
:func:`write_result` (see :func:`pedcommunity.adapters.csv_io.write_tables`).

Every refusal is a :class:`~pedcommunity.adapters.csv_io.CsvError` (an
:class:`~pedcommunity.errors.InvalidData`) whose path names the file and the line
(``mentors.csv line 4``) and whose ``column`` names the field.

Edge lists and capacities as programs write them (plain ASCII, no quotes) are read column
by column (:func:`~pedcommunity.adapters.csv_io.read_columns`): :func:`read_problem` builds
the problem from arrays without a Python object per row. A file that is not plain, or any
row that would be refused, is read row by row as before, so the values and the errors (the
first bad line, its column, in English and Russian) are the same either way.

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
    pedcommunity.adapters.csv_io.CsvError: C.csv line 2: capacity must be a whole number of 0 ...
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pedcommunity.adapters.csv_io import (
    Row,
    Source,
    finite_number,
    read_columns,
    read_rows,
    shown,
    whole_number,
    write_tables,
)
from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.matching.problem import Constraints, MatchingProblem
from pedcommunity.matching.results import MatchingResult
from pedcommunity.model import Level, MeetingFormat, MenteeProfile, MentorProfile
from pedcommunity.model._fields import is_id

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "CAPACITY_COLUMNS",
    "EDGE_COLUMNS",
    "MAX_CAPACITY",
    "MAX_SCORE",
    "MENTEE_COLUMNS",
    "MENTOR_COLUMNS",
    "PAIR_COLUMNS",
    "read_capacities",
    "read_constraints",
    "read_edges",
    "read_mentees",
    "read_mentors",
    "read_pairs",
    "read_problem",
    "unmatched_path",
    "write_pairs",
    "write_result",
    "write_unmatched",
]

MENTOR_COLUMNS = (
    "id",
    "organisation_id",
    "subjects",
    "years_experience",
    "teaches",
    "capacity",
    "formats",
    "available",
    "prefers",
)
"""The columns of a mentors file; only ``id`` is required."""
MENTEE_COLUMNS = (
    "id",
    "organisation_id",
    "subjects",
    "years_experience",
    "needs",
    "formats",
    "available",
    "wishes",
)
"""The columns of a mentees file; only ``id`` is required."""
EDGE_COLUMNS = ("mentor_id", "mentee_id", "score")
"""The columns of an edges file, all required."""
CAPACITY_COLUMNS = ("mentor_id", "capacity")
"""The columns of a capacities file, both required."""
PAIR_COLUMNS = ("mentor_id", "mentee_id")
"""The columns of a never or locked pairs file, both required."""
MAX_CAPACITY = 10_000
"""The most mentees one mentor may be given in a file: far above any real load, and small
enough that no sum of capacities overflows a solver's 64-bit arithmetic."""
MAX_SCORE = 1_000_000
"""The largest score an edges file may give: solvers add a bonus per pair above any total
score, so scores must stay far from floating-point overflow (1e308 would make it infinite)."""
MAX_YEARS = 70
"""The most years of experience a profile may give (the model's own bound)."""

_LEVELS = {level.name.lower(): level for level in Level if level is not Level.NONE}
_LEVEL_DIGITS = {str(int(level)): level for level in _LEVELS.values()}
_ID_RULE = (
    "ids are 1-128 characters of letters, digits and '_.:@/-' starting with one of the first two"
)


@functools.lru_cache(maxsize=1 << 16)
def _list(value: str) -> tuple[str, ...]:
    # Cached: a region's files repeat the same few subject, slot and format cells.
    return tuple(item.strip() for item in value.split(";") if item.strip())


_FORMATS = {f.value: f for f in MeetingFormat}


def _levels(row: Row, field: str) -> dict[str, Level]:
    out: dict[str, Level] = {}
    for item in _list(row.get(field)):
        comp, sep, raw = item.partition(":")
        comp, raw = comp.strip(), raw.strip().lower()
        if not sep or not comp:
            raise row.error(
                f"{field} items are competency:level, got {shown(item)}",
                column=field,
                ru=f"{field}: элементы пишутся как компетенция:уровень, а не {shown(item)}",
            )
        # A dict of the four digits: isdigit() would accept "²", which int() then refuses.
        level: Level | None = _LEVELS.get(raw) or _LEVEL_DIGITS.get(raw)
        if level is None:
            raise row.error(
                f"{field}: level {shown(raw)} of {shown(comp)} must be 1-4 or one of "
                f"{', '.join(_LEVELS)}",
                column=field,
                ru=f"{field}: уровень {shown(raw)} у {shown(comp)} должен быть 1-4 или одним из "
                f"{', '.join(_LEVELS)}",
            )
        if comp in out:
            raise row.error(
                f"{field} names {comp} twice",
                column=field,
                ru=f"{field}: {comp} указана дважды",
            )
        out[comp] = level
    return out


def _formats(row: Row) -> tuple[MeetingFormat, ...]:
    value = row.get("formats")
    if not value:
        return (MeetingFormat.IN_PERSON, MeetingFormat.ONLINE)
    try:
        return tuple(_FORMATS[v] for v in _list(value))
    except KeyError:
        raise row.error(
            f"formats are in_person and/or online, got {shown(value)}",
            column="formats",
            ru=f"formats: допустимы in_person и/или online, а не {shown(value)}",
        ) from None


def _build(kind: Callable[..., Any], row: Row, columns: tuple[str, ...], **fields: Any) -> Any:
    try:
        return kind(**fields)
    except DuplicateId as exc:
        raise row.error(str(exc), column=exc.field) from None
    except (ValueError, TypeError) as exc:
        # The model's messages start with the field name, which is the column's name.
        text = str(exc)
        column = next((c for c in columns if text.startswith(c)), None)
        raise row.error(text, column=column) from None


def _unique(items: list[Any], rows: list[Row], what: str) -> list[Any]:
    seen: dict[str, str] = {}
    for item, row in zip(items, rows, strict=True):
        if item.id in seen:
            raise row.error(
                f"{what} {item.id} repeats {seen[item.id]}",
                column="id",
                ru=f"id {item.id} уже был в {seen[item.id]}",
            )
        seen[item.id] = row.where
    return items


def _id(row: Row, column: str) -> str:
    value = row[column]
    if not is_id(value):
        raise row.error(
            f"{column} {shown(value)} is not an id; {_ID_RULE}",
            column=column,
            ru=f"{column} {shown(value)} не идентификатор: 1-128 латинских букв, цифр и '_.:@/-'",
        )
    return value


def read_mentors(source: Source, *, name: str | None = None) -> list[MentorProfile]:
    r"""Mentor profiles from a CSV file or text stream (columns in the module doc).

    Raises:
        CsvError: the file or a row is refused; the error names the line and the column.

    Examples:
        >>> import io
        >>> read_mentors(io.StringIO("id,teachs\nolga,nvc:4\n"), name="M.csv")
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: M.csv line 1: unknown column 'teachs' (did you ...
    """
    out, rows = [], []
    for row in read_rows(
        source,
        required=MENTOR_COLUMNS[:1],
        optional=MENTOR_COLUMNS[1:],
        kind="a mentors file",
        name=name,
    ):
        out.append(
            _build(
                MentorProfile,
                row,
                MENTOR_COLUMNS,
                id=row["id"],
                organisation_id=row.get("organisation_id") or None,
                subjects=_list(row.get("subjects")),
                years_experience=whole_number(
                    row, "years_experience", low=0, high=MAX_YEARS, default=0
                ),
                teaches=_levels(row, "teaches"),
                capacity=whole_number(row, "capacity", low=0, high=MAX_CAPACITY, default=1),
                formats=_formats(row),
                available=_list(row.get("available")),
                prefers=_list(row.get("prefers")),
            )
        )
        rows.append(row)
    return _unique(out, rows, "mentor")


def read_mentees(source: Source, *, name: str | None = None) -> list[MenteeProfile]:
    r"""Mentee profiles from a CSV file or text stream (columns in the module doc).

    Raises:
        CsvError: the file or a row is refused; the error names the line and the column.

    Examples:
        >>> import io
        >>> [t.needs["nvc"].name for t in read_mentees(io.StringIO("id,needs\nivan,nvc:3\n"))]
        ['PROFICIENT']
    """
    out, rows = [], []
    for row in read_rows(
        source,
        required=MENTEE_COLUMNS[:1],
        optional=MENTEE_COLUMNS[1:],
        kind="a mentees file",
        name=name,
    ):
        out.append(
            _build(
                MenteeProfile,
                row,
                MENTEE_COLUMNS,
                id=row["id"],
                organisation_id=row.get("organisation_id") or None,
                subjects=_list(row.get("subjects")),
                years_experience=whole_number(
                    row, "years_experience", low=0, high=MAX_YEARS, default=0
                ),
                needs=_levels(row, "needs"),
                formats=_formats(row),
                available=_list(row.get("available")),
                wishes=_list(row.get("wishes")),
            )
        )
        rows.append(row)
    return _unique(out, rows, "mentee")


def read_capacities(source: Source, *, name: str | None = None) -> dict[str, int]:
    r"""``mentor_id,capacity`` rows as a dict; refuses repeats and capacities out of range.

    Examples:
        >>> import io
        >>> read_capacities(io.StringIO("mentor_id,capacity\nm1,3\nm2,0\n"))
        {'m1': 3, 'm2': 0}
    """
    plain = _plain_capacities(source, name)
    if plain is not None:
        return dict(zip(plain[0], plain[1].tolist(), strict=True))
    out: dict[str, int] = {}
    seen: dict[str, str] = {}
    for row in read_rows(source, required=CAPACITY_COLUMNS, kind="a capacities file", name=name):
        mentor = _id(row, "mentor_id")
        capacity = whole_number(row, "capacity", low=0, high=MAX_CAPACITY)
        if mentor in out:
            raise row.error(
                f"mentor {mentor} has a capacity already ({seen[mentor]})",
                column="mentor_id",
                ru=f"у наставника {mentor} уже есть capacity ({seen[mentor]})",
            )
        out[mentor] = capacity
        seen[mentor] = row.where
    return out


def _plain_capacities(
    source: Source, name: str | None
) -> tuple[list[str], npt.NDArray[np.int64]] | None:
    """A plain capacities file read column-wise: its mentors in file order and their places.

    ``None`` when the rows must be read one by one: the file is not plain, or a row would be
    refused (the row reader says which).
    """
    marks = _marks(source)
    cols = read_columns(source, required=CAPACITY_COLUMNS, name=name)
    if cols is None:
        return None
    mentors = cols.ids("mentor_id")
    capacity = cols.whole_numbers("capacity", low=0, high=MAX_CAPACITY)
    if mentors is None or capacity is None or len(mentors[0]) != len(cols):
        _back(marks)
        return None  # a bad cell, or a mentor given twice
    ids, index = mentors
    return [ids[i] for i in index.tolist()], capacity


def _marks(*sources: Source) -> list[tuple[io.StringIO, int]]:
    """Where each stream is now, to give it back to the row readers as it was."""
    return [(s, s.tell()) for s in sources if isinstance(s, io.StringIO)]


def _back(marks: list[tuple[io.StringIO, int]]) -> None:
    """Rewind the streams the column reader took, for the row readers to read them again."""
    for source, at in marks:
        source.seek(at)


def _plain_problem(
    edges: Source,
    capacities: Source,
    *,
    constraints: Constraints | None,
    never: Source | None,
    locked: Source | None,
    names: tuple[str | None, str | None, str | None, str | None],
) -> MatchingProblem | None:
    """:func:`read_problem` column-wise, for plain files with no bad row; else ``None``.

    Whatever is refused (a bad cell, an unknown mentor, a repeated pair) sends the caller
    back to the row readers, which find the same first error as ever; so does a file that
    is not plain. The problem built here is the one the row path builds: mentors sorted,
    mentees sorted, edges in file order less never pairs and self pairs.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    edges_name, capacities_name, never_name, locked_name = names
    marks = _marks(edges, capacities)
    caps = _plain_capacities(capacities, capacities_name)
    if caps is None:
        return None
    cols = read_columns(edges, required=EDGE_COLUMNS, name=edges_name)
    if cols is None:
        _back(marks)
        return None
    mentor_col = cols.ids("mentor_id")
    mentee_col = cols.ids("mentee_id")
    score = cols.decimals("score", low=0, high=MAX_SCORE)
    if mentor_col is None or mentee_col is None or score is None:
        _back(marks)
        return None
    file_ids, file_capacity = caps
    order = sorted(range(len(file_ids)), key=file_ids.__getitem__)
    mentor_ids = [file_ids[i] for i in order]
    capacity = file_capacity[np.array(order, dtype=np.int64)]
    mentor_at = {m: i for i, m in enumerate(mentor_ids)}
    named = [mentor_at.get(m, -1) for m in mentor_col[0]]
    if -1 in named:
        _back(marks)  # a mentor with no capacity
        return None
    mentee_ids = mentee_col[0]
    n_e = max(len(mentee_ids), 1)
    edge_mentor = np.array(named, dtype=np.int64)[mentor_col[1]]
    edge_mentee = mentee_col[1]
    key = edge_mentor * n_e + edge_mentee
    ordered = np.sort(key)
    if (ordered[1:] == ordered[:-1]).any():
        _back(marks)  # a pair given twice
        return None
    caps_map = {m: int(c) for m, c in zip(mentor_ids, capacity.tolist(), strict=True)}
    constraints = _given_constraints(
        constraints,
        never,
        locked,
        capacities=caps_map,
        mentee_ids=mentee_ids,
        never_name=never_name,
        locked_name=locked_name,
    )
    mentee_at = {e: j for j, e in enumerate(mentee_ids)}
    # Never pairs and self pairs are dropped from the edges, as from_edges drops them.
    dropped = [
        mentor_at[m] * n_e + mentee_at[e]
        for m, e in (constraints.never if constraints is not None else ())
        if m in mentor_at and e in mentee_at
    ]
    dropped += [mentor_at[e] * n_e + j for e, j in mentee_at.items() if e in mentor_at]
    keep = ~np.isin(key, np.array(dropped, dtype=np.int64)) if dropped else slice(None)
    return MatchingProblem(
        mentor_ids=mentor_ids,
        mentee_ids=mentee_ids,
        capacity=capacity,
        edge_mentor=edge_mentor[keep],
        edge_mentee=edge_mentee[keep],
        edge_score=score[keep],
        constraints=constraints,
    )


def read_edges(
    source: Source, *, name: str | None = None
) -> tuple[list[tuple[str, str, str]], list[str]]:
    r"""``mentor_id,mentee_id,score`` rows, with where each came from.

    Ids and scores are checked here (an id's form; a score from 0 to :data:`MAX_SCORE`);
    whether a mentor has a capacity and whether a pair repeats are checked when the problem
    is built (:func:`read_problem`). Scores are returned as written.

    Examples:
        >>> import io
        >>> read_edges(io.StringIO("mentor_id,mentee_id,score\nm1,t1,0.5\n"), name="E.csv")
        ([('m1', 't1', '0.5')], ['E.csv line 2'])
        >>> read_edges(io.StringIO("mentor_id,mentee_id,score\nm1,t1,inf\n"))
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: input line 2: score 'inf' must be a finite number ...
    """
    rows, where = [], []
    for row in read_rows(source, required=EDGE_COLUMNS, kind="an edges file", name=name):
        mentor, mentee = _id(row, "mentor_id"), _id(row, "mentee_id")
        finite_number(row, "score", low=0, high=MAX_SCORE)
        rows.append((mentor, mentee, row["score"]))
        where.append(row.where)
    return rows, where


def _pair_rows(source: Source, name: str | None) -> Iterator[tuple[tuple[str, str], Row]]:
    seen: dict[tuple[str, str], str] = {}
    for row in read_rows(source, required=PAIR_COLUMNS, kind="a pairs file", name=name):
        pair = (_id(row, "mentor_id"), _id(row, "mentee_id"))
        if pair in seen:
            raise row.error(
                f"the pair {pair} repeats {seen[pair]}",
                ru=f"пара {pair} уже была в {seen[pair]}",
            )
        seen[pair] = row.where
        yield pair, row


def read_pairs(source: Source, *, name: str | None = None) -> list[tuple[str, str]]:
    r"""``mentor_id,mentee_id`` rows (pairs never to make, or locked pairs).

    Examples:
        >>> import io
        >>> read_pairs(io.StringIO("mentor_id,mentee_id\nm1,t1\nm1,t1\n"), name="L.csv")
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: L.csv line 3: the pair ('m1', 't1') repeats L.csv ...
    """
    return [pair for pair, _ in _pair_rows(source, name)]


def _few(ids: set[str]) -> str:
    shown_ids = ", ".join(sorted(ids)[:5])
    return f"{shown_ids} ... ({len(ids)} in all)" if len(ids) > 5 else shown_ids or "none"


def _given_constraints(
    constraints: Constraints | None,
    never: Source | None,
    locked: Source | None,
    *,
    capacities: Mapping[str, int],
    mentee_ids: Iterable[str],
    never_name: str | None,
    locked_name: str | None,
) -> Constraints | None:
    """The constraints a call gives: ``constraints``, or those of its never/locked files."""
    if never is None and locked is None:
        return constraints
    if constraints is not None:
        raise InvalidData("give constraints or never/locked files, not both", path="$.constraints")
    return read_constraints(
        never,
        locked,
        mentor_ids=capacities,
        mentee_ids=mentee_ids,
        capacities=capacities,
        never_name=never_name,
        locked_name=locked_name,
    )


def read_constraints(
    never: Source | None = None,
    locked: Source | None = None,
    *,
    mentor_ids: Iterable[str],
    mentee_ids: Iterable[str],
    capacities: Mapping[str, int] | None = None,
    never_name: str | None = None,
    locked_name: str | None = None,
) -> Constraints:
    r"""The :class:`Constraints` of a never file and a locked file, each row checked.

    Every id must name one of ``mentor_ids`` / ``mentee_ids``; a locked pair must not be a
    never pair nor pair a person with themselves, no mentee may be locked to two mentors and,
    with ``capacities``, no mentor to more mentees than their capacity. Each refusal names
    the file, the line and the column, where the solver's own check would name none.

    Args:
        never: pairs never to make, or ``None``.
        locked: pairs a coordinator fixed, or ``None``.
        mentor_ids: the mentors the other files name.
        mentee_ids: the mentees the other files name.
        capacities: each mentor's places, to refuse locked pairs beyond them; ``None`` leaves
            that check to the solver.
        never_name: what to call the never file in errors (by default its path).
        locked_name: what to call the locked file in errors.

    Raises:
        CsvError: a row is refused.

    Examples:
        >>> import io
        >>> read_constraints(locked=io.StringIO("mentor_id,mentee_id\nzoe,ivan\n"),
        ...                  mentor_ids={"olga"}, mentee_ids={"ivan"}, locked_name="L.csv")
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: L.csv line 2: unknown mentor 'zoe'; the mentors ...
    """
    mentors, mentees = set(mentor_ids), set(mentee_ids)
    pairs: dict[str, list[tuple[str, str]]] = {"never": [], "must": []}
    never_at: dict[tuple[str, str], str] = {}
    locked_at: dict[str, tuple[str, str]] = {}  # mentee -> (mentor, where)
    load: dict[str, int] = {}  # mentor -> locked pairs so far
    for field, source, name in (("never", never, never_name), ("must", locked, locked_name)):
        if source is None:
            continue
        for (mentor, mentee), row in _pair_rows(source, name):
            if mentor not in mentors:
                raise row.error(
                    f"unknown mentor {mentor!r}; the mentors are {_few(mentors)}",
                    column="mentor_id",
                    ru=f"неизвестный наставник {mentor!r}; наставники: {_few(mentors)}",
                )
            if mentee not in mentees:
                raise row.error(
                    f"unknown mentee {mentee!r}; the mentees are {_few(mentees)}",
                    column="mentee_id",
                    ru=f"неизвестный наставляемый {mentee!r}; наставляемые: {_few(mentees)}",
                )
            if field == "never":
                never_at[mentor, mentee] = row.where
            elif (mentor, mentee) in never_at:
                raise row.error(
                    f"the pair ({mentor}, {mentee}) is locked here and forbidden in "
                    f"{never_at[mentor, mentee]}",
                    ru=f"пара ({mentor}, {mentee}) закреплена здесь и запрещена в "
                    f"{never_at[mentor, mentee]}",
                )
            elif mentor == mentee:
                raise row.error(
                    f"{mentor} cannot be locked as their own mentor",
                    column="mentee_id",
                    ru=f"{mentor} не может быть собственным наставником",
                )
            elif mentee in locked_at:
                other, at = locked_at[mentee]
                raise row.error(
                    f"mentee {mentee} is locked to {other} already ({at}); one mentor each",
                    column="mentee_id",
                    ru=f"наставляемый {mentee} уже закреплён за {other} ({at})",
                )
            else:
                load[mentor] = load.get(mentor, 0) + 1
                if capacities is not None and load[mentor] > capacities.get(mentor, 0):
                    cap = capacities.get(mentor, 0)
                    raise row.error(
                        f"mentor {mentor} has capacity {cap}, and this is locked pair "
                        f"number {load[mentor]} of theirs",
                        column="mentor_id",
                        ru=f"у наставника {mentor} мест {cap}, а это его закреплённая пара "
                        f"номер {load[mentor]}",
                    )
                locked_at[mentee] = (mentor, row.where)
            pairs[field].append((mentor, mentee))
    return Constraints(never=pairs["never"], must=pairs["must"])


def read_problem(
    edges: Source,
    capacities: Source,
    *,
    constraints: Constraints | None = None,
    never: Source | None = None,
    locked: Source | None = None,
    edges_name: str | None = None,
    capacities_name: str | None = None,
    never_name: str | None = None,
    locked_name: str | None = None,
) -> MatchingProblem:
    r"""A :class:`MatchingProblem` from an edge list and a capacities file.

    Hard rules come either as ``constraints`` or as ``never`` / ``locked`` files, whose rows
    are checked against the mentors of the capacities file and the mentees of the edges (see
    :func:`read_constraints`).

    Raises:
        InvalidData: a file or a row is refused; the path names the file and the line.

    Examples:
        >>> import io
        >>> read_problem(io.StringIO("mentor_id,mentee_id,score\nm1,t1,0.5\nm2,t1,0.4\n"),
        ...              io.StringIO("mentor_id,capacity\nm1,1\n"), edges_name="E.csv")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: E.csv line 3: mentor m2 has no capacity given
    """
    # Plain files (what programs write) are read column by column at the speed of the
    # bytes; any other file, or any refused row, is read row by row as always.
    problem = _plain_problem(
        edges,
        capacities,
        constraints=constraints,
        never=never,
        locked=locked,
        names=(edges_name, capacities_name, never_name, locked_name),
    )
    if problem is not None:
        return problem
    caps = read_capacities(capacities, name=capacities_name)
    rows, where = read_edges(edges, name=edges_name)
    constraints = _given_constraints(
        constraints,
        never,
        locked,
        capacities=caps,
        mentee_ids=[mentee for _, mentee, _ in rows],
        never_name=never_name,
        locked_name=locked_name,
    )
    return MatchingProblem.from_edges(rows, caps, constraints=constraints, where=lambda k: where[k])


def unmatched_path(out: str | Path) -> Path:
    """Where the unmatched go beside ``out``: ``pairs.csv`` -> ``pairs.unmatched.csv``.

    Examples:
        >>> unmatched_path("out/pairs.csv").as_posix()
        'out/pairs.unmatched.csv'
    """
    out = Path(out)
    return out.with_name(f"{out.stem}.unmatched{out.suffix or '.csv'}")


def _pair_rows_out(result: MatchingResult) -> list[tuple[str, str, str]]:
    return [(p.mentor_id, p.mentee_id, f"{p.score:.6f}") for p in result.pairs]


def _unmatched_rows_out(result: MatchingResult) -> list[tuple[str, str, object]]:
    return [(u.mentee_id, u.reason.value, u.eligible) for u in result.unmatched]


def write_pairs(result: MatchingResult, out: str | Path) -> Path:
    """Write ``mentor_id,mentee_id,score`` rows atomically; return the path.

    Raises:
        CsvError: ``out`` cannot be written; an existing file is left as it was.

    Examples:
        >>> import tempfile
        >>> from pedcommunity.matching import MatchingProblem, optimal
        >>> result = optimal(MatchingProblem.from_edges([("m1", "t1", 0.5)], {"m1": 1}))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     print(write_pairs(result, Path(d) / "p.csv").read_text(), end="")
        mentor_id,mentee_id,score
        m1,t1,0.500000
    """
    (path,) = write_tables([(out, ("mentor_id", "mentee_id", "score"), _pair_rows_out(result))])
    return path


def write_unmatched(result: MatchingResult, out: str | Path) -> Path:
    """Write ``mentee_id,reason,eligible`` rows to ``out`` atomically; return the path.

    Examples:
        >>> import tempfile
        >>> from pedcommunity.matching import MatchingProblem, optimal
        >>> result = optimal(MatchingProblem.from_edges([("m1", "t1", 0.5)], {"m1": 0}))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     print(write_unmatched(result, Path(d) / "u.csv").read_text(), end="")
        mentee_id,reason,eligible
        t1,mentors_full,1
    """
    header = ("mentee_id", "reason", "eligible")
    (path,) = write_tables([(out, header, _unmatched_rows_out(result))])
    return path


def write_result(result: MatchingResult, out: str | Path) -> tuple[Path, Path]:
    """Write the pairs to ``out`` and the unmatched beside it, both or neither.

    Both files go to temporary files first and are renamed into place only when both are
    written, so a failure leaves no partial file and keeps existing ones as they were.

    Returns:
        The paths of the pairs file and of the unmatched file (:func:`unmatched_path`).

    Raises:
        CsvError: a file cannot be written; nothing was changed.

    Examples:
        >>> import tempfile
        >>> from pedcommunity.matching import MatchingProblem, optimal
        >>> result = optimal(MatchingProblem.from_edges([("m1", "t1", 0.5)], {"m1": 1}))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     [p.name for p in write_result(result, Path(d) / "pairs.csv")]
        ['pairs.csv', 'pairs.unmatched.csv']
    """
    pairs, rest = write_tables(
        [
            (out, ("mentor_id", "mentee_id", "score"), _pair_rows_out(result)),
            (unmatched_path(out), ("mentee_id", "reason", "eligible"), _unmatched_rows_out(result)),
        ]
    )
    return pairs, rest
