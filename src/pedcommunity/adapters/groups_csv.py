r"""CSV files for PLC group forming: topic rankings in, groups and the unplaced out.

Input, ``rankings.csv``: a header row with ``teacher_id,topic_id,rank`` (comma-separated,
UTF-8 with or without a byte-order mark), then one row per teacher per ranked topic; ``rank``
is 1 for a teacher's first choice (ASCII digits, at most :data:`MAX_RANK`), and each teacher's
ranks run 1, 2, 3... without gaps or repeats. Other columns (a comment, a name) are ignored,
as they always were: every column the reader uses is required, so a misspelt one is still
refused as missing. A column named twice, a row with more or fewer cells than the header,
text that is not UTF-8 and a cell over csv's field limit are refused; blank lines and rows of
empty cells are skipped.

Output: ``groups.csv`` with ``topic_id,teacher_id,rank`` rows (by topic, then teacher) and,
beside it, ``groups.unplaced.csv`` with ``teacher_id,reason`` rows, where ``reason`` is an
:class:`~pedcommunity.matching.groups.UnplacedReason` value such as ``no_ranked_topic_open``.

A plain file (what programs write) is read column by column; any other, or one with a row
to refuse, row by row, with the same rankings or the same error either way.

Every refusal is a :class:`~pedcommunity.adapters.csv_io.CsvError` (an
:class:`~pedcommunity.errors.InvalidData`) whose path names the file and the line
(``rankings.csv line 7``; ``input line 7`` for a stream without a ``name``) and whose
``column`` names the field. :func:`write_plan` writes both outputs all or nothing.

Examples:
    >>> import io
    >>> rankings = read_rankings(io.StringIO(
    ...     "teacher_id,topic_id,rank\nanna,nvc,2\nanna,4c,1\nboris,nvc,1\n"))
    >>> [(r.teacher_id, r.topic_ids) for r in rankings]
    [('anna', ('4c', 'nvc')), ('boris', ('nvc',))]
    >>> read_rankings(io.StringIO("teacher_id,topic_id,rank\nanna,nvc,first\n"), name="R.csv")
    Traceback (most recent call last):
    ...
    pedcommunity.adapters.csv_io.CsvError: R.csv line 2: rank must be a whole number of at least ...
"""

from __future__ import annotations

from pathlib import Path

from pedcommunity.adapters.csv_io import CsvInput, Row, Source, whole_number, write_tables
from pedcommunity.matching.groups import GroupPlan, TopicRanking

__all__ = [
    "COLUMNS",
    "MAX_RANK",
    "read_rankings",
    "unplaced_path",
    "write_groups",
    "write_plan",
    "write_unplaced",
]

COLUMNS = ("teacher_id", "topic_id", "rank")
"""The columns a rankings file must have (others are ignored)."""
MAX_RANK = 1000
"""The largest rank a file may give: ranks run 1, 2, 3... up to a teacher's number of topics."""


def _input(source: Source, name: str | None) -> CsvInput:
    return CsvInput(source, required=COLUMNS, extra=True, kind="a rankings file", name=name)


