"""Budgets (seed 003): exact money, totals by category and overall, and check_budget."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from tests.strategies_budget import budgets

from pedcommunity.adapters.json import from_json, make_converter, to_json
from pedcommunity.errors import DuplicateId, InvalidData, UnknownId
from pedcommunity.i18n import Label
from pedcommunity.model import (
    PEDAGOGICAL_INVESTMENT_BUDGET,
    Budget,
    BudgetCategory,
    BudgetIssue,
    BudgetLine,
    BudgetTotals,
    check_budget,
    money,
)

CONVERTER = make_converter()
GWS = BudgetCategory.GOODS_WORKS_SERVICES
D = Decimal
NAME = Label(ru="Привлечение коучей и спикеров", en="Coaches and speakers")


def line(**changes: object) -> BudgetLine:
    base = BudgetLine.of(name=NAME, category=GWS, unit_cost=20000, quantity=5)
    return attrs.evolve(base, **changes)


def budget(*lines: BudgetLine, **fields: object) -> Budget:
    return Budget(title=Label(ru="Проект", en="Project"), lines=lines, **fields)  # type: ignore[arg-type]


# -- the seed -----------------------------------------------------------------------------------


def test_seed_budget_totals_are_the_seeds() -> None:
    """Seed 003: 600 000 + 0 + 2 600 + 90 044 = 692 644 roubles, no co-financing."""
    b = PEDAGOGICAL_INVESTMENT_BUDGET
    assert b.totals() == BudgetTotals(total=D("692644"), co_financing=0, requested=D("692644"))
    assert {c: t.total for c, t in b.by_category().items()} == {
        GWS: D("600000.00"),
        BudgetCategory.RENT: D("0.00"),
        BudgetCategory.OTHER_EXPENSES: D("2600.00"),
        BudgetCategory.TAXES: D("90044.00"),
    }
    assert b.subtotal(GWS) == BudgetTotals(total=600000, co_financing=0, requested=600000)
    assert b.stated_subtotals[GWS] == b.subtotal(GWS)
    assert b.stated_total == D("692644.00")
    assert check_budget(b) == ()


def test_seed_budget_is_transcribed_line_by_line() -> None:
    """Six lines, as in the seed's table: unit cost, quantity, total, co-financing, requested."""
    rows = [
        (x.name.ru, x.category, x.unit_cost, x.quantity, x.total, x.co_financing, x.requested)
        for x in PEDAGOGICAL_INVESTMENT_BUDGET.lines
    ]
    zero = D("0.00")
    assert rows == [
        ("Оборудование для проведения мероприятий в рамках проекта", GWS, D(400000), 1,
         D(400000), zero, D(400000)),
        ("Оборудование для организации пространства", GWS, D(100000), 1, D(100000), zero,
         D(100000)),
        ("Привлечение коучей и спикеров", GWS, D(20000), 5, D(100000), zero, D(100000)),
        ("Аренда плата", BudgetCategory.RENT, zero, 0, zero, zero, zero),
        ("Расходы на банковское обслуживание и расходы на оформление ЭЦП",
         BudgetCategory.OTHER_EXPENSES, D(2600), 1, D(2600), zero, D(2600)),
        ("НДФЛ", BudgetCategory.TAXES, D(90044), 1, D(90044), zero, D(90044)),
    ]  # fmt: skip
    assert "OEM Senke SK-55GB" in PEDAGOGICAL_INVESTMENT_BUDGET.lines[0].comment.ru  # type: ignore[union-attr]


def test_seed_budget_round_trips_with_money_as_strings() -> None:
    """The seed's budget is written with "692644.00"-style strings and read back exactly."""
    text = to_json(PEDAGOGICAL_INVESTMENT_BUDGET, converter=CONVERTER)
    assert '"stated_total": "692644.00"' in text
    assert '"unit_cost": "20000.00"' in text
    assert from_json(text, Budget, converter=CONVERTER) == PEDAGOGICAL_INVESTMENT_BUDGET


# -- money ------------------------------------------------------------------------------------


def test_money_is_exact_and_refuses_floats() -> None:
    """Ints, strings and Decimals become two-place Decimals; floats and 3 places are refused."""
    assert money(5) == D("5.00") and str(money(5)) == "5.00"
    assert str(money("0.1")) == "0.10"
    assert money(D("-3.5")) == D("-3.50")
    for bad in (0.1, 1.0, True, "abc", D("1.005"), D("NaN"), D("Infinity"), None):
        with pytest.raises(InvalidData):
            money(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["unit_cost", "total", "co_financing", "requested"])
