"""Work plans: a year's planned events and activities, rules a plan must meet, plan and fact.

A community works to a plan (seed 001 5.1: «план работы»). A :class:`WorkPlan` holds the
events and other activities planned for a period of at most a year. A coordinator configures
:class:`PlanRule` s as data ("at least one event a month", "a seminar every quarter", "one
annual conference"); :func:`check_work_plan` says, in Russian and English, which rule a plan breaks
and where ("no event in March 2026"). :data:`SEED_PLAN_RULES` are the rules of the seeds.
:func:`compare_with_fact` sets a plan against the events as they went: which planned events
took place on time, which slipped (held later than planned, or not held), which are still to
come, and which unplanned events were held.

Periods: a monthly rule looks at every calendar month the plan's period touches; a quarterly
rule at blocks of three calendar months from the plan's first month (a September-to-August
plan has the quarters September-November, December-February, March-May and June-August); a
yearly rule at the whole period. A period the plan covers only in part is checked all the
same.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model.community_events import CommunityEvent, EventKind
    >>> from pedcommunity.model.work_plans import SEED_PLAN_RULES, WorkPlan, check_work_plan
    >>> plan = WorkPlan(id="2026", title="План 2026", starts=date(2026, 1, 1),
    ...                 ends=date(2026, 3, 31), events=[
    ...     CommunityEvent(id="e1", kind=EventKind.SEMINAR, planned_on=date(2026, 1, 20),
    ...                    topic="Семинар"),
    ...     CommunityEvent(id="e2", kind=EventKind.ANNUAL_CONFERENCE,
    ...                    planned_on=date(2026, 3, 27), topic="Конференция")])
    >>> [f.message.en for f in check_work_plan(plan, SEED_PLAN_RULES)]
    ['no event in February 2026']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_ids, check_text, instances_of, to_tuple
from pedcommunity.model.community_events import (
    CommunityEvent,
    EventKind,
    EventStatus,
    add_months,
)

__all__ = [
    "SEED_PLAN_RULES",
    "PlanFact",
    "PlanFinding",
    "PlanPeriod",
    "PlanRule",
    "PlannedActivity",
    "WorkPlan",
    "check_work_plan",
    "compare_with_fact",
]


def _unique(kind: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: set[str] = set()
        for item in value:
            if item.id in seen:
                raise DuplicateId(kind=kind, id=item.id, field=attribute.name)
            seen.add(item.id)

    return check


@attrs.frozen
class PlannedActivity:
    """An activity of the plan that is not an event: a manual to write, a survey to run.

    Examples:
        >>> PlannedActivity(id="a1", title="Анкетирование участников", due=date(2026, 5, 31),
        ...                 responsible_ids=("t1",)).due.isoformat()
        '2026-05-31'
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    due: date = attrs.field(validator=check_date)
    responsible_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )


@attrs.frozen
class WorkPlan:
    """A work plan: the events and activities planned for a period of at most one year.

    Every event is planned (not yet held or cancelled) and falls within ``starts`` to
    ``ends``; so does every activity's due day. Ids are unique within the plan.

    Raises:
        ValueError: the period is backwards or longer than a year, or an event or activity
            falls outside it, or an event is not in the planned status.
        DuplicateId: two events or two activities share an id.

    Examples:
        >>> p = WorkPlan(id="2025-26", title="План работы клуба", starts=date(2025, 9, 1),
        ...              ends=date(2026, 8, 31))
        >>> p.months()[0], len(p.months())
        (datetime.date(2025, 9, 1), 12)
        >>> WorkPlan(id="x", title="Т", starts=date(2025, 9, 1), ends=date(2026, 9, 1))
        Traceback (most recent call last):
        ...
        ValueError: a work plan covers at most a year: 2025-09-01 to 2026-09-01 is longer
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    starts: date = attrs.field(validator=check_date)
    ends: date = attrs.field(validator=check_date)
    events: tuple[CommunityEvent, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(CommunityEvent), _unique("event")]
    )
    activities: tuple[PlannedActivity, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(PlannedActivity), _unique("activity")],
    )

    def __attrs_post_init__(self) -> None:
        span = f"{self.starts.isoformat()} to {self.ends.isoformat()}"
        if self.ends < self.starts:
            raise ValueError(f"a work plan ends on or after it starts, not {span}")
        if add_months(self.starts, 12) <= self.ends:
            raise ValueError(f"a work plan covers at most a year: {span} is longer")
        for e in self.events:
            if e.status is not EventStatus.PLANNED:
                raise ValueError(f"event '{e.id}' of a plan must be planned, not {e.status.value}")
            if not self.starts <= e.planned_on <= self.ends:
                raise ValueError(
                    f"event '{e.id}' on {e.planned_on.isoformat()} is outside the plan ({span})"
                )
        for a in self.activities:
            if not self.starts <= a.due <= self.ends:
                raise ValueError(
                    f"activity '{a.id}' due {a.due.isoformat()} is outside the plan ({span})"
                )

    def months(self) -> tuple[date, ...]:
        """The first day of every calendar month the plan touches, in order."""
        first = self.starts.replace(day=1)
        out = []
        while first <= self.ends:
            out.append(first)
            first = add_months(first, 1)
        return tuple(out)

    def event(self, event_id: str) -> CommunityEvent | None:
        """The planned event with this id, if any.

        Examples:
            >>> WorkPlan(id="p", title="Т", starts=date(2026, 1, 1),
            ...          ends=date(2026, 1, 31)).event("e1") is None
            True
        """
        return next((e for e in self.events if e.id == event_id), None)


class PlanPeriod(enum.Enum):
    """The period a :class:`PlanRule` counts events in.

    Examples:
        >>> PlanPeriod.QUARTER.label.ru
        'Квартал'
    """

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def label(self) -> Label:
        """The period's Russian and English name."""
        return _PERIOD_LABELS[self]


