"""Indicators: the numbers a coordinator reads, each a small function of the log and a period.

An :class:`Indicator` has a name (its id), a Russian and English label, a :class:`Unit` and a
function ``compute(log, period) -> float | None`` of a
:class:`~pedcommunity.monitoring.log.CommunityLog` and a
:class:`~pedcommunity.monitoring.log.Period`. ``None`` means "no data": there was nothing to
measure (no rated feedback, no planned event). Every built-in indicator reads the community
as it was at the end of the period (:meth:`CommunityLog.data_on`), so it never sees later
records.

The built-in indicators (:data:`BUILT_IN_INDICATORS`), from seeds 000 and 004:

- ``active_members`` (people): members who took part in the period: attended or organised
  an event held in it, or co-authored a material published in it (each counted once).
- ``active_member_growth`` (people): ``active_members`` of the period minus that of the
  preceding period of as many days (zero active members before the community started).
- ``attendance_rate`` (share): over the events held in the period, the members who came
  divided by the members the community had on each event's day (summed over the events;
  guests do not count). No data without a held event.
- ``activity_variety`` (kinds): how many different kinds of event were held in the period.
- ``materials_published`` (items): methodical materials published in the period.
- ``planned_events_held`` (share): of the events of the adopted work plans planned for a
  day in the period, the share held by the end of the period (on time or late; cancelled
  and still planned ones count as not held). No data without a planned event.
- ``positive_feedback_share`` (share): of the feedback responses about events held in the
  period that rate something, the share whose mean rating is at least
  :data:`~pedcommunity.model.community_events.POSITIVE_RATING` (4 on the 1-5 scale);
  comment-only responses are left out. No data without a rated response.
- ``early_career_retention`` (share): of the early-career teachers who were members on some
  day of the period, the share still members on its last day. No data without one.
- ``partners_added`` (items): partners whose partnership began in the period.
- ``conferences_held`` (items): annual conferences held in the period.
- ``work_plans_adopted`` (items): ``adopt_work_plan`` events of the log dated in the period.

A user-defined indicator is a function and an :class:`Indicator` around it:

Examples:
    >>> from pedcommunity.i18n import Label
    >>> def online_events(log, period):
    ...     '''Events held online in the period.'''
    ...     data = log.data_on(period.end)
    ...     return sum(1 for e in held_events(data, period) if e.format.value == "online")
    >>> ONLINE = Indicator(name="online_events", unit=Unit.ITEMS, compute=online_events,
    ...                    label=Label(ru="Онлайн-мероприятия", en="Online events"))
    >>> ONLINE.unit.format(3, "ru"), ONLINE.label.en
    ('3 шт.', 'Online events')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.i18n import Label, LabelledEnum, check_lang, ru_plural
from pedcommunity.model._fields import check_id
from pedcommunity.model.community_events import CommunityEvent, EventKind
from pedcommunity.model.structure import MemberKind
from pedcommunity.monitoring.log import CommunityLog, Period
from pedcommunity.workflows.community import AdoptWorkPlan, CommunityData

__all__ = [
    "ACTIVE_MEMBERS",
    "ACTIVE_MEMBER_GROWTH",
    "ACTIVITY_VARIETY",
    "ATTENDANCE_RATE",
    "BUILT_IN_INDICATORS",
    "CONFERENCES_HELD",
    "EARLY_CAREER_RETENTION",
    "MATERIALS_PUBLISHED",
    "PARTNERS_ADDED",
    "PLANNED_EVENTS_HELD",
    "POSITIVE_FEEDBACK_SHARE",
    "WORK_PLANS_ADOPTED",
    "Indicator",
    "Unit",
    "held_events",
    "indicator_index",
]

#: What an indicator's function looks like.
Compute = Callable[[CommunityLog, Period], float | int | None]


class Unit(LabelledEnum):
    """The unit of an indicator's value; a share is a fraction from 0 to 1.

    Examples:
        >>> Unit.SHARE.format(0.756, "en"), Unit.PEOPLE.format(12.0, "ru")
        ('75.6%', '12 чел.')
        >>> Unit.KINDS.format(None, "en"), Unit.KINDS.format(3, "ru"), Unit.ITEMS.format(1, "en")
        ('no data', '3 вида', '1 item')
    """

    PEOPLE = "people", "человек", "people"
    ITEMS = "items", "штук", "items"
    KINDS = "kinds", "видов", "kinds"
    SHARE = "share", "доля", "share"

    def format(self, value: float | None, lang: str = "ru") -> str:
        """``value`` written for a reader in ``lang``: a percentage for a share."""
        lang = check_lang(lang)
        if value is None:
            return "нет данных" if lang == "ru" else "no data"
        if self is Unit.SHARE:
            text = f"{value * 100:.1f}".removesuffix(".0")
            return f"{text.replace('.', ',') if lang == 'ru' else text}%"
        number = f"{value:g}" if value != int(value) else str(int(value))
        if lang == "ru":
            return f"{number.replace('.', ',')} {_ru_unit(self, value)}"
        return f"{number} {_UNIT_SHORT[self].en if value == 1 else self.label.en}"


def _ru_unit(unit: Unit, value: float) -> str:
    if unit is not Unit.KINDS:
        return _UNIT_SHORT[unit].ru
    n = int(value)
    if value != n:
        return "вида"
    return ru_plural(n, "вид", "вида", "видов")


# The short Russian unit; the English singular.
_UNIT_SHORT = {
    Unit.PEOPLE: Label(ru="чел.", en="person"),
    Unit.ITEMS: Label(ru="шт.", en="item"),
    Unit.KINDS: Label(ru="вид", en="kind"),
    Unit.SHARE: Label(ru="%", en="%"),
}


def _callable(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise ValueError(f"{attribute.name} must be a function (log, period) -> number or None")


@attrs.frozen
class Indicator:
    """An indicator: a name, a ru/en label, a unit, and the function that computes it.

    :meth:`measure` calls the function and checks what it returns: a finite number (an
    ``int`` becomes a ``float``), or ``None`` for no data.

    Examples:
        >>> from datetime import date
        >>> ALWAYS_ONE = Indicator(name="one", label=Label(ru="Один", en="One"),
        ...                        unit=Unit.ITEMS, compute=lambda log, period: 1)
        >>> ALWAYS_ONE.name, ALWAYS_ONE.unit.value
        ('one', 'items')
        >>> Indicator(name="bad name", label=ALWAYS_ONE.label, unit=Unit.ITEMS,
        ...           compute=len)
        Traceback (most recent call last):
        ...
        ValueError: name must be 1-128 characters of letters, digits and '_.:@/-' starting \
