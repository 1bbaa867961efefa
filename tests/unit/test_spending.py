"""Spending against a budget (issue 15, item 4f): expenses, plan against fact, findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies_budget import budgets, expenses

from pedcommunity.errors import DuplicateId, InvalidData, UnknownId
from pedcommunity.model import (
    PEDAGOGICAL_INVESTMENT_BUDGET,
    Budget,
    BudgetCategory,
    BudgetIssue,
    BudgetTotals,
    Expense,
    check_spending,
    compare_spending,
)

B = PEDAGOGICAL_INVESTMENT_BUDGET
D = Decimal
DAY = date(2023, 3, 1)


def spend(eid: str, line: str, amount: int | str, **fields: object) -> Expense:
    return Expense(id=eid, line_id=line, amount=amount, paid_on=DAY, description="Оплата", **fields)


# -- the seed's budget ------------------------------------------------------------------------


def test_the_seeds_totals() -> None:
    """692 644.00 planned and requested, no co-financing, 600 000.00 goods, works, services."""
    fact = compare_spending(B, [])
    assert fact.planned == BudgetTotals(total=692644, co_financing=0, requested=692644)
    assert fact.planned.total == D("692644.00") == fact.planned.requested
    assert fact.planned.co_financing == D("0.00")
    planned, actual = fact.by_category()[BudgetCategory.GOODS_WORKS_SERVICES]
    assert planned.total == D("600000.00") == planned.requested
    assert actual == BudgetTotals()
    assert list(fact.by_category()) == [
        BudgetCategory.GOODS_WORKS_SERVICES,
        BudgetCategory.RENT,
        BudgetCategory.OTHER_EXPENSES,
        BudgetCategory.TAXES,
    ]
    assert fact.co_financing_share_planned == 0.0
    assert fact.co_financing_share_actual is None
    assert fact.spent_share == 0.0
    assert fact.remaining == D("692644.00")


def test_the_seeds_budget_spent_as_the_example_tells() -> None:
    """The panel, space equipment, five fees, bank services and the income tax."""
    paid = [
        spend("panel", "event_equipment", 400000),
        spend("space", "space_equipment", 98500),
        *(spend(f"fee{i}", "coaches_speakers", 20000) for i in range(5)),
        spend("bank", "bank_services", 2600),
        spend("ndfl", "personal_income_tax", 90044),
    ]
    fact = compare_spending(B, paid)
    assert fact.actual.total == D("691144.00")
    assert fact.remaining == D("1500.00")
    space = fact.line("space_equipment")
    assert (space.remaining, space.spent_share, space.overspent) == (D("1500.00"), 0.985, False)
    fees = fact.line("coaches_speakers")
    assert (fees.actual_quantity, fees.planned_quantity, fees.spent_share) == (5, 5, 1.0)
    assert fact.line("rent").spent_share is None
    assert check_spending(B, paid) == ()


def test_per_line_remaining_and_share() -> None:
    fact = compare_spending(B, [spend("a", "coaches_speakers", 20000, quantity=1)])
    ls = fact.line("coaches_speakers")
    assert ls.planned.total == D("100000.00")
    assert (ls.actual.total, ls.remaining, ls.spent_share) == (D("20000.00"), D("80000.00"), 0.2)
    assert ls.name.ru == "Привлечение коучей и спикеров"
    assert ls.category is BudgetCategory.GOODS_WORKS_SERVICES


def test_co_financed_expenses_split_into_own_funds_and_grant() -> None:
    fact = compare_spending(
        B,
        [
            spend("a", "event_equipment", 400000, co_financed=100000),
            spend("b", "bank_services", 2600),
        ],
    )
    line = fact.line("event_equipment")
    assert line.actual == BudgetTotals(total=400000, co_financing=100000, requested=300000)
    assert fact.actual == BudgetTotals(total=402600, co_financing=100000, requested=302600)
    assert fact.co_financing_share_actual == pytest.approx(100000 / 402600)
    assert fact.co_financing_share_planned == 0.0


def test_as_of_leaves_later_expenses_out() -> None:
    later = attrs.evolve(spend("b", "bank_services", 2600), paid_on=date(2023, 5, 1))
    fact = compare_spending(B, [spend("a", "bank_services", 100), later], as_of=date(2023, 4, 1))
    assert fact.line("bank_services").actual.total == D("100.00")


# -- findings ---------------------------------------------------------------------------------


def test_each_finding() -> None:
    paid = [
        spend("rent", "rent", 5000),
        spend("fees", "coaches_speakers", 120000),
        spend("panel", "event_equipment", 400000),
        spend("tax", "personal_income_tax", 90044),
        spend("space", "space_equipment", 100000),
    ]
    findings = check_spending(B, paid)
    assert [(f.issue, f.path) for f in findings] == [
        (BudgetIssue.OVERSPENT_LINE, "$.lines[2].total"),
        (BudgetIssue.UNPLANNED_SPENDING, "$.lines[3].total"),
        (BudgetIssue.OVERSPENT_TOTAL, "$.total"),
    ]
    over = findings[0]
    assert (over.expected, over.actual) == (D("100000.00"), D("120000.00"))
    assert over.message.en == (
        "line 3 'Engaging coaches and speakers': 120000.00 spent against 100000.00 planned, "
        "overspent by 20000.00"
    )
    assert "перерасход 20000.00" in over.message.ru
    assert findings[2].message.en == (
        "715044.00 spent against a budget of 692644.00, overspent by 22400.00"
    )
    assert BudgetIssue.UNPLANNED_SPENDING.label.ru == "Расход по строке без плановой суммы"


def test_co_financing_short_when_the_grant_pays_what_own_funds_should() -> None:
    cat = BudgetCategory.GOODS_WORKS_SERVICES
    line = attrs.evolve(
        B.lines[0], co_financing=D("100000.00"), requested=D("300000.00"), category=cat
    )
    b = attrs.evolve(B, lines=(line, *B.lines[1:]), stated_subtotals={}, stated_total=None)
    [short] = check_spending(b, [spend("a", "event_equipment", 400000, co_financed=50000)])
    assert short.issue is BudgetIssue.CO_FINANCING_SHORT
    assert (short.expected, short.actual, short.path) == (
        D("100000.00"),
        D("50000.00"),
        "$.lines[0].co_financing",
    )
    assert "co-financing 50000.00 is below the planned 100000.00" in short.message.en
    assert check_spending(b, [spend("a", "event_equipment", 400000, co_financed=100000)]) == ()


# -- refusals ---------------------------------------------------------------------------------


def test_a_line_without_an_id_is_refused() -> None:
    b = attrs.evolve(B, lines=(*B.lines[:2], attrs.evolve(B.lines[2], id=None), *B.lines[3:]))
    with pytest.raises(InvalidData) as info:
        compare_spending(b, [])
    assert info.value.path == "$.budget.lines[2].id"
    assert "give every budget line an id to record spending against it: line 3" in str(info.value)


def test_an_unknown_line_is_refused() -> None:
    with pytest.raises(UnknownId) as info:
        compare_spending(B, [spend("a", "catering", 100)])
    assert (info.value.kind, info.value.id) == ("budget line", "catering")
    assert "rent" in info.value.known


def test_two_expenses_with_one_id_are_refused() -> None:
    with pytest.raises(DuplicateId) as info:
        check_spending(B, [spend("a", "rent", 1), spend("a", "bank_services", 1)])
    assert (info.value.kind, info.value.id) == ("expense", "a")


def test_a_non_expense_is_refused_in_the_hierarchy() -> None:
    with pytest.raises(InvalidData) as info:
        compare_spending(B, ["400000"])  # type: ignore[list-item]
    assert info.value.path == "$[0]"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": 0}, "amount must be more than zero"),
        ({"amount": -5}, "amount must be more than zero"),
        ({"amount": 1.5}, "not the float"),
        ({"co_financed": 30000}, "co_financed must lie between 0 and the amount 20000.00"),
        ({"co_financed": -1}, "co_financed must lie between 0"),
        ({"quantity": -1}, "quantity must be a whole number of at least 0"),
        ({"quantity": True}, "quantity must be a whole number"),
        ({"description": " "}, "description must be a non-empty string"),
    ],
)
def test_an_expense_refuses_bad_fields(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        attrs.evolve(spend("a", "coaches_speakers", 20000), **changes)


# -- properties -------------------------------------------------------------------------------


@st.composite
def budget_and_expenses(draw: st.DrawFn) -> tuple[Budget, list[Expense]]:
    b = draw(budgets(consistent=True, with_ids=True, min_lines=1))
    paid = draw(st.lists(expenses(b.line_ids), max_size=6, unique_by=lambda e: e.id))
    return b, paid


@settings(max_examples=60, deadline=None)
@given(budget_and_expenses())
def test_the_lines_add_up_to_the_whole(case: tuple[Budget, list[Expense]]) -> None:
    b, paid = case
    fact = compare_spending(b, paid)
    assert fact.planned == b.totals()
    assert fact.actual.total == sum((e.amount for e in paid), D("0.00"))
    assert fact.actual.co_financing == sum((e.co_financed for e in paid), D("0.00"))
    assert fact.actual.total == fact.actual.co_financing + fact.actual.requested
    assert [ls.line_id for ls in fact.lines] == list(b.line_ids)
    for ls in fact.lines:
        assert ls.remaining == ls.planned.total - ls.actual.total
    overspent = {f.line for f in check_spending(b, paid) if f.line is not None}
    expected = {i for i, ls in enumerate(fact.lines) if ls.overspent}
    assert {i for i in overspent if fact.lines[i].overspent} == expected