_PERIOD_LABELS = {
    PlanPeriod.MONTH: Label(ru="Месяц", en="Month"),
    PlanPeriod.QUARTER: Label(ru="Квартал", en="Quarter"),
    PlanPeriod.YEAR: Label(ru="Год плана", en="Plan year"),
}


def _kinds(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    instances_of(EventKind)(instance, attribute, value)
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} must not repeat an event kind")


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"{attribute.name} must be a whole number of at least 0, got {shown(value)}"
        )


@attrs.frozen
class PlanRule:
    """A rule a work plan must meet: how many events of some kinds each period holds.

    ``kinds`` empty means events of any kind. ``minimum`` (default 1) and ``maximum``
    (default none) bound the count in every period. ``source`` says where the rule comes from.

    Examples:
        >>> r = PlanRule(id="seminar_quarterly",
        ...              title=Label(ru="Семинар каждый квартал", en="A seminar every quarter"),
        ...              period=PlanPeriod.QUARTER, kinds=(EventKind.SEMINAR,))
        >>> r.counts(EventKind.SEMINAR), r.counts(EventKind.MEETUP)
        (True, False)
        >>> PlanRule(id="x", title=r.title, period=PlanPeriod.MONTH, minimum=0)
        Traceback (most recent call last):
        ...
        ValueError: a rule needs a minimum of at least 1 or a maximum
    """

    id: str = attrs.field(validator=check_id)
    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    period: PlanPeriod = attrs.field(validator=attrs.validators.instance_of(PlanPeriod))
    kinds: tuple[EventKind, ...] = attrs.field(default=(), converter=to_tuple, validator=_kinds)
    minimum: int = attrs.field(default=1, validator=_non_negative)
    maximum: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_non_negative)
    )
    source: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_text))

    def __attrs_post_init__(self) -> None:
        if self.minimum < 1 and self.maximum is None:
            raise ValueError("a rule needs a minimum of at least 1 or a maximum")
        if self.maximum is not None and self.maximum < self.minimum:
            raise ValueError(f"maximum ({self.maximum}) is below minimum ({self.minimum})")

    def counts(self, kind: EventKind) -> bool:
        """Whether events of ``kind`` count for this rule."""
        return not self.kinds or kind in self.kinds


#: The rules of the seeds: at least one event a month (seed 001 4.2), a seminar every quarter
#: and exactly one annual conference (seed 000, section 4).
SEED_PLAN_RULES: tuple[PlanRule, ...] = (
    PlanRule(
        id="event_monthly",
        title=Label(ru="Мероприятия не реже 1 раза в месяц", en="At least one event a month"),
        period=PlanPeriod.MONTH,
        source="seed 001, 4.2",
    ),
    PlanRule(
        id="seminar_quarterly",
        title=Label(ru="Семинар каждый квартал", en="A seminar every quarter"),
        period=PlanPeriod.QUARTER,
        kinds=(EventKind.SEMINAR,),
        source="seed 000, section 4",
    ),
    PlanRule(
        id="annual_conference",
        title=Label(ru="Одна ежегодная конференция", en="One annual conference"),
        period=PlanPeriod.YEAR,
        kinds=(EventKind.ANNUAL_CONFERENCE,),
        maximum=1,
        source="seed 000, section 4",
    ),
)

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
    found: int = attrs.field(validator=_non_negative)
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


