"""Funding sources (seed 000): records, the summary by kind, and co-financing coverage."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies_budget import funding_records

from pedcommunity.adapters.json import from_json, make_converter, to_json
from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model import (
    Budget,
    BudgetCategory,
    BudgetIssue,
    BudgetLine,
    FundingKind,
    FundingRecord,
    check_co_financing,
    funding_summary,
    funding_total,
)

CONVERTER = make_converter()
D = Decimal


def record(id: str, kind: FundingKind, amount: object, day: int = 1, **kw: object) -> FundingRecord:
    return FundingRecord(
        id=id,
        community_id=kw.pop("community_id", "club"),  # type: ignore[arg-type]
        kind=kind,
        amount=amount,  # type: ignore[arg-type]
        received_on=date(2025, 9, day),
        source="Анна",
        **kw,  # type: ignore[arg-type]
    )


FEES = FundingKind.MEMBERSHIP_FEES
RECORDS = [
    record("f1", FEES, 500, 1),
    record("f2", FEES, "500.50", 2),
    record("g1", FundingKind.GRANT, 100000, 10),
    record("s1", FundingKind.SPONSORSHIP, 15000, 20),
    record("x1", FEES, 700, 3, community_id="other-club"),
]


def co_financed_budget(own: object, community_id: str | None = "club") -> Budget:
    hall = BudgetLine.of(
        name=Label(ru="Аренда зала", en="Hall rent"),
        category=BudgetCategory.RENT,
        unit_cost=5000,
        quantity=4,
        co_financing=own,  # type: ignore[arg-type]
    )
    return Budget(title=Label(ru="Клуб", en="Club"), lines=[hall], community_id=community_id)


def test_the_kinds_of_seed_000_are_labelled() -> None:
    """Membership fees, grants and sponsorship (and partner support) have ru/en labels."""
    assert FundingKind.MEMBERSHIP_FEES.label.ru == "Членские взносы"
    assert FundingKind.GRANT.label.en == "Grant"
    assert FundingKind.SPONSORSHIP.label.ru == "Спонсорская поддержка"
    assert all(k.label.ru and k.label.en for k in FundingKind)


def test_a_record_holds_exact_positive_money_and_a_date() -> None:
    """Amounts are two-place Decimals; zero, negative and float amounts are refused."""
    assert record("a", FEES, 500).amount == D("500.00")
    for bad, message in ((0, "more than zero"), (-5, "more than zero"), (5.0, "exact")):
        with pytest.raises(ValueError, match=message):
            record("a", FEES, bad)
    with pytest.raises(ValueError, match="received_on must be a date"):
        attrs.evolve(record("a", FEES, 1), received_on=datetime(2025, 9, 1))


def test_summary_by_kind_of_one_community() -> None:
    """Per kind: 1000.50 in fees, 100 000 in grants, 15 000 sponsorship; other kinds zero."""
    summary = funding_summary(RECORDS, community_id="club")
    assert list(summary) == list(FundingKind)
    assert summary == {
        FEES: D("1000.50"),
        FundingKind.GRANT: D("100000.00"),
        FundingKind.SPONSORSHIP: D("15000.00"),
        FundingKind.PARTNERSHIP: D("0.00"),
        FundingKind.OTHER: D("0.00"),
    }
    assert funding_summary(RECORDS)[FEES] == D("1700.50")
    assert funding_summary(RECORDS, community_id="club", until=date(2025, 9, 2))[FEES] == D(
        "1000.50"
    )


def test_total_by_kind_and_date() -> None:
    """funding_total filters by community, kinds and date."""
    assert funding_total(RECORDS, community_id="club") == D("116000.50")
    assert funding_total(RECORDS, kinds=[FundingKind.GRANT]) == D("100000.00")
    assert funding_total(RECORDS, until=date(2025, 9, 1)) == D("500.00")
    assert funding_total([]) == D("0.00")


def test_duplicate_record_ids_are_refused() -> None:
    """Two records with one id are a mistake, not double money."""
    with pytest.raises(DuplicateId):
        funding_summary([RECORDS[0], RECORDS[0]])


def test_co_financing_covered_by_the_communitys_records() -> None:
    """A co-financing of 20 000 is covered by 116 000.50 raised by the club: no finding."""
    assert check_co_financing(co_financed_budget(20000), RECORDS) == ()


def test_co_financing_shortfall_is_flagged() -> None:
    """Only fees count: 1000.50 raised for 20 000 co-financing, short by 18 999.50."""
    (f,) = check_co_financing(co_financed_budget(20000), RECORDS, kinds=[FEES])
    assert f.issue is BudgetIssue.CO_FINANCING_SHORTFALL
    assert (f.expected, f.actual, f.path) == (D("20000.00"), D("1000.50"), "$.co_financing")
    assert "short by 18999.50" in f.message.en
    assert "не хватает 18999.50" in f.message.ru


def test_other_communities_records_do_not_count() -> None:
    """The budget of 'other-club' is covered by its own 700 only."""
    (f,) = check_co_financing(co_financed_budget(800, "other-club"), RECORDS)
    assert f.actual == D("700.00")
    assert check_co_financing(co_financed_budget(700, "other-club"), RECORDS) == ()


def test_records_read_from_json_refuse_float_amounts() -> None:
    """A record's amount is a string in JSON; a number is refused with its path."""
    text = to_json(RECORDS[1], converter=CONVERTER)
    assert '"amount": "500.50"' in text and '"received_on": "2025-09-02"' in text
    with pytest.raises(InvalidData) as info:
        from_json(text.replace('"500.50"', "500.5"), converter=CONVERTER)
    assert info.value.path == "$.data.amount"
    with pytest.raises(InvalidData) as info:
        from_json(text.replace('"2025-09-02"', '"2025-09-02T10:00"'), converter=CONVERTER)
    assert info.value.path == "$.data.received_on"


@given(st.lists(funding_records(), max_size=8, unique_by=lambda r: r.id))
def test_summary_is_an_exact_partition_of_the_total(records: list[FundingRecord]) -> None:
    """The kinds' sums add up exactly to the total, and records round-trip through JSON."""
    assert sum(funding_summary(records).values(), D(0)) == funding_total(records)
    back = [from_json(to_json(r, converter=CONVERTER), converter=CONVERTER) for r in records]
    assert back == records
