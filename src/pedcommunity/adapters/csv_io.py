r"""The CSV plumbing the matching and group-forming files share: a strict reader, an atomic writer.

:func:`read_rows` reads a file with a header row and refuses, naming the file, the line and
the column, everything a spreadsheet export gets wrong: a missing file or a folder, text that
is not UTF-8 (a byte-order mark is fine), an empty file, a missing, unknown or repeated column
(with the columns it expected and a "did you mean"), a wrong delimiter, a row with too many or
too few cells, and a cell longer than csv's field limit. Blank lines and rows of empty cells
are skipped; cells and header names are stripped of surrounding spaces; CRLF and LF both work;
a column without a name (a spreadsheet's trailing empty column) is allowed while it is empty.

:func:`whole_number` and :func:`finite_number` read numbers with ASCII digits only and a range,
so ``²``, ``1e308``, ``inf`` and 30-digit capacities are refused rather than crash a solver.

:func:`read_columns` reads a plain file (what programs write: ASCII, no quotes, no blank
lines) column by column with numpy, at the speed of its bytes: a million edges in well under
a second where the row reader takes several. Its :class:`Columns` give ids, whole numbers and
decimals exactly as the row reader's functions read them, or ``None`` when a cell would be
refused or the file is not plain; the caller then reads the rows, and the error names the
line and the column as ever.

:func:`write_tables` writes one or more CSV files all or nothing: each goes to a temporary file
in its own folder, and only when every one is written are they renamed into place with
:func:`os.replace`, so a failed run leaves no partial file and keeps an existing one intact.

Every refusal is a :class:`CsvError`, an :class:`~pedcommunity.errors.InvalidData` whose
``path`` is ``"<file> line <n>"`` and which also carries the column and a Russian text.

Examples:
    >>> import io
    >>> rows = read_rows(io.StringIO("id,capacity\nolga,2\n\n"), required=("id",),
    ...                  optional=("capacity",), kind="a mentors file")
    >>> [(r.line, r["id"], whole_number(r, "capacity", low=0, high=10)) for r in rows]
    [(2, 'olga', 2)]
    >>> list(read_rows(io.StringIO("id,teachs\nolga,x\n"), required=("id",),
    ...                optional=("teaches",), kind="a mentors file", name="M.csv"))
    Traceback (most recent call last):
    ...
    pedcommunity.adapters.csv_io.CsvError: M.csv line 1: unknown column 'teachs' (did you mean ...
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import math
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pedcommunity.errors import InvalidData

if TYPE_CHECKING:
    from _csv import Reader

    # numpy is imported by the column reader when it runs: the CLI imports this module for
    # its error type, and --help must not load numpy (tests/unit/test_cli_errors.py).
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "Columns",
    "CsvError",
    "Row",
    "Source",
    "Table",
    "finite_number",
    "read_columns",
    "read_rows",
    "shown",
    "whole_number",
    "write_tables",
]

Source = str | Path | IO[str]
Table = tuple[str | Path, Sequence[str], Iterable[Sequence[object]]]
"""One file to write: its path, its header and its rows."""

_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SURROGATE = re.compile("[\udc80-\udcff]")


class CsvError(InvalidData):
    """A CSV file was refused: where (file, line, column) and what was wrong, in en and ru.

    Attributes:
        source: the file's name as the caller gave it (or ``input`` for a stream).
        line: the line of the file (the header is line 1 unless blank lines come first), or
            ``None`` for the file as a whole.
        column: the column (field name) at fault, or ``None`` for a whole row or file.
        problem: what was wrong and what is allowed, in English.
        ru: the same in Russian, or ``None`` where only English is written.

    Examples:
        >>> err = CsvError("capacity must be a whole number of 0 or more, got '-1'",
        ...                source="M.csv", line=4, column="capacity")
        >>> err.path
        'M.csv line 4'
        >>> err.summary("en")
        "M.csv, line 4, column capacity: capacity must be a whole number of 0 or more, got '-1'"
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str,
        line: int | None = None,
        column: str | None = None,
        ru: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.ru = ru
        super().__init__(problem, path=source if line is None else f"{source} line {line}")

    def summary(self, lang: str = "en") -> str:
        """One line naming the file, the line and the column, then the problem.

        Args:
            lang: ``"en"`` or ``"ru"``; Russian falls back to the English problem text where
                no Russian one was written.

        Examples:
            >>> CsvError("the file does not exist", source="M.csv", ru="файла нет").summary("ru")
            'M.csv: файла нет'
        """
        ru = lang == "ru"
        column = self.column
        if column is not None and not column.isidentifier():
            column = shown(column)  # an empty or odd name stays visible
        parts = [self.source]
        if self.line is not None:
            parts.append(f"строка {self.line}" if ru else f"line {self.line}")
        if self.column is not None:
            parts.append(f"столбец {column}" if ru else f"column {column}")
        text = self.ru if ru and self.ru else self.problem
        return f"{', '.join(parts)}: {text}"


