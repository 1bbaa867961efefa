"""The strict hooks of single values: strings, numbers, booleans, enums, dates and money.

cattrs would coerce (``str(5)``, ``int("5")``, ``int(5.7)``); a contract refuses instead, on
reading and on writing alike, so what is written reads back. Each hook raises ``ValueError``
with what was wrong; the converter's caller turns it into an InvalidData with the path.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pedcommunity.adapters.json._errors import _show
from pedcommunity.adapters.json._limits import (
    _CENT,
    _DATE,
    _DATE_TIME,
    _MAX_FLOAT,
    _MINUTE,
    _MONEY,
    MAX_INTEGER,
)


def _strict_str(value: Any, target: Any) -> Any:
    # Hooks for str also catch its subclasses, StrEnum among them.
    if target is not str and isinstance(target, type) and issubclass(target, enum.Enum):
        return _structure_enum(value, target)
    if type(value) is not str:
        raise ValueError(f"expected a string, got {_show(value)}")
    return value


def _strict_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise ValueError(f"expected true or false, got {_show(value)}")
    return value


def _strict_int(value: Any, target: Any) -> Any:
    """An integer: a JSON number with no fraction within ±MAX_INTEGER (``true`` is not one).

    ``4.0`` is the integer 4: JSON has one kind of number, and JSON Schema counts a number
    with a zero fraction as an integer, so the reader agrees with the schema.
    """
    if target is not int and isinstance(target, type) and issubclass(target, enum.Enum):
        return _structure_enum(value, target)
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is not int:
        raise ValueError(f"expected an integer, got {_show(value)}")
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise ValueError(
            f"{_show(value)} is out of range; integers are within ±{MAX_INTEGER} (2**53 - 1)"
        )
    return value


def _strict_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_show(value)}")
    if not -_MAX_FLOAT <= value <= _MAX_FLOAT:  # also False for NaN
        raise ValueError(f"{_show(value)} is not a finite number a double can hold")
    return float(value)


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    allowed = [m.value for m in kind]
    if isinstance(value, bool) or not isinstance(value, str | int | float) or value not in allowed:
        raise ValueError(
            f"{_show(value)} is not a valid {kind.__name__}; allowed: "
            f"{', '.join(json.dumps(a) for a in allowed)}"
        )
    return kind(value)


def _structure_datetime(value: Any, _: Any) -> datetime:
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        naive = isinstance(value, str) and _DATE_TIME.fullmatch(value + "Z") is not None
        raise ValueError(
            f"date-time {_show(value)} needs a UTC offset (e.g. +03:00 or Z)"
            if naive
            else "expected an RFC 3339 date-time with its UTC offset, such as "
            f'"2025-09-01T10:00:00+03:00", got {_show(value)}'
        )
    return datetime.fromisoformat(value)  # a ValueError for 30 February: the hooks' caller


def _structure_money(value: Any, _: Any) -> Decimal:
    # A float (or any JSON number) is refused: 0.1 is not exact, and the contract says so.
    if not isinstance(value, str) or not _MONEY.fullmatch(value):
        raise ValueError(
            f'expected an amount as a decimal string such as "692644.00", got {_show(value)}'
        )
    return Decimal(value)


def _structure_date(value: Any, _: Any) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {_show(value)}")
    return date.fromisoformat(value)


# -- writing ------------------------------------------------------------------------------------


_NO_JSON_FORM = (bytes, bytearray, memoryview, set, frozenset, complex)


def _no_json_form(value: Any) -> Any:
    raise ValueError(
        f"{_show(value)} has no JSON form: a document holds strings, numbers, true, false, "
        "null, arrays and objects"
    )


def _write_str(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_show(value)}")
    return value


def _write_int(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {_show(value)}")
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise ValueError(f"{_show(value)} is out of range; integers are within ±{MAX_INTEGER}")
    return value


def _write_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_show(value)}")
    if not -_MAX_FLOAT <= value <= _MAX_FLOAT:
        raise ValueError(f"{_show(value)} is not a finite number; JSON has no NaN or Infinity")
    return value


def _write_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(f"expected True or False, got {_show(value)}")
    return value


def _enum_writer(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    def write(member: Any) -> Any:
        if not isinstance(member, kind):
            raise ValueError(f"expected a {kind.__name__}, got {_show(member)}")
        return member.value

    return write


def _write_datetime(at: Any) -> str:
    if not isinstance(at, datetime):
        raise ValueError(f"expected a datetime, got {_show(at)}")
    offset = at.utcoffset()
    if offset is None:
        raise ValueError(f"{at.isoformat()} needs a UTC offset: a naive time is ambiguous")
    if offset % _MINUTE:
        # RFC 3339 offsets are whole minutes; a historic local mean time (+02:30:17) is
        # written in UTC: the same instant, which is what datetimes compare.
        at = at.astimezone(UTC)
    text: str = at.isoformat()
    if not _DATE_TIME.fullmatch(text):
        raise ValueError(f"{text} is not an RFC 3339 date-time")
    return text


def _write_date(day: Any) -> str:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValueError(f"expected a date, got {_show(day)}")
    return day.isoformat()


def _unstructure_money(amount: Any) -> str:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError(f"expected a finite Decimal amount, got {_show(amount)}")
    exact = amount.quantize(_CENT)
    if exact != amount:
        raise ValueError(f"{amount} has more than two decimal places; money is in kopecks")
    return str(exact)
