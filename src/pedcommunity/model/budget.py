"""Project budgets (seed 003): lines by category, exact money, totals and consistency checks.

A :class:`Budget` is a list of :class:`BudgetLine` s, each in one :class:`BudgetCategory`,
with the columns of the seed's table: unit cost, quantity, total, co-financing, requested
amount and a comment. Money is exact: :class:`decimal.Decimal` roubles with two decimal
places (kopecks); a float is refused, because ``0.1 + 0.2`` is not ``0.3``.

A line holds the amounts *as stated* in the document, so a budget with a slip in it can still
be written down; :func:`check_budget` then lists every slip as a :class:`BudgetFinding` with
Russian and English text naming the line. :data:`PEDAGOGICAL_INVESTMENT_BUDGET` is seed 003's
budget, line by line: 692 644 roubles overall.

Examples:
    >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
    >>> b.totals().total
    Decimal('692644.00')
    >>> b.subtotal(BudgetCategory.GOODS_WORKS_SERVICES).requested
    Decimal('600000.00')
    >>> check_budget(b)
    ()
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap, check_id, to_frozen_map, to_tuple

__all__ = [
    "PEDAGOGICAL_INVESTMENT_BUDGET",
    "Budget",
    "BudgetCategory",
    "BudgetFinding",
    "BudgetIssue",
    "BudgetLine",
    "BudgetTotals",
    "check_budget",
    "money",
]

_CENT = Decimal("0.01")
ZERO = Decimal("0.00")


# -- money ------------------------------------------------------------------------------------


def _exact(value: object) -> Decimal | None:
    """``value`` as a two-place Decimal, or ``None`` if it is not an exact amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value).quantize(_CENT)
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
    return value.quantize(_CENT)


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
    """Convert an exact amount becomes a two-place Decimal; anything else is kept.

    What is kept is refused by :func:`check_money`, which knows the field's name.
    """
    exact = _exact(value)
    return exact if exact is not None else value  # type: ignore[return-value]


def check_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a finite Decimal with exactly two decimal places (see :func:`money`)."""
    if type(value) is not Decimal or value.as_tuple().exponent != -2 or not value.is_finite():
        raise ValueError(_money_problem(attribute.name, value))


def _optional_money(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else to_money(value)


# -- categories and lines ---------------------------------------------------------------------


class BudgetCategory(enum.Enum):
    """The sections of a project budget, as in seed 003's grant application.

    Examples:
        >>> BudgetCategory("rent").label.ru
        'Арендная плата'
    """

    GOODS_WORKS_SERVICES = "goods_works_services"
    RENT = "rent"
    OTHER_EXPENSES = "other_expenses"
    TAXES = "taxes"

    @property
    def label(self) -> Label:
        """The category's Russian and English name."""
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    BudgetCategory.GOODS_WORKS_SERVICES: Label(
        ru="Оплата товаров, работ и услуг", en="Goods, works and services"
    ),
    BudgetCategory.RENT: Label(ru="Арендная плата", en="Rent"),
    BudgetCategory.OTHER_EXPENSES: Label(
        ru="Прочие расходы, непосредственно связанные с реализацией мероприятий проекта",
        en="Other expenses directly related to the project's activities",
    ),
    BudgetCategory.TAXES: Label(ru="Налоги", en="Taxes"),
}


def _whole(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
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
    disagrees. :meth:`of` computes both for a new line.

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
    quantity: int = attrs.field(validator=_whole)
    total: Decimal = attrs.field(converter=to_money, validator=check_money)
    co_financing: Decimal = attrs.field(converter=to_money, validator=check_money)
    requested: Decimal = attrs.field(converter=to_money, validator=check_money)
    comment: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )

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
        )

    @property
    def computed_total(self) -> Decimal:
        """``unit_cost * quantity``: what ``total`` should be."""
        return (self.unit_cost * self.quantity).quantize(_CENT)

    @property
    def computed_requested(self) -> Decimal:
        """``total - co_financing``: what ``requested`` should be."""
        return (self.total - self.co_financing).quantize(_CENT)


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
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(BudgetLine)),
    )
    stated_subtotals: FrozenMap[BudgetCategory, BudgetTotals] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_stated_subtotals
    )
    stated_total: Decimal | None = attrs.field(
        default=None,
        converter=_optional_money,
        validator=attrs.validators.optional(check_money),
    )
    community_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )

    def lines_in(self, category: BudgetCategory) -> tuple[BudgetLine, ...]:
        """The lines of ``category``, in the budget's order.

        Examples:
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.lines_in(BudgetCategory.TAXES)[0].name.ru
            'НДФЛ'
        """
        return tuple(line for line in self.lines if line.category is category)

    def subtotal(self, category: BudgetCategory) -> BudgetTotals:
        """The sums of the lines of ``category`` (zero when it has none).

        Examples:
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.subtotal(BudgetCategory.RENT).total
            Decimal('0.00')
        """
        return BudgetTotals.of_lines(self.lines_in(category))

    def by_category(self) -> dict[BudgetCategory, BudgetTotals]:
        """The sums of every category that has lines, in the order of :class:`BudgetCategory`.

        Examples:
            >>> {c.value: t.total for c, t in PEDAGOGICAL_INVESTMENT_BUDGET.by_category().items()}
            ... # doctest: +NORMALIZE_WHITESPACE
            {'goods_works_services': Decimal('600000.00'), 'rent': Decimal('0.00'),
             'other_expenses': Decimal('2600.00'), 'taxes': Decimal('90044.00')}
        """
        present = {line.category for line in self.lines}
        return {c: self.subtotal(c) for c in BudgetCategory if c in present}

    def totals(self) -> BudgetTotals:
        """The sums of all the lines: total, co-financing and requested.

        Examples:
            >>> PEDAGOGICAL_INVESTMENT_BUDGET.totals().requested
            Decimal('692644.00')
        """
        return BudgetTotals.of_lines(self.lines)


