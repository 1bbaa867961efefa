"""Reviews and time series: indicators of a period set against the goals, and by month.

Seed 000 (section 6): "once every six months we will check ourselves against the goals and
assess attendance and activity". :func:`review` computes every indicator over a period and
assesses each goal: met, not met, or no data (the goal has no indicator, or the indicator
had nothing to measure). :func:`half_year_review` is the review of six months.
:func:`monthly_series` gives the indicators month by month as tidy rows (one row per month
and indicator), for researchers and for :mod:`pedcommunity.adapters.charts`.

Examples:
    >>> from datetime import UTC, date, datetime
    >>> from pedcommunity.workflows import start
    >>> from pedcommunity.workflows.community import COMMUNITY_LIFE, CommunityData
    >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
    ...            id="club", actor="c",
    ...            at=datetime(2025, 9, 1, tzinfo=UTC))
    >>> r = half_year_review(wf, date(2025, 9, 1))
    >>> r.period.end, r.value("materials_published"), r.value("attendance_rate")
    (datetime.date(2026, 2, 28), 0.0, None)
    >>> [a.status.value for a in r.assessments][:3]
    ['not_met', 'not_met', 'not_met']
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import UnknownId
from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._fields import check_id, check_text, instances_of, to_tuple
from pedcommunity.monitoring.goals import SEED_GOALS, CommunityGoal
from pedcommunity.monitoring.indicators import (
    BUILT_IN_INDICATORS,
    Indicator,
    Unit,
    indicator_index,
)
from pedcommunity.monitoring.log import CommunityLog, Period
from pedcommunity.workflows.engine import Workflow

__all__ = [
    "GoalAssessment",
    "GoalStatus",
    "IndicatorValue",
    "Review",
    "SeriesRow",
    "assess",
    "half_year_review",
    "monthly_series",
    "review",
]


def _value(instance: object, attribute: attrs.Attribute[float | None], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number or None, got {shown(value)}")


def _to_float(value: object) -> object:
    return float(value) if type(value) is int else value


class GoalStatus(LabelledEnum):
    """How a goal stands in a review: met, not met, or no data to tell.

    Examples:
        >>> GoalStatus.NO_DATA.label.ru
        'Нет данных'
    """

    MET = "met", "Достигнута", "Met"
    NOT_MET = "not_met", "Не достигнута", "Not met"
    NO_DATA = "no_data", "Нет данных", "No data"


@attrs.frozen
class IndicatorValue:
    """An indicator's value over a period (``None``: no data), with its label and unit.

    Examples:
        >>> v = IndicatorValue(indicator="attendance_rate", unit=Unit.SHARE, value=0.75,
        ...                    label=Label(ru="Посещаемость", en="Attendance"),
        ...                    period=Period(start=date(2025, 9, 1), end=date(2026, 2, 28)))
        >>> v.text("en")
        '75%'
    """

    indicator: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    unit: Unit = attrs.field(validator=attrs.validators.instance_of(Unit))
    period: Period = attrs.field(validator=attrs.validators.instance_of(Period))
    value: float | None = attrs.field(default=None, converter=_to_float, validator=_value)

    def text(self, lang: str = "ru") -> str:
        """The value as a reader sees it, in ``lang``."""
        return self.unit.format(self.value, lang)


@attrs.frozen
class GoalAssessment:
    """A goal in a review: the indicator's value over the period, and the goal's status.

    Examples:
        >>> from pedcommunity.monitoring.goals import Horizon, Target
        >>> g = CommunityGoal(id="g", title=Label(ru="Цель", en="Goal"),
        ...                   horizon=Horizon.ONE_YEAR,
        ...          indicator="materials_published", target=Target(value=2))
        >>> GoalAssessment(goal=g, value=3.0, status=GoalStatus.MET).status.label.en
        'Met'
        >>> GoalAssessment(goal=g, value=None, status=GoalStatus.MET)
        Traceback (most recent call last):
        ...
        ValueError: status must be no_data for goal 'g' (value None), not met
    """

    goal: CommunityGoal = attrs.field(validator=attrs.validators.instance_of(CommunityGoal))
    status: GoalStatus = attrs.field(validator=attrs.validators.instance_of(GoalStatus))
    value: float | None = attrs.field(default=None, converter=_to_float, validator=_value)

    def __attrs_post_init__(self) -> None:
        expected = assess(self.goal, self.value)
        if self.status is not expected:
            raise ValueError(
                f"status must be {expected.value} for goal '{self.goal.id}' "
                f"(value {shown(self.value)}), not {self.status.value}"
            )


def assess(goal: CommunityGoal, value: float | None) -> GoalStatus:
    """The status of ``goal`` when its indicator shows ``value``.

    Examples:
        >>> from pedcommunity.monitoring.goals import Horizon, Target
        >>> g = CommunityGoal(id="g", title=Label(ru="Цель", en="Goal"),
        ...                   horizon=Horizon.ONE_YEAR,
        ...          indicator="attendance_rate", target=Target(value=0.6))
        >>> assess(g, 0.7).value, assess(g, 0.5).value, assess(g, None).value
        ('met', 'not_met', 'no_data')
    """
    if goal.target is None or value is None:
        return GoalStatus.NO_DATA
    return GoalStatus.MET if goal.target.is_met(value) else GoalStatus.NOT_MET


@attrs.frozen
class Review:
    """A review of a community over a period: every indicator, and every goal assessed.

    Examples:
        >>> r = Review(community_id="club", community_name="Клуб",
        ...            period=Period(start=date(2025, 9, 1), end=date(2026, 2, 28)))
        >>> r.met, r.value("attendance_rate") is None
        ((), True)
    """

    community_id: str = attrs.field(validator=check_id)
    community_name: str = attrs.field(validator=check_text)
    period: Period = attrs.field(validator=attrs.validators.instance_of(Period))
    values: tuple[IndicatorValue, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(IndicatorValue)
    )
    assessments: tuple[GoalAssessment, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(GoalAssessment)
    )

    def value(self, indicator: str) -> float | None:
        """The value of ``indicator`` in this review (``None``: no data or not computed)."""
        return next((v.value for v in self.values if v.indicator == indicator), None)

    def _with(self, status: GoalStatus) -> tuple[GoalAssessment, ...]:
        return tuple(a for a in self.assessments if a.status is status)

    @property
    def met(self) -> tuple[GoalAssessment, ...]:
        """The goals met."""
        return self._with(GoalStatus.MET)

    @property
    def not_met(self) -> tuple[GoalAssessment, ...]:
        """The goals not met."""
        return self._with(GoalStatus.NOT_MET)

    @property
    def no_data(self) -> tuple[GoalAssessment, ...]:
        """The goals there is no data for."""
        return self._with(GoalStatus.NO_DATA)


def _log(source: Workflow | CommunityLog) -> CommunityLog:
    return source if isinstance(source, CommunityLog) else CommunityLog(source)


def review(
    source: Workflow | CommunityLog,
    period: Period,
    goals: Iterable[CommunityGoal] = SEED_GOALS,
    indicators: Iterable[Indicator] = BUILT_IN_INDICATORS,
) -> Review:
    """Compute every indicator over ``period`` and assess every goal against them.

    Args:
        source: a ``community_life`` workflow, or a :class:`CommunityLog` of one.
        period: the period reviewed.
        goals: the goals to assess (seed 000's by default).
        indicators: the indicators to compute; every goal's indicator must be among them.

    Raises:
        UnknownId: a goal names an indicator that is not given.
        DuplicateId: two indicators share a name.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from pedcommunity.workflows import start
        >>> from pedcommunity.workflows.community import COMMUNITY_LIFE, CommunityData
        >>> from pedcommunity.monitoring.goals import Horizon, Target
        >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
        ...            id="club", actor="c",
        ...            at=datetime(2025, 9, 1, tzinfo=UTC))
        >>> g = CommunityGoal(id="g", title=Label(ru="Цель", en="Goal"),
        ...                   horizon=Horizon.ONE_YEAR,
        ...          indicator="likes", target=Target(value=1))
        >>> review(wf, Period.year(date(2025, 9, 1)), goals=[g])
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown indicator 'likes'; known: 'active_member_growth', \
'active_members', 'activity_variety', 'attendance_rate', 'conferences_held', \
'early_career_retention', 'materials_published', 'partners_added', 'planned_events_held', \
'positive_feedback_share' and 1 more.
    """
    log = _log(source)
    index = indicator_index(indicators)
    goal_list = tuple(goals)
    for g in goal_list:
        if g.indicator is not None and g.indicator not in index:
            raise UnknownId(kind="indicator", id=g.indicator, known=index)
    log._prepare([period])  # the snapshots the indicators read, in one pass over the log
    values = tuple(
        IndicatorValue(
            indicator=ind.name,
            label=ind.label,
            unit=ind.unit,
            period=period,
            value=ind.measure(log, period),
        )
        for ind in index.values()
    )
    by_name = {v.indicator: v.value for v in values}
    assessments = tuple(
        GoalAssessment(
            goal=g,
            value=None if g.indicator is None else by_name[g.indicator],
            status=assess(g, None if g.indicator is None else by_name[g.indicator]),
        )
        for g in goal_list
    )
    return Review(
        community_id=log.id,
        community_name=log.name,
        period=period,
        values=values,
        assessments=assessments,
    )


def half_year_review(
    source: Workflow | CommunityLog,
    start: date,
    goals: Iterable[CommunityGoal] = SEED_GOALS,
    indicators: Iterable[Indicator] = BUILT_IN_INDICATORS,
) -> Review:
    """The review of the six months from ``start`` (:meth:`Period.half_year`); see :func:`review`.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from pedcommunity.workflows import start as start_workflow
        >>> from pedcommunity.workflows.community import COMMUNITY_LIFE, CommunityData
        >>> wf = start_workflow(COMMUNITY_LIFE, CommunityData(name="Клуб"), id="club",
        ...                     actor="c", at=datetime(2025, 9, 1, tzinfo=UTC))
        >>> half_year_review(wf, date(2026, 3, 1)).period.end
        datetime.date(2026, 8, 31)
    """
    return review(source, Period.half_year(start), goals, indicators)


@attrs.frozen
class SeriesRow:
    """One tidy row of a time series: a community, an indicator, a period, its value.

    Examples:
        >>> row = SeriesRow(community_id="club", indicator="materials_published",
        ...                 unit=Unit.ITEMS, start=date(2025, 9, 1), end=date(2025, 9, 30),
        ...                 value=2)
        >>> row.value, row.as_dict()["start"]
        (2.0, '2025-09-01')
    """

    community_id: str = attrs.field(validator=check_id)
    indicator: str = attrs.field(validator=check_id)
    unit: Unit = attrs.field(validator=attrs.validators.instance_of(Unit))
    start: date = attrs.field()
    end: date = attrs.field()
    value: float | None = attrs.field(default=None, converter=_to_float, validator=_value)

    def __attrs_post_init__(self) -> None:
        Period(start=self.start, end=self.end)  # the same checks as a period's

    def as_dict(self) -> dict[str, str | float | None]:
        """The row as plain values (dates in ISO form), ready for a CSV writer or a DataFrame."""
        return {
            "community_id": self.community_id,
            "indicator": self.indicator,
            "unit": self.unit.value,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "value": self.value,
        }


def monthly_series(
    source: Workflow | CommunityLog,
    period: Period,
    indicators: Iterable[Indicator] = BUILT_IN_INDICATORS,
) -> tuple[SeriesRow, ...]:
    """Every indicator for every calendar month of ``period`` (cut to it): tidy rows.

    Rows come month by month, and within a month in the order of ``indicators``.

    Raises:
        DuplicateId: two indicators share a name.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from pedcommunity.workflows import start
        >>> from pedcommunity.workflows.community import COMMUNITY_LIFE, CommunityData
        >>> from pedcommunity.monitoring.indicators import MATERIALS_PUBLISHED
        >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
        ...            id="club", actor="c",
        ...            at=datetime(2025, 9, 1, tzinfo=UTC))
        >>> rows = monthly_series(wf, Period(start=date(2025, 9, 1), end=date(2025, 11, 15)),
        ...                       [MATERIALS_PUBLISHED])
        >>> [(r.start.isoformat(), r.end.isoformat(), r.value) for r in rows]
        [('2025-09-01', '2025-09-30', 0.0), ('2025-10-01', '2025-10-31', 0.0), \
('2025-11-01', '2025-11-15', 0.0)]
    """
    log = _log(source)
    index = indicator_index(indicators)
    months = period.months()
    log._prepare(months)  # the snapshots the indicators read, in one pass over the log
    return tuple(
        SeriesRow(
            community_id=log.id,
            indicator=ind.name,
            unit=ind.unit,
            start=month.start,
            end=month.end,
            value=ind.measure(log, month),
        )
        for month in months
        for ind in index.values()
    )
