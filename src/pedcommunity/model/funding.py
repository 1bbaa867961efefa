"""Funding sources of a community (seed 000): membership fees, grants, sponsorship.

Seed 000's professional club weighs several models of funding: small membership fees, grants
for particular projects, and sponsorship or partner support. A :class:`FundingRecord` is one
sum received by a community: its :class:`FundingKind`, the exact amount (Decimal roubles, as
in :mod:`pedcommunity.model.budget`), the date and who gave it. :func:`funding_summary` sums
the records by kind; :func:`check_co_financing` feeds them to a budget: the budget's
co-financing must be covered by what the community has raised, and a shortfall is reported as
a :class:`~pedcommunity.model.budget.BudgetFinding`.

Examples:
    >>> from datetime import date
    >>> fee = FundingRecord(id="f1", community_id="club", kind=FundingKind.MEMBERSHIP_FEES,
    ...                     amount=500, received_on=date(2025, 9, 1), source="Анна Петрова")
    >>> fee.amount, fee.kind.label.ru
    (Decimal('500.00'), 'Членские взносы')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_text
from pedcommunity.model.budget import (
    ZERO,
    Budget,
    BudgetFinding,
    BudgetIssue,
    check_money,
    to_money,
)

__all__ = [
    "FundingKind",
    "FundingRecord",
    "check_co_financing",
    "funding_summary",
    "funding_total",
]


class FundingKind(LabelledEnum):
    """Where a community's money comes from (seed 000, «Финансовые вопросы»).

    Examples:
        >>> [k.label.en for k in FundingKind]
        ['Membership fees', 'Grant', 'Sponsorship', 'Partner support', 'Other']
    """

    MEMBERSHIP_FEES = "membership_fees", "Членские взносы", "Membership fees"
    GRANT = "grant", "Грант", "Grant"
    SPONSORSHIP = "sponsorship", "Спонсорская поддержка", "Sponsorship"
    PARTNERSHIP = "partnership", "Партнёрская поддержка", "Partner support"
    OTHER = "other", "Другие источники", "Other"


def _positive(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    check_money(instance, attribute, value)
    if value <= 0:
        raise ValueError(f"{attribute.name} must be more than zero, got {value}")


@attrs.frozen
class FundingRecord:
    """One sum a community received: its kind, amount, date, who gave it and what for.

    Examples:
        >>> from datetime import date
        >>> FundingRecord(id="g1", community_id="club", kind=FundingKind.GRANT,
        ...               amount="150000.00", received_on=date(2026, 3, 1),
        ...               source="Фонд президентских грантов", purpose="Школа навигаторов").amount
        Decimal('150000.00')
        >>> FundingRecord(id="g1", community_id="club", kind=FundingKind.GRANT, amount=0,
        ...               received_on=date(2026, 3, 1), source="Фонд")
        Traceback (most recent call last):
        ...
        ValueError: amount must be more than zero, got 0.00
    """

    id: str = attrs.field(validator=check_id)
    community_id: str = attrs.field(validator=check_id)
    kind: FundingKind = attrs.field(validator=attrs.validators.instance_of(FundingKind))
    amount: Decimal = attrs.field(converter=to_money, validator=_positive)
    received_on: date = attrs.field(validator=check_date)
    source: str = attrs.field(validator=check_text)
    purpose: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_text))


def _select(
    records: Iterable[FundingRecord],
    community_id: str | None,
    kinds: Iterable[FundingKind] | None,
    until: date | None,
) -> list[FundingRecord]:
    wanted = None if kinds is None else frozenset(kinds)
    chosen: list[FundingRecord] = []
    seen: set[str] = set()
    for record in records:
        if not isinstance(record, FundingRecord):
            raise TypeError(f"expected FundingRecord objects, got {shown(record)}")
        if record.id in seen:
            raise DuplicateId(kind="funding record", id=record.id, field="records")
        seen.add(record.id)
        if community_id is not None and record.community_id != community_id:
            continue
        if wanted is not None and record.kind not in wanted:
            continue
        if until is not None and record.received_on > until:
            continue
        chosen.append(record)
    return chosen


def funding_summary(
    records: Iterable[FundingRecord],
    *,
    community_id: str | None = None,
    until: date | None = None,
) -> dict[FundingKind, Decimal]:
    """The sums received, by kind: every :class:`FundingKind` in order, zero when none.

    Args:
        records: the funding records.
        community_id: count only this community's records (all records by default).
        until: count only records received on or before this date.

    Raises:
        DuplicateId: two records share an id.

    Examples:
        >>> from datetime import date
        >>> rs = [FundingRecord(id=str(i), community_id="club", kind=k, amount=a,
        ...                     received_on=date(2025, 9, i), source="s")
        ...       for i, (k, a) in enumerate([(FundingKind.MEMBERSHIP_FEES, 500),
        ...                                   (FundingKind.MEMBERSHIP_FEES, 500),
        ...                                   (FundingKind.SPONSORSHIP, "10000.50")], start=1)]
        >>> {k.value: str(v) for k, v in funding_summary(rs).items()}
        ... # doctest: +NORMALIZE_WHITESPACE
        {'membership_fees': '1000.00', 'grant': '0.00', 'sponsorship': '10000.50',
         'partnership': '0.00', 'other': '0.00'}
        >>> str(funding_summary(rs, until=date(2025, 9, 1))[FundingKind.MEMBERSHIP_FEES])
        '500.00'
    """
    sums = dict.fromkeys(FundingKind, ZERO)
    for record in _select(records, community_id, None, until):
        sums[record.kind] += record.amount
    return sums


def funding_total(
    records: Iterable[FundingRecord],
    *,
    community_id: str | None = None,
    kinds: Iterable[FundingKind] | None = None,
    until: date | None = None,
) -> Decimal:
    """The sum of the records (of one community, of some kinds, up to a date, if given).

    Raises:
        DuplicateId: two records share an id.

    Examples:
        >>> from datetime import date
        >>> r = FundingRecord(id="f1", community_id="club", kind=FundingKind.GRANT,
        ...                   amount=1000, received_on=date(2025, 9, 1), source="s")
        >>> funding_total([r]), funding_total([r], kinds=[FundingKind.SPONSORSHIP])
        (Decimal('1000.00'), Decimal('0.00'))
    """
    return sum(
        (r.amount for r in _select(records, community_id, kinds, until)), start=ZERO
    ).quantize(ZERO)


def check_co_financing(
    budget: Budget,
    records: Iterable[FundingRecord],
    *,
    kinds: Iterable[FundingKind] | None = None,
    until: date | None = None,
) -> tuple[BudgetFinding, ...]:
    """Whether the community's own funds cover the budget's co-financing.

    The budget's co-financing (the sum over its lines) is compared with the records of the
    budget's community (``budget.community_id``; every record when the budget names none),
    of the given ``kinds`` and received by ``until`` when given. A shortfall is one
    :class:`~pedcommunity.model.budget.BudgetFinding` (issue ``co_financing_shortfall``,
    ``expected`` the co-financing, ``actual`` what was raised); covered, there is none.

    Raises:
        DuplicateId: two records share an id.

    Examples:
        >>> from datetime import date
        >>> from pedcommunity.model.budget import BudgetCategory, BudgetLine
        >>> b = Budget(title=Label(ru="Клуб", en="Club"), community_id="club", lines=[
        ...     BudgetLine.of(name=Label(ru="Аренда зала", en="Hall rent"),
        ...                   category=BudgetCategory.RENT, unit_cost=3000, quantity=4,
        ...                   co_financing=6000)])
        >>> fees = [FundingRecord(id=f"f{i}", community_id="club",
        ...                       kind=FundingKind.MEMBERSHIP_FEES, amount=500,
        ...                       received_on=date(2025, 9, i), source=f"t{i}")
        ...         for i in range(1, 9)]
        >>> [f.message.en for f in check_co_financing(b, fees)]
        ['co-financing of 6000.00 is covered by only 4000.00 raised; short by 2000.00']
        >>> check_co_financing(b, [attrs.evolve(fees[0], amount=6000)])
        ()
    """
    need = budget.totals().co_financing
    raised = funding_total(records, community_id=budget.community_id, kinds=kinds, until=until)
    if raised >= need:
        return ()
    short = need - raised
    return (
        BudgetFinding(
            issue=BudgetIssue.CO_FINANCING_SHORTFALL,
            message=Label(
                ru=f"софинансирование {need} покрыто собранными средствами лишь на {raised}; "
                f"не хватает {short}",
                en=f"co-financing of {need} is covered by only {raised} raised; short by {short}",
            ),
            field="co_financing",
            expected=need,
            actual=raised,
        ),
    )