def read_rankings(source: Source, *, name: str | None = None) -> list[TopicRanking]:
    r"""Read ``teacher_id,topic_id,rank`` rows into one :class:`TopicRanking` per teacher.

    Teachers come in the order of their first row; each ranking lists topics by rank.

    Args:
        source: a file path, or an open text stream.
        name: what to call the input in errors; by default the path, or ``input``.

    Raises:
        CsvError: the file cannot be read or is malformed (see the module doc), a missing
            column, an empty or malformed id, a rank that is not a whole number from 1 to
            :data:`MAX_RANK`, a teacher ranking a topic twice or giving a rank twice, or ranks
            with a gap; the path names the line and ``column`` the field.

    Examples:
        >>> import io
        >>> read_rankings(io.StringIO("teacher_id,topic_id,rank\nanna,nvc,1\nanna,4c,1\n"))
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: input line 3: anna gives rank 1 twice: to nvc ...
    """
    rankings = _input(source, name)  # made first: its rows are read from where a stream is now
    plain = _plain_rankings(source, name)
    if plain is not None:
        return plain
    topics: dict[str, dict[int, tuple[str, Row]]] = {}  # teacher -> rank -> (topic, row)
    seen: dict[tuple[str, str], str] = {}
    for row in rankings.rows():
        teacher, topic = row["teacher_id"], row["topic_id"]
        for column in ("teacher_id", "topic_id"):
            if not row[column]:
                raise row.error(f"{column} is empty", column=column, ru=f"{column}: пустая ячейка")
        try:
            TopicRanking(teacher_id=teacher, topic_ids=(topic,))
        except ValueError as e:
            text = str(e).replace("topic_ids", "topic_id")
            raise row.error(text, column=text.split(" ", 1)[0]) from None
        rank = whole_number(row, "rank", low=1, high=MAX_RANK)
        if (teacher, topic) in seen:
            raise row.error(
                f"{teacher} ranks {topic} twice (first at {seen[teacher, topic]})",
                column="topic_id",
                ru=f"{teacher} ранжирует {topic} дважды (впервые в {seen[teacher, topic]})",
            )
        seen[teacher, topic] = row.where
        by_rank = topics.setdefault(teacher, {})
        if rank in by_rank:
            other, at = by_rank[rank]
            raise row.error(
                f"{teacher} gives rank {rank} twice: to {other} ({at.where}) and to {topic}",
                column="rank",
                ru=f"{teacher} дважды ставит ранг {rank}: {other} ({at.where}) и {topic}",
            )
        by_rank[rank] = (topic, row)
    out = []
    for teacher, by_rank in topics.items():
        for expected, rank in enumerate(sorted(by_rank), start=1):
            if rank != expected:
                raise by_rank[rank][1].error(
                    f"{teacher}'s ranks skip {expected}: ranks run 1, 2, 3... without gaps",
                    column="rank",
                    ru=f"в рангах {teacher} пропущен {expected}: "
                    "ранги идут 1, 2, 3... без пропусков",
                )
        out.append(
            TopicRanking(teacher_id=teacher, topic_ids=[by_rank[r][0] for r in sorted(by_rank)])
        )
    return out


