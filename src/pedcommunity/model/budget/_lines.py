"""A budget and its parts: categories, lines as the document states them, and totals.

Examples:
    >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
    >>> b.lines[2].computed_total, b.subtotal(BudgetCategory.TAXES).total
    (Decimal('100000.00'), Decimal('90044.00'))
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, UnknownId
from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._fields import FrozenMap, check_id, to_frozen_map, to_tuple
from pedcommunity.model.budget._money import (
    CENT,
    ZERO,
    check_money,
    money,
    to_money,
    to_optional_money,
)

__all__ = ["Budget", "BudgetCategory", "BudgetLine", "BudgetTotals"]


class BudgetCategory(LabelledEnum):
    """The sections of a project budget, as in seed 003's grant application.

    Examples:
        >>> BudgetCategory("rent").label.ru
        'Арендная плата'
    """

    GOODS_WORKS_SERVICES = (
        "goods_works_services",
        "Оплата товаров, работ и услуг",
        "Goods, works and services",
    )
    RENT = "rent", "Арендная плата", "Rent"
    OTHER_EXPENSES = (
        "other_expenses",
        "Прочие расходы, непосредственно связанные с реализацией мероприятий проекта",
        "Other expenses directly related to the project's activities",
    )
    TAXES = "taxes", "Налоги", "Taxes"


def check_whole(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    """Validate a whole number of at least 0 (a quantity); ``True`` is not a quantity."""
    # bool is an int in Python, but True is not a quantity.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"{attribute.name} must be a whole number of at least 0, got {shown(value)}"
        )


@attrs.frozen
class BudgetLine:
    """One line of a budget, with its amounts as the document states them.

    ``total`` should be ``unit_cost * quantity`` and ``requested`` should be ``total -
    co_financing``; the line keeps what was written, and :func:`check_budget` says where it
    disagrees. :meth:`of` computes both for a new line. ``id`` names the line for spending
    against it (:func:`compare_spending`); it is unique within a budget.

    Examples:
        >>> line = BudgetLine.of(
        ...     name=Label(ru="Привлечение коучей и спикеров", en="Coaches and speakers"),
        ...     category=BudgetCategory.GOODS_WORKS_SERVICES, unit_cost=20000, quantity=5)
        >>> line.total, line.requested
        (Decimal('100000.00'), Decimal('100000.00'))
        >>> BudgetLine(name=line.name, category=line.category, unit_cost=0.5, quantity=1,
        ...            total=0, co_financing=0, requested=0)
        Traceback (most recent call last):
        ...
        ValueError: unit_cost must be exact (a Decimal, an int or a decimal string such as \
'692644.00'), not the float 0.5
    """

    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    category: BudgetCategory = attrs.field(validator=attrs.validators.instance_of(BudgetCategory))
    unit_cost: Decimal = attrs.field(converter=to_money, validator=check_money)
    quantity: int = attrs.field(validator=check_whole)
    total: Decimal = attrs.field(converter=to_money, validator=check_money)
    co_financing: Decimal = attrs.field(converter=to_money, validator=check_money)
    requested: Decimal = attrs.field(converter=to_money, validator=check_money)
    comment: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )
    # Last, so that positional construction of version-1 lines keeps its meaning.
    id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))

    @classmethod
    def of(
        cls,
        *,
        name: Label,
        category: BudgetCategory,
        unit_cost: Decimal | int | str,
        quantity: int,
        co_financing: Decimal | int | str = 0,
        comment: Label | None = None,
        id: str | None = None,
    ) -> BudgetLine:
        """A line whose total and requested amount are computed from the other columns.

        Examples:
            >>> BudgetLine.of(name=Label(ru="НДФЛ", en="Personal income tax"),
            ...               category=BudgetCategory.TAXES, unit_cost="90044", quantity=1,
            ...               co_financing=44).requested
            Decimal('90000.00')
        """
        unit = money(unit_cost)
        own = money(co_financing)
        # A quantity that is not a whole number is refused by the constructor, below.
        ok = isinstance(quantity, int) and not isinstance(quantity, bool)
        total = unit * quantity if ok else unit
        return cls(
            name=name,
            category=category,
            unit_cost=unit,
            quantity=quantity,
            total=total,
            co_financing=own,
            requested=total - own,
            comment=comment,
            id=id,
        )

    @property
    def computed_total(self) -> Decimal:
        """``unit_cost * quantity``: what ``total`` should be."""
        return (self.unit_cost * self.quantity).quantize(CENT)

    @property
    def computed_requested(self) -> Decimal:
        """``total - co_financing``: what ``requested`` should be."""
        return (self.total - self.co_financing).quantize(CENT)


@attrs.frozen
class BudgetTotals:
    """The three sums of a budget or of one category: total, co-financing and requested.

    Examples:
        >>> t = BudgetTotals(total=600000, co_financing=0, requested=600000)
        >>> t + BudgetTotals(total=2600, co_financing=0, requested=2600)
        BudgetTotals(total=Decimal('602600.00'), co_financing=Decimal('0.00'), \
requested=Decimal('602600.00'))
    """

    total: Decimal = attrs.field(default=ZERO, converter=to_money, validator=check_money)
    co_financing: Decimal = attrs.field(default=ZERO, converter=to_money, validator=check_money)
    requested: Decimal = attrs.field(default=ZERO, converter=to_money, validator=check_money)

    def __add__(self, other: BudgetTotals) -> BudgetTotals:
        if not isinstance(other, BudgetTotals):
            return NotImplemented
        return BudgetTotals(
            total=self.total + other.total,
            co_financing=self.co_financing + other.co_financing,
            requested=self.requested + other.requested,
        )

    @classmethod
    def of_lines(cls, lines: Iterable[BudgetLine]) -> BudgetTotals:
        """The sums of the stated amounts of ``lines``.

        Examples:
            >>> BudgetTotals.of_lines([]).total
            Decimal('0.00')
        """
        result = cls()
        for line in lines:
            result += cls(
                total=line.total, co_financing=line.co_financing, requested=line.requested
            )
        return result


def _stated_subtotals(
    instance: object,
    attribute: attrs.Attribute[FrozenMap[BudgetCategory, BudgetTotals]],
    value: FrozenMap[BudgetCategory, BudgetTotals],
) -> None:
    for key, totals in value.items():
        if not isinstance(key, BudgetCategory) or not isinstance(totals, BudgetTotals):
            raise ValueError(
                f"{attribute.name} maps a BudgetCategory to BudgetTotals, got "
                f"{shown(key)}: {shown(totals)}"
            )


def _unique_line_ids(
    instance: object, attribute: attrs.Attribute[tuple[BudgetLine, ...]], value: object
) -> None:
    seen: set[str] = set()
    for line in value:  # type: ignore[attr-defined]
        if line.id is None:
            continue
        if line.id in seen:
            raise DuplicateId(kind="budget line", id=line.id, field=attribute.name)
        seen.add(line.id)


@attrs.frozen
class Budget:
    """A project budget: its lines, and the subtotals and overall total the document states.

    ``stated_subtotals`` and ``stated_total`` are optional: they are what the document says
    (an «Итого» row, the amount in the heading), checked against the lines by
    :func:`check_budget`. ``community_id`` names the community whose project it is, if any.

    Examples:
        >>> cat = BudgetCategory.GOODS_WORKS_SERVICES
        >>> b = Budget(title=Label(ru="Проект", en="Project"), lines=[
        ...     BudgetLine.of(name=Label(ru="Панель", en="Panel"), category=cat,
        ...                   unit_cost=400000, quantity=1, co_financing=100000)])
        >>> b.totals()
        BudgetTotals(total=Decimal('400000.00'), co_financing=Decimal('100000.00'), \
requested=Decimal('300000.00'))
        >>> list(b.by_category())
        [<BudgetCategory.GOODS_WORKS_SERVICES: 'goods_works_services'>]
    """

    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    lines: tuple[BudgetLine, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[
            attrs.validators.deep_iterable(attrs.validators.instance_of(BudgetLine)),
            _unique_line_ids,
        ],
    )
    stated_subtotals: FrozenMap[BudgetCategory, BudgetTotals] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_stated_subtotals
    )
    stated_total: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_money,
        validator=attrs.validators.optional(check_money),
    )
    community_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )

    @property
    def line_ids(self) -> tuple[str, ...]:
        """The ids of the lines that have one, in the budget's order.

        Examples:
            >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.line_ids[:2]
            ('event_equipment', 'space_equipment')
        """
        return tuple(line.id for line in self.lines if line.id is not None)

    def line(self, line_id: str) -> BudgetLine:
        """The line with id ``line_id``.

        Raises:
            UnknownId: no line has that id (the error lists the ids there are).

        Examples:
            >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.line("coaches_speakers").quantity
            5
        """
        for line in self.lines:
            if line.id is not None and line.id == line_id:
                return line
        raise UnknownId(kind="budget line", id=line_id, known=self.line_ids)

    def lines_in(self, category: BudgetCategory) -> tuple[BudgetLine, ...]:
        """The lines of ``category``, in the budget's order.

        Examples:
            >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.lines_in(BudgetCategory.TAXES)[0].name.ru
            'НДФЛ'
        """
        return tuple(line for line in self.lines if line.category is category)

    def subtotal(self, category: BudgetCategory) -> BudgetTotals:
        """The sums of the lines of ``category`` (zero when it has none).

        Examples:
            >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.subtotal(BudgetCategory.RENT).total
            Decimal('0.00')
        """
        return BudgetTotals.of_lines(self.lines_in(category))

    def by_category(self) -> dict[BudgetCategory, BudgetTotals]:
        """The sums of every category that has lines, in the order of :class:`BudgetCategory`.

        Examples:
            >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
            >>> {c.value: t.total for c, t in b.by_category().items()}
            ... # doctest: +NORMALIZE_WHITESPACE
            {'goods_works_services': Decimal('600000.00'), 'rent': Decimal('0.00'),
             'other_expenses': Decimal('2600.00'), 'taxes': Decimal('90044.00')}
        """
        present = {line.category for line in self.lines}
        return {c: self.subtotal(c) for c in BudgetCategory if c in present}

    def totals(self) -> BudgetTotals:
        """The sums of all the lines: total, co-financing and requested.

        Examples:
            >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.totals().requested
            Decimal('692644.00')
        """
        return BudgetTotals.of_lines(self.lines)