# -- checks -----------------------------------------------------------------------------------


class BudgetIssue(enum.Enum):
    """What a :class:`BudgetFinding` is about.

    Examples:
        >>> BudgetIssue.TOTAL_MISMATCH.label.en
        'Total is not unit cost × quantity'
    """

    NEGATIVE_AMOUNT = "negative_amount"
    TOTAL_MISMATCH = "total_mismatch"
    REQUESTED_MISMATCH = "requested_mismatch"
    SUBTOTAL_MISMATCH = "subtotal_mismatch"
    OVERALL_MISMATCH = "overall_mismatch"
    CO_FINANCING_SHORTFALL = "co_financing_shortfall"

    @property
    def label(self) -> Label:
        """The issue's Russian and English name."""
        return _ISSUE_LABELS[self]


_ISSUE_LABELS = {
    BudgetIssue.NEGATIVE_AMOUNT: Label(ru="Отрицательная сумма", en="Negative amount"),
    BudgetIssue.TOTAL_MISMATCH: Label(
        ru="Общая стоимость не равна стоимости единицы × количество",
        en="Total is not unit cost × quantity",
    ),
    BudgetIssue.REQUESTED_MISMATCH: Label(
        ru="Запрашиваемая сумма не равна общей стоимости за вычетом софинансирования",
        en="Requested amount is not total minus co-financing",
    ),
    BudgetIssue.SUBTOTAL_MISMATCH: Label(
        ru="Итог по разделу не сходится со строками", en="Category subtotal does not add up"
    ),
    BudgetIssue.OVERALL_MISMATCH: Label(
        ru="Общая сумма бюджета не сходится со строками", en="Overall total does not add up"
    ),
    BudgetIssue.CO_FINANCING_SHORTFALL: Label(
        ru="Софинансирование не покрыто источниками",
        en="Co-financing not covered by funding sources",
    ),
}


@attrs.frozen
class BudgetFinding:
    """One slip in a budget: what it is, Russian and English text, and where.

    ``line`` is the index of the line in ``Budget.lines`` (``None`` for a subtotal or the
    overall total), ``field`` the column (``"total"``...), ``expected`` what the arithmetic
    gives and ``actual`` what the budget states.

    Examples:
        >>> f = BudgetFinding(issue=BudgetIssue.OVERALL_MISMATCH,
        ...                   message=Label(ru="Итого не сходится", en="Total is off"),
        ...                   field="stated_total", expected=692644, actual=692000)
        >>> f.path, f.actual
        ('$.stated_total', Decimal('692000.00'))
    """

    issue: BudgetIssue = attrs.field(validator=attrs.validators.instance_of(BudgetIssue))
    message: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    line: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    category: BudgetCategory | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(BudgetCategory)),
    )
    field: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    expected: Decimal | None = attrs.field(
        default=None, converter=_optional_money, validator=attrs.validators.optional(check_money)
    )
    actual: Decimal | None = attrs.field(
        default=None, converter=_optional_money, validator=attrs.validators.optional(check_money)
    )

    @property
    def path(self) -> str:
        """A JSONPath-like pointer into the budget's document: ``$.lines[2].total``."""
        where = "$"
        if self.line is not None:
            where += f".lines[{self.line}]"
        elif self.category is not None and self.issue is BudgetIssue.SUBTOTAL_MISMATCH:
            where += f".stated_subtotals.{self.category.value}"
        return f"{where}.{self.field}" if self.field else where