@attrs.frozen
class PlanFact:
    """A plan set against the facts: what was held on time, late, not at all, or unplanned.

    ``on_time`` holds the planned events held on or before their planned day; ``late`` those
    held after it; ``not_held`` those cancelled, or still not held when their day has passed;
    ``upcoming`` those whose day has not come yet; ``unplanned`` the held events of the plan's
    period that the plan did not list. All are event ids, in plan (or event) order.

    Examples:
        >>> f = PlanFact(plan_id="p", on_time=("a", "b"), late=("c",), not_held=("d",))
        >>> f.slipped, f.held_share
        (('c', 'd'), 0.75)
    """

    plan_id: str = attrs.field(validator=check_id)
    on_time: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    late: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    not_held: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    upcoming: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    unplanned: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)

    @property
    def slipped(self) -> tuple[str, ...]:
        """The planned events that slipped: held late, then not held."""
        return self.late + self.not_held

    @property
    def held_share(self) -> float | None:
        """The share of the planned events due so far that were held (on time or late).

        ``None`` when no planned event is due yet.
        """
        due = len(self.on_time) + len(self.late) + len(self.not_held)
        if due == 0:
            return None
        return (len(self.on_time) + len(self.late)) / due


def compare_with_fact(
    plan: WorkPlan, events: Iterable[CommunityEvent], *, as_of: date | None = None
) -> PlanFact:
    """Set ``plan`` against ``events`` as they went (the community's events, matched by id).

    Without ``as_of`` every planned event is due; with it, a planned event whose day is after
    ``as_of`` and that is neither held nor cancelled is ``upcoming`` rather than not held.

    Raises:
        InvalidData: two of ``events`` share an id.

    Examples:
        >>> from pedcommunity.model.community_events import CommunityEvent, EventKind
        >>> def ev(i, day, **kw):
        ...     return CommunityEvent(id=i, kind=EventKind.MEETUP, planned_on=day,
        ...                           topic="Митап", **kw)
        >>> plan = WorkPlan(id="p", title="План", starts=date(2026, 1, 1),
        ...                 ends=date(2026, 6, 30), events=[
        ...     ev("jan", date(2026, 1, 20)), ev("feb", date(2026, 2, 20)),
        ...     ev("mar", date(2026, 3, 20)), ev("jun", date(2026, 6, 20))])
        >>> held = EventStatus.HELD
        >>> fact = [ev("jan", date(2026, 1, 20), status=held, held_on=date(2026, 1, 19)),
        ...         ev("feb", date(2026, 2, 20), status=held, held_on=date(2026, 3, 2)),
        ...         ev("mar", date(2026, 3, 20)), ev("jun", date(2026, 6, 20)),
        ...         ev("x", date(2026, 4, 1), status=held, held_on=date(2026, 4, 1))]
        >>> r = compare_with_fact(plan, fact, as_of=date(2026, 4, 30))
        >>> r.on_time, r.late, r.not_held, r.upcoming, r.unplanned
        (('jan',), ('feb',), ('mar',), ('jun',), ('x',))
    """
    by_id: dict[str, CommunityEvent] = {}
    for i, e in enumerate(events):
        if e.id in by_id:
            raise InvalidData(f"event id '{e.id}' appears twice", path=f"$.events[{i}]")
        by_id[e.id] = e
    on_time: list[str] = []
    late: list[str] = []
    not_held: list[str] = []
    upcoming: list[str] = []
    for planned in plan.events:
        actual = by_id.get(planned.id)
        if actual is not None and actual.held_on is not None:
            (late if actual.held_on > planned.planned_on else on_time).append(planned.id)
        elif (
            as_of is not None
            and planned.planned_on > as_of
            and (actual is None or actual.status is not EventStatus.CANCELLED)
        ):
            upcoming.append(planned.id)
        else:
            not_held.append(planned.id)
    listed = {e.id for e in plan.events}
    unplanned = [
        e.id
        for e in by_id.values()
        if e.held_on is not None and e.id not in listed and plan.starts <= e.held_on <= plan.ends
    ]
    return PlanFact(
        plan_id=plan.id,
        on_time=on_time,
        late=late,
        not_held=not_held,
        upcoming=upcoming,
        unplanned=unplanned,
    )
