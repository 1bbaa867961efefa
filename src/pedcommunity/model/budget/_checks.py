"""Checking a budget: every slip between its stated amounts and their arithmetic.

Examples:
    >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET
    >>> check_budget(PEDAGOGICAL_INVESTMENT_BUDGET)
    ()
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._fields import check_id
from pedcommunity.model.budget._lines import Budget, BudgetCategory, BudgetLine
from pedcommunity.model.budget._money import check_money, to_optional_money

__all__ = ["BudgetFinding", "BudgetIssue", "check_budget"]


class BudgetIssue(LabelledEnum):
    """What a :class:`BudgetFinding` is about.

    Examples:
        >>> BudgetIssue.TOTAL_MISMATCH.label.en
        'Total is not unit cost × quantity'
    """

    NEGATIVE_AMOUNT = "negative_amount", "Отрицательная сумма", "Negative amount"
    TOTAL_MISMATCH = (
        "total_mismatch",
        "Общая стоимость не равна стоимости единицы × количество",
        "Total is not unit cost × quantity",
    )
    REQUESTED_MISMATCH = (
        "requested_mismatch",
        "Запрашиваемая сумма не равна общей стоимости за вычетом софинансирования",
        "Requested amount is not total minus co-financing",
    )
    SUBTOTAL_MISMATCH = (
        "subtotal_mismatch",
        "Итог по разделу не сходится со строками",
        "Category subtotal does not add up",
    )
    OVERALL_MISMATCH = (
        "overall_mismatch",
        "Общая сумма бюджета не сходится со строками",
        "Overall total does not add up",
    )
    CO_FINANCING_SHORTFALL = (
        "co_financing_shortfall",
        "Софинансирование не покрыто источниками",
        "Co-financing not covered by funding sources",
    )
    # Spending against the budget (check_spending):
    OVERSPENT_LINE = "overspent_line", "Перерасход по строке", "Line overspent"
    OVERSPENT_TOTAL = "overspent_total", "Перерасход бюджета", "Budget overspent"
    UNPLANNED_SPENDING = (
        "unplanned_spending",
        "Расход по строке без плановой суммы",
        "Spending on a line with nothing planned",
    )
    CO_FINANCING_SHORT = (
        "co_financing_short",
        "Софинансирование ниже плана",
        "Co-financing below plan",
    )


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
        default=None, converter=to_optional_money, validator=attrs.validators.optional(check_money)
    )
    actual: Decimal | None = attrs.field(
        default=None, converter=to_optional_money, validator=attrs.validators.optional(check_money)
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


def line_name(i: int, line: BudgetLine) -> Label:
    """How a finding names line ``i``: «строка 3 «…»» / "line 3 '…'"."""
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
        where = line_name(i, line)
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
