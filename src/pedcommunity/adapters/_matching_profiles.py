r"""Mentor and mentee profiles from CSV files: one row per person, lists and levels in cells.

The columns (:data:`MENTOR_COLUMNS`, :data:`MENTEE_COLUMNS`) and the rules of each cell are in
:mod:`pedcommunity.adapters.matching_csv`; import these names from there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pedcommunity.adapters.csv_io import Row, Source, read_rows, shown, whole_number
from pedcommunity.errors import DuplicateId
from pedcommunity.model import Level, MeetingFormat, MenteeProfile, MentorProfile

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
MAX_CAPACITY = 10_000
"""The most mentees one mentor may be given in a file: far above any real load, and small
enough that no sum of capacities overflows a solver's 64-bit arithmetic."""
MAX_YEARS = 70
"""The most years of experience a profile may give (the model's own bound)."""

_LEVELS = {level.name.lower(): level for level in Level if level is not Level.NONE}
_LEVEL_DIGITS = {str(int(level)): level for level in _LEVELS.values()}


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