with a letter or digit, got 'bad name'
    """

    name: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    unit: Unit = attrs.field(validator=attrs.validators.instance_of(Unit))
    compute: Compute = attrs.field(validator=_callable, eq=False, repr=False)
    description: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )

    def measure(self, log: CommunityLog, period: Period) -> float | None:
        """The indicator's value over ``period``, ``None`` for no data.

        Raises:
            InvalidData: the function returned something that is not a finite number.
        """
        value = self.compute(log, period)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InvalidData(
                f"indicator '{self.name}' must give a finite number or None, got {shown(value)}"
            )
        return float(value)


def indicator_index(indicators: Iterable[Indicator]) -> Mapping[str, Indicator]:
    """The indicators by name, in order.

    Raises:
        DuplicateId: two indicators share a name.

    Examples:
        >>> list(indicator_index(BUILT_IN_INDICATORS))[:2]
        ['active_members', 'active_member_growth']
    """
    out: dict[str, Indicator] = {}
    for ind in indicators:
        if not isinstance(ind, Indicator):
            raise InvalidData(f"expected an Indicator, got {type(ind).__name__}")
        if ind.name in out:
            raise DuplicateId(kind="indicator", id=ind.name, field="indicators")
        out[ind.name] = ind
    return out


def held_events(data: CommunityData, period: Period) -> Iterator[CommunityEvent]:
    """The community's events held on a day of ``period``, in the order they were scheduled.

    Examples:
        >>> from datetime import date
        >>> list(held_events(CommunityData(name="К"), Period.year(date(2025, 9, 1))))
        []
    """
    for e in data.events:
        if e.held_on is not None and period.contains(e.held_on):
            yield e


def _active_ids(log: CommunityLog, period: Period) -> set[str]:
    if period.end < log.first_day:
        return set()
    data = log.data_on(period.end)
    ids: set[str] = set()
    for e in held_events(data, period):
        assert e.held_on is not None  # held_events yields held events only
        ids.update(e.attendee_ids)
        ids.update(i for i in e.organiser_ids if data.is_member(i, e.held_on))
    for m in data.materials:
        if period.contains(m.published_on):
            ids.update(m.author_ids)
    return ids


def _active_members(log: CommunityLog, period: Period) -> float:
    return float(len(_active_ids(log, period)))


def _active_member_growth(log: CommunityLog, period: Period) -> float:
    return float(len(_active_ids(log, period)) - len(_active_ids(log, period.preceding())))


def _attendance_rate(log: CommunityLog, period: Period) -> float | None:
    data = log.data_on(period.end)
    came = expected = 0
    for e in held_events(data, period):
        came += len(e.attendee_ids)
        assert e.held_on is not None  # held_events yields held events only
        expected += log.members_on(data, e.held_on)
    return came / expected if expected else None


def _activity_variety(log: CommunityLog, period: Period) -> float:
    return float(len({e.kind for e in held_events(log.data_on(period.end), period)}))


def _materials_published(log: CommunityLog, period: Period) -> float:
    data = log.data_on(period.end)
    return float(sum(1 for m in data.materials if period.contains(m.published_on)))


def _planned_events_held(log: CommunityLog, period: Period) -> float | None:
    data = log.data_on(period.end)
    planned = [
        e.id for plan in data.work_plans for e in plan.events if period.contains(e.planned_on)
    ]
    if not planned:
        return None
    held = 0
    for eid in planned:
        actual = data.event(eid)
        held += actual is not None and actual.is_held
    return held / len(planned)


def _positive_feedback_share(log: CommunityLog, period: Period) -> float | None:
    data = log.data_on(period.end)
    verdicts = [
        r.is_positive
        for e in held_events(data, period)
        for r in e.feedback
        if r.is_positive is not None
    ]
    return sum(verdicts) / len(verdicts) if verdicts else None


def _early_career_retention(log: CommunityLog, period: Period) -> float | None:
    data = log.data_on(period.end)
    cohort = {
        m.teacher_id
        for m in data.members
        if m.kind is MemberKind.EARLY_CAREER_TEACHER
        and m.joined <= period.end
        and (m.left is None or m.left > period.start)
    }
    if not cohort:
        return None
    return sum(data.is_member(t, on=period.end) for t in cohort) / len(cohort)


def _partners_added(log: CommunityLog, period: Period) -> float:
    data = log.data_on(period.end)
    return float(sum(1 for p in data.partners if period.contains(p.since)))


def _conferences_held(log: CommunityLog, period: Period) -> float:
    data = log.data_on(period.end)
    return float(sum(1 for e in held_events(data, period) if e.kind is EventKind.ANNUAL_CONFERENCE))


def _work_plans_adopted(log: CommunityLog, period: Period) -> float:
    return float(
        sum(
            1
            for e in log.events_in(period, "adopt_work_plan")
            if isinstance(e.payload, AdoptWorkPlan) and e.at.date() <= period.end
        )
    )


def _ind(  # noqa: PLR0917 - a table of indicators reads best positionally
    name: str, ru: str, en: str, unit: Unit, compute: Compute, doc: str
) -> Indicator:
    ru_doc, en_doc = doc.split(" | ")
    return Indicator(
        name=name,
        label=Label(ru=ru, en=en),
        unit=unit,
        compute=compute,
        description=Label(ru=ru_doc, en=en_doc),
    )


ACTIVE_MEMBERS = _ind(
    "active_members",
    "Активные участники",
    "Active members",
    Unit.PEOPLE,
    _active_members,
    "Участники, посетившие или организовавшие мероприятие либо опубликовавшие материал | "
    "Members who attended or organised an event, or co-authored a material",
)
ACTIVE_MEMBER_GROWTH = _ind(
    "active_member_growth",
    "Рост числа активных участников",
    "Growth of active members",
    Unit.PEOPLE,
    _active_member_growth,
    "Активные участники периода минус активные участники предыдущего такого же периода | "
    "Active members of the period minus those of the preceding period of as many days",
)
ATTENDANCE_RATE = _ind(
    "attendance_rate",
    "Посещаемость мероприятий",
    "Attendance rate",
    Unit.SHARE,
    _attendance_rate,
    "Пришедшие участники к числу участников сообщества в дни проведённых мероприятий | "
    "Members who came over the members the community had on each held event's day",
)
ACTIVITY_VARIETY = _ind(
    "activity_variety",
    "Разнообразие видов деятельности",
    "Variety of activity kinds",
    Unit.KINDS,
    _activity_variety,
    "Число разных видов проведённых мероприятий | Number of different kinds of events held",
)
MATERIALS_PUBLISHED = _ind(
    "materials_published",
    "Публикация методических разработок",
    "Methodical materials published",
    Unit.ITEMS,
    _materials_published,
    "Опубликованные методические материалы | Methodical materials published",
)
PLANNED_EVENTS_HELD = _ind(
    "planned_events_held",
    "Выполнение запланированных мероприятий",
    "Planned events held",
    Unit.SHARE,
    _planned_events_held,
    "Доля мероприятий плана работы, проведённых к концу периода | "
    "Share of the work plan's events of the period held by its end",
)
POSITIVE_FEEDBACK_SHARE = _ind(
    "positive_feedback_share",
    "Позитивная обратная связь",
    "Positive feedback",
    Unit.SHARE,
    _positive_feedback_share,
    "Доля анкет со средней оценкой не ниже 4 из 5 | "
    "Share of rated responses whose mean rating is at least 4 of 5",
)
EARLY_CAREER_RETENTION = _ind(
    "early_career_retention",
    "Удержание молодых специалистов",
    "Early-career teacher retention",
    Unit.SHARE,
    _early_career_retention,
    "Доля молодых специалистов периода, оставшихся в сообществе к его концу | "
    "Share of the period's early-career members still members on its last day",
)
PARTNERS_ADDED = _ind(
    "partners_added",
    "Новые партнёры",
    "Partners added",
    Unit.ITEMS,
    _partners_added,
    "Партнёры, сотрудничество с которыми началось в период | "
    "Partners whose partnership began in the period",
)
CONFERENCES_HELD = _ind(
    "conferences_held",
    "Проведённые конференции",
    "Conferences held",
    Unit.ITEMS,
    _conferences_held,
    "Проведённые ежегодные конференции | Annual conferences held",
)
WORK_PLANS_ADOPTED = _ind(
    "work_plans_adopted",
    "Утверждённые планы работы",
    "Work plans adopted",
    Unit.ITEMS,
    _work_plans_adopted,
    "Планы работы, утверждённые в период | Work plans adopted in the period",
)

#: Every built-in indicator, in the order reports show them.
BUILT_IN_INDICATORS: tuple[Indicator, ...] = (
    ACTIVE_MEMBERS,
    ACTIVE_MEMBER_GROWTH,
    ATTENDANCE_RATE,
    ACTIVITY_VARIETY,
    MATERIALS_PUBLISHED,
    PLANNED_EVENTS_HELD,
    POSITIVE_FEEDBACK_SHARE,
    EARLY_CAREER_RETENTION,
    PARTNERS_ADDED,
    CONFERENCES_HELD,
    WORK_PLANS_ADOPTED,
)
