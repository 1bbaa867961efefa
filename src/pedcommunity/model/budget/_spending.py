"""Spending against a budget: expenses, plan against fact per line and overall, and slips.

An :class:`Expense` is one payment against a budget line (named by the line's ``id``): its
amount, the day it was paid, and the part of it paid from the project's own funds
(``co_financed``); the rest is grant money. :func:`compare_spending` sets the expenses against
the budget line by line (:class:`LineSpending`) and overall (:class:`SpendingFact`), on the
model of :func:`~pedcommunity.model.work_plans.compare_with_fact`; :func:`check_spending`
lists what went wrong as :class:`BudgetFinding` s.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
    >>> panel = Expense(id="x1", line_id="event_equipment", amount=400000,
    ...                 paid_on=date(2023, 3, 1), description="Интерактивная панель")
    >>> fact = compare_spending(b, [panel])
    >>> fact.actual.total, fact.remaining, round(fact.spent_share, 3)
    (Decimal('400000.00'), Decimal('292644.00'), 0.577)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData, UnknownId
from pedcommunity.i18n import Label
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_optional_text,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.budget._checks import BudgetFinding, BudgetIssue, line_name
from pedcommunity.model.budget._lines import (
    Budget,
    BudgetCategory,
    BudgetLine,
    BudgetTotals,
    check_whole,
)
from pedcommunity.model.budget._money import (
    ZERO,
    check_money,
    check_positive_money,
    to_money,
)

__all__ = ["Expense", "LineSpending", "SpendingFact", "check_spending", "compare_spending"]


def _share(part: Decimal, whole: Decimal) -> float | None:
    return None if whole == 0 else float(part / whole)


@attrs.frozen
class Expense:
    """One payment against a budget line: how much, when, for what, and who paid.

    ``amount`` is above zero. ``co_financed`` (0 to ``amount``) is the part paid from the
    project's own funds; the rest, :attr:`granted`, is grant money. ``quantity`` counts the
    line's units bought (a speaker's fee is one of the line's five); ``document`` names the
    payment order.

    Examples:
        >>> from datetime import date
        >>> e = Expense(id="x1", line_id="coaches_speakers", amount=20000,
        ...             paid_on=date(2023, 3, 15), description="Спикер: дискуссионная площадка",
        ...             co_financed=5000)
        >>> e.granted, e.day
        (Decimal('15000.00'), datetime.date(2023, 3, 15))
        >>> attrs.evolve(e, co_financed=25000)
        Traceback (most recent call last):
        ...
        ValueError: co_financed must lie between 0 and the amount 20000.00, got 25000.00
    """

    id: str = attrs.field(validator=check_id)
    line_id: str = attrs.field(validator=check_id)
    amount: Decimal = attrs.field(converter=to_money, validator=check_positive_money)
    paid_on: date = attrs.field(validator=check_date)
    description: str = attrs.field(validator=check_text)
    quantity: int = attrs.field(default=1, validator=check_whole)
    co_financed: Decimal = attrs.field(default=ZERO, converter=to_money, validator=check_money)
    document: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        if not ZERO <= self.co_financed <= self.amount:
            raise ValueError(
                f"co_financed must lie between 0 and the amount {self.amount}, "
                f"got {self.co_financed}"
            )

    @property
    def granted(self) -> Decimal:
        """The part paid from the grant: ``amount - co_financed``."""
        return self.amount - self.co_financed

    @property
    def day(self) -> date:
        """The day the expense was paid (what ``not_future`` checks)."""
        return self.paid_on

    @property
    def totals(self) -> BudgetTotals:
        """The expense as totals: amount, own funds and grant money."""
        return BudgetTotals(
            total=self.amount, co_financing=self.co_financed, requested=self.granted
        )


@attrs.frozen
class LineSpending:
    """One budget line, planned against spent.

    ``planned`` holds the line's stated amounts; in ``actual``, ``total`` is the sum of the
    expenses, ``co_financing`` the part paid from own funds and ``requested`` the grant part.

    Examples:
        >>> from pedcommunity.model.budget import BudgetCategory
        >>> ls = LineSpending(line_id="coaches_speakers", name=Label(ru="Спикеры", en="Speakers"),
        ...     category=BudgetCategory.GOODS_WORKS_SERVICES,
        ...     planned=BudgetTotals(total=100000, requested=100000),
        ...     actual=BudgetTotals(total=60000, requested=60000),
        ...     planned_quantity=5, actual_quantity=3)
        >>> ls.remaining, ls.spent_share, ls.overspent
        (Decimal('40000.00'), 0.6, False)
    """

    line_id: str = attrs.field(validator=check_id)
    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    category: BudgetCategory = attrs.field(validator=attrs.validators.instance_of(BudgetCategory))
    planned: BudgetTotals = attrs.field(validator=attrs.validators.instance_of(BudgetTotals))
    actual: BudgetTotals = attrs.field(validator=attrs.validators.instance_of(BudgetTotals))
    planned_quantity: int = attrs.field(default=0, validator=check_whole)
    actual_quantity: int = attrs.field(default=0, validator=check_whole)

    @property
    def remaining(self) -> Decimal:
        """What is left to spend on the line (negative when it is overspent)."""
        return self.planned.total - self.actual.total

    @property
    def spent_share(self) -> float | None:
        """The share of the planned total spent; ``None`` when the line plans nothing."""
        return _share(self.actual.total, self.planned.total)

    @property
    def overspent(self) -> bool:
        """Whether more was spent than planned."""
        return self.actual.total > self.planned.total


@attrs.frozen
class SpendingFact:
    """A budget set against its expenses: every line with an id, and the overall sums.

    Examples:
        >>> f = SpendingFact(lines=(), planned=BudgetTotals(total=1000, co_financing=100,
        ...                  requested=900), actual=BudgetTotals(total=500, requested=500))
        >>> f.spent_share, f.co_financing_share_planned, f.co_financing_share_actual
        (0.5, 0.1, 0.0)
    """

    lines: tuple[LineSpending, ...] = attrs.field(
        converter=to_tuple, validator=instances_of(LineSpending)
    )
    planned: BudgetTotals = attrs.field(validator=attrs.validators.instance_of(BudgetTotals))
    actual: BudgetTotals = attrs.field(validator=attrs.validators.instance_of(BudgetTotals))

    @property
    def remaining(self) -> Decimal:
        """What is left of the whole budget."""
        return self.planned.total - self.actual.total

    @property
    def spent_share(self) -> float | None:
        """The share of the budget spent; ``None`` for a budget that plans nothing."""
        return _share(self.actual.total, self.planned.total)

    @property
    def co_financing_share_planned(self) -> float | None:
        """The planned share of own funds in the budget (seed 003 plans 0)."""
        return _share(self.planned.co_financing, self.planned.total)

    @property
    def co_financing_share_actual(self) -> float | None:
        """The share of own funds in what was spent; ``None`` before any expense."""
        return _share(self.actual.co_financing, self.actual.total)

    def line(self, line_id: str) -> LineSpending:
        """The spending of one line.

        Raises:
            UnknownId: the budget has no line ``line_id``.
        """
        for ls in self.lines:
            if ls.line_id == line_id:
                return ls
        raise UnknownId(kind="budget line", id=line_id, known=(ls.line_id for ls in self.lines))

    def by_category(self) -> dict[BudgetCategory, tuple[BudgetTotals, BudgetTotals]]:
        """Planned and actual sums of every category that has lines, in category order.

        Examples:
            >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
            >>> planned, actual = compare_spending(b, []).by_category()[
            ...     BudgetCategory.GOODS_WORKS_SERVICES]
            >>> planned.total, actual.total
            (Decimal('600000.00'), Decimal('0.00'))
        """
        sums: dict[BudgetCategory, tuple[BudgetTotals, BudgetTotals]] = {}
        for ls in self.lines:
            planned, actual = sums.get(ls.category, (BudgetTotals(), BudgetTotals()))
            sums[ls.category] = (planned + ls.planned, actual + ls.actual)
        return {c: sums[c] for c in BudgetCategory if c in sums}


def _ids_of_lines(budget: Budget) -> None:
    for i, line in enumerate(budget.lines):
        if line.id is None:
            raise InvalidData(
                f"give every budget line an id to record spending against it: line {i + 1} "
                f"('{line.name.en}') has none",
                path=f"$.budget.lines[{i}].id",
            )


def compare_spending(
    budget: Budget, expenses: Iterable[Expense], *, as_of: date | None = None
) -> SpendingFact:
    """Set ``budget`` against ``expenses``, line by line and overall.

    With ``as_of``, expenses paid after that day are left out.

    Raises:
        InvalidData: a budget line has no id (path ``$.budget.lines[i].id``), or an item of
            ``expenses`` is not an :class:`Expense`.
        UnknownId: an expense names a line the budget does not have.
        DuplicateId: two expenses share an id.

    Examples:
        >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
        >>> fee = [Expense(id=f"s{i}", line_id="coaches_speakers", amount=20000,
        ...                paid_on=date(2023, 3, i), description="Гонорар спикера")
        ...        for i in (1, 2, 3)]
        >>> ls = compare_spending(b, fee, as_of=date(2023, 3, 2)).line("coaches_speakers")
        >>> ls.actual.total, ls.actual_quantity, ls.remaining
        (Decimal('40000.00'), 2, Decimal('60000.00'))
        >>> compare_spending(b, [attrs.evolve(fee[0], line_id="catering")])
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown budget line 'catering'; known: \
'bank_services', 'coaches_speakers', 'event_equipment', 'personal_income_tax', 'rent', \
'space_equipment'.
    """
    _ids_of_lines(budget)
    known = set(budget.line_ids)
    actual: dict[str, BudgetTotals] = {}
    quantity: dict[str, int] = {}
    seen: set[str] = set()
    for i, e in enumerate(expenses):
        if not isinstance(e, Expense):
            raise InvalidData(f"expenses hold Expense values, got {shown(e)}", path=f"$[{i}]")
        if e.id in seen:
            raise DuplicateId(kind="expense", id=e.id, field="expenses")
        seen.add(e.id)
        if e.line_id not in known:
            raise UnknownId(kind="budget line", id=e.line_id, known=known)
        if as_of is not None and e.paid_on > as_of:
            continue
        actual[e.line_id] = actual.get(e.line_id, BudgetTotals()) + e.totals
        quantity[e.line_id] = quantity.get(e.line_id, 0) + e.quantity
    lines = tuple(_line_spending(line, actual, quantity) for line in budget.lines)
    return SpendingFact(
        lines=lines,
        planned=budget.totals(),
        actual=_sum(ls.actual for ls in lines),
    )


def _sum(items: Iterable[BudgetTotals]) -> BudgetTotals:
    result = BudgetTotals()
    for t in items:
        result += t
    return result


def _line_spending(
    line: BudgetLine, actual: dict[str, BudgetTotals], quantity: dict[str, int]
) -> LineSpending:
    assert line.id is not None  # checked by _ids_of_lines
    return LineSpending(
        line_id=line.id,
        name=line.name,
        category=line.category,
        planned=BudgetTotals(
            total=line.total, co_financing=line.co_financing, requested=line.requested
        ),
        actual=actual.get(line.id, BudgetTotals()),
        planned_quantity=line.quantity,
        actual_quantity=quantity.get(line.id, 0),
    )


def check_spending(budget: Budget, expenses: Iterable[Expense]) -> tuple[BudgetFinding, ...]:
    """What went wrong in spending ``budget``: each line, then the whole budget.

    A line with nothing planned and something spent is ``UNPLANNED_SPENDING``; a line spent
    beyond its total is ``OVERSPENT_LINE``; a line whose grant part exceeds its requested
    amount, so that own funds fell short of the planned co-financing, is
    ``CO_FINANCING_SHORT``; then ``OVERSPENT_TOTAL`` for the whole budget.

    Raises:
        InvalidData, UnknownId, DuplicateId: as :func:`compare_spending`.

    Examples:
        >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
        >>> rent = Expense(id="r1", line_id="rent", amount=5000, paid_on=date(2023, 4, 1),
        ...                description="Аренда зала")
        >>> [(f.issue.value, f.path) for f in check_spending(b, [rent])]
        [('unplanned_spending', '$.lines[3].total')]
        >>> print(check_spending(b, [rent])[0].message.en)
        line 4 'Rent': 5000.00 spent, but the line plans nothing
    """
    fact = compare_spending(budget, expenses)
    findings: list[BudgetFinding] = []
    for i, (line, ls) in enumerate(zip(budget.lines, fact.lines, strict=True)):
        where = line_name(i, line)
        spent, planned = ls.actual.total, ls.planned.total
        if planned == 0 and spent > 0:
            findings.append(
                BudgetFinding(
                    issue=BudgetIssue.UNPLANNED_SPENDING,
                    message=Label(
                        ru=f"{where.ru}: израсходовано {spent}, а по строке ничего не "
                        "запланировано",
                        en=f"{where.en}: {spent} spent, but the line plans nothing",
                    ),
                    line=i,
                    category=line.category,
                    field="total",
                    expected=planned,
                    actual=spent,
                )
            )
        elif ls.overspent:
            findings.append(
                BudgetFinding(
                    issue=BudgetIssue.OVERSPENT_LINE,
                    message=Label(
                        ru=f"{where.ru}: израсходовано {spent} при плане {planned}, "
                        f"перерасход {spent - planned}",
                        en=f"{where.en}: {spent} spent against {planned} planned, "
                        f"overspent by {spent - planned}",
                    ),
                    line=i,
                    category=line.category,
                    field="total",
                    expected=planned,
                    actual=spent,
                )
            )
        granted, requested = ls.actual.requested, ls.planned.requested
        if granted > requested and ls.actual.co_financing < ls.planned.co_financing:
            findings.append(
                BudgetFinding(
                    issue=BudgetIssue.CO_FINANCING_SHORT,
                    message=Label(
                        ru=f"{where.ru}: из гранта оплачено {granted} при запрошенных "
                        f"{requested}; софинансирование {ls.actual.co_financing} ниже "
                        f"плана {ls.planned.co_financing}",
                        en=f"{where.en}: {granted} paid from the grant against {requested} "
                        f"requested; co-financing {ls.actual.co_financing} is below the "
                        f"planned {ls.planned.co_financing}",
                    ),
                    line=i,
                    category=line.category,
                    field="co_financing",
                    expected=ls.planned.co_financing,
                    actual=ls.actual.co_financing,
                )
            )
    if fact.actual.total > fact.planned.total:
        over = fact.actual.total - fact.planned.total
        findings.append(
            BudgetFinding(
                issue=BudgetIssue.OVERSPENT_TOTAL,
                message=Label(
                    ru=f"израсходовано {fact.actual.total} при бюджете {fact.planned.total}, "
                    f"перерасход {over}",
                    en=f"{fact.actual.total} spent against a budget of {fact.planned.total}, "
                    f"overspent by {over}",
                ),
                field="total",
                expected=fact.planned.total,
                actual=fact.actual.total,
            )
        )
    return tuple(findings)