_FIELD_NAMES = {
    "unit_cost": Label(ru="стоимость единицы", en="unit cost"),
    "total": Label(ru="общая стоимость", en="total"),
    "co_financing": Label(ru="софинансирование", en="co-financing"),
    "requested": Label(ru="запрашиваемая сумма", en="requested amount"),
}


def _line_name(i: int, line: BudgetLine) -> Label:
    return Label(ru=f"строка {i + 1} «{line.name.ru}»", en=f"line {i + 1} '{line.name.en}'")


def check_budget(budget: Budget) -> tuple[BudgetFinding, ...]:
    """Every slip in ``budget``: each line, then each stated subtotal, then the stated total.

    A line is flagged for a negative amount, for a total that is not unit cost × quantity,
    and for a requested amount that is not total minus co-financing. A stated subtotal is
    compared column by column with the sums of its category's lines, and the stated total
    with the sum of all the lines' totals. The arithmetic is exact (Decimal).

    Examples:
        >>> cat = BudgetCategory.GOODS_WORKS_SERVICES
        >>> name = Label(ru="Привлечение коучей и спикеров", en="Coaches and speakers")
        >>> b = Budget(title=Label(ru="Проект", en="Project"), stated_total=100000, lines=[
        ...     BudgetLine(name=name, category=cat, unit_cost=20000, quantity=5, total=90000,
        ...                co_financing=0, requested=90000)])
        >>> for f in check_budget(b):
        ...     print(f.issue.value, f.path, "|", f.message.en)
        total_mismatch $.lines[0].total | line 1 'Coaches and speakers': total 90000.00 is \
not unit cost 20000.00 × quantity 5 = 100000.00
        overall_mismatch $.stated_total | the budget states 100000.00 overall, but its lines \
add up to 90000.00
        >>> print(check_budget(b)[0].message.ru)
        строка 1 «Привлечение коучей и спикеров»: общая стоимость 90000.00 не равна \
стоимости единицы 20000.00 × количество 5 = 100000.00
    """
    findings: list[BudgetFinding] = []
    for i, line in enumerate(budget.lines):
        where = _line_name(i, line)
        for name, label in _FIELD_NAMES.items():
            amount: Decimal = getattr(line, name)
            if amount < 0:
                findings.append(
                    BudgetFinding(
                        issue=BudgetIssue.NEGATIVE_AMOUNT,
                        message=Label(
                            ru=f"{where.ru}: {label.ru} {amount} меньше нуля",
                            en=f"{where.en}: {label.en} {amount} is negative",
                        ),
                        line=i,
                        category=line.category,
                        field=name,
                        actual=amount,
                    )
                )
        if line.total != line.computed_total:
            findings.append(
                BudgetFinding(
                    issue=BudgetIssue.TOTAL_MISMATCH,
                    message=Label(
                        ru=f"{where.ru}: общая стоимость {line.total} не равна стоимости "
                        f"единицы {line.unit_cost} × количество {line.quantity} = "
                        f"{line.computed_total}",
                        en=f"{where.en}: total {line.total} is not unit cost {line.unit_cost} "
                        f"× quantity {line.quantity} = {line.computed_total}",
                    ),
                    line=i,
                    category=line.category,
                    field="total",
                    expected=line.computed_total,
                    actual=line.total,
                )
            )
        if line.requested != line.computed_requested:
            findings.append(
                BudgetFinding(
                    issue=BudgetIssue.REQUESTED_MISMATCH,
                    message=Label(
                        ru=f"{where.ru}: запрашиваемая сумма {line.requested} не равна общей "
                        f"стоимости {line.total} минус софинансирование {line.co_financing} = "
                        f"{line.computed_requested}",
                        en=f"{where.en}: requested amount {line.requested} is not total "
                        f"{line.total} minus co-financing {line.co_financing} = "
                        f"{line.computed_requested}",
                    ),
                    line=i,
                    category=line.category,
                    field="requested",
                    expected=line.computed_requested,
                    actual=line.requested,
                )
            )
    for category in BudgetCategory:
        stated = budget.stated_subtotals.get(category)
        if stated is None:
            continue
        computed = budget.subtotal(category)
        for name in ("total", "co_financing", "requested"):
            want: Decimal = getattr(computed, name)
            got: Decimal = getattr(stated, name)
            if want != got:
                label = _FIELD_NAMES[name]
                findings.append(
                    BudgetFinding(
                        issue=BudgetIssue.SUBTOTAL_MISMATCH,
                        message=Label(
                            ru=f"раздел «{category.label.ru}»: в итоге {label.ru} {got}, "
                            f"а по строкам {want}",
                            en=f"category '{category.label.en}': the subtotal states {label.en} "
                            f"{got}, but its lines add up to {want}",
                        ),
                        category=category,
                        field=name,
                        expected=want,
                        actual=got,
                    )
                )
    if budget.stated_total is not None:
        overall = budget.totals().total
        if overall != budget.stated_total:
            findings.append(
                BudgetFinding(
                    issue=BudgetIssue.OVERALL_MISMATCH,
                    message=Label(
                        ru=f"в бюджете указано {budget.stated_total} всего, а по строкам {overall}",
                        en=f"the budget states {budget.stated_total} overall, but its lines "
                        f"add up to {overall}",
                    ),
                    field="stated_total",
                    expected=overall,
                    actual=budget.stated_total,
                )
            )
    return tuple(findings)


