"""Checking a work plan against its rules: one finding per rule and period it breaks.

Examples:
    >>> from datetime import date
    >>> plan = WorkPlan(id="p", title="План", starts=date(2026, 1, 1), ends=date(2026, 1, 31))
    >>> [f.rule_id for f in check_work_plan(plan)]
    ['event_monthly', 'seminar_quarterly', 'annual_conference']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id
from pedcommunity.model.community_events import add_months
from pedcommunity.model.work_plans._plans import (
    SEED_PLAN_RULES,
    PlanPeriod,
    PlanRule,
    WorkPlan,
    check_count,
)

__all__ = ["PlanFinding", "check_work_plan"]


_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTHS_RU = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
# "в марте": the prepositional case a sentence about a month needs.
_MONTHS_RU_IN = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
]


def _month(day: date) -> Label:
    return Label(
        ru=f"{_MONTHS_RU[day.month - 1]} {day.year}", en=f"{_MONTHS_EN[day.month - 1]} {day.year}"
    )


def _span(first: date, last: date) -> Label:
    a, b = _month(first), _month(last)
    if (first.year, first.month) == (last.year, last.month):
        return a
    return Label(ru=f"{a.ru} – {b.ru}", en=f"{a.en} – {b.en}")


@attrs.frozen
class PlanFinding:
    """What is wrong with a plan, where: a rule, a period, the count found, and a message.

    Examples:
        >>> f = PlanFinding(rule_id="event_monthly", starts=date(2026, 3, 1),
        ...                 ends=date(2026, 3, 31), found=0,
        ...                 message=Label(ru="Нет мероприятий в марте 2026 г.",
        ...                               en="no event in March 2026"))
        >>> f.message.get("ru")
        'Нет мероприятий в марте 2026 г.'
    """

    rule_id: str = attrs.field(validator=check_id)
    starts: date = attrs.field(validator=check_date)
    ends: date = attrs.field(validator=check_date)
    found: int = attrs.field(validator=check_count)
    message: Label = attrs.field(validator=attrs.validators.instance_of(Label))


def _periods(plan: WorkPlan, period: PlanPeriod) -> list[tuple[date, date, Label]]:
    """Each period of ``plan``: first day, last day, and "in <period>" in both languages."""
    if period is PlanPeriod.YEAR:
        span = _span(plan.starts, plan.ends)
        return [
            (
                plan.starts,
                plan.ends,
                Label(ru=f"за период плана ({span.ru})", en=f"in the plan year ({span.en})"),
            )
        ]
    step = 1 if period is PlanPeriod.MONTH else 3
    out = []
    first = plan.starts.replace(day=1)
    number = 1
    while first <= plan.ends:
        nxt = add_months(first, step)
        last = min(date.fromordinal(nxt.toordinal() - 1), plan.ends)
        begin = max(first, plan.starts)
        if period is PlanPeriod.MONTH:
            m = first.month - 1
            where = Label(
                ru=f"в {_MONTHS_RU_IN[m]} {first.year} г.", en=f"in {_MONTHS_EN[m]} {first.year}"
            )
        else:
            span = _span(first, last)
            where = Label(
                ru=f"в квартале {number} ({span.ru})", en=f"in quarter {number} ({span.en})"
            )
        out.append((begin, last, where))
        first = nxt
        number += 1
    return out


def _what(rule: PlanRule) -> Label:
    if not rule.kinds:
        return Label(ru="мероприятий", en="event")
    return Label(
        ru="мероприятий вида " + ", ".join(f"«{k.label.ru}»" for k in rule.kinds),
        en=" or ".join(k.label.en.lower() for k in rule.kinds),
    )


def _message(rule: PlanRule, found: int, where: Label) -> Label | None:
    what = _what(rule)
    head_ru = what.ru[0].upper() + what.ru[1:]
    if found < rule.minimum:
        if found == 0:
            return Label(ru=f"Нет {what.ru} {where.ru}", en=f"no {what.en} {where.en}")
        return Label(
            ru=f"{head_ru} {where.ru}: {found}, нужно не менее {rule.minimum}",
            en=f"{found} {what.en} {where.en}; at least {rule.minimum} needed",
        )
    if rule.maximum is not None and found > rule.maximum:
        return Label(
            ru=f"{head_ru} {where.ru}: {found}, допускается не более {rule.maximum}",
            en=f"{found} {what.en} {where.en}; at most {rule.maximum} allowed",
        )
    return None


def check_work_plan(
    plan: WorkPlan, rules: Iterable[PlanRule] = SEED_PLAN_RULES
) -> tuple[PlanFinding, ...]:
    """What is wrong with ``plan`` under ``rules``: one finding per rule and period it breaks.

    Findings come in the order of ``rules``, then of the periods; no finding means the plan
    meets every rule.

    Raises:
        DuplicateId: two rules share an id.

    Examples:
        >>> from pedcommunity.model.community_events import CommunityEvent, EventKind
        >>> def ev(i, kind, day):
        ...     return CommunityEvent(id=i, kind=kind, planned_on=day, topic="Тема")
        >>> plan = WorkPlan(id="p", title="План", starts=date(2025, 9, 1),
        ...                 ends=date(2025, 11, 30), events=[
        ...     ev("m9", EventKind.MONTHLY_MEETING, date(2025, 9, 25)),
        ...     ev("c1", EventKind.ANNUAL_CONFERENCE, date(2025, 9, 26)),
        ...     ev("c2", EventKind.ANNUAL_CONFERENCE, date(2025, 11, 27))])
        >>> for f in check_work_plan(plan):
        ...     print(f.rule_id, "|", f.message.en, "|", f.message.ru)
        event_monthly | no event in October 2025 | Нет мероприятий в октябре 2025 г.
        seminar_quarterly | no seminar in quarter 1 (September 2025 – November 2025) | \
Нет мероприятий вида «Семинар (тренинг)» в квартале 1 (сентябрь 2025 – ноябрь 2025)
        annual_conference | 2 annual conference in the plan year (September 2025 – November \
2025); at most 1 allowed | Мероприятий вида «Ежегодная конференция» за период плана \
(сентябрь 2025 – ноябрь 2025): 2, допускается не более 1
    """
    rule_list = tuple(rules)
    seen: set[str] = set()
    for rule in rule_list:
        if rule.id in seen:
            raise DuplicateId(kind="rule", id=rule.id, field="rules")
        seen.add(rule.id)
    findings = []
    for rule in rule_list:
        for first, last, where in _periods(plan, rule.period):
            found = sum(
                1 for e in plan.events if rule.counts(e.kind) and first <= e.planned_on <= last
            )
            message = _message(rule, found, where)
            if message is not None:
                findings.append(
                    PlanFinding(
                        rule_id=rule.id, starts=first, ends=last, found=found, message=message
                    )
                )
    return tuple(findings)
