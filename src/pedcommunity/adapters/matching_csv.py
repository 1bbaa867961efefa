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
by column (:class:`~pedcommunity.adapters.csv_io.CsvInput`): :func:`read_problem` builds
the problem from arrays without a Python object per row. A file that is not plain, or any
row that would be refused, is read row by row as before, so the values and the errors (the
first bad line, its column, in English and Russian) are the same either way.

The profiles are read in ``_matching_profiles``, never and locked pairs in
``_matching_pairs``; import every name from here.

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

from pathlib import Path
from typing import TYPE_CHECKING

from pedcommunity.adapters._matching_pairs import (
    PAIR_COLUMNS,
    _given_constraints,
    _id,
    read_constraints,
    read_pairs,
)
from pedcommunity.adapters._matching_profiles import (
    MAX_CAPACITY,
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    read_mentees,
    read_mentors,
)

# Defined beside the profiles it bounds, and still importable from here, where it was.
from pedcommunity.adapters._matching_profiles import MAX_YEARS as MAX_YEARS  # noqa: PLC0414
from pedcommunity.adapters.csv_io import CsvInput, Source, finite_number, whole_number, write_tables
from pedcommunity.matching.problem import Constraints, MatchingProblem
from pedcommunity.matching.results import MatchingResult

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

EDGE_COLUMNS = ("mentor_id", "mentee_id", "score")
"""The columns of an edges file, all required."""
CAPACITY_COLUMNS = ("mentor_id", "capacity")
"""The columns of a capacities file, both required."""
MAX_SCORE = 1_000_000
"""The largest score an edges file may give: solvers add a bonus per pair above any total
score, so scores must stay far from floating-point overflow (1e308 would make it infinite)."""


def read_capacities(source: Source, *, name: str | None = None) -> dict[str, int]:
    r"""``mentor_id,capacity`` rows as a dict; refuses repeats and capacities out of range.

    Examples:
        >>> import io
        >>> read_capacities(io.StringIO("mentor_id,capacity\nm1,3\nm2,0\n"))
        {'m1': 3, 'm2': 0}
    """
    return _read_capacities(_capacities(source, name))


def _capacities(source: Source, name: str | None) -> CsvInput:
    return CsvInput(source, required=CAPACITY_COLUMNS, kind="a capacities file", name=name)


def _edges(source: Source, name: str | None) -> CsvInput:
    return CsvInput(source, required=EDGE_COLUMNS, kind="an edges file", name=name)


def _read_capacities(file: CsvInput) -> dict[str, int]:
    plain = _plain_capacities(file)
    if plain is not None:
        return dict(zip(plain[0], plain[1].tolist(), strict=True))
    out: dict[str, int] = {}
    seen: dict[str, str] = {}
    for row in file.rows():
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


def _plain_capacities(file: CsvInput) -> tuple[list[str], npt.NDArray[np.int64]] | None:
    """A plain capacities file read column-wise: its mentors in file order and their places.

    ``None`` when the rows must be read one by one: the file is not plain, or a row would be
    refused (the row reader says which).
    """
    cols = file.columns()
    if cols is None:
        return None
    mentors = cols.ids("mentor_id")
    capacity = cols.whole_numbers("capacity", low=0, high=MAX_CAPACITY)
    if mentors is None or capacity is None or len(mentors[0]) != len(cols):
        return None  # a bad cell, or a mentor given twice
    ids, index = mentors
    return [ids[i] for i in index.tolist()], capacity


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
    mentees sorted, edges in file order less never pairs and self pairs. A stream it gave up
    on is not rewound here: the caller's :class:`CsvInput` of it reads from where it was.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    edges_name, capacities_name, never_name, locked_name = names
    caps = _plain_capacities(_capacities(capacities, capacities_name))
    if caps is None:
        return None
    cols = _edges(edges, edges_name).columns()
    if cols is None:
        return None
    mentor_col = cols.ids("mentor_id")
    mentee_col = cols.ids("mentee_id")
    score = cols.decimals("score", low=0, high=MAX_SCORE)
    if mentor_col is None or mentee_col is None or score is None:
        return None
    file_ids, file_capacity = caps
    order = sorted(range(len(file_ids)), key=file_ids.__getitem__)
    mentor_ids = [file_ids[i] for i in order]
    capacity = file_capacity[np.array(order, dtype=np.int64)]
    mentor_at = {m: i for i, m in enumerate(mentor_ids)}
    named = [mentor_at.get(m, -1) for m in mentor_col[0]]
    if -1 in named:
        return None  # a mentor with no capacity
    mentee_ids = mentee_col[0]
    n_e = max(len(mentee_ids), 1)
    edge_mentor = np.array(named, dtype=np.int64)[mentor_col[1]]
    edge_mentee = mentee_col[1]
    key = edge_mentor * n_e + edge_mentee
    ordered = np.sort(key)
    if (ordered[1:] == ordered[:-1]).any():
        return None  # a pair given twice
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
    return _read_edges(_edges(source, name))


def _read_edges(file: CsvInput) -> tuple[list[tuple[str, str, str]], list[str]]:
    rows, where = [], []
    for row in file.rows():
        mentor, mentee = _id(row, "mentor_id"), _id(row, "mentee_id")
        finite_number(row, "score", low=0, high=MAX_SCORE)
        rows.append((mentor, mentee, row["score"]))
        where.append(row.where)
    return rows, where


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
    # bytes; any other file, or any refused row, is read row by row as always, from where
    # each stream is now (the inputs are made first: they keep that place).
    edges_file, capacities_file = (
        _edges(edges, edges_name),
        _capacities(capacities, capacities_name),
    )
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
    caps = _read_capacities(capacities_file)
    rows, where = _read_edges(edges_file)
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
