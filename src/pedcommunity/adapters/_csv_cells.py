r"""Reading one cell of a CSV row: numbers with ASCII digits and a range, and quoting a cell.

:func:`whole_number` and :func:`finite_number` read numbers with ASCII digits only and a range,
so ``²``, ``1e308``, ``inf`` and 30-digit capacities are refused rather than crash a solver;
the column reader (:class:`~pedcommunity.adapters.csv_io.Columns`) reads cells by the same
rules. Import these names from :mod:`pedcommunity.adapters.csv_io`.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pedcommunity.adapters.csv_io import Row

#: A decimal number as a cell holds one: ASCII digits, an optional fraction and exponent.
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def shown(value: str, limit: int = 40) -> str:
    """``repr(value)``, cut to about ``limit`` characters, for quoting a cell in an error.

    Examples:
        >>> shown("teachs"), shown("x" * 100, limit=8)
        ("'teachs'", "'xxxxxxxx'...")
    """
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}..."


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
        >>> from pedcommunity.adapters.csv_io import Row
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
        >>> from pedcommunity.adapters.csv_io import Row
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
