"""Money in a budget: exact roubles and kopecks as :class:`~decimal.Decimal` amounts.

:func:`money` turns a Decimal, an ``int`` or a decimal string into a two-place Decimal and
refuses a float (``0.1 + 0.2`` is not ``0.3``) or an amount with more than two decimal places;
:func:`to_money` and :func:`check_money` are the same rule as an attrs converter and validator,
so a refused field is named in the error.

Examples:
    >>> money("2600"), ZERO
    (Decimal('2600.00'), Decimal('0.00'))
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

__all__ = [
    "CENT",
    "ZERO",
    "check_money",
    "check_positive_money",
    "money",
    "to_money",
    "to_optional_money",
]

#: One kopeck: every amount is rounded to it.
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _exact(value: object) -> Decimal | None:
    """``value`` as a two-place Decimal, or ``None`` if it is not an exact amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value).quantize(CENT)
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None
    if not isinstance(value, Decimal) or not value.is_finite():
        return None
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:
        # More than two decimal places: rounding would change the amount, so it is refused.
        return None
    return value.quantize(CENT)


def money(value: Decimal | int | str) -> Decimal:
    """An exact amount in roubles, with two decimal places.

    Takes a :class:`~decimal.Decimal`, an ``int`` or a decimal string; refuses floats (they
    are not exact) and amounts with more than two decimal places.

    Raises:
        InvalidData: ``value`` is a float, not a number, or has more than two decimal places.

    Examples:
        >>> money(692644), money("2 600".replace(" ", "")), money(Decimal("0.5"))
        (Decimal('692644.00'), Decimal('2600.00'), Decimal('0.50'))
        >>> money(0.1)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $: amount must be exact (a Decimal, an int or a \
decimal string such as '692644.00'), not the float 0.1
    """
    exact = _exact(value)
    if exact is None:
        raise InvalidData(_money_problem("amount", value))
    return exact


def _money_problem(name: str, value: object) -> str:
    if isinstance(value, float):
        return (
            f"{name} must be exact (a Decimal, an int or a decimal string such as "
            f"'692644.00'), not the float {shown(value)}"
        )
    return (
        f"{name} must be an amount in roubles with at most two decimal places (a Decimal, an "
        f"int or a decimal string such as '692644.00'), got {shown(value)}"
    )


def to_money(value: Decimal | int | str) -> Decimal:
    """An exact amount as a two-place Decimal; anything else is returned as it is.

    What is returned as it is is refused by :func:`check_money`, which knows the field's name.

    Examples:
        >>> to_money(5), to_money("0.5"), to_money(0.5)
        (Decimal('5.00'), Decimal('0.50'), 0.5)
    """
    exact = _exact(value)
    return exact if exact is not None else value  # type: ignore[return-value]


def check_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a finite Decimal with exactly two decimal places (see :func:`money`).

    Examples:
        >>> @attrs.frozen
        ... class Fee:
        ...     amount: Decimal = attrs.field(converter=to_money, validator=check_money)
        >>> Fee(amount=1).amount
        Decimal('1.00')
        >>> Fee(amount="1.005")
        Traceback (most recent call last):
        ...
        ValueError: amount must be an amount in roubles with at most two decimal places (a \
Decimal, an int or a decimal string such as '692644.00'), got '1.005'
    """
    if type(value) is not Decimal or value.as_tuple().exponent != -2 or not value.is_finite():
        raise ValueError(_money_problem(attribute.name, value))


def check_positive_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an exact amount (see :func:`check_money`) of more than zero.

    Examples:
        >>> @attrs.frozen
        ... class Payment:
        ...     amount: Decimal = attrs.field(converter=to_money, validator=check_positive_money)
        >>> Payment(amount=0)
        Traceback (most recent call last):
        ...
        ValueError: amount must be more than zero, got 0.00
    """
    check_money(instance, attribute, value)
    if value <= 0:  # type: ignore[operator]
        raise ValueError(f"{attribute.name} must be more than zero, got {value}")


def to_optional_money(value: Decimal | int | str | None) -> Decimal | None:
    """:func:`to_money` for an optional amount: ``None`` stays ``None``.

    Examples:
        >>> to_optional_money(None), to_optional_money("2600")
        (None, Decimal('2600.00'))
    """
    return None if value is None else to_money(value)
