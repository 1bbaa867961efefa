"""A bounded ``repr`` for error messages: whatever a caller passed, the message stays short.

A validator's message shows the bad value; ``repr`` of a list nested a thousand deep raises
``RecursionError``, and of an integer with 5,000 digits raises ``ValueError``. Neither may stop
an error from being raised, so messages show values through :func:`shown`.

Examples:
    >>> shown("t-01"), shown(10 ** 5000), shown([[[[[[1]]]]]])
    ("'t-01'", '<an integer of about 5000 digits>', '[[[[...]]]]')
    >>> len(shown("x" * 10_000)) < 100
    True
"""

from __future__ import annotations

import reprlib

__all__ = ["shown"]

_REPR = reprlib.Repr()
_REPR.maxlevel = 4
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6


def shown(value: object) -> str:
    """``value`` as an error message shows it: a ``repr`` cut to a readable size."""
    if isinstance(value, int) and not isinstance(value, bool):
        digits = _digits(value)
        if digits > 30:
            return f"<an integer of about {digits} digits>"
    try:
        return _REPR.repr(value)
    except Exception:
        return f"<a {type(value).__name__}>"


def _digits(value: int) -> int:
    # bit_length never converts to decimal, so it has no digit limit; rounded to a few digits.
    return round(abs(value).bit_length() * 0.30103, -1 if value > 10**100 else 0).__int__()
