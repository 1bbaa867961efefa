"""The checks of a roster's cells, and the list of problems an import collects before refusing.

Every problem is a :class:`~pedcommunity.adapters.csv_io.CsvError` naming the file, the line
and the column; :class:`Problems` collects them all, and :meth:`Problems.check` raises one
:class:`RosterError` listing every one (nothing is imported).

Examples:
    >>> from pedcommunity.adapters.csv_io import Row
    >>> problems = Problems("roster.zip")
    >>> row = Row("users.csv", 3, {"dateLastModified": "2025-09-01"})
    >>> date_time(problems, row, "dateLastModified") is None, len(problems)
    (True, 1)
    >>> problems.check()
    Traceback (most recent call last):
    ...
    pedcommunity.adapters.oneroster._checks.RosterError: roster.zip: the roster was refused, \
nothing was imported (1 problem): users.csv, line 3, column dateLastModified: ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from pedcommunity.adapters.csv_io import CsvError, Row, shown
from pedcommunity.model._fields import is_id

__all__ = [
    "Problems",
    "RosterError",
    "choice",
    "date_time",
    "day",
    "id_cell",
    "id_list",
    "required",
]

_SHOWN = 20  # problems named in the message; the error's ``problems`` holds them all
# Fractions beyond microseconds (.NET writes 7 digits) are read and cut to microseconds.
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)", re.ASCII)
_DAY = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)


class RosterError(CsvError):
    """A roster refused: every problem found in it, each naming its file, line and column.

    Attributes:
        problems: the problems (:class:`~pedcommunity.adapters.csv_io.CsvError` s), in the
            order of the files and lines; ``len(problems) >= 1``.

    Examples:
        >>> err = RosterError("r.zip", [CsvError("missing", source="orgs.csv", line=2)])
        >>> [p.summary("en") for p in err.problems]
        ['orgs.csv, line 2: missing']
    """

    def __init__(self, source: str, problems: Sequence[CsvError]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        listed = "; ".join(p.summary("en") for p in self.problems[:_SHOWN])
        more = f"; and {count - _SHOWN} more" if count > _SHOWN else ""
        plural = "" if count == 1 else "s"
        super().__init__(
            f"the roster was refused, nothing was imported ({count} problem{plural}): "
            f"{listed}{more}",
            source=source,
            ru=f"список отклонён, ничего не импортировано (ошибок: {count})",
        )

    def lines(self, lang: str = "en") -> list[str]:
        """One line per problem (file, line, column, what), in ``lang``.

        Examples:
            >>> RosterError("r", [CsvError("x", source="a.csv", ru="икс")]).lines("ru")
            ['a.csv: икс']
        """
        return [p.summary(lang) for p in self.problems]


class Problems:
    """The problems of one roster, collected; :meth:`check` raises them as one error."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[CsvError] = []

    def __len__(self) -> int:
        return len(self.items)

    def add(
        self,
        problem: str,
        *,
        file: str,
        line: int | None = None,
        column: str | None = None,
        ru: str | None = None,
    ) -> None:
        """Note a problem of ``file`` (at ``line`` and ``column`` when given)."""
        self.items.append(CsvError(problem, source=file, line=line, column=column, ru=ru))

    def at(self, row: Row, column: str | None, problem: str, ru: str | None = None) -> None:
        """Note a problem of one row's cell."""
        self.items.append(row.error(problem, column=column, ru=ru))

    def check(self) -> None:
        """Raise :class:`RosterError` if any problem was noted."""
        if self.items:
            raise RosterError(self.source, self.items)


def required(problems: Problems, row: Row, column: str) -> str:
    """The cell, or ``""`` with a problem noted when it is empty."""
    value = row.get(column)
    if not value:
        problems.at(row, column, f"{column} is required", ru=f"{column} обязателен")
    return value


def id_cell(problems: Problems, row: Row, column: str, *, optional: bool = False) -> str | None:
    """A sourcedId: required unless ``optional``; an id of this library (1-128 letters...)."""
    value = row.get(column)
    if not value:
        if not optional:
            problems.at(row, column, f"{column} is required", ru=f"{column} обязателен")
        return None
    if not is_id(value):
        problems.at(
            row,
            column,
            f"{column} must be 1-128 letters, digits and '_.:@/-' starting with a letter or "
            f"digit, got {shown(value)}",
            ru=f"{column}: 1-128 букв, цифр и '_.:@/-', начиная с буквы или цифры; "
            f"получено {shown(value)}",
        )
        return None
    return value


def id_list(problems: Problems, row: Row, column: str) -> list[str] | None:
    """A list of sourcedIds separated by commas (``"s1,s2"``); ``None`` if one is bad."""
    value = row.get(column)
    ids = [part.strip() for part in value.split(",")] if value else []
    bad = [i for i in ids if not is_id(i)]
    if bad:
        problems.at(
            row,
            column,
            f"{column} is a list of sourcedIds separated by commas; {shown(bad[0])} is not one",
            ru=f"{column}: список sourcedId через запятую; {shown(bad[0])} не sourcedId",
        )
        return None
    if len(set(ids)) != len(ids):
        problems.at(row, column, f"{column} names an id twice", ru=f"{column}: id повторяется")
        return None
    return ids


def choice(
    problems: Problems, row: Row, column: str, allowed: Iterable[str], *, optional: bool = False
) -> str | None:
    """An enumerated cell (case-sensitive, as the spec says); ``None`` when empty or bad."""
    value = row.get(column)
    options = tuple(allowed)
    if not value and optional:
        return None
    if value not in options:
        got = "nothing" if not value else shown(value)
        problems.at(
            row,
            column,
            f"{column} must be one of {', '.join(options)}, got {got}",
            ru=f"{column}: одно из {', '.join(options)}; получено {got}",
        )
        return None
    return value


def date_time(problems: Problems, row: Row, column: str) -> datetime | None:
    """An ISO 8601 date and time with its offset (``2025-09-01T08:00:00.000Z``), in UTC."""
    value = row.get(column)
    if not value:
        return None
    if _DATE_TIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value).astimezone(UTC)
        except ValueError:
            pass  # 2025-02-30: the pattern fits, the calendar does not
    problems.at(
        row,
        column,
        f"{column} must be a date and time with its offset, as 2025-09-01T08:00:00.000Z, "
        f"got {shown(value)}",
        ru=f"{column}: дата и время со смещением, как 2025-09-01T08:00:00.000Z; "
        f"получено {shown(value)}",
    )
    return None


def day(problems: Problems, row: Row, column: str) -> date | None:
    """An ISO 8601 date (``2025-09-01``), or ``None`` when empty or bad."""
    value = row.get(column)
    if not value:
        return None
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.at(
        row,
        column,
        f"{column} must be a date as 2025-09-01, got {shown(value)}",
        ru=f"{column}: дата, как 2025-09-01; получено {shown(value)}",
    )
    return None
