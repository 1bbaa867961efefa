"""Project budgets (seed 003): lines by category, exact money, totals and consistency checks.

A :class:`Budget` is a list of :class:`BudgetLine` s, each in one :class:`BudgetCategory`,
with the columns of the seed's table: unit cost, quantity, total, co-financing, requested
amount and a comment. Money is exact: :class:`decimal.Decimal` roubles with two decimal
places (kopecks); a float is refused, because ``0.1 + 0.2`` is not ``0.3``.

A line holds the amounts *as stated* in the document, so a budget with a slip in it can still
be written down; :func:`check_budget` then lists every slip as a :class:`BudgetFinding` with
Russian and English text naming the line. :data:`PEDAGOGICAL_INVESTMENT_BUDGET` is seed 003's
budget, line by line: 692 644 roubles overall.

The package holds money (``_money``: :func:`money` and its converter and validator), the
budget itself (``_lines``: categories, lines, totals, :class:`Budget`), the checks
(``_checks``: :class:`BudgetIssue`, :class:`BudgetFinding`, :func:`check_budget`), seed
003's budget (``_seed``) and spending against a budget (``_spending``: :class:`Expense`,
:func:`compare_spending`, :func:`check_spending`); import every name from here.

Examples:
    >>> from pedcommunity.model.budget import PEDAGOGICAL_INVESTMENT_BUDGET as b
    >>> b.totals().total
    Decimal('692644.00')
    >>> b.subtotal(BudgetCategory.GOODS_WORKS_SERVICES).requested
    Decimal('600000.00')
    >>> check_budget(b)
    ()
    >>> b.line("rent").total
    Decimal('0.00')
"""

from pedcommunity.model.budget._checks import BudgetFinding, BudgetIssue, check_budget
from pedcommunity.model.budget._lines import Budget, BudgetCategory, BudgetLine, BudgetTotals
from pedcommunity.model.budget._money import ZERO as ZERO
from pedcommunity.model.budget._money import check_money as check_money
from pedcommunity.model.budget._money import money
from pedcommunity.model.budget._money import to_money as to_money
from pedcommunity.model.budget._seed import PEDAGOGICAL_INVESTMENT_BUDGET
from pedcommunity.model.budget._spending import (
    Expense,
    LineSpending,
    SpendingFact,
    check_spending,
    compare_spending,
)

__all__ = [
    "PEDAGOGICAL_INVESTMENT_BUDGET",
    "Budget",
    "BudgetCategory",
    "BudgetFinding",
    "BudgetIssue",
    "BudgetLine",
    "BudgetTotals",
    "Expense",
    "LineSpending",
    "SpendingFact",
    "check_budget",
    "check_spending",
    "compare_spending",
    "money",
]