def test_a_line_refuses_float_money(field: str) -> None:
    """A float amount in any money column is refused, naming the column."""
    with pytest.raises(ValueError, match=f"^{field} must be exact"):
        line(**{field: 100.0})


def test_a_line_refuses_three_decimal_places_and_bad_quantities() -> None:
    """More than kopecks is refused; quantities are whole numbers of at least 0."""
    with pytest.raises(ValueError, match=r"^total must be an amount"):
        line(total=D("1.001"))
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match=r"^quantity"):
            line(quantity=bad)


def test_json_refuses_money_as_a_number() -> None:
    """The reader refuses 692644 or 692644.0 where money is due, and says where."""
    text = to_json(PEDAGOGICAL_INVESTMENT_BUDGET, converter=CONVERTER)
    for bad in ("692644", "692644.0", '"692644.001"', '"1e5"'):
        broken = text.replace('"stated_total": "692644.00"', f'"stated_total": {bad}')
        with pytest.raises(InvalidData) as info:
            from_json(broken, converter=CONVERTER)
        assert info.value.path == "$.data.stated_total"


# -- check_budget ---------------------------------------------------------------------------


def test_a_consistent_budget_has_no_findings() -> None:
    """Lines made with BudgetLine.of and matching stated totals give no findings."""
    tax = BudgetLine.of(
        name=NAME, category=BudgetCategory.TAXES, unit_cost="1000.50", quantity=2, co_financing=1
    )
    b = budget(line(), tax, stated_total=D("102001.00"))
    assert b.totals() == BudgetTotals(total=D("102001.00"), co_financing=1, requested=D("102000"))
    assert check_budget(b) == ()


def test_total_not_unit_cost_times_quantity_is_flagged() -> None:
    """Total 90 000 for 5 x 20 000 is flagged with both texts naming the line."""
    (f,) = check_budget(budget(line(total=D(90000), requested=D(90000))))
    assert f.issue is BudgetIssue.TOTAL_MISMATCH
    assert (f.line, f.field, f.expected, f.actual) == (0, "total", D(100000), D(90000))
    assert f.path == "$.lines[0].total"
    assert "line 1 'Coaches and speakers'" in f.message.en
    assert "строка 1 «Привлечение коучей и спикеров»" in f.message.ru


def test_requested_not_total_minus_co_financing_is_flagged() -> None:
    """100 000 total, 30 000 co-financed: requested must be 70 000, not 100 000."""
    (f,) = check_budget(budget(line(co_financing=D(30000))))
    assert f.issue is BudgetIssue.REQUESTED_MISMATCH
    assert (f.field, f.expected, f.actual) == ("requested", D(70000), D(100000))
    assert "запрашиваемая сумма" in f.message.ru


def test_negative_amounts_are_flagged() -> None:
    """A negative unit cost (and what follows from it) is flagged column by column."""
    bad = BudgetLine.of(name=NAME, category=GWS, unit_cost=-100, quantity=2)
    issues = [(f.issue, f.field) for f in check_budget(budget(line(), bad))]
    assert issues == [
        (BudgetIssue.NEGATIVE_AMOUNT, "unit_cost"),
        (BudgetIssue.NEGATIVE_AMOUNT, "total"),
        (BudgetIssue.NEGATIVE_AMOUNT, "requested"),
    ]
    assert all(f.line == 1 for f in check_budget(budget(line(), bad)))


def test_stated_subtotal_that_disagrees_is_flagged() -> None:
    """A stated subtotal of 600 000 for lines of 100 000 is flagged on total and requested."""
    stated = {GWS: BudgetTotals(total=600000, co_financing=0, requested=600000)}
    found = check_budget(budget(line(), stated_subtotals=stated))
    assert [(f.issue, f.field, f.expected, f.actual) for f in found] == [
        (BudgetIssue.SUBTOTAL_MISMATCH, "total", D(100000), D(600000)),
        (BudgetIssue.SUBTOTAL_MISMATCH, "requested", D(100000), D(600000)),
    ]
    assert found[0].path == "$.stated_subtotals.goods_works_services.total"
    assert "Goods, works and services" in found[0].message.en