def _plain_rankings(source: Source, name: str | None) -> list[TopicRanking] | None:
    """:func:`read_rankings` column-wise, for a plain file with no bad row; else ``None``.

    Whatever the row reader would refuse (a bad cell, a topic ranked twice, a rank given
    twice, a gap in a teacher's ranks) sends the caller back to it, which names the line;
    so does a file that is not plain. Teachers come in the order of their first row.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    cols = _input(source, name).columns()
    if cols is None:
        return None
    teachers = cols.ids("teacher_id")
    topic_col = cols.ids("topic_id")
    rank = cols.whole_numbers("rank", low=1, high=MAX_RANK)
    if teachers is None or topic_col is None or rank is None:
        return None
    if not len(cols):
        return []
    names, teacher = teachers
    topic_ids, topic = topic_col
    n_t = len(names)
    for key, size in ((topic, len(topic_ids)), (rank, MAX_RANK + 1)):
        ordered = np.sort(teacher * size + key)
        if (ordered[1:] == ordered[:-1]).any():
            return None  # a topic ranked twice, or a rank given twice, by one teacher
    count = np.bincount(teacher, minlength=n_t)
    most = np.zeros(n_t, dtype=np.int64)
    np.maximum.at(most, teacher, rank)
    if (most != count).any():
        return None  # distinct ranks from 1 run without a gap exactly when the top is the count
    first = np.full(n_t, len(cols), dtype=np.int64)
    np.minimum.at(first, teacher, np.arange(len(cols)))
    place = np.empty(n_t, dtype=np.int64)
    place[np.argsort(first)] = np.arange(n_t)
    order = np.lexsort((rank, place[teacher]))
    ends = np.cumsum(count[np.argsort(first)])
    runs = np.split(topic[order], ends[:-1])
    return [
        TopicRanking(teacher_id=names[t], topic_ids=[topic_ids[k] for k in run.tolist()])
        for t, run in zip(np.argsort(first).tolist(), runs, strict=True)
    ]


_GROUP_HEADER = ("topic_id", "teacher_id", "rank")
_UNPLACED_HEADER = ("teacher_id", "reason")


def _group_rows(plan: GroupPlan) -> list[tuple[str, str, int]]:
    return [
        (g.topic_id, teacher, rank)
        for g in plan.groups
        for teacher, rank in zip(g.teacher_ids, g.ranks, strict=True)
    ]


def _unplaced_rows(plan: GroupPlan) -> list[tuple[str, str]]:
    return [(u.teacher_id, u.reason.value) for u in plan.unplaced]


def unplaced_path(out: str | Path) -> Path:
    """Where the unplaced go beside ``out``: ``groups.csv`` -> ``groups.unplaced.csv``.

    Examples:
        >>> unplaced_path("out/groups.csv").as_posix()
        'out/groups.unplaced.csv'
    """
    out = Path(out)
    return out.with_name(f"{out.stem}.unplaced{out.suffix or '.csv'}")


def write_groups(plan: GroupPlan, out: str | Path) -> Path:
    """Write ``topic_id,teacher_id,rank`` rows, group by group, atomically; return the path.

    Examples:
        >>> import tempfile
        >>> from pedcommunity.matching.groups import form_groups
        >>> plan = form_groups({"anna": ["nvc"], "boris": ["4c", "nvc"]}, min_size=2)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     print(write_groups(plan, Path(d) / "groups.csv").read_text(), end="")
        topic_id,teacher_id,rank
        nvc,anna,1
        nvc,boris,2
    """
    (path,) = write_tables([(out, _GROUP_HEADER, _group_rows(plan))], lineterminator="\n")
    return path


def write_unplaced(plan: GroupPlan, out: str | Path) -> Path:
    """Write ``teacher_id,reason`` rows for the teachers in no group, atomically; return the path.

    Examples:
        >>> import tempfile
        >>> from pedcommunity.matching.groups import form_groups
        >>> plan = form_groups({"anna": ["nvc"], "boris": []})
        >>> with tempfile.TemporaryDirectory() as d:
        ...     print(write_unplaced(plan, Path(d) / "u.csv").read_text(), end="")
        teacher_id,reason
        anna,no_ranked_topic_open
        boris,no_choices
    """
    (path,) = write_tables([(out, _UNPLACED_HEADER, _unplaced_rows(plan))], lineterminator="\n")
    return path


def write_plan(plan: GroupPlan, out: str | Path) -> tuple[Path, Path]:
    """Write the groups to ``out`` and the unplaced beside it, both or neither.

    Both files go to temporary files first and are renamed into place only when both are
    written, so a failure leaves no partial file and keeps existing ones as they were.

    Returns:
        The paths of the groups file and of the unplaced file (:func:`unplaced_path`).

    Raises:
        CsvError: a file cannot be written; nothing was changed.

    Examples:
        >>> import tempfile
        >>> from pedcommunity.matching.groups import form_groups
        >>> plan = form_groups({"anna": ["nvc"], "boris": ["nvc"]}, min_size=2)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     [p.name for p in write_plan(plan, Path(d) / "groups.csv")]
        ['groups.csv', 'groups.unplaced.csv']
    """
    groups, rest = write_tables(
        [
            (out, _GROUP_HEADER, _group_rows(plan)),
            (unplaced_path(out), _UNPLACED_HEADER, _unplaced_rows(plan)),
        ],
        lineterminator="\n",
    )
    return groups, rest
