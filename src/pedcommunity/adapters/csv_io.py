r"""The CSV plumbing the matching and group-forming files share: one strict reader, one writer.

:class:`CsvInput` is the one reader of the adapters: every CSV file they read goes through it.
It reads a file with a header row and refuses, naming the file, the line and the column,
everything a spreadsheet export gets wrong: a missing file or a folder, text that is not UTF-8
(a byte-order mark is fine), an empty file, a missing, unknown or repeated column (with the
columns it expected and a "did you mean"), a wrong delimiter, a row with too many or too few
cells, and a cell longer than csv's field limit. Blank lines and rows of empty cells are
skipped; cells and header names are stripped of surrounding spaces; CRLF and LF both work; a
column without a name (a spreadsheet's trailing empty column) is allowed while it is empty.

A plain file (what programs write: ASCII, no quotes, no blank lines) is also read column by
column with numpy (:meth:`CsvInput.columns`), at the speed of its bytes: a million edges in
well under a second where the row reader takes several. Its :class:`Columns` give ids, whole
numbers and decimals exactly as the row reader's functions read them, or ``None`` when a cell
would be refused or the file is not plain; the caller then reads the rows
(:meth:`CsvInput.rows`, from where a stream was when it was given), and the error names the
line and the column as ever. :func:`read_rows` and :func:`read_columns` are the two readings
of one file in one call.

:func:`whole_number` and :func:`finite_number` read numbers with ASCII digits only and a range,
so ``²``, ``1e308``, ``inf`` and 30-digit capacities are refused rather than crash a solver.

:func:`write_tables` writes one or more CSV files all or nothing: each goes to a temporary file
in its own folder, and only when every one is written are they renamed into place with
:func:`os.replace`, so a failed run leaves no partial file and keeps an existing one intact.

Every refusal is a :class:`CsvError`, an :class:`~pedcommunity.errors.InvalidData` whose
``path`` is ``"<file> line <n>"`` and which also carries the column and a Russian text.

The cells' readers are in ``_csv_cells``, the header checks in ``_csv_header``, the column
reader's arrays in ``_csv_columns`` and the writer in ``_csv_write``; import every name from
here.

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
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pedcommunity.adapters._csv_cells import finite_number, shown, whole_number
from pedcommunity.adapters._csv_columns import _PLAIN, Columns, _scan
from pedcommunity.adapters._csv_header import _expected, _expected_ru, _header_problem
from pedcommunity.adapters._csv_write import Table, write_tables
from pedcommunity.errors import InvalidData

if TYPE_CHECKING:
    from _csv import Reader

__all__ = [
    "Columns",
    "CsvError",
    "CsvInput",
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

_SURROGATE = re.compile("[\udc80-\udcff]")
# The byte-order mark a file may start with: no part of its header.
_BOM = "\ufeff"


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


class CsvInput:
    r"""One CSV file to read, row by row or column by column: the one reader of the adapters.

    It knows the columns the file must and may have, opens a path (UTF-8, a byte-order mark
    skipped) or reads a stream, and checks the header. :meth:`rows` gives the data rows, each
    refusal a :class:`CsvError` naming the line and the column; :meth:`columns` gives a plain
    file's cells column by column, or ``None``. A :class:`io.StringIO` stream is read from
    where it was when the input was made, each time: when the column reader declines the file,
    or its caller refuses a cell there, the rows are read from the same place and the error
    names the line.

    Args:
        source: a path, or an open text stream.
        required: columns the header must have.
        optional: columns the header may have; a missing one reads as empty cells.
        extra: whether other columns are allowed (and ignored); by default they are refused.
        kind: what the file is, for the error about its columns (``"a mentors file"``).
        name: what to call the file in errors; by default the path, or ``input``.

    Examples:
        >>> import io
        >>> file = CsvInput(io.StringIO("id,n\na,1\nb,x\n"), required=("id", "n"))
        >>> file.columns().whole_numbers("n", low=0, high=9) is None  # 'x' is no number
        True
        >>> [whole_number(row, "n", low=0, high=9) for row in file.rows()]
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.csv_io.CsvError: input line 3: n must be a whole number of 0 or ...
    """

    def __init__(
        self,
        source: Source,
        *,
        required: Sequence[str],
        optional: Sequence[str] = (),
        extra: bool = False,
        kind: str = "the file",
        name: str | None = None,
    ) -> None:
        self.source = source
        self.required = required
        self.optional = optional
        self.extra = extra
        self.kind = kind
        self.label = _label(source, name)
        # Where a stream was given: each reading starts there, with the stream's own newline mode.
        self._start = (source, source.tell()) if isinstance(source, io.StringIO) else None

    def _rewind(self) -> None:
        if self._start is not None:
            stream, at = self._start
            stream.seek(at)

    def rows(self) -> Iterator[Row]:
        """The data rows, checked as the module doc says; opened on the first ``next()``.

        Yields:
            A :class:`Row` per data row, with a cell for every column of the header.

        Raises:
            CsvError: the file cannot be read, or is malformed as listed in the module doc.
        """
        source, label = self.source, self.label
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
                self._rewind()
                handle = source
            # strict: a quote left open would otherwise swallow the rest of the file into one cell.
            reader = csv.reader(handle, strict=True)
            try:
                yield from _data_rows(
                    reader,
                    label=label,
                    required=self.required,
                    optional=self.optional,
                    extra=self.extra,
                    kind=self.kind,
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
                    ru=f"ячейка длиннее {limit} символов"
                    if too_long
                    else f"нарушен формат CSV: {exc}",
                ) from None
            except OSError as exc:  # a read error after opening (a folder on some systems)
                raise _open_error(exc, label) from None

    def columns(self) -> Columns | None:
        """A plain file's cells column by column, or ``None`` when its rows must be read.

        A file is plain when it is ASCII with no quote and no control character but the line
        ends (LF or CRLF), its header names each column once with no space and no unknown name
        (unless ``extra``) and no missing one, and every line has as many cells as the header:
        what a program writes. Its cells are then found with numpy, at the speed of the bytes,
        and read by the :class:`Columns` methods, each as the row reader would read it. Anything
        else (blank lines, spaces, quotes, a missing file...) gives ``None``, and a stream is
        left where it was given. Only paths and :class:`io.StringIO` streams are read here.
        """
        data = self._plain_bytes()
        if data is None:
            return self._declined()
        head, _, _ = data.partition(b"\n")
        if b"\r" in head[:-1]:
            return self._declined()  # a carriage return inside the header: csv ends the line there
        header = head.decode("ascii").removesuffix("\r").split(",")
        if not self._plain_header(header):
            return self._declined()
        columns = _scan(self.label, data, head, header, (*self.required, *self.optional))
        return columns if columns is not None else self._declined()

    def _declined(self) -> Columns | None:
        self._rewind()  # the row reader reads the stream from where it was given
        return None

    def _plain_header(self, header: list[str]) -> bool:
        """Whether the column reader takes ``header``.

        It does when the row reader does and every column is named once, without spaces (the
        row reader strips them; the column reader does not).
        """
        if any(not h or " " in h for h in header) or len(set(header)) != len(header):
            return False
        problem = _header_problem(
            header,
            required=self.required,
            optional=self.optional,
            extra=self.extra,
            kind=self.kind,
        )
        return problem is None  # else the row reader refuses the header, naming the problem

    def _plain_bytes(self) -> bytes | None:
        """The file's bytes when it is plain, else ``None``.

        Plain: ASCII with no quote and no control character but the line ends.
        """
        source = self.source
        if isinstance(source, str | Path):
            try:
                with open(source, "rb") as handle:
                    data = handle.read()
            except OSError:
                return None  # the row reader names the problem
            data = data.removeprefix(_BOM.encode())
        elif isinstance(source, io.StringIO):
            self._rewind()
            text = source.read().removeprefix(_BOM)
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

    :meth:`CsvInput.rows` in one call, the arguments as :class:`CsvInput` takes them. The file
    is opened on the first ``next()``; a stream is read as it is (not closed).

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
    yield from CsvInput(
        source, required=required, optional=optional, extra=extra, kind=kind, name=name
    ).rows()


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
        header[0] = header[0].removeprefix(_BOM).strip()
    at = reader.line_num
    _check_text(header, label, at, [])
    problem = _header_problem(header, required=required, optional=optional, extra=extra, kind=kind)
    if problem is not None:
        en, ru, column = problem
        raise CsvError(en, source=label, line=at, column=column, ru=ru)
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


def read_columns(
    source: Source,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    extra: bool = False,
    name: str | None = None,
) -> Columns | None:
    r"""A plain CSV file's cells column by column, or ``None`` when it needs :func:`read_rows`.

    :meth:`CsvInput.columns` in one call: see there what a plain file is. ``None`` leaves a
    stream where it was: the caller reads the rows with :func:`read_rows` and gets the same
    values or the error naming the line.

    Examples:
        >>> import io
        >>> cols = read_columns(io.StringIO("a,b\n1,x\n2,y\n"), required=("a", "b"))
        >>> len(cols), cols.whole_numbers("a", low=0, high=5).tolist()
        (2, [1, 2])
        >>> read_columns(io.StringIO('a,b\n1,"x"\n'), required=("a", "b")) is None
        True
    """
    return CsvInput(source, required=required, optional=optional, extra=extra, name=name).columns()