# -- seed 003's budget ------------------------------------------------------------------------

_GWS = BudgetCategory.GOODS_WORKS_SERVICES

#: Seed 003's budget, «Модель наставничества "Педагогическая инвестиция"» (Nefteyugansk),
#: transcribed line by line: four categories, 692 644 roubles overall, no co-financing. The
#: seed states one subtotal (goods, works and services: 600 000) and the overall total.
PEDAGOGICAL_INVESTMENT_BUDGET = Budget(
    title=Label(
        ru="Проект «Модель наставничества „Педагогическая инвестиция“»",
        en="Project 'Mentoring model «Pedagogical investment»'",
    ),
    lines=(
        BudgetLine(
            name=Label(
                ru="Оборудование для проведения мероприятий в рамках проекта",
                en="Equipment for the project's events",
            ),
            category=_GWS,
            unit_cost=Decimal("400000.00"),
            quantity=1,
            total=Decimal("400000.00"),
            co_financing=ZERO,
            requested=Decimal("400000.00"),
            comment=Label(
                ru="Интерактивная панель OEM Senke SK-55GB — цифровое оборудование для учебных "
                "центров, школ, вузов, музеев, используемое во время презентаций, развивающих "
                "мероприятий.",
                en="Interactive panel OEM Senke SK-55GB: digital equipment for training "
                "centres, schools, universities and museums, used for presentations and "
                "developmental events.",
            ),
        ),
        BudgetLine(
            name=Label(
                ru="Оборудование для организации пространства",
                en="Equipment to arrange the space",
            ),
            category=_GWS,
            unit_cost=Decimal("100000.00"),
            quantity=1,
            total=Decimal("100000.00"),
            co_financing=ZERO,
            requested=Decimal("100000.00"),
            comment=Label(
                ru="Оборудование для организации мероприятий с участием коучей и спикеров",
                en="Equipment for events with coaches and speakers",
            ),
        ),
        BudgetLine(
            name=Label(ru="Привлечение коучей и спикеров", en="Engaging coaches and speakers"),
            category=_GWS,
            unit_cost=Decimal("20000.00"),
            quantity=5,
            total=Decimal("100000.00"),
            co_financing=ZERO,
            requested=Decimal("100000.00"),
            comment=Label(
                ru="Приглашение коучей, спикеров – мастеров, имеющих большой практический опыт "
                "и наработки в области воспитания и образования.",
                en="Inviting coaches and speakers: masters with wide practical experience and "
                "work of their own in upbringing and education.",
            ),
        ),
        BudgetLine(
            # «Аренда плата»: the seed's own spelling of the line, kept as written.
            name=Label(ru="Аренда плата", en="Rent"),
            category=BudgetCategory.RENT,
            unit_cost=ZERO,
            quantity=0,
            total=ZERO,
            co_financing=ZERO,
            requested=ZERO,
            comment=Label(
                ru="Проект реализуется на базе муниципального бюджетного учреждения "
                'дополнительного образования "Центр дополнительного образования "Поиск" на '
                "безвозмездной основе",
                en="The project runs free of charge at the municipal budgetary institution of "
                "supplementary education 'Poisk Centre of Supplementary Education'",
            ),
        ),
        BudgetLine(
            name=Label(
                ru="Расходы на банковское обслуживание и расходы на оформление ЭЦП",
                en="Bank service charges and issuing an electronic digital signature",
            ),
            category=BudgetCategory.OTHER_EXPENSES,
            unit_cost=Decimal("2600.00"),
            quantity=1,
            total=Decimal("2600.00"),
            co_financing=ZERO,
            requested=Decimal("2600.00"),
        ),
        BudgetLine(
            name=Label(ru="НДФЛ", en="Personal income tax (NDFL)"),
            category=BudgetCategory.TAXES,
            unit_cost=Decimal("90044.00"),
            quantity=1,
            total=Decimal("90044.00"),
            co_financing=ZERO,
            requested=Decimal("90044.00"),
        ),
    ),
    stated_subtotals={
        _GWS: BudgetTotals(
            total=Decimal("600000.00"), co_financing=ZERO, requested=Decimal("600000.00")
        ),
    },
    stated_total=Decimal("692644.00"),
)
