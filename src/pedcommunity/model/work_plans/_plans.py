"""A work plan and the rules it must meet: planned events and activities, periods, rules.

Examples:
    >>> [r.id for r in SEED_PLAN_RULES]
    ['event_monthly', 'seminar_quarterly', 'annual_conference']
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label, LabelledEnum
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
    "PlanPeriod",
    "PlanRule",
    "PlannedActivity",
    "WorkPlan",
    "check_count",
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


class PlanPeriod(LabelledEnum):
    """The period a :class:`PlanRule` counts events in.

    Examples:
        >>> PlanPeriod.QUARTER.label.ru
        'Квартал'
    """

    MONTH = "month", "Месяц", "Month"
    QUARTER = "quarter", "Квартал", "Quarter"
    YEAR = "year", "Год плана", "Plan year"


def _kinds(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    instances_of(EventKind)(instance, attribute, value)
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} must not repeat an event kind")


def check_count(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    """Validate a count: a whole number of at least 0 (``True`` is not a number here).

    Examples:
        >>> check_count(None, attrs.fields(PlanRule).minimum, -1)
        Traceback (most recent call last):
        ...
        ValueError: minimum must be a whole number of at least 0, got -1
    """
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
    minimum: int = attrs.field(default=1, validator=check_count)
    maximum: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_count)
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