def test_stated_overall_that_disagrees_is_flagged() -> None:
    """The seed's budget with one line dropped no longer adds up to the stated 692 644."""
    b = attrs.evolve(PEDAGOGICAL_INVESTMENT_BUDGET, lines=PEDAGOGICAL_INVESTMENT_BUDGET.lines[:-1])
    found = check_budget(b)
    assert [(f.issue, f.expected, f.actual) for f in found] == [
        (BudgetIssue.OVERALL_MISMATCH, D("602600.00"), D("692644.00"))
    ]
    assert found[0].path == "$.stated_total"


# -- properties -------------------------------------------------------------------------------


@given(budgets())
def test_totals_are_exact_sums(b: Budget) -> None:
    """Overall and per-category totals are the exact Decimal sums of the lines."""
    for name in ("total", "co_financing", "requested"):
        want = sum((getattr(x, name) for x in b.lines), D(0))
        assert getattr(b.totals(), name) == want
        per_category = sum((getattr(t, name) for t in b.by_category().values()), D(0))
        assert per_category == want
    assert all(t.total.as_tuple().exponent == -2 for t in b.by_category().values())


@given(budgets(consistent=True))
def test_consistent_lines_give_no_line_findings(b: Budget) -> None:
    """Lines built with BudgetLine.of from non-negative amounts raise no line finding."""
    issues = {f.issue for f in check_budget(b) if f.line is not None}
    assert issues <= {BudgetIssue.NEGATIVE_AMOUNT}  # requested < 0 when co-financing > total


@given(budgets())
def test_budgets_round_trip_exactly(b: Budget) -> None:
    """Every budget round-trips through JSON text with its amounts and totals exact."""
    back = from_json(to_json(b, converter=CONVERTER), Budget, converter=CONVERTER)
    assert back == b
    assert back.totals() == b.totals()
    assert [str(x.total) for x in back.lines] == [str(x.total) for x in b.lines]


# -- line ids (issue 15, item 4f) ---------------------------------------------------------------

COMPAT = Path(__file__).resolve().parents[1] / "data" / "compat" / "budget_v1.json"


def test_seed_budget_lines_have_the_specs_ids() -> None:
    b = PEDAGOGICAL_INVESTMENT_BUDGET
    assert [(ln.id, ln.unit_cost, ln.quantity, ln.total) for ln in b.lines] == [
        ("event_equipment", D("400000.00"), 1, D("400000.00")),
        ("space_equipment", D("100000.00"), 1, D("100000.00")),
        ("coaches_speakers", D("20000.00"), 5, D("100000.00")),
        ("rent", D("0.00"), 0, D("0.00")),
        ("bank_services", D("2600.00"), 1, D("2600.00")),
        ("personal_income_tax", D("90044.00"), 1, D("90044.00")),
    ]
    assert b.line("personal_income_tax").category is BudgetCategory.TAXES


def test_a_budget_refuses_two_lines_with_one_id() -> None:
    with pytest.raises(DuplicateId) as info:
        budget(line(id="speakers"), line(id="speakers"))
    assert (info.value.kind, info.value.id) == ("budget line", "speakers")
    # Lines without an id are many, as in version 1.
    assert len(budget(line(), line(), line(id="a")).lines) == 3


def test_an_unknown_line_id_lists_the_known_ones() -> None:
    with pytest.raises(UnknownId) as info:
        PEDAGOGICAL_INVESTMENT_BUDGET.line("catering")
    assert "coaches_speakers" in info.value.known


def test_the_version_1_budget_still_reads_back_with_its_amounts() -> None:
    """The budget as written before line ids: same amounts, same checks, no ids."""
    old = from_json(COMPAT.read_text(encoding="utf-8"))
    assert isinstance(old, Budget)
    assert all(ln.id is None for ln in old.lines)
    assert old.totals() == PEDAGOGICAL_INVESTMENT_BUDGET.totals()
    assert old.by_category() == PEDAGOGICAL_INVESTMENT_BUDGET.by_category()
    assert old.stated_total == PEDAGOGICAL_INVESTMENT_BUDGET.stated_total
    assert check_budget(old) == check_budget(PEDAGOGICAL_INVESTMENT_BUDGET) == ()
    assert old == attrs.evolve(
        PEDAGOGICAL_INVESTMENT_BUDGET,
        lines=tuple(attrs.evolve(ln, id=None) for ln in PEDAGOGICAL_INVESTMENT_BUDGET.lines),
    )
