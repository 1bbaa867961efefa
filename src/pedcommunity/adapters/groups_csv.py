r"""CSV files for PLC group forming: topic rankings in, groups and the unplaced out.

Input, ``rankings.csv``: a header row with ``teacher_id,topic_id,rank`` (other columns are
ignored), then one row per teacher per ranked topic; ``rank`` is 1 for a teacher's first
choice, and each teacher's ranks run 1, 2, 3... without gaps or repeats.

Output: ``groups.csv`` with ``topic_id,teacher_id,rank`` rows (by topic, then teacher) and,
beside it, ``groups.unplaced.csv`` with ``teacher_id,reason`` rows, where ``reason`` is an
:class:`~pedcommunity.matching.groups.UnplacedReason` value such as ``no_ranked_topic_open``.

Every refusal is an :class:`~pedcommunity.errors.InvalidData` whose path names the file and
the line (``rankings.csv line 7``; ``input line 7`` for a stream without a ``name``).

Examples:
    >>> import io
    >>> rankings = read_rankings(io.StringIO(
    ...     "teacher_id,topic_id,rank\nanna,nvc,2\nanna,4c,1\nboris,nvc,1\n"))
    >>> [(r.teacher_id, r.topic_ids) for r in rankings]
    [('anna', ('4c', 'nvc')), ('boris', ('nvc',))]
    >>> read_rankings(io.StringIO("teacher_id,topic_id,rank\nanna,nvc,first\n"), name="R.csv")
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: R.csv line 2: rank must be a whole number of at least 1, ...
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pedcommunity.errors import InvalidData
from pedcommunity.matching.groups import GroupPlan, TopicRanking

__all__ = ["read_rankings", "unplaced_path", "write_groups", "write_unplaced"]

Source = str | Path | IO[str]
COLUMNS = ("teacher_id", "topic_id", "rank")


def _rows(source: Source, name: str | None) -> Iterator[tuple[str, dict[str, str]]]:
    """(where, row) for each data row, after checking the header."""
    label = name or (str(source) if isinstance(source, str | Path) else "input")
    with contextlib.ExitStack() as stack:
        # utf-8-sig: spreadsheet programs often write a byte-order mark before the header.
        handle = (
            stack.enter_context(open(source, newline="", encoding="utf-8-sig"))
            if isinstance(source, str | Path)
            else source
        )
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise InvalidData(
                f"missing column(s) {', '.join(missing)}; the header must have "
                f"{','.join(COLUMNS)}, it has {','.join(header) or 'nothing'}",
                path=f"{label} line 1",
            )
        for row in reader:
            where = f"{label} line {reader.line_num}"
            if None in row:
                raise InvalidData("the row has more cells than the header", path=where)
            yield where, {k: (v or "").strip() for k, v in row.items()}


def read_rankings(source: Source, *, name: str | None = None) -> list[TopicRanking]:
    r"""Read ``teacher_id,topic_id,rank`` rows into one :class:`TopicRanking` per teacher.

    Teachers come in the order of their first row; each ranking lists topics by rank.

    Args:
        source: a file path, or an open text stream.
        name: what to call the input in errors; by default the path, or ``input``.

    Raises:
        InvalidData: a missing column, an empty or malformed id, a rank that is not a whole
            number of at least 1, a teacher ranking a topic twice or giving a rank twice, or
            ranks with a gap; the path names the line.

    Examples:
        >>> import io
        >>> read_rankings(io.StringIO("teacher_id,topic_id,rank\nanna,nvc,1\nanna,4c,1\n"))
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: input line 3: anna gives rank 1 twice: to nvc ...
    """
    topics: dict[str, dict[int, tuple[str, str]]] = {}  # teacher -> rank -> (topic, where)
    seen: dict[tuple[str, str], str] = {}
    for where, row in _rows(source, name):
        teacher, topic, raw = row["teacher_id"], row["topic_id"], row["rank"]
        for column in ("teacher_id", "topic_id"):
            if not row[column]:
                raise InvalidData(f"{column} is empty", path=where)
        try:
            TopicRanking(teacher_id=teacher, topic_ids=(topic,))
        except ValueError as e:
            raise InvalidData(str(e).replace("topic_ids", "topic_id"), path=where) from None
        # isdigit alone would accept "²" and other digits int() refuses.
        rank = int(raw) if raw.isascii() and raw.isdigit() else 0
        if rank < 1:
            raise InvalidData(f"rank must be a whole number of at least 1, got {raw!r}", path=where)
        if (teacher, topic) in seen:
            raise InvalidData(
                f"{teacher} ranks {topic} twice (first at {seen[teacher, topic]})", path=where
            )
        seen[teacher, topic] = where
        by_rank = topics.setdefault(teacher, {})
        if rank in by_rank:
            other, at = by_rank[rank]
            raise InvalidData(
                f"{teacher} gives rank {rank} twice: to {other} ({at}) and to {topic}", path=where
            )
        by_rank[rank] = (topic, where)
    out = []
    for teacher, by_rank in topics.items():
        for expected, rank in enumerate(sorted(by_rank), start=1):
            if rank != expected:
                raise InvalidData(
                    f"{teacher}'s ranks skip {expected}: ranks run 1, 2, 3... without gaps",
                    path=by_rank[rank][1],
                )
        out.append(
            TopicRanking(teacher_id=teacher, topic_ids=[by_rank[r][0] for r in sorted(by_rank)])
        )
    return out


def unplaced_path(out: str | Path) -> Path:
    """Where the unplaced go beside ``out``: ``groups.csv`` -> ``groups.unplaced.csv``.

    Examples:
        >>> unplaced_path("out/groups.csv").as_posix()
        'out/groups.unplaced.csv'
    """
    out = Path(out)
    return out.with_name(f"{out.stem}.unplaced{out.suffix or '.csv'}")


def write_groups(plan: GroupPlan, out: str | Path) -> Path:
    """Write ``topic_id,teacher_id,rank`` rows, group by group; return the path.

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
    out = Path(out)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("topic_id", "teacher_id", "rank"))
        for g in plan.groups:
            for teacher, rank in zip(g.teacher_ids, g.ranks, strict=True):
                w.writerow((g.topic_id, teacher, rank))
    return out


def write_unplaced(plan: GroupPlan, out: str | Path) -> Path:
    """Write ``teacher_id,reason`` rows for the teachers in no group; return the path.

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
    out = Path(out)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("teacher_id", "reason"))
        for u in plan.unplaced:
            w.writerow((u.teacher_id, u.reason.value))
    return out