def shown(value: str, limit: int = 40) -> str:
    """``repr(value)``, cut to about ``limit`` characters, for quoting a cell in an error.

    Examples:
        >>> shown("teachs"), shown("x" * 100, limit=8)
        ("'teachs'", "'xxxxxxxx'...")
    """
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}..."


class Row:
    """One data row: its file, its line and its cells by column name (stripped, never ``None``).

    Examples:
        >>> row = Row("M.csv", 3, {"id": "olga"})
        >>> row["id"], row.get("capacity"), row.where
        ('olga', '', 'M.csv line 3')
    """

    __slots__ = ("cells", "line", "source")

    def __init__(self, source: str, line: int, cells: dict[str, str]) -> None:
        self.source = source
        self.line = line
        self.cells = cells

    @property
    def where(self) -> str:
        """``"<file> line <n>"``: the ``path`` of an error about this row."""
        return f"{self.source} line {self.line}"

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def get(self, column: str, default: str = "") -> str:
        """The cell of ``column``, or ``default`` when the file has no such column."""
        return self.cells.get(column, default)

    def error(self, problem: str, *, column: str | None = None, ru: str | None = None) -> CsvError:
        """A :class:`CsvError` at this row (to raise)."""
        return CsvError(problem, source=self.source, line=self.line, column=column, ru=ru)


def _label(source: Source, name: str | None) -> str:
    return name or (str(source) if isinstance(source, str | Path) else "input")


def _open_error(exc: OSError, label: str) -> CsvError:
    if isinstance(exc, FileNotFoundError):
        return CsvError("the file does not exist", source=label, ru="такого файла нет")
    if isinstance(exc, IsADirectoryError):
        return CsvError("is a folder, not a file", source=label, ru="это папка, а не файл")
    reason = exc.strerror or type(exc).__name__
    return CsvError(
        f"the file cannot be read: {reason}", source=label, ru=f"файл не читается: {reason}"
    )


def _check_text(cells: Sequence[str], label: str, line: int, header: Sequence[str]) -> None:
    # The file is decoded with surrogateescape, so a byte that is not UTF-8 becomes a lone
    # surrogate: found here, it names the line and the column instead of a UnicodeDecodeError.
    for k, cell in enumerate(cells):
        bad = _SURROGATE.search(cell)
        if bad is None:
            continue
        byte = ord(bad.group()) - 0xDC00
        column = header[k] if k < len(header) else None
        raise CsvError(
            f"the text is not UTF-8 (byte 0x{byte:02x}); save the file as 'CSV UTF-8'",
            source=label,
            line=line,
            column=column,
            ru=f"текст не в кодировке UTF-8 (байт 0x{byte:02x}); сохраните файл как «CSV UTF-8»",
        )


def _expected(required: Sequence[str], optional: Sequence[str]) -> str:
    return ", ".join([f"{c} (required)" for c in required] + list(optional))


def _expected_ru(required: Sequence[str], optional: Sequence[str]) -> str:
    return ", ".join([f"{c} (обязательный)" for c in required] + list(optional))


