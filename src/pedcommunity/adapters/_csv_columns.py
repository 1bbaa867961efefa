r"""The column reader's arrays: a plain CSV file's cells found and read with numpy.

A plain file (what programs write: ASCII, no quotes, no blank lines) is read column by column
at the speed of its bytes: a million edges in well under a second where the row reader takes
several. :func:`_scan` finds every cell of such a file; :class:`Columns` reads them as ids,
whole numbers and decimals exactly as the row reader's functions read them, or gives ``None``
when a cell would be refused. :class:`~pedcommunity.adapters.csv_io.CsvInput` decides when a
file is plain and reads its rows otherwise; import these names from
:mod:`pedcommunity.adapters.csv_io`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pedcommunity.adapters._csv_cells import _NUMBER

if TYPE_CHECKING:
    # numpy is imported by the column reader when it runs: the CLI imports csv_io for its
    # error type, and --help must not load numpy (tests/unit/test_cli_errors.py).
    import numpy as np
    import numpy.typing as npt

#: The bytes a plain file may hold: printable ASCII without the quote, and line ends.
_PLAIN = bytes(range(0x20, 0x7F)).replace(b'"', b"") + b"\r\n"
#: Mixed-radix id keys up to this many values are ranked with a table instead of a sort.
_TABLE_KEYS = 1 << 24
#: Decimals with at most this many digits are exact as whole number / power of ten (2**53).
_EXACT_DIGITS = 15


class Columns:
    r"""The cells of a plain CSV file, column by column: byte offsets into the file's bytes.

    Made by :meth:`~pedcommunity.adapters.csv_io.CsvInput.columns`. Each reader method returns
    ``None`` when a cell is not what it wants (an id that is not one, a number out of range...):
    the caller then reads the file row by row (:meth:`~pedcommunity.adapters.csv_io.CsvInput.rows`),
    whose error names the line and the column.

    Attributes:
        source: the file's name in errors (as :class:`CsvError` has it).
        rows: how many data rows the file has.

    Examples:
        >>> import io
        >>> from pedcommunity.adapters.csv_io import read_columns
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


def _scan(
    label: str, data: bytes, head: bytes, header: list[str], known: Sequence[str]
) -> Columns | None:
    """The cells of the plain file ``data`` (its header line ``head``, read as ``header``).

    ``None`` when a line has more or fewer cells than the header, a line is longer than csv's
    field limit, or a carriage return stands inside a line: the row reader reads those.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    buf = np.frombuffer(data, dtype=np.uint8)
    width = len(header)
    start = len(head) + 1  # the first data byte
    # Every comma and line end of the data, in order: a plain file's are exactly width - 1
    # commas then a line end, row after row (one pass, no per-line counting).
    body = buf[start:]
    marks = np.flatnonzero((body == ord(",")) | (body == ord("\n"))) + start
    if len(marks) % width:
        return None
    rows = len(marks) // width
    grid = marks.reshape(rows, width)
    if rows and (
        not (buf[grid[:, -1]] == ord("\n")).all()
        or (width > 1 and not (buf[grid[:, :-1]] == ord(",")).all())
    ):
        return None
    line_end = grid[:, -1]
    line_start = np.concatenate([[start], line_end[:-1] + 1])[:rows].astype(np.int64)
    if int((line_end - line_start).max(initial=0)) > csv.field_size_limit():
        return None  # the row reader refuses the long cell
    crlf = np.zeros(rows, dtype=np.int64)
    returns = data.count(b"\r") - head.endswith(b"\r")
    if returns:
        crlf = (buf[line_end - 1] == ord("\r")).astype(np.int64)
        if int(crlf.sum()) != returns:
            return None  # a carriage return inside a line: csv's line end, but rare
    cells: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
    for k, column in enumerate(header):
        if column in known:
            first = line_start if k == 0 else grid[:, k - 1] + 1
            last = line_end - crlf if k == width - 1 else grid[:, k]
            cells[column] = (first.astype(np.int64), last.astype(np.int64))
    return Columns(label, buf, cells, rows)
