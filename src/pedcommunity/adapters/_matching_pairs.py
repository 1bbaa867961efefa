r"""Pairs from CSV files: never pairs and locked pairs, each row checked against the people.

:func:`read_constraints` checks every id against the mentors and mentees of the other files,
and the locked pairs against the never pairs, each other and the mentors' capacities, each
refusal naming the file, the line and the column. Import these names from
:mod:`pedcommunity.adapters.matching_csv`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pedcommunity.adapters.csv_io import Row, Source, read_rows, shown
from pedcommunity.errors import InvalidData
from pedcommunity.matching.problem import Constraints
from pedcommunity.model._fields import is_id

PAIR_COLUMNS = ("mentor_id", "mentee_id")
"""The columns of a never or locked pairs file, both required."""
_ID_RULE = (
    "ids are 1-128 characters of letters, digits and '_.:@/-' starting with one of the first two"
)


def _id(row: Row, column: str) -> str:
    value = row[column]
    if not is_id(value):
        raise row.error(
            f"{column} {shown(value)} is not an id; {_ID_RULE}",
            column=column,
            ru=f"{column} {shown(value)} не идентификатор: 1-128 латинских букв, цифр и '_.:@/-'",
        )
    return value


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