def _check_header(
    header: list[str],
    line: int,
    *,
    label: str,
    required: Sequence[str],
    optional: Sequence[str],
    extra: bool,
    kind: str,
) -> None:
    known = (*required, *optional)
    expected, expected_ru = _expected(required, optional), _expected_ru(required, optional)
    twice = sorted({h for h in header if header.count(h) > 1 and h in known})
    if twice:
        raise CsvError(
            f"column {twice[0]} appears twice in the header; each column once: {expected}",
            source=label,
            line=line,
            column=twice[0],
            ru=f"столбец {twice[0]} повторяется в заголовке; каждый столбец один раз: "
            f"{expected_ru}",
        )
    # A column with no name is the spreadsheet's trailing empty column: allowed while empty.
    unknown = [] if extra else [h for h in header if h and h not in known]
    missing = [c for c in required if c not in header]
    if not unknown and not missing:
        return
    en, ru = [], []
    if unknown:
        names = ", ".join(shown(h) for h in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        guesses = [g for h in unknown for g in difflib.get_close_matches(h, known, n=1)]
        if len(header) == 1 and any(d in header[0] for d in ";\t|"):
            guesses = []  # one name holding a delimiter: the hint below says more
        hint = f" (did you mean {', '.join(guesses)}?)" if guesses else ""
        hint_ru = f" (может быть, {', '.join(guesses)}?)" if guesses else ""
        plural = "s" if len(unknown) > 1 else ""
        en.append(f"unknown column{plural} {names}{hint}")
        ru.append(
            f"неизвестны{'е' if plural else 'й'} столб{'цы' if plural else 'ец'} {names}{hint_ru}"
        )
    if missing:
        others = [h for h in header if h not in known]
        near = [h for m in missing for h in difflib.get_close_matches(m, others, n=1)]
        hint = f" (is {', '.join(shown(h) for h in near)} misspelt?)" if extra and near else ""
        hint_ru = f" (может быть, опечатка в {', '.join(shown(h) for h in near)}?)" if hint else ""
        en.append(f"missing column(s) {', '.join(missing)}{hint}")
        ru.append(f"нет столбца {', '.join(missing)}{hint_ru}")
    delimiter = next((d for d in ";\t|" if len(header) == 1 and d in header[0]), None)
    if delimiter is not None:
        en.append(f"the cells seem separated by {delimiter!r}: a CSV file separates them by commas")
        ru.append(f"ячейки, похоже, разделены {delimiter!r}: в CSV их разделяют запятые")
    raise CsvError(
        f"{'; '.join(en)}; {kind} has the columns {expected}",
        source=label,
        line=line,
        column=(unknown or missing)[0] if len(unknown) + len(missing) == 1 else None,
        ru=f"{'; '.join(ru)}; столбцы файла: {expected_ru}",
    )


def read_rows(
    source: Source,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    extra: bool = False,
    kind: str = "the file",
    name: str | None = None,
) -> Iterator[Row]:
    r"""The data rows of a CSV file with a header, checked as the module doc says.

    The file is opened on the first ``next()``; a stream is read as it is (not closed).

    Args:
        source: a path, or an open text stream.
        required: columns the header must have.
        optional: columns the header may have; a missing one reads as empty cells.
        extra: whether other columns are allowed (and ignored); by default they are refused.
        kind: what the file is, for the error about its columns (``"a mentors file"``).
        name: what to call the file in errors; by default the path, or ``input``.

    Yields:
        A :class:`Row` per data row, with a cell for every column of the header.

    Raises:
        CsvError: the file cannot be read, or is malformed as listed in the module doc.

    Examples:
        >>> import io
        >>> text = "\ufeffmentor_id;capacity\r\nm1;2\r\n"
        >>> list(read_rows(io.StringIO(text), required=("mentor_id", "capacity")))
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: input line 1: unknown column ...; the cells seem ...
        >>> rows = read_rows(io.StringIO("a,b\n1,2\n3\n"), required=("a", "b"))
        >>> [r.cells for r in rows]
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: input line 3: the row has 1 cell, the header has ...
    """
    label = _label(source, name)
    with contextlib.ExitStack() as stack:
        if isinstance(source, str | Path):
            try:
                handle: IO[str] = stack.enter_context(
                    # utf-8-sig: spreadsheet programs often write a byte-order mark first.
                    open(source, newline="", encoding="utf-8-sig", errors="surrogateescape")
                )
            except OSError as exc:
                raise _open_error(exc, label) from None
        else:
            handle = source
        # strict: a quote left open would otherwise swallow the rest of the file into one cell.
        reader = csv.reader(handle, strict=True)
        try:
            yield from _data_rows(
                reader,
                label=label,
                required=required,
                optional=optional,
                extra=extra,
                kind=kind,
            )
        except csv.Error as exc:
            limit = csv.field_size_limit()
            too_long = "field limit" in str(exc)
            raise CsvError(
                f"a cell is longer than {limit} characters"
                if too_long
                else f"the CSV is malformed: {exc}",
                source=label,
                line=reader.line_num,
                ru=f"ячейка длиннее {limit} символов" if too_long else f"нарушен формат CSV: {exc}",
            ) from None
        except OSError as exc:  # a read error after opening (a folder on some systems)
            raise _open_error(exc, label) from None


def _data_rows(
    reader: Reader,
    *,
    label: str,
    required: Sequence[str],
    optional: Sequence[str],
    extra: bool,
    kind: str,
) -> Iterator[Row]:
    raw = next(reader, None)
    while raw is not None and not any(c.strip() for c in raw):
        raw = next(reader, None)  # blank lines before the header, as after it, are skipped
    if raw is None:
        raise CsvError(
            f"the file is empty; missing column(s) {', '.join(required)}: the first line must be "
            f"the header of {kind}: {_expected(required, optional)}",
            source=label,
            line=1,
            ru="файл пуст; первая строка должна быть заголовком: "
            + _expected_ru(required, optional),
        )
    header = [h.strip() for h in raw]
    if header:
        # A stream opened without utf-8-sig keeps the byte-order mark in the first name.
        header[0] = header[0].removeprefix("\ufeff").strip()
    at = reader.line_num
    _check_text(header, label, at, [])
    _check_header(
        header, at, label=label, required=required, optional=optional, extra=extra, kind=kind
    )
    width = len(header)
    unnamed = [k for k, h in enumerate(header) if not h]
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # a blank line, or a row of empty cells a spreadsheet left behind
        _check_text(cells, label, line, header)
        if len(cells) != width:
            more = len(cells) > width
            raise CsvError(
                f"the row has {len(cells)} cell{'s' if len(cells) != 1 else ''}, the header has "
                f"{width}: the row has {'more' if more else 'fewer'} cells than the header "
                "(an empty cell is fine, a missing one is not)",
                source=label,
                line=line,
                ru=f"в строке ячеек: {len(cells)}, в заголовке: {width}; "
                "пустая ячейка допустима, пропущенная нет",
            )
        filled = next((k for k in unnamed if cells[k].strip()), None)
        if filled is not None and not extra:
            raise CsvError(
                f"cell {filled + 1} holds {shown(cells[filled].strip())}, but its column has no "
                "name in the header",
                source=label,
                line=line,
                ru=f"в ячейке {filled + 1} значение {shown(cells[filled].strip())}, "
                "а у её столбца нет имени в заголовке",
            )
        yield Row(label, line, {h: c.strip() for h, c in zip(header, cells, strict=True) if h})


def whole_number(row: Row, column: str, *, low: int, high: int, default: int | None = None) -> int:
    """The cell of ``column`` as a whole number from ``low`` to ``high`` (ASCII digits only).

    Args:
        row: the row.
        column: the column to read.
        low: the smallest number allowed.
        high: the largest number allowed.
        default: the number an empty cell stands for; ``None`` refuses an empty cell.

    Raises:
        CsvError: the cell is not a whole number of ASCII digits, or is out of range.

    Examples:
        >>> row = Row("C.csv", 2, {"capacity": "²"})
        >>> whole_number(row, "capacity", low=0, high=10)
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: C.csv line 2: capacity must be a whole number of ...
    """
    raw = row.get(column)
    if not raw and default is not None:
        return default
    # isdigit alone accepts "²" and other digits int() refuses; the length check keeps int()
    # away from strings longer than Python's digit limit.
    digits = raw.lstrip("0")
    if raw.isascii() and raw.isdigit() and len(digits) > len(str(high)):
        number = high + 1
    else:
        number = int(raw) if raw.isascii() and raw.isdigit() else low - 1
    if number < low:
        least = "0 or more" if low == 0 else f"at least {low}"
        least_ru = "от 0" if low == 0 else f"не меньше {low}"
        raise row.error(
            f"{column} must be a whole number of {least}, got {shown(raw)}",
            column=column,
            ru=f"{column}: нужно целое число {least_ru} (цифрами 0-9), а не {shown(raw)}",
        )
    if number > high:
        raise row.error(
            f"{column} must be at most {high}, got {shown(raw)}",
            column=column,
            ru=f"{column}: нужно число не больше {high}, а не {shown(raw)}",
        )
    return number


def _number(x: float) -> str:
    # 1000000 rather than 1e+06: the bound reads as the digits a user would type.
    return str(int(x)) if x == int(x) and abs(x) < 1e15 else repr(x)


def finite_number(row: Row, column: str, *, low: float, high: float) -> float:
    """The cell of ``column`` as a decimal number from ``low`` to ``high`` (ASCII, no sign).

    ``inf``, ``nan``, ``1e308`` (out of range), ``1_000`` and non-ASCII digits are refused.

    Raises:
        CsvError: the cell is not such a number.

    Examples:
        >>> finite_number(Row("E.csv", 2, {"score": "0.75"}), "score", low=0, high=1)
        0.75
        >>> finite_number(Row("E.csv", 2, {"score": "1e308"}), "score", low=0, high=1)
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: E.csv line 2: score '1e308' must be a finite ...
    """
    raw = row.get(column)
    value = float(raw) if _NUMBER.fullmatch(raw) else None
    if value is None:
        try:
            float(raw)
        except ValueError:
            raise row.error(
                f"{column} {shown(raw)} is not a number; a {column} is a decimal number from "
                f"{_number(low)} to {_number(high)}",
                column=column,
                ru=f"{column} {shown(raw)} не число; нужно десятичное число "
                f"от {_number(low)} до {_number(high)}",
            ) from None
    if value is None or not math.isfinite(value) or not low <= value <= high:
        least = "0 or more" if low == 0 else f"at least {_number(low)}"
        raise row.error(
            f"{column} {shown(raw)} must be a finite number of {least} and at most {_number(high)}",
            column=column,
            ru=f"{column} {shown(raw)}: нужно конечное число от {_number(low)} до {_number(high)}",
        )
    return value


# -- column-wise reading of plain files ------------------------------------------------------

#: The bytes a plain file may hold: printable ASCII without the quote, and line ends.
_PLAIN = bytes(range(0x20, 0x7F)).replace(b'"', b"") + b"\r\n"
#: Mixed-radix id keys up to this many values are ranked with a table instead of a sort.
_TABLE_KEYS = 1 << 24
#: Decimals with at most this many digits are exact as whole number / power of ten (2**53).
_EXACT_DIGITS = 15


class Columns:
    r"""The cells of a plain CSV file, column by column: byte offsets into the file's bytes.

    Made by :func:`read_columns`. Each reader method returns ``None`` when a cell is not what
    it wants (an id that is not one, a number out of range...): the caller then reads the file
    row by row with :func:`read_rows`, whose error names the line and the column.

    Attributes:
        source: the file's name in errors (as :class:`CsvError` has it).
        rows: how many data rows the file has.

    Examples:
        >>> import io
        >>> cols = read_columns(io.StringIO("id,n\nb,2\na,10\nb,3\n"), required=("id", "n"))
        >>> cols.ids("id")[0], cols.ids("id")[1].tolist(), cols.whole_numbers("n", low=0, high=9)
        (['a', 'b'], [1, 0, 1], None)
    """

    def __init__(
        self,
        source: str,
        data: npt.NDArray[np.uint8],
        cells: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]],
        rows: int,
    ) -> None:
        self.source = source
        self.rows = rows
        self._data = data
        self._cells = cells

    def __len__(self) -> int:
        return self.rows

    def _matrix(self, column: str, most: int) -> npt.NDArray[np.uint8] | None:
        """The column's cells as rows of bytes padded with zeros, or ``None``.

        ``None`` when a cell is empty, longer than ``most`` or holds a space (a row read strips
        spaces; this reader does not).
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        start, end = self._cells[column]
        length = end - start
        if not self.rows:
            return np.zeros((0, 1), dtype=np.uint8)
        shortest, longest = int(length.min()), int(length.max())
        if shortest < 1 or longest > most:
            return None
        out = np.zeros((self.rows, longest), dtype=np.uint8)
        for k in range(longest):
            if k < shortest:
                out[:, k] = self._data[start + k]
            else:
                has = length > k
                out[has, k] = self._data[start[has] + k]
        if (out == ord(" ")).any():
            return None
        return out

    def ids(self, column: str) -> tuple[list[str], npt.NDArray[np.int64]] | None:
        """The distinct ids of ``column`` in sorted order, and each row's place among them.

        ``None`` when a cell is not an id (see :func:`pedcommunity.model._fields.is_id`).
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        from pedcommunity.model._fields import is_id  # noqa: PLC0415 (light)

        cells = self._matrix(column, 128)
        if cells is None:
            return None
        width = cells.shape[1]
        key = np.zeros(self.rows, dtype=np.int64)
        size = 1
        # Each byte position as a digit of its own base (the values seen there, in order;
        # padding 0 is the least), so the keys sort as the ids do and usually span few values.
        for k in range(width):
            seen = np.bincount(cells[:, k], minlength=256) > 0
            base = int(seen.sum())
            size *= base
            if size > max(_TABLE_KEYS, 4 * self.rows):
                break
            if base > 1:
                key *= base
                key += (np.cumsum(seen) - 1)[cells[:, k]]
        else:
            present = np.zeros(size, dtype=bool)
            present[key] = True
            rank = np.cumsum(present) - 1
            where = np.empty(size, dtype=np.int64)
            where[key] = np.arange(self.rows)
            first = where[np.flatnonzero(present)]
            index: npt.NDArray[np.int64] = rank[key]
            return self._checked(cells[first], index, is_id)
        # Too many distinct values per position for a table: sort the ids as strings.
        text = np.ascontiguousarray(cells).view(f"S{width}").reshape(-1)
        unique, inverse = np.unique(text, return_inverse=True)
        unique_cells = unique.view(np.uint8).reshape(len(unique), width)
        return self._checked(unique_cells, inverse.reshape(-1).astype(np.int64), is_id)

    @staticmethod
    def _checked(
        unique: npt.NDArray[np.uint8],
        index: npt.NDArray[np.int64],
        is_id: Callable[[object], bool],
    ) -> tuple[list[str], npt.NDArray[np.int64]] | None:
        width = unique.shape[1] if unique.ndim == 2 else 1
        raw = unique.view(f"S{width}").reshape(-1).tolist() if len(unique) else []
        ids = [b.decode("ascii") for b in raw]
        if not all(map(is_id, ids)):
            return None
        return ids, index

    def whole_numbers(self, column: str, *, low: int, high: int) -> npt.NDArray[np.int64] | None:
        """The column as whole numbers from ``low`` to ``high``, or ``None``.

        Each cell as :func:`whole_number` reads it (ASCII digits only); ``None`` when a cell
        is not one.
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        cells = self._matrix(column, 18)  # 18 digits always fit an int64
        if cells is None:
            return None
        digit = cells - np.uint8(ord("0"))
        pad = cells == 0
        if not ((digit <= 9) | pad).all():
            return None
        value = np.zeros(self.rows, dtype=np.int64)
        for k in range(cells.shape[1]):
            value = np.where(pad[:, k], value, value * 10 + digit[:, k])
        if self.rows and (int(value.min()) < low or int(value.max()) > high):
            return None
        return value

    @staticmethod
    def _fixed(
        cells: npt.NDArray[np.uint8], digit: npt.NDArray[np.uint8]
    ) -> npt.NDArray[np.float64] | None:
        """Decimals all written alike, read in one product; else ``None``.

        Alike: one length and the dot at one place (``0.713000``), as programs write them;
        anything else takes the general reading.
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        rows, width = cells.shape
        if not rows or not cells[:, -1].all():  # a padded (shorter) cell
            return None
        dots = np.flatnonzero(cells[0] == ord("."))
        places = [k for k in range(width) if k not in dots.tolist()]
        if len(dots) > 1 or not places or len(places) > _EXACT_DIGITS:
            return None
        if len(dots) and not (cells[:, dots[0]] == ord(".")).all():
            return None
        numbers = digit[:, places]
        if not (numbers <= 9).all():
            return None
        weights = 10 ** np.arange(len(places) - 1, -1, -1, dtype=np.int64)
        whole = numbers.astype(np.int64) @ weights
        after = width - 1 - int(dots[0]) if len(dots) else 0
        # As below: exact whole number over an exact power of ten, one rounding.
        out: npt.NDArray[np.float64] = whole.astype(np.float64) / 10.0**after
        return out

    def decimals(self, column: str, *, low: float, high: float) -> npt.NDArray[np.float64] | None:
        """The column as numbers from ``low`` to ``high``, or ``None``.

        Each cell exactly as ``float(cell)``, by :func:`finite_number`'s rules; ``None`` when
        a cell is not such a number.
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        cells = self._matrix(column, 1000)
        if cells is None:
            return None
        width = cells.shape[1]
        digit = cells - np.uint8(ord("0"))
        fixed = self._fixed(cells, digit)
        if fixed is not None:
            value = fixed
            if self.rows and not (value.min() >= low and value.max() <= high):
                return None
            return value
        is_digit = digit <= 9
        dot = cells == ord(".")
        digits = np.count_nonzero(is_digit, axis=1)
        plain = (
            ((is_digit | dot | (cells == 0)).all(axis=1))
            & (np.count_nonzero(dot, axis=1) <= 1)
            & (digits >= 1)
            & (digits <= _EXACT_DIGITS)
        )
        whole = np.zeros(self.rows, dtype=np.int64)
        after = np.zeros(self.rows, dtype=np.int64)
        seen_dot = np.zeros(self.rows, dtype=bool)
        for k in range(width):
            d = is_digit[:, k]
            whole = np.where(d, whole * 10 + digit[:, k], whole)
            after += d & seen_dot
            seen_dot |= dot[:, k]
        # A whole number below 2**53 and a power of ten up to 1e22 are exact doubles, and a
        # division rounds correctly: the quotient is float() of the decimal, bit for bit.
        value = whole.astype(np.float64) / np.power(10.0, np.minimum(after, 22))
        for r in np.flatnonzero(~plain).tolist():
            raw = cells[r].tobytes().rstrip(b"\0").decode("ascii")
            if _NUMBER.fullmatch(raw) is None:
                return None
            value[r] = float(raw)
        if self.rows and not (
            np.isfinite(value).all() and value.min() >= low and value.max() <= high
        ):
            return None
        return value


def _plain_bytes(source: Source) -> bytes | None:
    """The file's bytes when it is plain, else ``None``.

    Plain: ASCII with no quote and no control character but the line ends.
    """
    if isinstance(source, str | Path):
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError:
            return None  # the row reader names the problem
        data = data.removeprefix(b"\xef\xbb\xbf")
    elif isinstance(source, io.StringIO):
        text = source.read().removeprefix("\ufeff")
        if not text.isascii():
            return None
        data = text.encode("ascii")
    else:
        return None  # another stream might fail half-way: the row reader reads it
    if data.translate(None, _PLAIN):
        return None
    if not data.endswith(b"\n"):
        data += b"\n"
    return data


def read_columns(
    source: Source,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    extra: bool = False,
    name: str | None = None,
) -> Columns | None:
    r"""A plain CSV file's cells column by column, or ``None`` when it needs :func:`read_rows`.

    A file is plain when it is ASCII with no quote and no control character but the line
    ends (LF or CRLF), its header names each column once with no space and no unknown name (unless
    ``extra``) and no missing one, and every line has as many cells as the header: what a
    program writes. Its cells are then found with numpy, at the speed of the bytes, and read
    by the :class:`Columns` methods, each as the row reader would read it. Anything else
    (blank lines, spaces, quotes, a missing file...) gives ``None``, and a stream is left
    where it was: the caller reads the rows with :func:`read_rows` and gets the same values
    or the error naming the line. Only paths and :class:`io.StringIO` streams are read here.

    Examples:
        >>> import io
        >>> cols = read_columns(io.StringIO("a,b\n1,x\n2,y\n"), required=("a", "b"))
        >>> len(cols), cols.whole_numbers("a", low=0, high=5).tolist()
        (2, [1, 2])
        >>> read_columns(io.StringIO('a,b\n1,"x"\n'), required=("a", "b")) is None
        True
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    at = source.tell() if isinstance(source, io.StringIO) else 0

    def _rewind() -> Columns | None:
        # The row reader reads the stream from where it was, with its own newline mode.
        if isinstance(source, io.StringIO):
            source.seek(at)
        return None

    data = _plain_bytes(source)
    if data is None:
        return _rewind()
    label = _label(source, name)
    head, _, _ = data.partition(b"\n")
    if b"\r" in head[:-1]:
        return _rewind()  # a carriage return inside the header: csv ends the line there
    header = head.decode("ascii").removesuffix("\r").split(",")
    known = (*required, *optional)
    if (
        any(not h or " " in h for h in header)
        or len(set(header)) != len(header)
        or any(c not in header for c in required)
        or (not extra and any(h not in known for h in header))
    ):
        return _rewind()
    buf = np.frombuffer(data, dtype=np.uint8)
    width = len(header)
    start = len(head) + 1  # the first data byte
    # Every comma and line end of the data, in order: a plain file's are exactly width - 1
    # commas then a line end, row after row (one pass, no per-line counting).
    body = buf[start:]
    marks = np.flatnonzero((body == ord(",")) | (body == ord("\n"))) + start
    if len(marks) % width:
        return _rewind()
    rows = len(marks) // width
    grid = marks.reshape(rows, width)
    if rows and (
        not (buf[grid[:, -1]] == ord("\n")).all()
        or (width > 1 and not (buf[grid[:, :-1]] == ord(",")).all())
    ):
        return _rewind()
    line_end = grid[:, -1]
    line_start = np.concatenate([[start], line_end[:-1] + 1])[:rows].astype(np.int64)
    if int((line_end - line_start).max(initial=0)) > csv.field_size_limit():
        return _rewind()  # the row reader refuses the long cell
    crlf = np.zeros(rows, dtype=np.int64)
    returns = data.count(b"\r") - head.endswith(b"\r")
    if returns:
        crlf = (buf[line_end - 1] == ord("\r")).astype(np.int64)
        if int(crlf.sum()) != returns:
            return _rewind()  # a carriage return inside a line: csv's line end, but rare
    cells: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
    for k, column in enumerate(header):
        if column in known:
            first = line_start if k == 0 else grid[:, k - 1] + 1
            last = line_end - crlf if k == width - 1 else grid[:, k]
            cells[column] = (first.astype(np.int64), last.astype(np.int64))
    return Columns(label, buf, cells, rows)


