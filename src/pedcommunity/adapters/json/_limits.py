"""The limits and forms of the JSON contract: its version, nesting, integers, date-times, money.

The public constants are re-exported by :mod:`pedcommunity.adapters.json`; the compiled
patterns and the private bounds are shared by its reader, its writer and its checks.
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from decimal import Decimal

#: The version of the JSON contract. A reader refuses documents of another major version.
SCHEMA_VERSION = "1"

#: The ``schema_version`` values a reader takes: the major version, or ``major.minor`` from
#: a newer writer of the same major version (``"1"``, ``"1.0"``, ``"1.2"``; not ``"1.x"``).
SCHEMA_VERSION_PATTERN = rf"{SCHEMA_VERSION}(?:\.(?:0|[1-9][0-9]*))?"

#: How deeply arrays and objects may nest in a document; the envelope is level 1. The deepest
#: document the library writes has 9 levels; the limit keeps a hostile document (thousands of
#: nested arrays) from exhausting the stack while it is parsed, checked or built.
MAX_DEPTH = 64

#: The largest integer a document holds (2**53 - 1): every JSON reader (JavaScript's, PHP's,
#: a double) holds integers up to it exactly (I-JSON, RFC 7493). Money is a decimal string.
MAX_INTEGER = 2**53 - 1

#: How a date-time is written: RFC 3339 with a ``T``, seconds, at most six fractional digits
#: (microseconds; more would be cut silently) and an offset (``Z`` or ``+03:00``).
DATE_TIME_PATTERN = (
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)

#: How a date is written: ``YYYY-MM-DD``.
DATE_PATTERN = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"

#: How money is written: an optional minus, digits, and at most two decimal places.
MONEY_PATTERN = r"-?[0-9]+(\.[0-9]{1,2})?"

_SCHEMA_VERSION = re.compile(SCHEMA_VERSION_PATTERN)
_DATE_TIME = re.compile(DATE_TIME_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_MONEY = re.compile(MONEY_PATTERN)
_CENT = Decimal("0.01")
_MAX_FLOAT = sys.float_info.max
_MINUTE = timedelta(minutes=1)
# Python writes integers of up to 4,300 digits (its default limit): about 14,000 bits.
_WRITABLE_BITS = 14_000
# An unpaired surrogate (a lone \ud800-\udfff): no UTF-8 file can hold one.
_SURROGATE = re.compile("[\ud800-\udfff]")