def _write_error(exc: OSError, target: Path) -> CsvError:
    if isinstance(exc, FileNotFoundError):
        return CsvError(
            f"cannot be written: the folder {str(target.parent)!r} does not exist",
            source=str(target),
            ru=f"не записать: папки {str(target.parent)!r} нет",
        )
    reason = exc.strerror or type(exc).__name__
    return CsvError(f"cannot be written: {reason}", source=str(target), ru=f"не записать: {reason}")


def _temporary(target: Path) -> tuple[Path, IO[str]]:
    # Beside the target, so os.replace is a rename within one file system. os.open with 0o666
    # lets the umask set the mode, as a plain open() would (mkstemp would make it 0o600).
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        return tmp, os.fdopen(fd, "w", newline="", encoding="utf-8")
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover


def write_tables(tables: Sequence[Table], *, lineterminator: str = "\r\n") -> list[Path]:
    r"""Write CSV files all or nothing; return their paths.

    Each table is written to a temporary file beside its target; only when all are written
    are they renamed into place. A target that is a folder is refused before anything is
    written. If an error stops the run, the temporary files are removed and the targets are
    as they were.

    Args:
        tables: ``(path, header, rows)`` for each file.
        lineterminator: the end of each line (``"\r\n"`` is csv's default).

    Raises:
        CsvError: a target cannot be written; nothing was changed.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     out = write_tables([(Path(d) / "a.csv", ("x",), [(1,)]),
        ...                         (Path(d) / "b.csv", ("y",), [])], lineterminator="\n")
        ...     [p.read_text() for p in out], sorted(p.name for p in Path(d).iterdir())
        (['x\n1\n', 'y\n'], ['a.csv', 'b.csv'])
    """
    targets = [Path(path) for path, _, _ in tables]
    for target in targets:
        if target.is_dir():
            raise CsvError(
                "is a folder; give a file name", source=str(target), ru="это папка; нужно имя файла"
            )
    written: list[Path] = []
    try:
        for target, (_, header, rows) in zip(targets, tables, strict=True):
            try:
                tmp, handle = _temporary(target)
            except OSError as exc:
                raise _write_error(exc, target) from None
            written.append(tmp)
            try:
                with handle:
                    w = csv.writer(handle, lineterminator=lineterminator)
                    w.writerow(header)
                    w.writerows(rows)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise _write_error(exc, target) from None
        for k, (tmp, target) in enumerate(zip(written, targets, strict=True)):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                # Earlier targets are already in place; the folder check above makes this rare.
                written = written[k:]
                raise _write_error(exc, target) from None
        written = []
    finally:
        for tmp in written:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return targets
